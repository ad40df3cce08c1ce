"""`nachbarbot staff` (invite codes for municipal staff) and `nachbarbot forecast` (enter and publish the
Abgangsprognose). The same service functions as the chat and, later, the admin."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys


def register_staff_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("staff", help="municipal staff: invite codes, list, revoke")
    ssub = p.add_subparsers(dest="staff_command", required=True)
    q = ssub.add_parser("invite", help="print a one-time code and Telegram link for a municipality's staff")
    q.add_argument("ags", help="municipality key (8 digits), e.g. 05711000 for Bielefeld")
    q.add_argument("--note", default="", help="for whom (kept with the invite, e.g. 'Sozialamt, Frau M.')")
    q.add_argument("--days", type=int, default=None, help="valid for this many days (default STAFF_INVITE_DAYS or 14)")
    ssub.add_parser("list", help="list invites and whether they are bound")
    q = ssub.add_parser("revoke", help="revoke an invite and the binding it made")
    q.add_argument("id", type=int)
    p.set_defaults(func=cmd_staff)

    p = sub.add_parser("forecast", help="the Abgangsprognose: list, enter a month's figure, publish")
    fsub = p.add_subparsers(dest="forecast_command", required=True)
    fsub.add_parser("list", help="all months with their figures and publication state")
    q = fsub.add_parser("set", help="enter or correct a month's figure (stays unpublished)")
    q.add_argument("month", help="YYYY-MM")
    q.add_argument("allocations", type=int)
    q.add_argument("--demo", action="store_true", help="mark the figure as invented sample data")
    q = fsub.add_parser("publish", help="publish a month and tell the staff who want to know")
    q.add_argument("month", help="YYYY-MM")
    p.set_defaults(func=cmd_forecast)


def cmd_staff(args: argparse.Namespace) -> int:
    from faq import db, staff

    try:
        with db.session() as s:
            if args.staff_command == "invite":
                new = staff.invite(s, args.ags, note=args.note, days=args.days)
                print(f"Einladung {new.id} für {new.municipality} ({new.ags}), gültig bis {new.expires_at:%d.%m.%Y %H:%M} UTC")
                print(f"Code: {new.code}")
                print(f"Im Chat: /code {new.code}")
                username = os.environ.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@")
                if username:
                    print(f"Link:  {new.deep_link(username)}")
                else:
                    print("Link:  (TELEGRAM_BOT_USERNAME setzen, dann wird der t.me-Link mit ausgegeben)")
                print("Der Code gilt einmal. Bitte auf sicherem Weg weitergeben.")
            elif args.staff_command == "list":
                rows = staff.listing(s)
                for r in rows:
                    print(f"{r.id:>4}  {r.state:<10}  {'gebunden' if r.bound else '-':<8}  {r.ags}  {r.municipality:<24}  "
                          f"bis {r.expires_at:%Y-%m-%d}  {r.note}")
                if not rows:
                    print("keine Einladungen")
            elif args.staff_command == "revoke":
                row = staff.revoke(s, args.id)
                print(f"Einladung {row.id} widerrufen; eine damit freigeschaltete Person ist es nicht mehr.")
    except staff.StaffError as exc:
        print(f"nachbarbot staff: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_forecast(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from faq import db, forecasts, models as m

    try:
        with db.session() as s:
            if args.forecast_command == "list":
                for row in s.scalars(select(m.Forecast).order_by(m.Forecast.month)):
                    state = f"veröffentlicht am {row.published_on:%d.%m.%Y}" if row.published_on else "nicht veröffentlicht"
                    print(f"{row.month}  {row.allocations_nrw:>7}  {state}{'  (Beispieldaten)' if row.demo else ''}")
            elif args.forecast_command == "set":
                forecasts.enter(s, args.month, args.allocations, demo=args.demo)
                print(f"{args.month}: {args.allocations} eingetragen (noch nicht veröffentlicht).")
            elif args.forecast_command == "publish":
                told = forecasts.publish(s, args.month, dt.date.today())
                print(f"{args.month} veröffentlicht; {told} Mitarbeitende werden benachrichtigt.")
    except forecasts.ForecastError as exc:
        print(f"nachbarbot forecast: {exc}", file=sys.stderr)
        return 1
    return 0


def register_admin_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("admin", help="serve the web admin on ADMIN_HOST:ADMIN_PORT (default 127.0.0.1:8080)")
    p.set_defaults(func=cmd_admin)
    p = sub.add_parser("users", help="accounts of the web admin: add, list, password")
    usub = p.add_subparsers(dest="users_command", required=True)
    q = usub.add_parser("add", help="create an account; the password is read from standard input")
    q.add_argument("name")
    q.add_argument("--role", choices=("admin", "editor"), required=True)
    q.add_argument("--regierungsbezirk", metavar="CODE", help="editors: 051, 053, 055, 057 or 059 (default: all NRW)")
    usub.add_parser("list", help="list the accounts")
    q = usub.add_parser("password", help="set a new password, read from standard input")
    q.add_argument("name")
    p.set_defaults(func=cmd_users)


def _read_password() -> str:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Passwort: ")
        if getpass.getpass("Noch einmal: ") != first:
            raise SystemExit("nachbarbot users: die Passwörter stimmen nicht überein")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_users(args: argparse.Namespace) -> int:
    from faq import accounts, db

    try:
        if args.users_command == "add":
            password = _read_password()
            with db.session() as s:
                account = accounts.add(s, args.name, password, args.role, args.regierungsbezirk)
            where = f", Regierungsbezirk {account.rb_code}" if account.rb_code else (", ganz NRW" if account.role == "editor" else "")
            print(f"Konto {account.username} angelegt ({account.role}{where}).")
        elif args.users_command == "password":
            password = _read_password()
            with db.session() as s:
                accounts.set_password(s, args.name, password)
            print(f"Passwort von {args.name} geändert.")
        else:
            with db.session() as s:
                for row in accounts.listing(s):
                    print(f"{row.username:<24} {row.role:<7} {row.rb_code or 'NRW':<4} "
                          f"{'aktiv' if row.active else 'gesperrt'}")
    except accounts.AccountError as exc:
        print(f"nachbarbot users: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_admin(args: argparse.Namespace) -> int:
    from admin.app import serve

    serve()
    return 0
