"""The handoff's parts without servers: understanding answers, the summary and
what it leaves out, availability and the wait estimate, logins, the CLI."""
from __future__ import annotations

import base64
import io
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from conftest import ROOT, VENV_BIN, rasa_env
from wegwijzer.handoff import __main__ as handoff_cli
from wegwijzer.handoff import auth, crypto
from wegwijzer.handoff.answers import consent_choice, contact_choice
from wegwijzer.handoff.availability import estimate_wait_minutes, free_places, office_hours_text, office_open
from wegwijzer.handoff.config import load_config
from wegwijzer.handoff.db import session_factory
from wegwijzer.handoff.models import Advisor
from wegwijzer.handoff.summary import build_summary, language_of, transcript_from_events

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.parametrize("text, choice", [
    ("Ja, de samenvatting en het gesprek", "alles"),
    ("ja hoor", "alles"),
    ("oké prima", "alles"),
    ("Alleen de samenvatting", "samenvatting"),
    ("ja maar alleen de samenvatting", "samenvatting"),
    ("Niets delen", "niets"),
    ("nee liever niet", "niets"),
    ("Toch geen gesprek", "annuleren"),
    ("laat maar", "annuleren"),
    ("wat bedoel je?", None),
    ("", None),
])
def test_consent_answers_in_own_words(text, choice):
    assert consent_choice(text) == choice


@pytest.mark.parametrize("text, kind, value", [
    ("06 12345678", "telefoon", "+31 6 12345678"),
    ("bel me op 030-1234567 graag", "telefoon", "+31 30 123 4567"),
    ("mail naar Ouder@Example.nl", "email", "Ouder@example.nl"),
    ("Nee, liever geen contact", "geen", None),
    ("bel me maar", "onduidelijk", None),
    ("12345", "onduidelijk", None),
])
def test_contact_answers(text, kind, value):
    assert contact_choice(text) == (kind, value)


def user(text: str, intent: str = "faq", timestamp: float = 1.0) -> dict:
    return {"event": "user", "text": text, "timestamp": timestamp, "parse_data": {"intent": {"name": intent}}}


def test_summary_uses_triage_slots_and_never_names():
    events = [
        user("hoi", "groet"),
        user("Ik ben Jan de Vries, mijn zoon heeft een OTS en de gezinsvoogd belt nooit terug, 06-12345678"),
        {"event": "bot", "text": "Een OTS is ...", "timestamp": 2.0},
        user("ik wil een mens spreken", "mens_spreken"),
    ]
    slots = {"rol": "ouder", "maatregel": "ots", "gemeente": "Amersfoort", "hulpvraag": None, "naam": "Jan"}
    summary = build_summary(slots, events)
    assert summary["rol"] == "ouder" and summary["kader"] == "gedwongen" and summary["gemeente"] == "Amersfoort"
    assert "gezinsvoogd belt nooit terug" in summary["vraag"], "the question is the last message about the situation"
    assert "Jan" not in str(summary) and "12345678" not in str(summary)
    assert set(summary) <= {"rol", "kader", "maatregel", "gemeente", "behoefte", "vraag"}


def test_no_measure_means_voluntary_and_unknown_fields_are_left_out():
    summary = build_summary({"maatregel": "geen"}, [])
    assert summary == {"kader": "vrijwillig", "maatregel": "geen"}


def test_transcript_redacts_the_person_but_keeps_the_assistant():
    events = [user("mail me op ouder@example.nl"), {"event": "bot", "text": "Bel het AKJ: 088-5551000"},
              {"event": "action", "name": "action_listen"}]
    transcript = transcript_from_events(events)
    assert [m["author"] for m in transcript] == ["persoon", "assistent"]
    assert "ouder@example.nl" not in transcript[0]["text"]
    assert "088-5551000" in transcript[1]["text"]


def test_office_hours_in_amsterdam_time():
    hours = "ma-vr 09:00-17:00"
    assert office_open(hours, datetime(2026, 11, 23, 10, 0, tzinfo=AMSTERDAM))  # Monday
    assert not office_open(hours, datetime(2026, 11, 23, 17, 0, tzinfo=AMSTERDAM))
    assert not office_open(hours, datetime(2026, 11, 22, 10, 0, tzinfo=AMSTERDAM))  # Sunday
    assert office_open("24/7", datetime(2026, 11, 22, 3, 0, tzinfo=AMSTERDAM))
    assert not office_open("", datetime(2026, 11, 23, 10, 0, tzinfo=AMSTERDAM)), "empty: never open"
    assert not office_open("ma-vr 9-17", datetime(2026, 11, 23, 10, 0, tzinfo=AMSTERDAM)), "invalid: closed"
    assert office_hours_text(hours) == "maandag tot en met vrijdag, 9.00 tot 17.00 uur"


def test_wait_estimate():
    assert free_places([0, 2, 1], chats_per_advisor=2) == 3
    assert estimate_wait_minutes(waiting_ahead=0, free=1, advisors=1, avg_chat_minutes=10) == 1
    assert estimate_wait_minutes(waiting_ahead=1, free=1, advisors=1, avg_chat_minutes=10) == 10
    assert estimate_wait_minutes(waiting_ahead=4, free=0, advisors=2, avg_chat_minutes=10) == 30


@pytest.fixture
def handoff_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HANDOFF_DATABASE_URL", raising=False)
    monkeypatch.delenv("HANDOFF_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("HANDOFF_PRIVATE_KEY", raising=False)
    return load_config()


def test_passwords_are_hashed_and_logins_checked(handoff_env):
    with session_factory(handoff_env.database_url)() as session:
        with pytest.raises(ValueError, match="12 tekens"):
            auth.add_advisor(session, "kort", "Kort", "te-kort")
        advisor = auth.add_advisor(session, "Sanne", "Sanne", "een lang wachtwoord")
        assert advisor.password_hash.startswith("$argon2")
        assert auth.check_password(session, "sanne", "een lang wachtwoord").id == advisor.id
        assert auth.check_password(session, "sanne", "fout wachtwoord!") is None
        assert auth.check_password(session, "onbekend", "een lang wachtwoord") is None
        token = auth.start_session(session, advisor, hours=1)
        assert auth.advisor_for_token(session, token).id == advisor.id
        assert auth.advisor_for_token(session, token + "x") is None
        auth.end_session(session, token)
        assert auth.advisor_for_token(session, token) is None


def test_login_throttle_blocks_guessing_per_user():
    throttle = auth.LoginThrottle(attempts=3, window=60)
    for _ in range(3):
        throttle.failed("user:sanne")
    assert throttle.blocked("user:sanne") and not throttle.blocked("user:pieter")
    throttle.succeeded("user:sanne")
    assert not throttle.blocked("user:sanne")


def test_login_throttle_per_address_counts_every_user_name():
    throttle = auth.LoginThrottle(attempts=4, window=60)
    for name in ("anna", "bram", "coby", "dirk"):
        throttle.failed("address:203.0.113.5")
    assert throttle.blocked("address:203.0.113.5") and not throttle.blocked("address:203.0.113.9")


def test_contact_details_are_sealed_for_the_desk_only(handoff_env):
    with pytest.raises(crypto.KeyProblem, match="HANDOFF_PUBLIC_KEY"):
        crypto.encrypt(handoff_env, "+31 6 12345678")  # no key yet: never stored readable instead
    private = crypto.desk_private_key(handoff_env)  # the desk makes the pair at its first start
    assert (handoff_env.data_dir / crypto.PRIVATE_KEY_FILE).stat().st_mode & 0o077 == 0, "private key: owner only"
    token = crypto.encrypt(handoff_env, "+31 6 12345678")  # with the public key file alone
    assert "12345678" not in token and crypto.is_genuine(token)
    assert crypto.decrypt(private, token) == "+31 6 12345678"
    assert crypto.desk_private_key(handoff_env).encode() == private.encode(), "made once"
    # Another key, or a value from before the sealed format (Fernet), is not readable, without a crash.
    other_private, other_public = crypto.new_key_pair()
    foreign = crypto.encrypt(replace(handoff_env, public_key=other_public), "+31 6 99999999")
    assert crypto.decrypt(private, foreign) == crypto.UNREADABLE
    assert crypto.decrypt(private, "gAAAAABoldfernettoken==") == crypto.UNREADABLE


def test_desk_refuses_a_public_key_that_is_not_its_own(handoff_env, monkeypatch):
    private, public = crypto.new_key_pair()
    _, other_public = crypto.new_key_pair()
    with pytest.raises(crypto.KeyProblem, match="HANDOFF_PRIVATE_KEY is not"):
        crypto.desk_private_key(replace(handoff_env, public_key=public))
    monkeypatch.setenv("HANDOFF_PRIVATE_KEY", private)
    assert crypto.desk_private_key(replace(handoff_env, public_key=public))
    with pytest.raises(crypto.KeyProblem, match="does not belong"):
        crypto.desk_private_key(replace(handoff_env, public_key=other_public))
    monkeypatch.setenv("HANDOFF_PRIVATE_KEY", "change-me")
    with pytest.raises(crypto.KeyProblem, match="HANDOFF_PRIVATE_KEY"):
        crypto.desk_private_key(handoff_env)


def test_cli_prints_a_key_pair_that_fits(handoff_env, tmp_path):
    result = subprocess.run([str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "keys"], cwd=ROOT, env=rasa_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    keys = dict(line.split("=", 1) for line in result.stdout.splitlines() if line.startswith("HANDOFF_"))
    sealed = crypto.encrypt(replace(handoff_env, public_key=keys["HANDOFF_PUBLIC_KEY"]), "ouder@example.nl")
    private = crypto.PrivateKey(base64.b64decode(keys["HANDOFF_PRIVATE_KEY"]))
    assert crypto.decrypt(private, sealed) == "ouder@example.nl"


def test_cli_adds_advisors_with_a_role(handoff_env, tmp_path, capsys, monkeypatch):
    def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
        """`python -m wegwijzer.handoff ARGS` in this process: a subprocess per command costs
        a Python start (test_cli_prints_a_key_pair_that_fits runs the real `python -m`)."""
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code = handoff_cli.main(list(args))
        except SystemExit as stop:  # argparse: --help
            code = stop.code
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = cli("add-advisor", "pieter", "--name", "Pieter", "--role", "coordinator", "--password-stdin",
                         stdin="nog een lang wachtwoord\n")
    assert code == 0, err
    assert "toegevoegd" in out
    code, _, err = cli("add-advisor", "pieter", "--name", "Pieter", "--password-stdin", stdin="nog een lang wachtwoord\n")
    assert code == 1 and "bestaat al" in err
    assert "pieter\tPieter\tcoordinator\tactief" in cli("list-advisors")[1]
    assert cli("deactivate-advisor", "pieter")[0] == 0
    with session_factory(handoff_env.database_url)() as session:
        assert session.execute(select(Advisor.active)).scalar_one() is False
    assert "--password-stdin" in cli("add-advisor", "--help")[1]
    # No password in clear text anywhere in the database file.
    with sqlite3.connect(tmp_path / "handoff.db") as db:
        dump = "\n".join(db.iterdump())
    assert "nog een lang wachtwoord" not in dump


def test_answers_to_the_consent_question_are_not_the_question():
    events = [user("Mag de gezinsvoogd zomaar de omgang stoppen?"), user("ik wil een mens", "mens_spreken"),
              {"event": "action", "name": "action_handoff_aanbieden"}, user("Alleen de samenvatting", "bevestigen")]
    assert build_summary({}, events)["vraag"] == "Mag de gezinsvoogd zomaar de omgang stoppen?"


def test_sealed_contact_is_encrypted_and_cannot_be_forged(handoff_env):
    from wegwijzer.handoff.answers import seal_contact
    from wegwijzer.handoff.client import is_genuine_contact

    private = crypto.desk_private_key(handoff_env)
    sealed = seal_contact("bel me op 06 12345678")
    assert "12345678" not in sealed and is_genuine_contact(sealed)
    assert crypto.decrypt(private, sealed) == "+31 6 12345678"
    assert seal_contact("geen nummer hier") is None
    assert not is_genuine_contact("gAAAAAverzonnen")


def test_retention_deletes_finished_conversations_and_old_questions(handoff_env):
    from datetime import timedelta

    from wegwijzer.handoff.models import Handoff, LeftQuestion, Message, utcnow
    from wegwijzer.handoff.retention import purge

    old = utcnow() - timedelta(days=40)
    with session_factory(handoff_env.database_url)() as session:
        session.add_all([
            Handoff(conversation_id="oud", status="afgesloten", created_at=old,
                    messages=[Message(author="persoon", text="oud bericht")]),
            Handoff(conversation_id="oud-maar-wacht-nog", status="wachtend", created_at=old),
            Handoff(conversation_id="nieuw", status="afgesloten"),
            LeftQuestion(question="oude vraag", created_at=old),
            LeftQuestion(question="nieuwe vraag"),
        ])
        session.commit()
    assert purge(handoff_env, days=30) == (1, 1)
    with session_factory(handoff_env.database_url)() as session:
        assert sorted(session.execute(select(Handoff.conversation_id)).scalars()) == ["nieuw", "oud-maar-wacht-nog"]
        assert session.execute(select(Message)).first() is None, "messages go with their conversation"
        assert session.execute(select(LeftQuestion.question)).scalars().all() == ["nieuwe vraag"]


def test_the_desk_gets_the_conversations_language():
    assert language_of({"taal": "en"}) == {"taal": "Engels"} and language_of({"taal": "nl"}) == {"taal": "Nederlands"}
    assert language_of({}) == {} and language_of({"taal": "fr"}) == {}


@pytest.mark.parametrize("text, choice", [("yes", "alles"), ("only the summary", "samenvatting"), ("summary", "samenvatting"),
                                          ("nothing", "niets"), ("no", "niets"), ("cancel", "annuleren")])
def test_the_consent_question_understands_the_english_words_it_suggests(text, choice):
    assert consent_choice(text) == choice
