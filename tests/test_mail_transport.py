"""The mail plumbing against real servers on loopback: reading replies from a Dovecot IMAP server
(worker/imap.py), an SMTP server that can go down and come back (tests/mailservers.py), and understanding
replies as German and English mail clients write them (faq/handover/replies.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import aiosmtplib
import pytest
from imap_tools.errors import MailboxLoginError

from faq.handover.replies import find_reference, reply_text
from tests.mailservers import free_port, live_group_members
from tests.mailservers import smtp_sink, dovecot  # noqa: F401
from worker.imap import ImapConfig, fetch_unseen, html_to_text, mark_seen

BOT = "Nachbarbot NRW <nachbarbot@nachbarbot.invalid>"


def imap_config(server) -> ImapConfig:  # noqa: ANN001
    return ImapConfig(host=server.host, port=server.port, user=server.user, password=server.password, ssl=False)


def mail(subject: str, body: str, *, html: str | None = None, sender: str = "Erika Muster <erika@bezreg.example>",
         message_id: str | None = "<reply-1@bezreg.example>", **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = BOT
    msg["Subject"] = subject
    msg["Date"] = "Wed, 25 Nov 2026 10:15:00 +0100"
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    if html is None:
        msg.set_content(body)
    else:
        msg.set_content(html, subtype="html")
    return msg.as_bytes()


# --- IMAP: worker/imap.py against Dovecot ------------------------------------------------------------

def test_a_plain_text_reply_is_read_with_all_its_fields(dovecot):  # noqa: F811
    subject = ("AW: [NB-2026-000123] Anfrage über den Nachbarbot NRW (Köln-Porz): Wie lange bleibt die "
               "Notunterkunft in der Turnhalle geöffnet? Übergangslösung für Familien")
    body = "Guten Tag,\n\ndie Turnhalle bleibt bis zum 31. März geöffnet. Schöne Grüße aus Köln-Mülheim!\n"
    dovecot.append(mail(subject, body, sender="Erika Müller-Lüdenscheidt <Erika.Mueller@BezReg-Koeln.NRW.de>",
                        In_Reply_To="<NB-2026-000123.mail@nachbarbot.invalid>",
                        References="<NB-2026-000123.mail@nachbarbot.invalid> "
                                   "<NB-2026-000123.reminder-3fa2c1@nachbarbot.invalid>"))

    [got] = fetch_unseen(imap_config(dovecot))

    assert got.uid == "1"
    assert got.message_id == "<reply-1@bezreg.example>"
    assert got.from_addr == "erika.mueller@bezreg-koeln.nrw.de"
    assert got.subject == subject
    assert got.in_reply_to == "<NB-2026-000123.mail@nachbarbot.invalid>"
    assert got.references == ("<NB-2026-000123.mail@nachbarbot.invalid>",
                              "<NB-2026-000123.reminder-3fa2c1@nachbarbot.invalid>")
    assert got.text.strip() == body.strip()
    assert got.received == datetime(2026, 11, 25, 10, 15, tzinfo=timezone(timedelta(hours=1)))


HTML_REPLY = """\
<html><head><style>p { font-family: Calibri; }</style></head><body>
<p class=MsoNormal>Guten Tag,</p>
<p class=MsoNormal>die Unterkunft in K&ouml;ln-Porz bleibt bis Ende 2027 in Betrieb.<br>
Mehr dazu auf <a href="https://www.bezreg-koeln.nrw.de/unterkunft">unserer Seite</a>.</p>
<ul><li>Sprechstunde: montags&nbsp;9–12 Uhr</li><li>Anmeldung nicht nötig</li></ul>
<p class=MsoNormal>Mit freundlichen Grüßen<br>Erika Muster</p>
<div style="border-top:solid #E1E1E1 1.0pt"><p class=MsoNormal><b>Von:</b> Nachbarbot NRW
&lt;nachbarbot@nachbarbot.invalid&gt;<br><b>Gesendet:</b> Mittwoch, 25. November 2026 10:00<br>
<b>An:</b> Dezernat 20<br><b>Betreff:</b> [NB-2026-000123] Anfrage</p></div>
<blockquote><p>Wie lange bleibt die Unterkunft?</p></blockquote>
<script>document.write("nicht sichtbar")</script>
</body></html>"""


def test_an_html_only_reply_becomes_readable_text(dovecot):  # noqa: F811
    dovecot.append(mail("AW: [NB-2026-000123] Anfrage über den Nachbarbot NRW", "", html=HTML_REPLY))

    [got] = fetch_unseen(imap_config(dovecot))

    assert got.text == (
        "Guten Tag,\n\n"
        "die Unterkunft in Köln-Porz bleibt bis Ende 2027 in Betrieb.\n"
        "Mehr dazu auf unserer Seite (https://www.bezreg-koeln.nrw.de/unterkunft).\n\n"
        "- Sprechstunde: montags 9–12 Uhr\n"
        "- Anmeldung nicht nötig\n\n"
        "Mit freundlichen Grüßen\nErika Muster\n\n"
        "Von: Nachbarbot NRW <nachbarbot@nachbarbot.invalid>\n"
        "Gesendet: Mittwoch, 25. November 2026 10:00\n"
        "An: Dezernat 20\n"
        "Betreff: [NB-2026-000123] Anfrage\n\n"
        "> Wie lange bleibt die Unterkunft?")
    assert reply_text(got.text) == (
        "Guten Tag,\n\n"
        "die Unterkunft in Köln-Porz bleibt bis Ende 2027 in Betrieb.\n"
        "Mehr dazu auf unserer Seite (https://www.bezreg-koeln.nrw.de/unterkunft).\n\n"
        "- Sprechstunde: montags 9–12 Uhr\n"
        "- Anmeldung nicht nötig")
    assert find_reference(got.subject, got.text, got.in_reply_to, got.references) == "NB-2026-000123"


def test_html_blockquotes_become_quoted_lines():
    text = html_to_text('<div dir="ltr">Ja.<div><br></div><div>Max</div></div><div class="gmail_quote">'
                        '<div class="gmail_attr">Am Mi., 25. Nov. 2026 um 10:00 Uhr schrieb Nachbarbot NRW:<br></div>'
                        '<blockquote class="gmail_quote"><div>Frage?</div><blockquote>Ältere</blockquote></blockquote>'
                        '</div>')
    assert text == ("Ja.\n\nMax\n"
                    "Am Mi., 25. Nov. 2026 um 10:00 Uhr schrieb Nachbarbot NRW:\n\n"
                    "> Frage?\n\n"
                    "> > Ältere")
    assert reply_text(text) == "Ja.\n\nMax"


def test_a_mail_without_message_id_gets_a_stable_one_from_its_bytes(dovecot):  # noqa: F811
    raw = mail("Frage", "Ohne Message-ID.\n", message_id=None).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    dovecot.append(raw)

    first = fetch_unseen(imap_config(dovecot))
    second = fetch_unseen(imap_config(dovecot))

    assert first[0].message_id == second[0].message_id == f"<sha256:{hashlib.sha256(raw).hexdigest()}@nachbarbot>"


def test_mails_stay_unseen_until_marked_seen(dovecot):  # noqa: F811
    cfg = imap_config(dovecot)
    for n in (1, 2, 3):
        dovecot.append(mail(f"Antwort {n}", f"Text {n}", message_id=f"<reply-{n}@bezreg.example>"))

    first = fetch_unseen(cfg)
    assert [m.subject for m in first] == ["Antwort 1", "Antwort 2", "Antwort 3"]  # oldest first
    assert [m.subject for m in fetch_unseen(cfg)] == ["Antwort 1", "Antwort 2", "Antwort 3"]  # reading is no marking
    assert [m.subject for m in fetch_unseen(cfg, limit=2)] == ["Antwort 1", "Antwort 2"]
    assert not any("\\Seen" in flags for flags in dovecot.flags().values())

    mark_seen(cfg, [first[0].uid, first[1].uid])
    assert [m.subject for m in fetch_unseen(cfg)] == ["Antwort 3"]
    flags = dovecot.flags()
    assert ["\\Seen" in flags[m.uid] for m in first] == [True, True, False]

    mark_seen(cfg, [])  # nothing to do
    mark_seen(cfg, [first[2].uid])
    assert fetch_unseen(cfg) == []
    assert len(dovecot.flags()) == 3  # marked, not deleted


def test_imap_errors_reach_the_caller(dovecot):  # noqa: F811
    wrong = ImapConfig(host=dovecot.host, port=dovecot.port, user=dovecot.user, password="wrong", ssl=False)
    with pytest.raises(MailboxLoginError):
        fetch_unseen(wrong)
    with pytest.raises(ConnectionRefusedError):
        fetch_unseen(ImapConfig(host="127.0.0.1", port=free_port(), user="bot", password="x", ssl=False))


def test_dovecot_can_be_down_for_a_while_and_leaves_no_process_behind(dovecot):  # noqa: F811
    cfg = imap_config(dovecot)
    dovecot.append(mail("Vor der Störung", "Text"))
    group = dovecot.proc.pid

    dovecot.stop(remove=False)
    assert live_group_members(group) == []
    with pytest.raises(ConnectionRefusedError):
        fetch_unseen(cfg)

    dovecot.start()
    assert [m.subject for m in fetch_unseen(cfg)] == ["Vor der Störung"]
    root, group = dovecot.root, dovecot.proc.pid
    dovecot.stop()
    assert live_group_members(group) == [] and not root.exists()


def test_imap_config_from_environment(monkeypatch):
    for name in ("IMAP_HOST", "IMAP_PORT", "IMAP_USER", "IMAP_PASSWORD", "IMAP_SSL"):
        monkeypatch.delenv(name, raising=False)
    assert ImapConfig.from_env() is None

    monkeypatch.setenv("IMAP_HOST", "imap.example.org")
    monkeypatch.setenv("IMAP_USER", "bot@example.org")
    monkeypatch.setenv("IMAP_PASSWORD", "secret")
    assert ImapConfig.from_env() == ImapConfig("imap.example.org", 993, "bot@example.org", "secret", ssl=True)
    monkeypatch.setenv("IMAP_SSL", "false")
    assert ImapConfig.from_env().port == 143
    assert ImapConfig.from_env().ssl is False
    monkeypatch.setenv("IMAP_SSL", "Yes")
    monkeypatch.setenv("IMAP_PORT", "10993")
    assert (ImapConfig.from_env().port, ImapConfig.from_env().ssl) == (10993, True)


# --- SMTP: the sink -----------------------------------------------------------------------------------

async def send(sink, subject: str) -> None:  # noqa: ANN001
    msg = EmailMessage()
    msg["From"] = BOT
    msg["To"] = "Dezernat 20 <dezernat20@bezreg.example>"
    msg["Subject"] = subject
    msg.set_content("Guten Tag,\n\nüber den Nachbarbot NRW ist eine Frage eingegangen.\n")
    await aiosmtplib.send(msg, hostname=sink.host, port=sink.port, start_tls=False, timeout=5)


async def test_the_smtp_sink_keeps_mails_and_can_be_down_for_a_while(smtp_sink):  # noqa: F811
    port = smtp_sink.port
    await send(smtp_sink, "[NB-2026-000123] Anfrage über den Nachbarbot NRW (Köln-Porz)")
    [msg] = smtp_sink.messages
    assert msg["Subject"] == "[NB-2026-000123] Anfrage über den Nachbarbot NRW (Köln-Porz)"
    assert "über den Nachbarbot NRW" in msg.get_content()
    assert smtp_sink.recipients == [["dezernat20@bezreg.example"]]

    smtp_sink.stop()
    with pytest.raises((aiosmtplib.SMTPConnectError, OSError)):
        await send(smtp_sink, "während der Störung")

    smtp_sink.start()
    assert smtp_sink.port == port
    await send(smtp_sink, "nach der Störung")
    assert [str(m["Subject"]) for m in smtp_sink.messages] == [
        "[NB-2026-000123] Anfrage über den Nachbarbot NRW (Köln-Porz)", "nach der Störung"]


# --- replies: faq/handover/replies.py -----------------------------------------------------------------

ORIGINAL = """\
Guten Tag,

über den Nachbarbot NRW ist eine Frage eingegangen, die der Bot nicht beantworten konnte. Sie wurde an
die Bezirksregierung Köln weitergeleitet.

Vorgangsnummer: NB-2026-000123
Ort:            Köln-Porz

Frage:
Wie lange bleibt die Notunterkunft in der Turnhalle noch geöffnet?

So antworten Sie: Antworten Sie einfach auf diese E-Mail. Ihr Text (ohne das Zitat) erscheint
wörtlich im Chat der Person, zusammen mit der Vorgangsnummer und dem Namen Ihrer Behörde.

-- 
Nachbarbot NRW · automatisch erzeugte Nachricht
"""


def quoted(text: str, prefix: str = "> ") -> str:
    return "\n".join((prefix + line).rstrip() for line in text.splitlines())


def ours(n: int, kind: str = "mail") -> str:
    return f"<NB-2026-{n:06d}.{kind}@nachbarbot.invalid>"


@dataclass(frozen=True)
class Reply:
    name: str
    subject: str
    body: str
    reference: str | None
    text: str
    in_reply_to: str = ""
    references: tuple[str, ...] = ()


REPLIES = [
    Reply("outlook_de", "AW: [NB-2026-000123] Anfrage über den Nachbarbot NRW (Köln-Porz): Wie lange …", f"""\
Sehr geehrte Damen und Herren,

die Notunterkunft in der Turnhalle Porz bleibt bis zum 31. März 2027 geöffnet. Danach wird die Halle
wieder für den Schulsport genutzt.

Mit freundlichen Grüßen
Im Auftrag

Erika Muster
Bezirksregierung Köln
Dezernat 20 – Flüchtlingsangelegenheiten
Tel.: +49 221 147-0

________________________________
Von: Nachbarbot NRW <nachbarbot@nachbarbot.invalid>
Gesendet: Mittwoch, 25. November 2026 10:00
An: Dezernat 20 <dezernat20@bezreg-koeln.nrw.de>
Betreff: [NB-2026-000123] Anfrage über den Nachbarbot NRW (Köln-Porz): Wie lange bleibt …

{ORIGINAL}""", "NB-2026-000123", """\
Sehr geehrte Damen und Herren,

die Notunterkunft in der Turnhalle Porz bleibt bis zum 31. März 2027 geöffnet. Danach wird die Halle
wieder für den Schulsport genutzt.""", in_reply_to=ours(123)),

    Reply("outlook_en", "RE: Erinnerung: [NB-2026-000124] Anfrage über den Nachbarbot NRW wartet seit 5 Arbeitstagen",
          f"""\
Hello,

we have forwarded your question to the City of Bochum, who runs the shelter. You will hear from them
within two weeks.

Kind regards,
John Smith
District Government Arnsberg

-----Original Message-----
From: Nachbarbot NRW <nachbarbot@nachbarbot.invalid>
Sent: Wednesday, November 25, 2026 10:00 AM
To: Dezernat 20 <dezernat20@bra.nrw.de>
Subject: Erinnerung: [NB-2026-000124] Anfrage über den Nachbarbot NRW wartet seit 5 Arbeitstagen

{ORIGINAL}""", "NB-2026-000124", """\
Hello,

we have forwarded your question to the City of Bochum, who runs the shelter. You will hear from them
within two weeks.""", in_reply_to=ours(124, "reminder-3fa2c1")),

    # lists, a "Hinweis: ... E-Mail" line and "Thanks," are answers, not signatures or disclaimers
    Reply("outlook_de_classic", "AW: [NB-2026-000125] Anfrage über den Nachbarbot NRW (Detmold)", f"""\
Guten Tag,

zu Ihrer Frage:
- Die Sprechstunde findet montags von 9 bis 12 Uhr statt.
- Eine Anmeldung ist nicht nötig.

Hinweis: Unterlagen können Sie auch per E-Mail an poststelle@bezreg-detmold.nrw.de senden.
Thanks, hello and welcome stehen auf dem Schild am Eingang.

Freundliche Grüße
i. A. Jan Beispiel

-----Ursprüngliche Nachricht-----
Von: Nachbarbot NRW [mailto:nachbarbot@nachbarbot.invalid]
Gesendet: Mittwoch, 25. November 2026 10:00
An: Dezernat 20
Betreff: [NB-2026-000125] Anfrage über den Nachbarbot NRW (Detmold)

{ORIGINAL}""", "NB-2026-000125", """\
Guten Tag,

zu Ihrer Frage:
- Die Sprechstunde findet montags von 9 bis 12 Uhr statt.
- Eine Anmeldung ist nicht nötig.

Hinweis: Unterlagen können Sie auch per E-Mail an poststelle@bezreg-detmold.nrw.de senden.
Thanks, hello and welcome stehen auf dem Schild am Eingang.""", references=(ours(125),)),

    Reply("thunderbird_de", "Re: [NB-2026-000126] Anfrage über den Nachbarbot NRW (Unna)", f"""\
Guten Tag,

die Landeseinrichtung in Unna-Massen nimmt derzeit keine weiteren Personen auf.

-- 
Bezirksregierung Arnsberg
Dezernat 20

Am 25.11.2026 um 10:00 schrieb Nachbarbot NRW:
{quoted(ORIGINAL)}
""", "NB-2026-000126", """\
Guten Tag,

die Landeseinrichtung in Unna-Massen nimmt derzeit keine weiteren Personen auf.""", in_reply_to=ours(126)),

    Reply("gmail_de", "Re: [NB-2026-000127] Anfrage über den Nachbarbot NRW", f"""\
Hallo,

ja, das Nachbarschaftsfest in der Einrichtung findet am 12. Juni statt. Alle sind willkommen.

Viele Grüße
Max Beispiel

Am Mi., 25. Nov. 2026 um 10:00 Uhr schrieb Nachbarbot NRW <
nachbarbot@nachbarbot.invalid>:

{quoted(ORIGINAL)}
""", "NB-2026-000127", """\
Hallo,

ja, das Nachbarschaftsfest in der Einrichtung findet am 12. Juni statt. Alle sind willkommen.""",
          in_reply_to=ours(127), references=(ours(127),)),

    Reply("gmail_en", "Re: [NB-2026-000128] Anfrage über den Nachbarbot NRW", f"""\
Hi,

The shelter will stay open until the end of March 2027.

Best regards,
Jane Doe

On Wed, Nov 25, 2026 at 10:00 AM Nachbarbot NRW <nachbarbot@nachbarbot.invalid>
wrote:

{quoted(ORIGINAL)}
""", "NB-2026-000128", "Hi,\n\nThe shelter will stay open until the end of March 2027.", in_reply_to=ours(128)),

    Reply("iphone_de", "AW: [NB-2026-000129] Anfrage über den Nachbarbot NRW", f"""\
Ja, ab Montag gibt es dort eine Sprechstunde.

Gesendet von meinem iPhone

> Am 25.11.2026 um 10:00 schrieb Nachbarbot NRW <nachbarbot@nachbarbot.invalid>:
>
{quoted(ORIGINAL)}
""", "NB-2026-000129", "Ja, ab Montag gibt es dort eine Sprechstunde.", in_reply_to=ours(129)),

    Reply("iphone_en", "Re: [NB-2026-000130] Anfrage über den Nachbarbot NRW", f"""\
Yes, from Monday on.

Sent from my iPhone

> On 25 Nov 2026, at 10:00, Nachbarbot NRW <nachbarbot@nachbarbot.invalid> wrote:
>
{quoted(ORIGINAL)}
""", "NB-2026-000130", "Yes, from Monday on.", in_reply_to=ours(130)),

    # top-posting above the full earlier thread, quoted twice over
    Reply("top_posting_full_quote", "Re: [NB-2026-000131] Anfrage über den Nachbarbot NRW", f"""\
Guten Tag,

die Turnhalle wird ab dem 1. Februar wieder vom Sportverein genutzt. Die Bewohnerinnen und Bewohner
ziehen in die Unterkunft an der Hauptstraße um.

Am 26.11.2026 um 09:12 schrieb Klaus Schmidt:
> Kannst du das bitte beantworten?
>
> Am 25.11.2026 um 10:00 schrieb Nachbarbot NRW:
{quoted(ORIGINAL, "> > ")}
""", "NB-2026-000131", """\
Guten Tag,

die Turnhalle wird ab dem 1. Februar wieder vom Sportverein genutzt. Die Bewohnerinnen und Bewohner
ziehen in die Unterkunft an der Hauptstraße um.""", in_reply_to=ours(131)),

    # the office's client left out the quote and the reference: only In-Reply-To says which ticket
    Reply("in_reply_to_only", "AW: Ihre Anfrage", """\
Guten Tag,

die Zuweisung richtet sich nach dem Flüchtlingsaufnahmegesetz; für Ihre Gemeinde sind 2027 keine
weiteren Plätze geplant.

Mit freundlichen Grüßen
Bezirksregierung Münster
""", "NB-2026-000132", """\
Guten Tag,

die Zuweisung richtet sich nach dem Flüchtlingsaufnahmegesetz; für Ihre Gemeinde sind 2027 keine
weiteren Plätze geplant.""", in_reply_to=ours(132)),

    # subject changed, In-Reply-To is the office's own mail; webmail header block ("Gesendet:" first)
    Reply("subject_changed", "Unterkunft Porz – Antwort auf Ihre Frage", f"""\
Guten Tag,

die Unterkunft schließt zum 30. April 2027.

Beste Grüße aus Köln
Petra Beispiel

Gesendet: Mittwoch, 25. November 2026 um 10:00 Uhr
Von: "Nachbarbot NRW" <nachbarbot@nachbarbot.invalid>
An: dezernat20@bezreg-koeln.nrw.de
Betreff: [NB-2026-000133] Anfrage über den Nachbarbot NRW (Köln-Porz)

{ORIGINAL}""", "NB-2026-000133", "Guten Tag,\n\ndie Unterkunft schließt zum 30. April 2027.",
          in_reply_to="<AM0PR01MB1234.eurprd01.prod.outlook.com>",
          references=(ours(133), "<AM0PR01MB1234.eurprd01.prod.outlook.com>")),

    # forwarded inside the office, then answered: the forward broke the threading headers
    Reply("aw_wg", "AW: WG: [NB-2026-000134] Anfrage über den Nachbarbot NRW (Bielefeld): Gibt es Deutschkurse?",
          f"""\
Guten Tag,

ja, in der ZUE Bielefeld gibt es Deutschkurse für Bewohnerinnen und Bewohner, auch für Kinder.

*Beste Grüße*
Petra Beispiel

*Von:* Schmidt, Klaus <klaus.schmidt@brdt.nrw.de>
*Gesendet:* Donnerstag, 26. November 2026 08:12
*An:* Beispiel, Petra <petra.beispiel@brdt.nrw.de>
*Betreff:* WG: [NB-2026-000134] Anfrage über den Nachbarbot NRW (Bielefeld): Gibt es Deutschkurse?

Kannst du das bitte beantworten?

-----Ursprüngliche Nachricht-----
Von: Nachbarbot NRW <nachbarbot@nachbarbot.invalid>
Gesendet: Mittwoch, 25. November 2026 10:00
Betreff: [NB-2026-000134] Anfrage über den Nachbarbot NRW (Bielefeld): Gibt es Deutschkurse?

{ORIGINAL}""", "NB-2026-000134",
          "Guten Tag,\n\nja, in der ZUE Bielefeld gibt es Deutschkurse für Bewohnerinnen und Bewohner, "
          "auch für Kinder."),

    # answers between the quoted lines; the reference only in the quote, in lower case
    Reply("inline_answers", "Re: Frage", f"""\
Am 25.11.2026 um 10:00 schrieb Nachbarbot NRW:
> Vorgangsnummer: nb-2026-000135
>
> Frage:
> Wie lange bleibt die Notunterkunft geöffnet? Und gibt es ein Sommerfest?

Die Notunterkunft bleibt bis Ende März 2027 geöffnet.

> So antworten Sie: Antworten Sie einfach auf diese E-Mail.

Ein Sommerfest ist für Juni geplant.

Viele Grüße
Erika Muster
""", "NB-2026-000135",
          "Die Notunterkunft bleibt bis Ende März 2027 geöffnet.\n\nEin Sommerfest ist für Juni geplant."),

    Reply("outlook_mobile_en", "RE: [NB-2026-000136] Anfrage über den Nachbarbot NRW (Dortmund)", f"""\
Hello,
Thanks, we received your question. The shelter in Dortmund will close on 30 April 2027.

Get Outlook for iOS<https://aka.ms/o0ukef>
________________________________
From: Nachbarbot NRW <nachbarbot@nachbarbot.invalid>
Sent: Wednesday, November 25, 2026 10:00:00 AM
To: Dezernat 20 <dezernat20@bra.nrw.de>
Subject: [NB-2026-000136] Anfrage über den Nachbarbot NRW (Dortmund)

{ORIGINAL}""", "NB-2026-000136",
          "Hello,\nThanks, we received your question. The shelter in Dortmund will close on 30 April 2027.",
          in_reply_to=ours(136)),

    Reply("nothing_new", "AW: [NB-2026-000137] Anfrage über den Nachbarbot NRW", f"""\
Mit freundlichen Grüßen
Erika Muster

Am 25.11.2026 um 10:00 schrieb Nachbarbot NRW:
{quoted(ORIGINAL)}
""", "NB-2026-000137", "", in_reply_to=ours(137)),

    Reply("no_reference", "Frage zur Unterkunft", "Wann ist die Sprechstunde?\r\n\r\nGruß\r\nK. Meier\r\n",
          None, "Wann ist die Sprechstunde?"),
]


@pytest.mark.parametrize("case", REPLIES, ids=[r.name for r in REPLIES])
def test_replies_as_mail_clients_write_them(case: Reply):
    assert find_reference(case.subject, case.body, case.in_reply_to, case.references) == case.reference
    assert reply_text(case.body) == case.text


def test_the_reference_comes_from_the_threading_headers_first():
    assert find_reference("AW: [NB-2026-000001]", "NB-2026-000003", ours(2)) == "NB-2026-000002"
    assert find_reference("AW: [NB-2026-000001]", "NB-2026-000003", "<x@y>", ("<a@b>", ours(4))) == "NB-2026-000004"
    assert find_reference("AW: [nb-2026-000001]", "NB-2026-000003") == "NB-2026-000001"
    assert find_reference("Re: Frage", "siehe Vorgang NB-2026-000003.") == "NB-2026-000003"
    assert find_reference("NB-2026-0000012 XNB-2026-000001", "NB-26-000001") is None
    assert find_reference("", "") is None


def test_empty_replies():
    assert reply_text("") == ""
    assert reply_text("  \r\n\r\n  ") == ""
    assert reply_text(quoted(ORIGINAL)) == ""

