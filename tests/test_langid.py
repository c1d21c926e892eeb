"""The langid stage: document labels, foreign paragraphs, cheap evidence first, deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

import textfix.language as language
import textfix.stages.langid as langid
from textfix.config import Config
from textfix.document import Document
from textfix.edits import apply_edits
from textfix.pipeline import Pipeline
from textfix.rules import data_files, load_toml
from textfix.stages.base import Context

EN = ("The city council approved the new budget on Monday after a long debate about the cost of public "
      "transport and the repair of old schools in the northern districts.\n"
      "The mayor said that the plan would be reviewed again in the autumn, when the first results of the "
      "new parking fees are known, and that no school would be closed this year.\n"
      "Opposition members voted against it, arguing that the city should have borrowed less money and "
      "spent more of it on housing for young families.\n")
DE = ("Der Bürgermeister sagte, dass der Plan im Herbst noch einmal überprüft werde, wenn die ersten "
      "Ergebnisse der neuen Parkgebühren bekannt sind, und dass in diesem Jahr keine Schule geschlossen werde.")
RU = "Мэр сказал, что план будет пересмотрен осенью, когда станут известны первые результаты новых сборов."


def _propose(text: str, **langid_options):
    cfg = Config.from_mapping({"langid": langid_options}) if langid_options else Config()
    return langid.Langid().propose(Document("t", text), Context(cfg))


class CountingDetector(langid.LangdetectDetector):
    calls = 0

    def detect(self, text):
        CountingDetector.calls += 1
        return super().detect(text)


@pytest.fixture
def counting(monkeypatch):
    CountingDetector.calls = 0
    monkeypatch.setattr(langid, "_detector", lambda name, seed: CountingDetector(seed))
    return CountingDetector


def test_english_document_is_labelled_without_the_detector(counting):
    p = _propose(EN)
    assert p.labels == {"lang": "en"}
    assert not p.findings and not p.edits
    assert counting.calls == 0  # function words decided; no paragraph in doubt


def test_foreign_paragraph_is_a_finding(counting):
    text = EN + DE + "\n"
    p = _propose(text)
    assert p.labels["lang"] == "en"
    assert [f.rule for f in p.findings] == ["foreign-paragraph"]
    f = p.findings[0]
    assert text[f.start:f.end] == DE and "in de" in f.reason
    assert counting.calls == 1  # only the paragraph in doubt was shown to the detector


def test_other_script_is_cheap_evidence():
    p = _propose(EN + RU + "\n")
    assert [p.findings[0].reason.split()[2]] == ["ru"]


def test_drop_foreign_removes_the_paragraph_and_only_it():
    text = EN + DE + "\n" + "The budget takes effect in January, the council said in a statement.\n"
    p = _propose(text, drop_foreign=True)
    assert len(p.edits) == 1 and not p.findings
    out = apply_edits(text, [p.edits[0]])
    assert DE not in out and out.replace(EN, "") == "The budget takes effect in January, the council said in a statement.\n"


def test_drop_foreign_as_last_paragraph_keeps_the_final_newline():
    text = EN + DE + "\n"
    p = _propose(text, drop_foreign=True)
    assert apply_edits(text, p.edits) == EN


def test_short_foreign_bits_are_left_alone():
    text = EN + "Merci beaucoup!\nDanke schön, Herr Müller.\nVladimir Putin, Dmitry Peskov\n"
    assert not _propose(text).findings


@pytest.mark.parametrize("paragraph, lang", [
    ("中国外交部发言人在北京举行的例行记者会上表示，中方一贯支持通过对话和谈判解决争端。", "zh-cn"),  # 39 letters
    ("外務省の報道官は金曜日、交渉は来週も続くと述べた。", "ja"),
    ("외교부 대변인은 금요일 회담이 다음 주에도 계속될 것이라고 말했다.", "ko"),
])
def test_a_sentence_in_a_dense_script_is_long_enough(paragraph, lang):
    # A Chinese, Japanese or Korean character writes a syllable or a word: a sentence of them has fewer
    # letters than LangidConfig.min_letters asks of a European language, and is still a foreign paragraph.
    p = _propose(EN + paragraph + "\n")
    assert [(f.rule, f.reason.split()[2]) for f in p.findings] == [("foreign-paragraph", lang)]


def test_a_short_name_in_a_dense_script_is_left_alone():
    assert not _propose(EN + "株式会社トヨタ自動車\n" + "新华社北京电\n").findings
    assert not _propose(EN + "中国外交部发言人在北京表示\n", min_letters_dense=20).findings


def test_german_document_with_german_paragraphs_has_no_findings():
    text = "\n".join([DE] * 3 + ["Die Stadt will außerdem mehr Geld für Wohnungen junger Familien ausgeben, "
                                 "sagte eine Sprecherin am Montag in Berlin."])
    p = _propose(text)
    assert p.labels == {"lang": "de"} and not p.findings


def test_mostly_foreign_means_the_label_is_in_doubt_not_the_paragraphs():
    # Half the paragraphs in each language: nothing is reported as foreign.
    assert not _propose(EN.split("\n")[0] + "\n" + DE + "\n").findings


def test_labels_are_deterministic_across_runs():
    text = EN + DE + "\nKurz: ja.\n"
    first = _propose(text)
    for _ in range(3):
        again = _propose(text)
        assert again.labels == first.labels and again.findings == first.findings


def test_pipeline_sets_result_lang_and_empty_text_has_none():
    assert Pipeline(Config()).run(Document("x", EN)).lang == "en"
    assert _propose("").labels == {} and _propose("12 345 67\n").labels == {}


def test_detector_is_pluggable():
    p = _propose(EN + DE + "\n", detector="textfix.stages.langid:LangdetectDetector")
    assert len(p.findings) == 1


def test_each_profile_recognises_its_own_example():
    prof = language.profiles()
    names = data_files("langid")
    assert len(names) >= 10
    for name in names:
        code = name.rsplit("/", 1)[-1].removesuffix(".toml")
        data = load_toml(name)
        words = [w.lower() for w in language._WORD.findall(data["example"])]
        assert prof.votes(words).most_common(1)[0][0] == code, name
        assert language.script_of(data["example"])[0] == data["script"], name
        assert langid.LangdetectDetector().detect(data["example"])[0] == code, name


def test_langdetect_is_asked_once_per_paragraph_text():
    # Seeded, so a pure function of the text: a paragraph that comes back (a later round, the next page
    # of a site) is answered from the memo, with the same answer.
    from textfix.stages.langid import LangdetectDetector, _langdetect

    text = "Der Hund läuft über die Straße, und die Katze schläft im Garten, weil es warm ist."
    first = LangdetectDetector(seed=0).detect(text)
    hits = _langdetect.cache_info().hits
    assert LangdetectDetector(seed=0).detect(text) == first
    assert _langdetect.cache_info().hits == hits + 1
    assert first is not None and first[0] == "de"


def _stock_and_sparse(seed: int = 0):
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from textfix.stages._langdetect_profiles import SparseProfiles

    stock = DetectorFactory()
    stock.load_profile(PROFILES_DIRECTORY)
    stock.seed = seed
    return stock, SparseProfiles(seed)


def test_sparse_profiles_hold_langdetects_probabilities():
    stock, sparse = _stock_and_sparse()
    assert sorted(sparse.langlist) == sorted(stock.langlist)
    order = [stock.langlist.index(lang) for lang in sparse.langlist]
    assert sparse.word_lang_prob_map.keys() == stock.word_lang_prob_map.keys()
    for word, dense in stock.word_lang_prob_map.items():
        row = sparse.word_lang_prob_map[word]
        expanded = [0.0] * len(dense)
        for k in range(0, len(row), 2):
            expanded[row[k]] = row[k + 1]
        assert expanded == [dense[i] for i in order], word


def test_language_order_does_not_depend_on_the_file_system(monkeypatch):
    # langdetect sums over its languages in os.listdir's order, which differs between file systems
    # (and so would the last bits of a confidence); the sparse profiles sort.
    import os

    from textfix.stages._langdetect_profiles import SparseProfiles

    listdir = os.listdir
    first = SparseProfiles(0).langlist
    monkeypatch.setattr(os, "listdir", lambda path: list(reversed(listdir(path))))
    assert SparseProfiles(0).langlist == first == sorted(first)


def test_sparse_detector_gives_langdetects_probabilities():
    # Every paragraph of the fixtures (English, German, French, Dutch pages and their furniture), each
    # language's example, and short or odd strings: the same languages with the same floats.
    texts = [load_toml(name)["example"] for name in data_files("langid")]
    for path in sorted(Path(__file__).parent.parent.joinpath("fixtures").rglob("*.txt")):
        texts += [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 20][:15]
    texts += ["ok", "12345 67", "Ünïcödé ÀÉÎ", "Привет, как дела?", "東京都は日本の首都です。"]
    stock, sparse = _stock_and_sparse()
    assert len(texts) > 300
    for text in texts:
        answers = []
        for factory in (stock, sparse):
            detector = factory.create()
            detector.set_max_text_length(2000)
            detector.append(text)
            try:
                answers.append([(lang.lang, lang.prob) for lang in detector.get_probabilities()])
            except Exception as error:  # no features: both must say so
                answers.append(type(error).__name__)
        # The same languages with the same probabilities, up to the last bits that the order of
        # summing over the languages moves (langdetect's order is the file system's).
        assert answers[0] == answers[1] or (
            [lang for lang, _ in answers[0]] == [lang for lang, _ in answers[1]]
            and all(abs(a[1] - b[1]) <= 1e-12 for a, b in zip(answers[0], answers[1]))), text
