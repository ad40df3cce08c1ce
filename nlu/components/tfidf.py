"""TF-IDF word and character n-gram vectors shared by our intent classifier and FAQ selector (Python 3.10).

Every message's word and character vectors are TF-IDF weighted with sublinear term frequency and scaled
to unit length, so a long message (a worry, then two questions) weighs no more than a short one. The
vocabularies and weights are stored as JSON and plain arrays (no pickle), so loading a model runs no code
from the model file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

_EDGE_PUNCT = re.compile(r"[^\w#@&]+(?=\s|$)|(?<=\s)[^\w#@&]+|^[^\w#@&]+")


def words(text: str) -> List[str]:
    """Lower-cased words without the punctuation around them (as Rasa's WhitespaceTokenizer splits)."""
    return _EDGE_PUNCT.sub(" ", text).lower().split()


def word_text(text: str) -> str:
    return " ".join(words(text))


def _idf(counts: csr_matrix) -> np.ndarray:
    n = counts.shape[0]
    return np.log((1 + n) / (1 + (counts > 0).sum(0).A1)) + 1.0


def _weigh(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    counts = counts.astype(np.float64).tocsr()
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts.multiply(idf).tocsr())


class TfidfVectors:
    """Word n-grams and character n-grams (within word boundaries), each TF-IDF weighted and unit length."""

    def __init__(self, word_ngrams: Sequence[int], char_ngrams: Sequence[int], word_weight: float = 1.0,
                 word_vocab: dict | None = None, char_vocab: dict | None = None) -> None:
        self.word_weight = float(word_weight)
        self.word_vec = CountVectorizer(analyzer="word", token_pattern=r"\S+", lowercase=False,
                                        ngram_range=tuple(word_ngrams), vocabulary=word_vocab)
        self.char_vec = CountVectorizer(analyzer="char_wb", lowercase=True,
                                        ngram_range=tuple(char_ngrams), vocabulary=char_vocab)
        self.word_idf = self.char_idf = None
        if word_vocab is not None:
            self.word_vec._validate_vocabulary()
        if char_vocab is not None:
            self.char_vec._validate_vocabulary()

    def fit(self, texts: List[str]) -> "TfidfVectors":
        self.word_idf = _idf(self.word_vec.fit_transform([word_text(t) for t in texts]))
        self.char_idf = _idf(self.char_vec.fit_transform([t.lower() for t in texts]))
        return self

    def transform(self, texts: List[str]) -> csr_matrix:
        w = _weigh(self.word_vec.transform([word_text(t) for t in texts]), self.word_idf)
        c = _weigh(self.char_vec.transform([t.lower() for t in texts]), self.char_idf)
        return hstack([w * self.word_weight, c]).tocsr()

    # ---- storage: <stem>.json (vocabularies) and arrays given to the caller's npz
    def save(self, model_dir: Path, stem: str) -> dict:
        (model_dir / f"{stem}.vocab.json").write_text(json.dumps({
            "word_vocab": {k: int(v) for k, v in self.word_vec.vocabulary_.items()},
            "char_vocab": {k: int(v) for k, v in self.char_vec.vocabulary_.items()},
        }, ensure_ascii=False), encoding="utf-8")
        return {"word_idf": self.word_idf, "char_idf": self.char_idf}

    @classmethod
    def load(cls, model_dir: Path, stem: str, arrays, word_ngrams: Sequence[int], char_ngrams: Sequence[int],
             word_weight: float = 1.0) -> "TfidfVectors":
        meta = json.loads((model_dir / f"{stem}.vocab.json").read_text(encoding="utf-8"))
        vectors = cls(word_ngrams, char_ngrams, word_weight, meta["word_vocab"], meta["char_vocab"])
        vectors.word_idf, vectors.char_idf = arrays["word_idf"], arrays["char_idf"]
        return vectors


def write_linear_model(model_dir: Path, stem: str, vectors: TfidfVectors, coef: np.ndarray, intercept: np.ndarray,
                       meta: dict) -> None:
    """A linear model on TF-IDF vectors as <stem>.npz (weights, IDF), <stem>.json and <stem>.vocab.json."""
    arrays = vectors.save(model_dir, stem)
    np.savez(model_dir / f"{stem}.npz", coef=np.ascontiguousarray(coef), intercept=intercept, **arrays)
    (model_dir / f"{stem}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def read_linear_model(model_dir: Path, stem: str, config: dict) -> Tuple[TfidfVectors, np.ndarray, np.ndarray, dict]:
    """(vectors, coef column-major, intercept, meta) as written by `write_linear_model`."""
    arrays = np.load(model_dir / f"{stem}.npz", allow_pickle=False)
    meta = json.loads((model_dir / f"{stem}.json").read_text(encoding="utf-8"))
    vectors = TfidfVectors.load(model_dir, stem, arrays, config["word_ngrams"], config["char_ngrams"],
                                config["word_weight"])
    return vectors, np.asfortranarray(arrays["coef"]), arrays["intercept"], meta


class PlaceMask:
    """Replaces the place names of the training data's `place` lookup table and postcodes by one token each.

    Which town a message names says nothing about what it asks, but a classifier on n-grams learns the
    towns of its training phrasings ("Gladbeck" goes with opening dates). The classifier is trained on
    every phrasing twice, as written and masked, and reads messages masked, so a question about any of
    the 396 municipalities looks like the questions it was trained on. Measured on the seven dev sets:
    classifier accuracy +0.5 to +0.8 points over several regularisation strengths. Names that are also
    everyday words are left out of the lookup table where it is generated (`faq/export.py`).
    """

    PLACE, POSTCODE = " ortsname ", " plzahl "
    _POSTCODE = re.compile(r"(?<!\d)[3-5]\d{4}(?!\d)")

    def __init__(self, names: Sequence[str]) -> None:
        self.names = sorted({n.strip().lower() for n in names if len(n.strip()) > 2}, key=lambda n: (-len(n), n))
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in self.names) + r")(?!\w)",
                                   re.IGNORECASE) if self.names else None

    @classmethod
    def from_lookup_tables(cls, lookup_tables: List[dict], table: str = "place") -> "PlaceMask":
        names: List[str] = []
        for lookup in lookup_tables:
            if lookup.get("name") == table and isinstance(lookup.get("elements"), list):
                names.extend(str(e) for e in lookup["elements"])
        return cls(names)

    def __call__(self, text: str) -> str:
        if self._pattern is not None:
            text = self._pattern.sub(self.PLACE, text)
        return self._POSTCODE.sub(self.POSTCODE, text)
