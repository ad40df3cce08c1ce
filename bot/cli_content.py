"""`nachbarbot export TABLE FILE` and `nachbarbot import TABLE FILE`: content tables as CSV or Excel, the
format from the file's ending. The same service as the web admin (faq.spreadsheets)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from faq.spreadsheets import SHEETS


def register_content_commands(sub: argparse._SubParsersAction) -> None:
    tables = ", ".join(SHEETS)
    p = sub.add_parser("export", help=f"write a content table to FILE (.csv or .xlsx); tables: {tables}")
    p.add_argument("table", choices=list(SHEETS))
    p.add_argument("file")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", help="read a content table from FILE (.csv or .xlsx): all rows valid, or nothing "
                                      "is written")
    p.add_argument("table", choices=list(SHEETS))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check and count only, write nothing")
    p.set_defaults(func=cmd_import)


def cmd_export(args: argparse.Namespace) -> int:
    from faq import db, spreadsheets

    try:
        with db.session() as s:
            data = spreadsheets.export(s, args.table, args.file)
    except spreadsheets.SheetError as exc:
        print(f"nachbarbot export: {exc}", file=sys.stderr)
        return 1
    Path(args.file).write_bytes(data)
    print(f"{args.table} nach {args.file} geschrieben.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from faq import db, spreadsheets

    path = Path(args.file)
    if not path.exists():
        print(f"nachbarbot import: {path} gibt es nicht.", file=sys.stderr)
        return 1
    with db.session() as s:
        result = spreadsheets.import_rows(s, args.table, path.name, path.read_bytes(), dry_run=args.dry_run)
        if not result.ok:
            s.rollback()
    if not result.ok:
        print(f"{len(result.problems)} Problem(e) in {path.name}; es wurde nichts geändert:", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    verb = "würden" if args.dry_run else "wurden"
    print(f"{args.table}: {result.created} neu, {result.updated} geändert, {result.unchanged} unverändert "
          f"({verb} übernommen).")
    return 0
