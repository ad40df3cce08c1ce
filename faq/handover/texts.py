"""What the hand-over says outside the conversation: the mail to the office and the chat messages the
worker delivers. Chat texts in German and English (the office's own words are never translated)."""

from __future__ import annotations

CHAT = {
    "answer": {
        "de": "📬 Antwort von {office} zu Ihrer Anfrage {reference}:\n\n{text}\n\n"
              "Haben Sie noch Fragen? Schreiben Sie mir einfach.",
        "en": "📬 Answer from {office} to your request {reference} (in the office's own words):\n\n{text}\n\n"
              "Any more questions? Just write to me.",
    },
    "closed": {
        "de": "Ihre Anfrage {reference} ist abgeschlossen.",
        "en": "Your request {reference} has been closed.",
    },
}


def chat(key: str, lang: str, **values: object) -> str:
    return CHAT[key]["en" if lang == "en" else "de"].format(**values)


MAIL_SUBJECT = "[{reference}] Anfrage über den Nachbarbot NRW{where}: {excerpt}"
REMINDER_SUBJECT = "Erinnerung: [{reference}] Anfrage über den Nachbarbot NRW wartet seit {days} Arbeitstagen"

MAIL_BODY = """\
Guten Tag,

über den Nachbarbot NRW ist eine Frage eingegangen, die der Bot nicht beantworten konnte. Sie wurde an
{office} weitergeleitet.

Vorgangsnummer: {reference}
Eingegangen:    {created} Uhr
Ort:            {place}
Einrichtung:    {facility}
Thema:          {topic}
Sprache:        {lang}
Warum Sie:      {reason}
Kontakt:        {contact}

Frage:
{question}

Die letzten Nachrichten im Chat (pseudonymisiert):
{transcript}

So antworten Sie: Antworten Sie einfach auf diese E-Mail. Ihr Text (ohne das Zitat) erscheint
wörtlich im Chat der Person, zusammen mit der Vorgangsnummer und dem Namen Ihrer Behörde.
Bitte lassen Sie die Vorgangsnummer im Betreff stehen. Nur Antworten von {office_email} werden
weitergegeben.
{demo}
--
Nachbarbot NRW · automatisch erzeugte Nachricht
"""

REMINDER_BODY = """\
Guten Tag,

die Anfrage {reference} wartet seit {days} Arbeitstagen auf eine Antwort.

Frage:
{question}

Bitte antworten Sie auf die ursprüngliche E-Mail oder auf diese Erinnerung; die Vorgangsnummer im
Betreff ordnet Ihre Antwort zu.

--
Nachbarbot NRW · automatisch erzeugte Nachricht
"""

DEMO_NOTE = "\nHinweis: Diese Behördenadresse gehört zum erfundenen Beispieldatensatz (nur zur Vorführung).\n"

TOPIC_NAMES = {"zuweisung": "Zuweisung, Aufnahmequote, Zuweisungsschlüssel", "akquise": "Angebot einer Liegenschaft",
               "einrichtung": "Landeseinrichtung vor Ort", "allgemein": "allgemeine Frage"}
