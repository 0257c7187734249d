"""The handoff service and its administration.

    python -m wegwijzer.handoff serve [--port 8090] [--host 127.0.0.1]
    python -m wegwijzer.handoff keys      (a new key pair for sealed contact details, base64)
    python -m wegwijzer.handoff add-advisor USERNAME --name "Sanne" [--role adviseur|coordinator] [--password-stdin]
        (without a terminal, --password-stdin is required: the password is the first line of stdin)
    python -m wegwijzer.handoff list-advisors
    python -m wegwijzer.handoff deactivate-advisor USERNAME
    python -m wegwijzer.handoff purge [--days N]

Settings come from .env (see .env.example, HANDOFF_*). The database is
HANDOFF_DATABASE_URL, by default a SQLite file in DATA_DIR.
"""
from __future__ import annotations

import argparse
import getpass
import logging
import sys
from dataclasses import replace
from typing import Optional

from sqlalchemy import delete, select

from wegwijzer import settings
from wegwijzer.handoff import auth, crypto
from wegwijzer.handoff.config import load_config
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.models import ROLES, Advisor, DeskSession
from wegwijzer.handoff.retention import purge


def _serve(args, config) -> int:
    from wegwijzer.secret_check import require_strong

    require_strong("HANDOFF_API_TOKEN", "RASA_AUTH_TOKEN", "HANDOFF_WEBHOOK_TOKEN")
    if args.port:
        config = replace(config, port=args.port)
    if not config.api_token:
        # Never Rasa's token instead: the action server gets a token of its own (the launcher makes one per run).
        print("WARNING: HANDOFF_API_TOKEN is not set: the desk refuses the action server's calls "
              "(a handoff then gives the AKJ routes).", file=sys.stderr)
    from wegwijzer.handoff.responses import allowed_networks
    from wegwijzer.handoff.service import serve

    try:
        allowed_networks(config.allowed_ips)
        crypto.desk_private_key(config)  # made at the first start; the others seal with its public key
    except (crypto.KeyProblem, ValueError) as problem:
        print(f"Refusing to start: {problem}.", file=sys.stderr)
        return 2
    serve(config, host=args.host)
    return 0


def _keys(args, config) -> int:
    private, public = crypto.new_key_pair()
    print("# Contact details are sealed with the public key and opened by the desk with the private key.\n"
          "# Give HANDOFF_PUBLIC_KEY to Rasa and the action servers, HANDOFF_PRIVATE_KEY to the desk only.\n"
          f"HANDOFF_PUBLIC_KEY={public}\nHANDOFF_PRIVATE_KEY={private}")
    return 0


def _has_terminal() -> bool:
    """getpass asks on /dev/tty; cron, systemd and `docker exec` without -t have none."""
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False


def _add_advisor(args, config) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not _has_terminal():
        # Without a terminal getpass falls back to stdin and ends in EOFError: say what to do instead.
        print("Geen terminal om het wachtwoord te vragen. Geef het via standaardinvoer met --password-stdin, bijvoorbeeld:\n"
              f"  printf '%s\\n' \"$WACHTWOORD\" | python -m wegwijzer.handoff add-advisor {args.username} "
              "--name NAAM --password-stdin", file=sys.stderr)
        return 2
    else:
        password = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
        if getpass.getpass("Nog een keer: ") != password:
            print("De wachtwoorden zijn niet gelijk.", file=sys.stderr)
            return 1
    try:
        with session_factory(config.database_url)() as session:
            advisor = auth.add_advisor(session, args.username, args.name, password, args.role)
    except ValueError as error:
        print(f"Niet gelukt: {error}.", file=sys.stderr)
        return 1
    print(f"Adviseur {advisor.username!r} ({advisor.display_name}, {advisor.role}) is toegevoegd.")
    return 0


def _list_advisors(args, config) -> int:
    with session_factory(config.database_url)() as session:
        for advisor in session.execute(select(Advisor).order_by(Advisor.username)).scalars():
            state = "actief" if advisor.active else "uitgeschakeld"
            print(f"{advisor.username}\t{advisor.display_name}\t{advisor.role}\t{state}")
    return 0


def _deactivate_advisor(args, config) -> int:
    with session_factory(config.database_url)() as session:
        advisor = session.execute(select(Advisor).where(Advisor.username == args.username.lower())).scalar_one_or_none()
        if advisor is None:
            print(f"Gebruiker {args.username!r} bestaat niet.", file=sys.stderr)
            return 1
        advisor.active = False
        session.execute(delete(DeskSession).where(DeskSession.advisor_id == advisor.id))
        session.commit()
    print(f"{args.username} kan niet meer inloggen.")
    return 0


def _purge(args, config) -> int:
    days = args.days if args.days is not None else config.retention_days
    conversations, questions = purge(config, days)
    print(f"Verwijderd (ouder dan {days} dagen): {conversations} gesprekken, {questions} vragen.")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wegwijzer.handoff", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the handoff service and advisor desk")
    serve.add_argument("--port", type=int, default=None, help="default: HANDOFF_PORT (8090)")
    serve.add_argument("--host", default=None, help="default: HANDOFF_BIND (127.0.0.1; nginx publishes the desk)")
    serve.set_defaults(run=_serve)
    commands.add_parser("keys", help="print a new key pair for sealed contact details").set_defaults(run=_keys)
    add = commands.add_parser("add-advisor", help="add an advisor who can log in to the desk")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="name the person sees, e.g. a first name")
    add.add_argument("--role", choices=ROLES, default=ROLES[0],
                     help="coordinator: may also read other advisors' conversations")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(run=_add_advisor)
    commands.add_parser("list-advisors", help="list advisors").set_defaults(run=_list_advisors)
    deactivate = commands.add_parser("deactivate-advisor", help="stop an advisor from logging in")
    deactivate.add_argument("username")
    deactivate.set_defaults(run=_deactivate_advisor)
    purge_command = commands.add_parser("purge", help="delete finished conversations and questions older than the retention period")
    purge_command.add_argument("--days", type=int, default=None, help="default: HANDOFF_RETENTION_DAYS (30)")
    purge_command.set_defaults(run=_purge)
    args = parser.parse_args(argv)
    logging.basicConfig(level=settings.LOG_LEVEL, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return args.run(args, load_config())


if __name__ == "__main__":
    raise SystemExit(main())
