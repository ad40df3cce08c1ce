"""Words that steer an answer beyond the intent: the kind of contact someone looks for ("Ehrenamt",
"Grundstück anbieten") and the kind of event ("Beirat", "Begegnungsfest"). A classifier trained on
intents does not see these distinctions reliably; the words do."""

from __future__ import annotations

import re

from faq.months import find_span
from faq.places import normalize

ROLE_WORDS = {
    "ehrenamt": r"ehrenamt\w*|freiwillig\w*|volunteer\w*|mithelf\w*|mit anpacken|engagier\w*|helfer\w*",
    "akquise": r"grundstue?ck\w*|gebaeude\w*|immobilie\w*|liegenschaft\w*|halle\w* anbieten|verkauf\w*|vermiet\w*|"
               r"property|properties|building\w*(?! sites?\b)|plot of land|sell\w*|lease|rent out|akquise\w*",
    "umfeldmanagement": r"umfeldmanagement\w*|umfeld\w*|neighbou?rhood manage\w*",
}
KIND_WORDS = {
    "beirat": r"beirat\w*|beiraete\w*|advisory board\w*",
    "begegnungsfest": r"begegnungsfest\w*|sommerfest\w*|nachbarschaftsfest\w*|willkommensfest\w*|fest der begegnung|"
                      r"kennenlernfest\w*|community festival\w*|street party|get together",
    "infoveranstaltung": r"info\w*veranstaltung\w*|informationsveranstaltung\w*|info ?abend\w*|"
                         r"informationsabend\w*|buergerinfo\w*|buergerversammlung\w*|information event\w*|"
                         r"info event\w*|town hall meeting",
}
WHEN = r"\b(wann|when|termin\w*|naechste\w*|next|tagt|tagen|trifft|treffen|sitzung\w*|datum|date|meeting|uhrzeit)\b"
WHO = r"\b(wer|wen|wem|who|whom|ansprech\w*|kontakt\w*|contact\w*|zustaendig\w*|kuemmert|telefon\w*|" \
      r"nummer|erreich\w*|anruf\w*|call|melden|mail\w*|talk to|reach)\b"

_ROLE = {k: re.compile(rf"\b({v})", re.IGNORECASE) for k, v in ROLE_WORDS.items()}
_KIND = {k: re.compile(rf"\b({v})", re.IGNORECASE) for k, v in KIND_WORDS.items()}
_OUR_FIELD = re.compile(r"\b(land|landes|state|nrw|unterkunft\w*|gefluechtete\w*|refugee\w*|fluechtling\w*|"
                        r"einrichtung\w*|facility|facilities|shelter\w*|asyl\w*)\b")
_WHEN = re.compile(WHEN)
_WHO = re.compile(WHO)


def role_in(text: str) -> str | None:
    norm = normalize(text)
    return next((role for role, rx in _ROLE.items() if rx.search(norm)), None)


def event_kind_in(text: str) -> str | None:
    norm = normalize(text)
    return next((kind for kind, rx in _KIND.items() if rx.search(norm)), None)


# "Ab wann gibt es das Umfeldmanagement, schon vor der Eröffnung?": a question for WHEN the neighbourhood
# management starts is the FAQ entry on its start, neither the facility's opening date nor a contact.
ROLE_START = re.compile(r"\b(ab wann|seit wann|wann (startet|beginnt|faengt|kommt|gibt)|schon vor|bereits vor|"
                        r"schon (in|waehrend)|erst (wenn|nach|ab|mit|bei)|vor (der )?(eroeffnung|inbetriebnahme)|"
                        r"vor dem einzug|bau ?phase|bauzeit|bauarbeiten|before (the )?(opening|people|residents|refugees)|"
                        r"already|during (the )?construction|when does (the )?neighbou?rhood manage\w* (start|begin))\b")
ROLE_START_FAQ_KEY = "umfeldmanagement_start"


def asks_role_start(text: str) -> bool:
    return role_in(text) == "umfeldmanagement" and bool(ROLE_START.search(normalize(text)))


def role_start(intent: str, text: str, faq_key: str | None, faq_confidence: float) -> str:
    if intent in TOPIC_INTENTS - {"faq"} and faq_key == ROLE_START_FAQ_KEY \
            and faq_confidence >= FAQ_OVER_NO_DATA_SELECTOR and asks_role_start(text):
        return "faq"
    return intent


# "Gibt es Zahlen zur Kriminalität rund um die Heime?": figures on crime are data the bot does not have (an
# on-topic question without data, answered with the hand-over); the FAQ entry on security does not answer
# them, nor does a facility overview. A worry whether crime rises ("muss ich mir Sorgen machen?") stays.
CRIME = re.compile(r"\b(kriminal\w*|straftat\w*|delikt\w*|einbrue?ch\w*|polizeieinsa\w*|crime\w*|criminal\w*|"
                   r"offen[cs]es)\b")
FIGURES = re.compile(r"\b(zahl|zahlen|statisti\w*|auswertung\w*|figures?|numbers|statistics?|data|daten)\b")
CRIME_FIGURES_INTENTS = {"faq", "facility_overview", "facility_status", "nlu_fallback"}


def crime_figures(intent: str, norm: str) -> str | None:
    if intent in CRIME_FIGURES_INTENTS and CRIME.search(norm) and FIGURES.search(norm):
        return "other_question"
    return None


# "Wir wollen ein Willkommensfest organisieren, ab wann zieht da jemand ein?": the festival is the asker's own,
# the question is for the opening.
MOVING_IN = re.compile(r"\b(einzieh\w*|zieht \w+ ein|ziehen \w+ ein|einzug|bezogen|belegt|eroeffn\w*|in betrieb|"
                       r"move in|moving in|moves in|opens?|opening)\b")


# "kann ich jemanden von der Bezirksregierung persönlich erreichen, nicht den Bot", "gibts da wen aus Fleisch und
# Blut?": a person asked for instead of the bot is the hand-over, not a contact's details nor a question without
# data ("bist du ein Mensch?" is a question about the bot, classified as the FAQ, and stays).
NOT_THE_BOT = re.compile(r"\b(nicht (den|dem|mit dem|mit (ei)?ner?|mit so nem|so nen?|nen?|ein(en)?) ?(bot|chatbot|maschine|"
                         r"computer|programm|automat\w*|chat)|kein(en)? (bot|chatbot|computer|automat\w*|programm)|"
                         r"aus fleisch und blut|echte[nr]? (mensch\w*|person)|richtige[nr]? (mensch\w*|person)|"
                         r"not (a|the|this|with a|with the) (bot|chatbot|machine|computer|program)|"
                         r"real (human|person|people)|actual (human|person)|human being)\b")
ASKS_WHAT_THE_BOT_IS = re.compile(r"\b(bist du|sind sie|are you|is this|ist das hier)\b")
NOT_THE_BOT_INTENTS = {"contact_person", "responsible_authority", "other_question", "nlu_fallback", "out_of_scope"}


def steer(intent: str, text: str) -> str:
    """The intent to answer with, given what the words say: "Wann tagt der Beirat?" is about an event,
    "Wer kümmert sich ums Ehrenamt?" about a contact."""
    if text.startswith("/"):
        return intent
    led = first_question(intent, text) or facility_name_alone(intent, text) or only_event_asked(intent, text)
    if led:
        return led
    norm = normalize(text)
    if intent in NOT_THE_BOT_INTENTS and NOT_THE_BOT.search(norm) and not ASKS_WHAT_THE_BOT_IS.search(norm):
        return "human_handoff"
    if crime_figures(intent, norm):
        return "other_question"
    if intent in ("facility_opening", "facility_status", "facility_overview", "next_event", "faq", "other_question",
                  "nlu_fallback", "out_of_scope") and event_kind_in(text) and _WHEN.search(norm) \
            and not (intent == "facility_opening" and MOVING_IN.search(norm)):
        return "next_event"
    if intent in ("responsible_authority", "contact_person", "other_question", "nlu_fallback", "faq",
                  "facility_overview", "human_handoff") and role_in(text) and _WHO.search(norm) \
            and not (intent == "faq" and asks_role_start(text)):
        return "contact_person"
    if intent in ("other_authority", "out_of_scope") and role_in(text) and _WHO.search(norm) and _OUR_FIELD.search(norm):
        return "contact_person"  # "Who do I talk to if I want to sell my building to the state?"
    if intent == "inform_place":
        return figures_named(norm) or intent
    return intent


# "Prognose für Kreis Heinsberg, Gemeinde Selfkant bitte": a message that is mostly places may still name the
# figures it wants; then it is that question, not a place given as an answer.
FIGURES_NAMED = [("forecast", re.compile(r"\b(prognose\w*|forecast\w*|vorhersage\w*|zuweisungsprognose\w*|"
                                         r"abgangsprognose\w*)\b")),
                 ("credit_rule", re.compile(r"\b(anrechnung\w*|angerechnet|anrechenbar\w*|credit\w*|credited)\b")),
                 ("allocation_key", re.compile(r"\b(verteilschluessel\w*|aufnahmequote\w*|quote|allocation key|quota)\b"))]


def figures_named(norm: str) -> str | None:
    return next((name for name, rx in FIGURES_NAMED if rx.search(norm)), None)


TOPIC_INTENTS = {"facility_overview", "facility_type", "facility_capacity", "facility_status", "facility_opening",
                 "facility_address", "contact_person", "responsible_authority", "next_event", "credit_rule",
                 "allocation_key", "forecast", "faq", "other_question"}
# A question without "?" opens its sentence with the question word: "wie lange dauert das noch".
_QUESTION_OPENS = re.compile(r"^(wann|wie|was|wer|wo|wohin|warum|wieso|weshalb|gibt es|gibts|stimmt es|kann|koennen|"
                             r"darf|muss|when|how|what|who|where|why|is there|are there|will|can|could)\b")


def opens_a_question(text: str) -> bool:
    return any(_QUESTION_OPENS.search(normalize(part)) for part in re.split(r"[.!;:\n]+", text))


_QUESTION = re.compile(r"\?|\b(wann|wie|was|wer|wo|wohin|warum|wieso|weshalb|ob|gibt es|stimmt es|kommt|"
                       r"when|how|what|who|where|why|is there|are there|will)\b")


def question_behind_feeling(intent: str, text: str, ranking: list[tuple[str, float]]) -> str | None:
    """A frustrated or worried message that also asks something: the question's intent, else None."""
    if intent not in ("frustration", "praise") or text.startswith("/"):
        return None
    if not _QUESTION.search(normalize(text) + ("?" if "?" in text else "")):
        return None
    if "?" not in text and not opens_a_question(text):
        return None  # "..., dass ich das gut finde, wie offen hier informiert wird. Weiter so!": a clause, no question
    return next((name for name, confidence in ranking if name in TOPIC_INTENTS and confidence >= 0.05), None)


# What a facility question asks about, by its words (several in one message: each is answered).
ASPECTS = [
    ("facility_opening", r"\b(wann|ab wann|seit wann|eroeffn\w*|oeffnet|aufmach\w*|aufgeh\w*|geht die auf|"
                         r"in betrieb|belegt|when|open\w*|start\w*)\b"),
    ("facility_capacity", r"\b(wie gross|wie viele|wieviele|platz|plaetze|menschen|personen|leute|kapazitaet|"
                          r"how many|how big|capacity|places|people)\b"),
    ("facility_type", r"\b(welche art|was fuer eine|welcher typ|art von|eae oder|zue oder|what kind|which type)\b"),
    ("facility_address", r"\b(wo genau|adresse|welche strasse|where exactly|address)\b"),
    ("contact_person", r"\b(wen kann|ansprech\w*|kontakt\w*|an wen|who can i|whom|contact)\b"),
]
_ASPECTS = [(name, re.compile(rx)) for name, rx in ASPECTS]
_WORRY = re.compile(r"\b(angst|sorge\w*|besorgt|beunruhig\w*|unsicher|furcht|fuerchte\w*|worried|afraid|scared|"
                    r"anxious|concerned)\b")
FACILITY_ASPECT_INTENTS = {"facility_opening", "facility_capacity", "facility_type", "facility_address",
                           "facility_status", "facility_overview"}


_EVENT_ASKED = re.compile(r"\b(" + "|".join(KIND_WORDS.values()) + r"|veranstaltung\w*|versammlung\w*|"
                          r"termine|tag der offenen tuer|open day|open house|public meeting|info evening|event\w*|festival\w*)\b")
_CONTACT_ASKED = re.compile(r"\b(an wen|wen (kann|koennen|soll|sollen|ruf\w*)|ansprech\w*|kontakt\w*|"
                            r"who (can|do|should) (i|we)|whom|contact)\b")
_PART_SPLIT = re.compile(r",|;|\s(?:und|oder|and|or)\s")
FIRST_QUESTION_INTENTS = {"facility_opening", "facility_capacity", "facility_type", "facility_address", "contact_person",
                          "next_event"}  # not the overview: its answer covers the rest


def asked_in_order(text: str) -> list[str]:
    """The aspect of each question a message asks, in the order asked: only the sentences ending in "?" count
    (the worry before them does not), each split at "und"/"and" and commas into parts of at least three words;
    a part asks for an event, a contact, or one facility aspect, in that order of precedence."""
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", text) if "?" in x] or [text]
    out: list[str] = []
    for sentence in sentences:
        for part in _PART_SPLIT.split(normalize(sentence)):
            if len(part.split()) < 3:
                continue
            if _EVENT_ASKED.search(part):
                out.append("next_event")
            elif _CONTACT_ASKED.search(part):
                out.append("contact_person")
            else:
                out.extend(name for name, rx in _ASPECTS[:4] if rx.search(part))
    return list(dict.fromkeys(out))


def first_question(intent: str, text: str) -> str | None:
    """"Wann soll die ZUE aufmachen und wie viele Menschen kommen?": a message that asks about several aspects
    of a facility is led by the first question (the others are answered after it, see facility_aspects).
    None when the message does not ask several questions led by a facility aspect."""
    if intent not in FIRST_QUESTION_INTENTS or text.startswith("/"):
        return None
    asked = asked_in_order(text)
    if len(asked) < 2 or asked[0] not in FACILITY_ASPECT_INTENTS:
        return None
    return asked[0]


def only_event_asked(intent: str, text: str) -> str | None:
    """"... ich mache mir Sorgen wegen der Unterkunft in Herten. Gibt es da mal eine Veranstaltung, wo man Fragen
    stellen kann?": a message the classifier took for a facility question whose only question asks for an
    event is a question for the event (the worry and the story before it ask nothing)."""
    if intent != "facility_overview" or text.startswith("/") or "?" not in text:
        return None
    return "next_event" if asked_in_order(text) == ["next_event"] else None


NAME_ALONE_INTENTS = {"contact_person", "next_event", "nlu_fallback"}
NAME_ALONE_MAX_WORDS = 5


def facility_name_alone(intent: str, text: str) -> str | None:
    """"EAE Bochum", "zue hamm info": a facility's type and place and nothing that asks for a contact, an
    event or one aspect is a question about the facility (inform_place is settled by the action, which knows
    the topic of the conversation)."""
    if intent not in NAME_ALONE_INTENTS or text.startswith("/") or len(text.split()) > NAME_ALONE_MAX_WORDS:
        return None
    norm = normalize(text)
    if len(norm.split()) < 2 or facility_type_in(text) is None or _WHO.search(norm) or _WHEN.search(norm) or role_in(text) \
            or event_kind_in(text) or _EVENT_ASKED.search(norm) or any(rx.search(norm) for _, rx in _ASPECTS):
        return None
    return "facility_overview"


def facility_aspects(intent: str, text: str) -> list[str]:
    """Every aspect a facility question asks about, the classified one first; one aspect: []."""
    if intent not in FACILITY_ASPECT_INTENTS or text.startswith("/"):
        return []
    norm = normalize(text)
    found = [name for name, rx in _ASPECTS if rx.search(norm)]
    if "next_event" in asked_in_order(text):  # "... und gibt es vorher eine Bürgerinfo?"
        found.append("next_event")
    if len(found) < 2:
        return []
    if intent in found:
        found.remove(intent)
        found.insert(0, intent)
    return found


def worried(text: str) -> bool:
    return bool(_WORRY.search(normalize(text)))


FACILITY_TYPE_WORDS = [("EAE", r"\b(eae\w*|erstaufnahme\w*|initial reception\w*|reception cent\w*)\b"),
                       ("ZUE", r"\b(zue\w*|zentrale unterbringung\w*|central accommodation\w*)\b"),
                       ("NU", r"\b(nu|notunterkunft|notunterkuenfte|emergency shelter\w*)\b")]
_TYPES = [(t, re.compile(rx)) for t, rx in FACILITY_TYPE_WORDS]


def facility_type_in(text: str) -> str | None:
    norm = normalize(text)
    return next((t for t, rx in _TYPES if rx.search(norm)), None)


PROPERTY_FAQ_KEYS = {"liegenschaft_anbieten"}
OFFER_VERB = re.compile(r"\b(an(zu)?biet\w*|angebot\w*|biete\w*|vermiet\w*|verkauf\w*|verpacht\w*|"
                        r"zur verfue?gung\w*|ueberlass\w*|offer\w*|lease|leasing|rent(ing)? (it )?out|sell\w*|"
                        r"let (it|them)|provide|(an)?mieten|anmiet\w*|kaufen|ankaufen|uebernehmen|umbau\w*|"
                        r"rent (it|them|my|our|the)|buy (it|them|my|our|the)|take (it|them) over|convert\w*)\b")
HAVING = re.compile(r"\b(habe|hab|haette|haetten|haben|hätte|hätten|besitze\w*|gehoer\w*|own|have|got)\b")
VACANT = re.compile(r"\b(leer\w*|frei\w*|ungenutzt\w*|brach\w*|empty|vacant|unused|available|verfuegbar|ehemalig\w*|"
                    r"stillgelegt\w*|geschlossen\w*|aufgegeben\w*|nicht mehr genutzt|closed|disused|abandoned|former|free|"
                    r"not (in use|used|needed)|no longer (in use|used|needed))\b")


def sounds_like_offer(text: str) -> bool:
    """Offering something needs an offering verb, or "I have ... empty": a worried neighbour who mentions
    "Flächen" or "property value" is not making an offer."""
    norm = normalize(text)
    return bool(OFFER_VERB.search(norm) or (HAVING.search(norm) and VACANT.search(norm)))


# An on-topic question without data ("other_question") against a general question the FAQ answers: when the
# classifier hesitates between the two and the message clearly matches one FAQ entry, the entry's answer
# helps more than "I don't know that" (measured on sets 1-6: 3 of 6 such misses answered, no other_question
# message turned into an FAQ answer).
FAQ_OVER_NO_DATA_RATIO = 0.5  # the FAQ intent's confidence at least this share of other_question's
FAQ_OVER_NO_DATA_SELECTOR = 0.7  # and the FAQ entry chosen with at least this confidence (dev sets 1-7)


def faq_over_no_data(intent: str, ranking: list[tuple[str, float]], faq_key: str | None,
                     faq_confidence: float) -> str:
    if intent != "other_question" or not faq_key or faq_confidence < FAQ_OVER_NO_DATA_SELECTOR:
        return intent
    scores = dict(ranking)
    if scores.get("faq", 0.0) >= FAQ_OVER_NO_DATA_RATIO * scores.get("other_question", 1.0):
        return "faq"
    return intent


# "Who runs this bot?": a question about the bot itself, which the classifier may take for one about the
# authority responsible for something. The word "bot" (or KI/AI) and a clear choice of the FAQ entry about
# the bot decide; greetings, praise, frustration and wishes for a person are never turned into it.
BOT_WORDS = re.compile(r"\b(bot|bots|chatbot\w*|chat ?bot|nachbarbot|ki|ai|kuenstliche intelligenz|"
                       r"artificial intelligence)\b")
BOT_FAQ_KEY = "ueber_den_bot"
BOT_QUESTION_INTENTS = {"responsible_authority", "contact_person", "other_question", "nlu_fallback"}


def about_the_bot(intent: str, text: str, faq_key: str | None, faq_confidence: float) -> str:
    if intent in BOT_QUESTION_INTENTS and faq_key == BOT_FAQ_KEY and faq_confidence >= FAQ_OVER_NO_DATA_SELECTOR \
            and BOT_WORDS.search(normalize(text)):
        return "faq"
    return intent


# "Wofür steht EAE?", "what does ZUE stand for": a question for the meaning of a facility type's name is a
# question for the FAQ entry that explains it, whatever facility question the classifier saw in it.
TERM_QUESTION = re.compile(r"\b(wofuer steht\w*|wofuer stand|was bedeute\w*(?! (das|dies|es)\b)|was heisst(?! (das|dies|es)\b)|"
                           r"bedeutung|abkuerzung|steht fuer|stand fuer|stands? for|"
                           r"what does (?!(this|that|it)\b)\w+ mean|meaning of)\b")
TERM_FAQ_KEYS = {"eae", "zue", "notunterkunft", "einrichtungstypen_unterschied", "landeseinrichtung",
                 "regeleinrichtung"}


# "ZUE = ?", "ne Notunterkunft, is dat nur übergangsweise?", "an emergency shelter, is it ...": the type named
# alone, or opening the message as a type in general (an indefinite article, then a comma, "is"/"ist" or "="),
# asks about the type, not about one facility ("ist das ne NU?" names no type in general and stays).
TYPE_WORD = r"(eae|erstaufnahme\w*|zue|zentrale unterbringung\w*|nu|notunterkunft|emergency shelter|" \
            r"initial reception cent\w*|reception cent\w*)"
TYPE_ALONE = re.compile(rf"^{TYPE_WORD}( {TYPE_WORD})*$")
TYPE_IN_GENERAL = re.compile(rf"^(ne|eine|so ne|so eine|son|a|an) {TYPE_WORD}( |$)(?!(in|bei|near|at)\b)")
TYPE_GENERAL_PUNCT = re.compile(r"^\W*(ne|eine|so ne|so eine|son|a|an)\s+\S+(\s+\S+)?\s*(,|=|\s(is|ist|isn|is dat|ist das)\b)",
                                re.IGNORECASE)


def names_type_in_general(text: str) -> bool:
    norm = normalize(text)
    if TYPE_ALONE.match(norm):
        return True
    return bool(TYPE_IN_GENERAL.match(norm) and TYPE_GENERAL_PUNCT.match(text.strip()))


def term_question(intent: str, text: str, faq_key: str | None, faq_confidence: float) -> str:
    if intent in TOPIC_INTENTS - {"faq"} and faq_key in TERM_FAQ_KEYS \
            and faq_confidence >= FAQ_OVER_NO_DATA_SELECTOR and facility_type_in(text) \
            and (TERM_QUESTION.search(normalize(text)) or names_type_in_general(text)):
        return "faq"
    return intent


# "How long do people usually stay in a ZUE?": how long people stay in a ZUE or an EAE is what the FAQ entry
# on the type answers (until they are allocated to a town; nlu/LABELS.md), not a question without data. A
# Notunterkunft, "such a facility" or how long a facility stays open names no such stay, and stays as it is.
STAY = re.compile(r"\b(wie ?lange?|how long|bis wann|until when|wie ?viele (monate|wochen)|how many (months|weeks)|"
                  r"aufenthaltsdauer\w*|verweildauer\w*|length of stay)\b")
STAY_VERB = re.compile(r"\b(bleib\w*|verbleib\w*|wohn\w*|leb\w*|aufenthalt\w*|verweil\w*|untergebracht|is man|ist man|"
                       r"sind (die|da|dort)|stay\w*|live|living|lives|remain\w*|spend|kept)\b")
STILL_OPEN = re.compile(r"\b(offen\w*|geoeffnet|open\w*|in betrieb|betrieben|bestehen\w*|bestand|existier\w*|exist\w*|"
                        r"geschlossen|schliess\w*|close\w*|zugemacht|dicht)\b")
STAY_FAQ_KEYS = {"zue", "eae"}


def stay_in_type(intent: str, text: str, faq_key: str | None, faq_confidence: float) -> str:
    if intent in TOPIC_INTENTS - {"faq"} and faq_key in STAY_FAQ_KEYS and faq_confidence >= FAQ_OVER_NO_DATA_SELECTOR \
            and facility_type_in(text) in ("ZUE", "EAE"):
        norm = normalize(text)
        if not _TYPES[2][1].search(norm) and STAY.search(norm) and STAY_VERB.search(norm) \
                and not STILL_OPEN.search(norm):
            return "faq"
    return intent


# "Der Container am Spielplatz quillt jetzt schon über", "what is being done about the noise at night?": a
# nuisance that is happening is the FAQ entry on complaints (nlu/LABELS.md: it names the Umfeldmanagement and
# offers to pass the complaint on) when the FAQ selector picks that entry; a worry that it will become loud or
# dirty ("wird es laut?", "der Müll wird doch überall rumliegen") stays a question without data.
NUISANCE = re.compile(r"\b(muell\w*|abfall\w*|dreck\w*|saecke|tonnen?|container|laerm\w*|krach\w*|ruhestoerung\w*|"
                      r"musik|litter\w*|rubbish|trash|garbage|bins|noise|noisy|loud)\b")
HAPPENING = re.compile(r"\b(liegt|lag|lagen|rumliegt|rumlag|herumliegt|quillt|quellen|ueberquell\w*|stapelt|tuermen|"
                       r"jede nacht|jeden abend|staendig|dauernd|immer wieder|schon wieder|jetzt schon|letzte woche|gestern|"
                       r"heute nacht|every night|overflowing|piling up|for weeks|for days|being done|getan|unternommen)\b")
WILL_BECOME = re.compile(r"\b(wird es|wirds|wird das|will it|will there|going to)\b")
COMPLAINT_FAQ_KEY = "beschwerde"


def nuisance_happening(intent: str, text: str, faq_key: str | None, faq_confidence: float) -> str:
    if intent == "other_question" and faq_key == COMPLAINT_FAQ_KEY and faq_confidence >= 0.5:
        norm = normalize(text)
        if NUISANCE.search(norm) and HAPPENING.search(norm) and not WILL_BECOME.search(norm):
            return "faq"
    return intent


def settle_offer(intent: str, text: str, ranking: list[tuple[str, float]], faq_key: str | None = None,
                 faq_confidence: float = 0.0) -> str:
    """"Ich hätte ein leeres Hotel in Soest": an offer, whether the classifier chose the intent or the FAQ
    entry about offering property (its content is what the offer dialogue starts with). Also settles
    other_question against an FAQ entry that fits clearly (faq_over_no_data)."""
    if not text.startswith("/"):
        intent = about_the_bot(faq_over_no_data(intent, ranking, faq_key, faq_confidence), text, faq_key,
                               faq_confidence)
        intent = term_question(intent, text, faq_key, faq_confidence)
        intent = role_start(intent, text, faq_key, faq_confidence)
        intent = stay_in_type(intent, text, faq_key, faq_confidence)
        intent = nuisance_happening(intent, text, faq_key, faq_confidence)
    if intent == "faq" and faq_key in PROPERTY_FAQ_KEYS and faq_confidence >= 0.25:
        intent = "offer_property"
    if intent == "offer_property" and not text.startswith("/") and not sounds_like_offer(text):
        return next((name for name, _ in ranking if name not in ("offer_property", "nlu_fallback")), "nlu_fallback")
    return intent


TIME_FOLLOW_UPS = {"forecast", "credit_rule"}  # topics where "und 2022?" or "und im März?" asks the same again
TIME_ONLY_MAX_WORDS = 7


def follow_up_in_time(intent: str, confidence: float, text: str, topic: str | None, today) -> str:  # noqa: ANN001
    """"Und wie war das 2022?" after a credit question, "zweites Halbjahr 2027" after (or without) a forecast
    question: a short message that only names a time asks the last figures' question again."""
    if text.startswith("/") or len(text.split()) > TIME_ONLY_MAX_WORDS or intent in TIME_FOLLOW_UPS | {"forecast_file"}:
        return intent
    if confidence >= 0.9 and intent not in ("out_of_scope", "nlu_fallback", "other_question"):
        return intent
    if find_span(text, today) is None:
        return intent
    if topic in TIME_FOLLOW_UPS:
        return topic
    return "forecast" if intent in ("out_of_scope", "nlu_fallback", "other_question") else intent
