"""`nachbarbot tickets`: hand-overs on the command line, for operators and scripts. The same service
functions as the reply mail and the admin, so an answer given here reaches the resident's chat."""

from __future__ import annotations

import argparse
import sys

from faq.handover.tickets import STATES


def register_ticket_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tickets", help="hand-overs: list, show, answer, close")
    tsub = p.add_subparsers(dest="tickets_command", required=True)
    q = tsub.add_parser("list", help="list tickets")
    q.add_argument("--office", help="office code, e.g. br-koeln")
    q.add_argument("--state", choices=STATES)
    q = tsub.add_parser("show", help="show one ticket with its answers")
    q.add_argument("reference", help="e.g. NB-2026-000123")
    q = tsub.add_parser("answer", help="answer a ticket; the text is read from standard input")
    q.add_argument("reference")
    q.add_argument("--author", default="", help="who answers (shown to staff, not to the resident)")
    q = tsub.add_parser("close", help="close a ticket")
    q.add_argument("reference")
    p.set_defaults(func=cmd_tickets)


def cmd_tickets(args: argparse.Namespace) -> int:
    from faq import db
    from faq.handover import tickets

    command = args.tickets_command
    try:
        if command == "list":
            with db.session() as s:
                rows = tickets.listing(s, office=args.office, state=args.state)
                for t in rows:
                    question = " ".join(t.question.split())
                    print(f"{t.reference}  {t.status:<8}  {t.created_at:%Y-%m-%d %H:%M}  {t.office_code or '-':<14}  "
                          f"{question[:60]}")
                if not rows:
                    print("keine Anfragen")
            return 0
        if command == "show":
            with db.session() as s:
                print(describe(tickets.require(s, args.reference)))
            return 0
        if command == "answer":
            text = sys.stdin.read()
            with db.session() as s:
                tickets.answer(s, args.reference, text, source="cli", author=args.author)
            print(f"Antwort zu {args.reference.upper()} gespeichert; sie wird der Person zugestellt.")
            return 0
        if command == "close":
            with db.session() as s:
                tickets.close(s, args.reference)
            print(f"{args.reference.upper()} abgeschlossen.")
            return 0
    except tickets.TicketError as exc:
        print(f"nachbarbot tickets: {exc}", file=sys.stderr)
        return 1
    return 2


def describe(t) -> str:  # noqa: ANN001
    lines = [f"{t.reference} ({t.status})", f"  eingegangen: {t.created_at:%Y-%m-%d %H:%M} UTC",
             f"  an:          {t.office.name if t.office else '-'} ({t.office_code or '-'})",
             f"  warum:       {t.routing_reason}", f"  Thema:       {t.topic}",
             f"  Ort (AGS):   {t.ags or '-'}   Regierungsbezirk: {t.rb_code or '-'}",
             f"  Sprache:     {t.lang}", f"  Kontakt:     {t.contact or '-'}",
             f"  Antwortweg:  {t.reply_channel or '-'}", "  Frage:", "    " + t.question.replace("\n", "\n    ")]
    for a in t.answers:
        lines += [f"  Antwort ({a.source}, {a.created_at:%Y-%m-%d %H:%M} UTC, {a.author or '-'}):",
                  "    " + a.text.replace("\n", "\n    ")]
    return "\n".join(lines)
