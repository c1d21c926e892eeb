"""langdetect's language profiles, held sparsely.

langdetect keeps, for each of its 87,598 n-grams, a list of 55 probabilities,
one per language: 43 MB of lists and 4 MB of floats in every process that
detects one paragraph, a fifth of textfix's memory on a long stream. Only 2 of
the 55 are non-zero on average, so each n-gram here keeps just its non-zero
``(language index, probability)`` pairs, flat in one tuple (about 12 MB in
all).

The detector is langdetect's own :class:`~langdetect.detector.Detector`; only
its update step reads the sparse rows. It multiplies every language's
probability by ``weight + p`` exactly as langdetect does (``p`` is 0.0 for the
languages an n-gram was never seen in, and ``weight + 0.0 == weight``), so the
probabilities are langdetect's. Only the order of the languages differs: sorted
here, where langdetect takes the order ``os.listdir`` gives, which differs
between file systems and moves the last bits of a probability.
"""

from __future__ import annotations

import json
import os

from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.utils.lang_profile import LangProfile

__all__ = ["SparseProfiles"]


class SparseProfiles:
    """What :class:`Detector` reads of a factory (``langlist``, ``word_lang_prob_map``, ``seed``), sparse.

    ``word_lang_prob_map`` maps an n-gram to ``(i0, p0, i1, p1, ...)``;
    Detector itself only asks whether an n-gram is in it.
    """

    def __init__(self, seed: int, directory: str = PROFILES_DIRECTORY) -> None:
        self.seed = seed
        self.langlist: list[str] = []
        rows: dict[str, list] = {}
        # Sorted: langdetect takes the order os.listdir gives, which differs between file systems,
        # and its sums over the languages (so the last bits of a probability) follow that order.
        for filename in sorted(os.listdir(directory)):
            path = os.path.join(directory, filename)
            if filename.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as f:
                profile = LangProfile(**json.load(f))
            index = len(self.langlist)
            self.langlist.append(profile.name)
            for word, count in profile.freq.items():
                if 1 <= len(word) <= 3:  # as DetectorFactory.add_profile, same arithmetic
                    rows.setdefault(word, []).extend((index, 1.0 * count / profile.n_words[len(word) - 1]))
                else:
                    rows.setdefault(word, [])
        self.word_lang_prob_map = {word: tuple(row) for word, row in rows.items()}

    def create(self) -> Detector:
        return _SparseDetector(self)


class _SparseDetector(Detector):
    def _update_lang_prob(self, prob: list[float], word: str | None, alpha: float) -> bool:
        row = self.word_lang_prob_map.get(word) if word is not None else None
        if row is None:
            return False
        weight = alpha / self.BASE_FREQ
        # (every language by ``weight``, then the n-gram's few by ``weight + p`` from their old values: the
        # same products as langdetect's, without building a list of 55 factors on every update)
        updated = [p * weight for p in prob]
        for k in range(0, len(row), 2):
            i = row[k]
            updated[i] = prob[i] * (weight + row[k + 1])
        prob[:] = updated
        return True
