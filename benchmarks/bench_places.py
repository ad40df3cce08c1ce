"""Benchmark (not a test): place resolution for every NRW municipality and Kreis and a sample of postcodes,
written the ways people write them (as written, lower case, umlauts spelled out or dropped, one random typo),
each in one of seven sentence shapes. Generated from the public data only, so it measures the general case,
not a held-out set. Prints the share resolved and the misses per kind.

    .venv/bin/python -m benchmarks.bench_places [--seed 7] [--show 5]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter

os.environ.setdefault("NACHBARBOT_HOME", tempfile.mkdtemp(prefix="nachbarbot-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['NACHBARBOT_HOME']}/bench.db")

from sqlalchemy import select  # noqa: E402

from bot.cli import ensure_database  # noqa: E402
from faq import db, models as m  # noqa: E402
from faq.places import PlaceIndex  # noqa: E402

SHAPES = ("gibt es in {} eine unterkunft", "was ist in {} geplant", "{}?", "kommt bei uns in {} ein heim hin",
          "Ist in {} eine Notunterkunft geplant?", "wohne in {}, wer ist zuständig", "is there a refugee centre in {}")


def spelled(name: str, umlauts: str) -> str:
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"} if umlauts == "ae" else {"ä": "a", "ö": "o", "ü": "u", "ß": "s"}
    return "".join(table.get(c, c) for c in name)


def typo(name: str, rng: random.Random) -> str:
    """A letter dropped, doubled, or two neighbours swapped, never the first two or last two letters."""
    if len(name) < 6:
        return name
    i = rng.randrange(2, len(name) - 2)
    kind = rng.choice(("drop", "swap", "double"))
    if kind == "drop":
        return name[:i] + name[i + 1:]
    if kind == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + name[i] + name[i:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=5, help="misses to print per kind")
    args = parser.parse_args()
    ensure_database()
    rng = random.Random(args.seed)
    with db.session() as s:
        index = PlaceIndex.load(s)
        towns = [(t.name_kurz, t.ags) for t in s.scalars(select(m.Municipality).order_by(m.Municipality.ags))]
        kreise = [(k.bezeichnung, k.ags) for k in s.scalars(select(m.Kreis).order_by(m.Kreis.ags))
                  if k.kreistyp != "kreisfreie Stadt"]
        postcodes = sorted((p.plz, p.ags) for p in s.scalars(select(m.PostalCode)))
    cases = []
    for name, code in towns:
        for kind, text in (("as written", name), ("lower case", name.lower()), ("ae/oe/ue", spelled(name.lower(), "ae")),
                           ("umlauts dropped", spelled(name.lower(), "a")), ("one typo", typo(name.lower(), rng))):
            cases.append((kind, text, {code}))
    for name, code in kreise:
        cases += [("Kreis", name, {code}), ("Kreis", name.lower(), {code})]
    for plz, code in rng.sample(postcodes, 300):
        cases.append(("postcode", plz, {a for p, a in postcodes if p == plz}))  # shared postcodes: all of them
    total, misses = Counter(), {}
    started = time.perf_counter()
    for kind, text, codes in cases:
        total[kind] += 1
        message = rng.choice(SHAPES).format(text)
        found = {p.code for p in index.resolve(message).candidates}
        if found != codes:
            misses.setdefault(kind, []).append((message, sorted(found)))
    took = (time.perf_counter() - started) / len(cases) * 1000
    hits = len(cases) - sum(len(v) for v in misses.values())
    print(f"places resolved: {hits}/{len(cases)} = {100 * hits / len(cases):.1f} %  ({took:.2f} ms per message)")
    for kind, n in total.items():
        missed = misses.get(kind, [])
        print(f"  {kind:16s} {100 * (n - len(missed)) / n:5.1f} %  ({len(missed)} of {n} missed)")
        for message, found in missed[: args.show]:
            print(f"      {message!r} -> {found}")


if __name__ == "__main__":
    main()
