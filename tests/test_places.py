"""Place resolution for any of the 396 municipalities, as residents type them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from faq import db
from faq import models as m
from faq.places import PlaceIndex


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    with db.session() as s:
        return PlaceIndex.load(s)


@pytest.fixture(scope="module")
def municipalities() -> list[m.Municipality]:
    with db.session() as s:
        return list(s.scalars(select(m.Municipality)))


def test_every_municipality_is_found_by_its_name_in_a_question(index, municipalities):
    assert len(municipalities) == 396
    wrong = []
    for mun in municipalities:
        for text in (f"Ist in {mun.name_kurz} etwas geplant?", mun.name_kurz.lower()):
            match = index.resolve(text)
            if not (match.place and match.place.code == mun.ags):
                wrong.append((text, [p.name for p in match.candidates]))
    assert not wrong, wrong[:10]


def test_every_municipality_is_found_by_its_postcode(index, municipalities):
    with db.session() as s:
        codes = {row.plz: row.ags for row in s.scalars(select(m.PostalCode))}
    unique = {plz: ags for plz, ags in codes.items()
              if list(codes.values()).count(ags) >= 1 and len(index.plz[plz]) == 1}
    for plz, ags in unique.items():
        assert index.resolve(f"wohne in {plz}").place.code == ags


@pytest.mark.parametrize("text, expected", [
    ("koeln", "Köln"), ("Cologne", "Köln"), ("Dusseldorf", "Düsseldorf"), ("Düsseldorff", "Düsseldorf"),
    ("gladbek", "Gladbeck"), ("mülheim", "Mülheim an der Ruhr"), ("Muelheim an der Ruhr", "Mülheim an der Ruhr"),
    ("Halle Westf", "Halle (Westf.)"), ("st. augustin", "Sankt Augustin"), ("rheda", "Rheda-Wiedenbrück"),
    ("Kreis Unna", "Kreis Unna"), ("im Oberbergischen Kreis", "Oberbergischer Kreis"), ("Hochsauerlandkreis", "Hochsauerlandkreis"), ("in Bottropp", "Bottrop"),
    ("bad godesberg", "Bonn"), ("Ist in Essen was geplant", "Essen"), ("Zuweisungsschlüssel Hamm", "Hamm"),
    # one typo of any kind, also two letters swapped or one replaced in a short name
    ("Ist in aahcen eine Notunterkunft geplant?", "Aachen"), ("kommt bei uns in kempem ein heim hin", "Kempen"),
    ("was ist in heiedn geplant", "Heiden"), ("unterkunft in euksirchen", "Euskirchen"),
    ("bergisch gladbch heim geplant", "Bergisch Gladbach"),
    # a town's adjective
    ("die Kölner Unterkunft", "Köln"), ("im Dortmunder Norden was geplant?", "Dortmund"),
    ("Bochumer ZUE wie viele Plätze", "Bochum"), ("wir sind ein Münsteraner Sportverein", "Münster"),
    # a name split by voice dictation; the district's offices name the Kreis, not its seat
    ("wie viele passen in die notunterkunft glad beck", "Gladbeck"), ("mönchen gladbach", "Mönchengladbach"),
    ("Guten Morgen, hier Kreisverwaltung Steinfurt, Ausländeramt", "Kreis Steinfurt"),
    ("die Landrätin des Kreises Kleve fragt", "Kreis Kleve"),
    # districts of the big cities (faq/data/districts.csv)
    ("stimmt es, dass in handorf was für flüchtlinge gebaut wird", "Münster"), ("wohne in Lehmheide", "Krefeld"),
    ("kommt nach Zündorf ein Heim?", "Köln"),
    # Ortsteile of the other municipalities (faq/data/districts.csv)
    ("bei uns in Freienohl", "Meschede"), ("kommt was nach Kattenvenne?", "Lienen"), ("Dreis-Tiefenbach", "Netphen"),
    ("was ist in lavesum los", "Haltern am See"),
    # licence-plate letters of a Kreis
    ("gibt es im Kreis COE eine Unterkunft", "Kreis Coesfeld"), ("was ist im WAF-Kreis geplant", "Kreis Warendorf"),
    ("im RE-Kreis", "Kreis Recklinghausen"),
    # plate letters that are also words, after "Kreis" in capitals ("im Kreis so viele" stays no place)
    ("gibts im kreis ST irgendwelche landeseinrichtungen", "Kreis Steinfurt"), ("Kreis SO", "Kreis Soest"),
    # a Kreis and one of its municipalities: the municipality is the more precise place
    ("prognose bitte, kreis heinsberg, gemeinde selfkant", "Selfkant"), ("Kreis Kleve, Gemeinde Kerken", "Kerken"),
    ("Stadt Heinsberg im Kreis Heinsberg", "Heinsberg"), ("wie viele kommen in den Kreis Heinsberg", "Kreis Heinsberg"),
])
def test_spellings_typos_and_districts(index, text, expected):
    match = index.resolve(text)
    assert match.place is not None and match.place.name == expected, [p.name for p in match.candidates]


def test_ambiguous_name_gives_all_candidates(index):
    assert {p.name for p in index.resolve("gladbach").candidates} == {"Mönchengladbach", "Bergisch Gladbach"}


@pytest.mark.parametrize("text", ["wann gibt es essen", "wie ist die lage", "wir halten zusammen",
                                  "wie viele plätze gibt es", "how much is it", "sieben leute",
                                  # everyday words with umlauts near a town's name (Düren, Schöppingen, Ahlen)
                                  "dürfen die bewohner arbeiten gehen?", "schönen abend noch",
                                  "zählen die plätze für unsere stadt", "typisch behörde", "gibt es ein lager bei uns",
                                  "wie kommen die leute vonner unterkunft inne stadt",
                                  "in den nächsten wochen", "im kreis so viele heime"])
def test_everyday_words_are_not_places(index, text):
    assert index.resolve(text).candidates == []


@pytest.mark.parametrize("text, code", [
    ("Welche Landeseinrichtungen liegen im Regierungsbezirk Köln?", "rb:053"),
    ("Liste alle Unterkünfte im Bezirk Arnsberg", "rb:059"),
    ("unterkünfte im regierungsbezirk düsseldorf", "rb:051"),
    ("Was ist im RB Detmold geplant?", "rb:057"),
    ("facilities in the Cologne district", "rb:053"),
    ("was gibt es alles im Münsterland an Einrichtungen", "region:muensterland"),
    ("gibts was im ruhrpott", "region:ruhrgebiet"),
    ("Unterkünfte in OWL", "region:owl"),
    ("any shelters in the Ruhr area?", "region:ruhrgebiet"),
    ("was ist in der eifel los", "region:eifel"),
    ("Ist in Köln etwas geplant?", "05315000"),
    ("Was macht die Bezirksregierung Köln?", "05315000"),
])
def test_regierungsbezirke_and_regions_are_places(index, text, code):
    assert index.resolve(text).place.code == code


def test_nordrhein_westfalen_is_not_the_region_westfalen(index):
    assert index.resolve("Wie viele Unterkünfte gibt es in Nordrhein-Westfalen?").place is None
    assert index.resolve("Ich wohne in Rheinland-Pfalz").place is None


def test_a_region_knows_its_municipalities_and_its_districts(index):
    muenster = index.get("region:muensterland")
    assert "05515000" in muenster.members and muenster.rb_code == "055"
    ruhr = index.get("region:ruhrgebiet")
    assert ruhr.rb_code == "" and {"05911000", "05913000", "05112000"} <= set(ruhr.members)
    assert len(index.get("rb:053").members) == 99


# Places outside NRW, as people name them: other states' cities small and large, other states, postcodes
# outside NRW's table, neighbouring countries' cities, German names of foreign cities.
OUTSIDE = ["und in Hamburg?", "Osnabrück", "Trier", "10115", "London", "und in 12345?", "Ich wohne in 80331 München",
 "was ist in Mainz geplant", "what about Paris", "Leipzig", "Berlin", "und in Frankfurt?", "Maastricht", "Kassel",
 "Hannover", "ich wohne in bayern", "Enschede", "und in Rotterdam?", "Stuttgart", "und in Dresden?", "Bremen",
 "gibt es in Kiel eine unterkunft", "Lübeck", "Rostock", "Magdeburg", "Erfurt", "Jena", "Nürnberg", "Augsburg",
 "Regensburg", "Würzburg", "Freiburg", "Heidelberg", "Mannheim", "Karlsruhe", "Saarbrücken", "Koblenz",
 "Wiesbaden", "Darmstadt", "Göttingen", "Braunschweig", "Wolfsburg", "Oldenburg", "Emden", "Lingen", "Nordhorn",
 "Bremerhaven", "Cuxhaven", "Schwerin", "Potsdam", "Cottbus", "Halle (Saale)", "Zwickau", "Chemnitz",
 "gibts in halle an der saale auch eine zue", "Halle/Saale", "in Frankfurt an der Oder",
 "Fulda", "Gießen", "Marburg", "Wetzlar", "Limburg an der Lahn", "Amsterdam", "Brüssel",
 "Antwerpen", "Lüttich", "Venlo", "Nijmegen", "Arnheim", "Eindhoven", "Wien", "Zürich", "Prag", "Warschau",
 "Madrid", "Istanbul", "Kiew", "Damaskus", "Kabul", "what about Munich", "what about Vienna",
 "ist in 20095 was geplant", "plz 60311", "01067 dresden", "in 70173", "80331", "ich komme aus 99084",
 "und in Niedersachsen?", "in hessen", "sachsen", "thüringen", "brandenburg", "schleswig-holstein",
 "ist in sachsen-anhalt was", "mecklenburg-vorpommern", "im saarland", "baden-württemberg", "und in Bayern?", "Rheinland-Pfalz",
 "und in Wien?", "in Brüssel", "nach Moskau"]
# NRW towns with the typos a person reads at once: never mapped onto a place outside.
NRW_TYPOS = [("Bielfeld","05711000"),("Wupertal","05124000"),("Koeln","05315000"),("Dortmnd","05913000"),("Düsseldorff","05111000"),
 ("Gelsenkirchn","05513000"),("Mönchengladbach","05116000"),("Moenchengladbach","05116000"),("Muenster","05515000"),
 ("Paderbron","05774032"),("Oberhausn","05119000"),("Bochumm","05911000"),("Leverkusn","05316000"),("Recklinghausn","05562032"),
 ("Gütersloh","05754008"),("Guetersloh","05754008"),("Siegen","05970040"),("Aachn","05334002"),("Krefelt","05114000"),
 ("Hagen","05914000"),("Hamm","05915000"),("Herne","05916000"),("Solingn","05122000"),("Neuss","05162024"),("Bonn","05314000")]


def test_the_outside_table_is_large_enough():
    assert len(OUTSIDE) + len(NRW_TYPOS) >= 100


@pytest.mark.parametrize("text", OUTSIDE)
def test_places_outside_nrw_are_recognised(index, text):
    match = index.resolve(text)
    assert match.outside and not match.candidates, text


@pytest.mark.parametrize("text, code", NRW_TYPOS + [("wie ist das in halle", "05754012"),
                                                    ("ist in marl was geplant", "05562024")])
def test_nrw_names_and_typos_win_over_places_outside(index, text, code):
    assert index.resolve(text).place.code == code


@pytest.mark.parametrize("text", ["im kreis so viele leute", "IM KREIS SO VIELE LEUTE", "in frankfurt oder in köln"])
def test_plate_words_and_river_names_stay_in_their_place(index, text):
    match = index.resolve(text)
    assert [p.name for p in match.candidates] == (["Köln"] if "köln" in text else []) and not match.outside


def test_everyday_words_are_no_foreign_places(index):
    for text in ("have a nice day", "kita?", "how is the key split", "die halle wird umgebaut", "in der heide",
                 "die kühe weiden", "in der mitte", "ich habe haar", "wo ist die apotheke", "der ofen ist aus",
                 "sind da viele muslime dabei", "welche apotheke hat notdienst", "allocations in march"):
        assert not index.resolve(text).outside, text
