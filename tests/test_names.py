"""The names stage: mangled names repaired from the corpus inventory; variants and real words left alone."""

from pathlib import Path

import textfix
from textfix.config import Config
from textfix.rules import load_toml
from textfix.stages.names import load_gazetteer, transliteration_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "fixtures" / "names" / "corpus").glob("*.txt"))
GAZ = ROOT / "fixtures" / "names" / "gazetteer.txt"
SEEDS = sorted((ROOT / "fixtures" / "seeds" / "input").glob("*.txt"))


def clean_all(paths, **options):
    return {Path(r.id).name if r.id else "": r for r in textfix.clean_corpus(
        [Path(p) for p in paths], only=["casing", "names"], **options)}


def test_near_miss_in_the_same_slot_is_repaired_from_the_corpus():
    out = clean_all(CORPUS)
    c = out["c.txt"]
    assert "Volodymyr Zelenskyy talks in Paris" in c.text
    assert "the Kremlin declined" in c.text
    assert all(e.stage == "names" and e.rule == "near-miss" for e in c.edits)


def test_transliteration_variant_is_left_alone_without_gazetteer():
    assert "Zelenskiy urged" in clean_all(CORPUS)["d.txt"].text


def test_gazetteer_names_one_canonical_spelling():
    out = clean_all(CORPUS, names={"gazetteer": str(GAZ)})
    assert "Zelenskyy urged" in out["d.txt"].text
    assert load_gazetteer(str(GAZ)).aliases["Zelenskiy"] == "Zelenskyy"


def test_clean_corpus_documents_are_unchanged():
    out = clean_all([CORPUS[0], CORPUS[1], CORPUS[3]])
    for p in (CORPUS[0], CORPUS[1], CORPUS[3]):
        assert out[p.name].text == p.read_text(encoding="utf-8")


def test_one_document_is_its_own_evidence_in_the_same_slot():
    text = ("Vladimir Putin spoke on Monday. President Putin said the talks had failed. "
            "Later President Putn left the room.")
    assert textfix.clean(text, only=["names"]).text.endswith("Later President Putin left the room.")


def test_a_lone_variant_in_one_document_is_a_finding_not_a_change():
    # Both are real place names: a document may spell two names a letter apart. Without the same first
    # name or title in front, or a second document that spells it, the stage only reports it.
    text = ("The Okitama Agricultural Council met in the Okitama region. Okitama sake was served. "
            "The Okitama project, a collaboration between the Oitama region and Minato Ward, opened a store.")
    r = textfix.clean(text, only=["names"])
    assert r.text == text
    assert [(f.rule, text[f.start:f.end]) for f in r.findings if f.stage == "names"] == [("near-miss", "Oitama")]
    text = ("President Vladimir Putin spoke on Monday. Putin said the talks had failed. Later Putn left the room.")
    assert textfix.clean(text, only=["names"]).text == text


def test_real_words_and_derived_names_are_not_rewritten():
    text = ("American officials met in Austin. The American delegation said an Americanist from Austin "
            "and a historian from Boston attended. American and Austin officials agreed.")
    assert textfix.clean(text, only=["names"]).text == text


def test_ambiguous_candidates_are_findings():
    text = ("Officials from Marin and Marvin spoke. Marin said yes, Marvin said no. Then Marrin arrived.")
    r = textfix.clean(text, only=["names"])
    assert r.text == text


def test_seeds_as_one_corpus_repair_zenskyp_and_nothing_else():
    out = clean_all(SEEDS)
    seed4 = next(r for name, r in out.items() if name.startswith("004"))
    first = seed4.text.splitlines()[0]
    assert "Volodymyr Zelenskyy" in first or "Volodymyr Zelensky " in first
    for name, r in out.items():
        for e in r.edits:
            if e.stage == "names":
                assert e.before in ("Zenskyp", "Zensky"), (name, e)


def test_rule_examples():
    rules = load_toml("names.toml")
    a, b = rules["transliteration"]["example"]
    assert transliteration_key(a) == transliteration_key(b)
    assert transliteration_key("Zelensky") != transliteration_key("Zenskyp")
    assert len(rules["suspect"]["example"]) >= rules["suspect"]["min_length"]
    assert textfix.clean("Vladimir Putin spoke. President Putin left. Then President Putn came back.",
                         only=["names"]).text.endswith("Then President Putin came back.")
    assert 0 < rules["distance"]["lone_document_confidence"] < Config().names.min_confidence
    assert Config().names.min_evidence >= 2


def test_transliteration_keys_group_variants_but_not_manglings():
    for a, b in [("Zelenskiy", "Zelensky"), ("Lugansk", "Luhansk"), ("Sergei", "Sergey"), ("Alexey", "Aleksey")]:
        assert transliteration_key(a) == transliteration_key(b)
    for a, b in [("Zenskyp", "Zelensky"), ("Putn", "Putin"), ("Krmlin", "Kremlin")]:
        assert transliteration_key(a) != transliteration_key(b)


_MIXED_LINES = [
    "Vladimir Putin spoke. President Putin left.",
    "Volodymyr Zelenskyy met reporters in Kyiv on Monday, and Volodymyr Zelenskyy spoke again.",
    "Der Präsident Putn sprach am Montag in Berlin mit den Ministern über die Lage in der Ukraine.",
    "Le président Volodymyr Zelenskky a dit que les discussions de la semaine dernière ont été très utiles.",
    "Bakan Zelnskyy, görüşmelerin devam edeceğini söyledi ve Ankara'da konuştu.",
    "Later that week Volodymyr Zlenskyy returned to Kyiv and spoke to the press about the talks.",
    "Then President Putn came back, and the Okitama and Oitama offices said they would reply.",
]


def test_repairing_before_asking_the_block_language_gives_what_asking_first_gave(monkeypatch):
    # propose asks whether a suspect's block is in another language only when _repair has an edit or finding
    # for it (asking costs a split and look-ups of the block's words); the result must be that of asking first.
    import random

    from textfix.stages.names import Names

    def ask_first(self, doc, w, prev, names, own, ctx, cfg, prop, gaz_forms, foreign):
        if not foreign.covers(w.start):
            self._repair(doc, w, prev, names, own, ctx, cfg, prop, gaz_forms)

    rng = random.Random(17)
    pages = ["\n".join(rng.sample(_MIXED_LINES, rng.randint(1, len(_MIXED_LINES)))) for _ in range(60)]
    pages.append("\n".join(_MIXED_LINES))
    now = [textfix.clean(p, only=["names"]) for p in pages]
    monkeypatch.setattr(Names, "_repair_unless_foreign", ask_first)
    before = [textfix.clean(p, only=["names"]) for p in pages]
    for a, b in zip(now, before):
        assert (a.text, a.edits, a.findings) == (b.text, b.edits, b.findings)
    assert any(r.edits for r in now)
    # (and the German and Turkish lines' near misses would be findings without the language check)
    monkeypatch.setattr(Names, "_repair_unless_foreign",
                        lambda self, doc, w, prev, names, own, ctx, cfg, prop, gaz, foreign: self._repair(
                            doc, w, prev, names, own, ctx, cfg, prop, gaz))
    assert sum(len(textfix.clean(p, only=["names"]).findings) for p in pages) > sum(len(r.findings) for r in now)


def _big_corpus(extra: list[str]) -> list[str]:
    """A hundred documents, two of which write 'Halloween' and two 'Volodymyr Hrytsenko': names of 2% of the
    corpus, too few to call a near miss in another document a misspelling of them (names.toml [crowd])."""
    docs = [f"Officials met on day {k} and agreed on the budget.\n" for k in range(96)]
    docs += ["The Halloween parade drew crowds.\n", "Halloween sales rose.\n",
             "Minister Volodymyr Hrytsenko spoke on Monday. Volodymyr Hrytsenko left.\n",
             "Volodymyr Hrytsenko said the talks had failed.\n"]
    return docs + extra


def test_a_near_miss_of_a_rare_name_in_a_big_corpus_is_a_finding():
    # 'Helloween' (a band) is two edits from 'Halloween', which 2 of 100 other documents write: an unrelated
    # rare name lands that near some name by chance in a big corpus. A finding, not a change.
    text = "The band Helloween played in Hamburg on Friday, and the crowd sang along.\n"
    results = list(textfix.clean_corpus(_big_corpus([text]), only=["names"]))
    assert results[-1].text == text
    assert [(f.rule, f.suggestion) for f in results[-1].findings if f.stage == "names"] == \
        [("near-miss", "Halloween")]


def test_in_a_big_corpus_the_same_first_name_in_front_still_repairs():
    docs = _big_corpus(["Later Volodymyr Hrytsnko left the room.\n"])
    assert list(textfix.clean_corpus(docs, only=["names"]))[-1].text == "Later Volodymyr Hrytsenko left the room.\n"


def test_in_a_small_corpus_a_near_miss_in_other_documents_repairs():
    # Without the hundred other documents 'Halloween' is in 2 of 2: 'Helloween' is taken for it.
    docs = ["The Halloween parade drew crowds.\n", "Halloween sales rose.\n",
            "The Helloween parade was cancelled.\n"]
    assert list(textfix.clean_corpus(docs, only=["names"]))[-1].text == "The Halloween parade was cancelled.\n"


def test_an_article_in_front_is_no_slot():
    # "The Americas" twice and "The Americanist": three edits apart, which only the same first name or title
    # in front would allow; a capitalised "The" opens any name (names.toml [slot]).
    docs = ["Trade across The Americas grew.\n", "The Americas summit opened.\n",
            "The Americanist Malek Dudakov agrees.\n"]
    assert list(textfix.clean_corpus(docs, only=["names"]))[-1].text == docs[-1]
