"""How common a word is in German or English (Zipf scale: 3 = once per million words, 7 = "the").

Read from the small word lists in faq/wordlists/ (generated from the wordfreq package); words below
Zipf 3.0 count as 0."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WORDLISTS = Path(__file__).resolve().parent / "wordlists"


@lru_cache(maxsize=2)
def _table(lang: str) -> dict[str, float]:
    table: dict[str, float] = {}
    with (WORDLISTS / f"{lang}.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, _, zipf = line.rstrip("\n").partition("\t")
            table[word] = float(zipf)
    return table


def zipf_frequency(word: str, lang: str) -> float:
    return _table(lang).get(word.lower(), 0.0)
