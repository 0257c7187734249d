"""No personal data kept in clear text; retention and forgetting work on real
databases; the HTTP API needs its token; CORS only for configured origins; the
web page makes no third-party requests.
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from conftest import ROOT, VENV_BIN, rasa_env
from wegwijzer.conversation_ids import reference
from wegwijzer.privacy import redact
from wegwijzer.privacy.tracker_store import redact_event

# Fake personal data. The BSN passes the 11-proef; the IBAN passes mod-97.
FAKE = {
    "bsn": "111222333",
    "phone": "06-12345678",
    "email": "sanne.devries@voorbeeld.nl",
    "postcode": "3811 AB",
    "street": "Kerkstraat 12",
    "name": "Marieke",
    "surname": "Oosterbroek",
    "child": "Jayden",
    "iban": "NL91ABNA0417164300",
}
CONVERSATION = [
    "hallo",
    f"Ik ben {FAKE['name']} de {FAKE['surname']}, mijn BSN is {FAKE['bsn']}",
    f"Je kan me bellen op {FAKE['phone']} of mailen naar {FAKE['email']}",
    f"Ik woon op de {FAKE['street']}, {FAKE['postcode']} 12 in Amersfoort",
    f"mijn zoon heet {FAKE['child']} en er is een OTS",
    f"mijn rekeningnummer is {FAKE['iban']}",
    f"mijn vader {FAKE['name']} slaat me",  # a crisis message with a name in it
    # Towards the desk: whatever the handoff flow asks, the desk only ever gets redacted text.
    "ik wil een mens spreken",
    "ja",
    "ik wil een vraag achterlaten",
    f"Mijn vraag: mag de gezinsvoogd zomaar bij {FAKE['child']} op school komen? Bel {FAKE['phone']}",
    f"{FAKE['email']}",
    "nee",
]
# The digits alone, too: a number must not survive with other separators.
NEEDLES = [FAKE["bsn"], "12345678", FAKE["email"], "3811 AB", "3811AB", FAKE["street"], FAKE["name"],
           FAKE["surname"], FAKE["child"], FAKE["iban"], "0417164300"]


# --- redaction methods ---------------------------------------------------------
@pytest.mark.parametrize("text,placeholder,gone", [
    ("mijn bsn is 111222333", "[bsn]", "111222333"),
    ("bsn 111.222.333", "[bsn]", "111.222.333"),
    ("bel 06-12345678", "[telefoon]", "12345678"),
    ("bel +31 6 1234 5678", "[telefoon]", "1234 5678"),
    ("mail sanne@voorbeeld.nl", "[e-mail]", "sanne@voorbeeld.nl"),
    ("postcode 3811AB 12a", "[adres]", "3811AB"),
    ("ik woon op de Dorpsweg 3", "[adres]", "Dorpsweg 3"),
    ("iban NL91 ABNA 0417 1643 00", "[iban]", "0417"),
    ("ik heet Lotte Jansen", "[naam]", "Jansen"),
    ("mijn dochter heet fenna", "[naam]", "fenna"),
    ("mevrouw Bakker van het wijkteam", "[naam]", "Bakker"),
    ("geboren op 12-03-2015", "[geboortedatum]", "2015"),
])
def test_each_kind_of_personal_data_is_redacted(text, placeholder, gone):
    result = redact(text)
    assert placeholder in result and gone not in result, result


@pytest.mark.parametrize("text", [
    "Wat doet Veilig Thuis? Ik heb 0800-2000 gebeld.",  # public numbers from the directory stay
    "mijn zoon is 12 en we waren in 2019 op vakantie",
    "123456789 is geen BSN",  # fails the 11-proef
    "Wat is een OTS en wat doet het AKJ?",
    "ik ben ouder van een kind met een ondertoezichtstelling",
    "mail het AKJ op info@akj.nl",
])
def test_ordinary_text_and_public_contacts_stay(text):
    assert redact(text) == text


# --- through the real stack -------------------------------------------------------
def search_files(folder: Path, needles: list[str]) -> dict[str, list[str]]:
    """Every needle found in any file under `folder` (databases and logs, as bytes)."""
    hits: dict[str, list[str]] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        content = path.read_bytes()
        found = [needle for needle in needles if needle.encode() in content]
        if found:
            hits[str(path.relative_to(folder))] = found
    return hits


def search_sqlite(path: Path, needles: list[str]) -> list[str]:
    """Needles in any text column of any table (catches what the file bytes hide)."""
    found = []
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                row_text = " ".join(str(value) for value in row)
                found += [f"{table}: {needle}" for needle in needles if needle in row_text]
    return found


@pytest.mark.slow
def test_conversations_with_personal_data_leave_none_in_databases_or_logs(stack):
    sender = "privacy-1"
    for text in CONVERSATION:
        stack.say(sender, text)
    # The HTTP API (token) is another way in: its messages are redacted by the tracker store.
    api = requests.post(f"{stack.rasa_url}/conversations/privacy-2/messages?token={stack.token}",
                        json={"text": f"mijn BSN is {FAKE['bsn']} en ik heet {FAKE['name']}", "sender": "user"},
                        timeout=60)
    assert api.ok, api.text
    # Rasa writes its log in order: once a later crisis warning is in it, the lines before are too.
    later = "privacy-flush"
    stack.say(later, "ik wil dood")
    rasa_log, deadline = stack.data_dir / "rasa.log", time.monotonic() + 30
    while reference(later) not in rasa_log.read_text(encoding="utf-8", errors="replace"):
        assert time.monotonic() < deadline, "the crisis warning never reached rasa.log"
        time.sleep(0.2)
    databases = sorted(stack.data_dir.rglob("*.db"))
    assert any(p.name == "tracker.db" for p in databases)
    tracker = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}", timeout=30).json()
    user_texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert "[bsn]" in " ".join(user_texts) and "[e-mail]" in " ".join(user_texts)
    hits = search_files(stack.data_dir, NEEDLES)
    for database in databases:
        rows = search_sqlite(database, NEEDLES)
        if rows:
            hits[f"{database.name} (rows)"] = rows
    print(f"\nSearched {len(databases)} databases ({', '.join(p.name for p in databases)}) and "
          f"{len(list(stack.data_dir.glob('*.log')))} log files for {len(NEEDLES)} pieces of personal data")
    assert not hits, f"personal data found in clear text: {hits}"


@pytest.mark.slow
def test_html_and_script_are_never_reflected(stack):
    reply = stack.say("privacy-html", "<script>alert('x')</script><b>wat doet veilig thuis</b>")
    assert reply and "<script" not in str(reply) and "alert(" not in str(reply)


@pytest.mark.slow
def test_slash_commands_from_users_are_not_trusted(stack):
    sender = "privacy-slash"
    stack.say(sender, "hallo")
    requests.post(f"{stack.rasa_url}/conversations/{sender}/tracker/events?token={stack.token}",
                  json={"event": "pause"}, timeout=30)
    stack.say(sender, "/restart")  # would un-pause a conversation waiting for a human
    stack.say(sender, '/geef_rol{"rol": "professional"}')
    tracker = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}", timeout=30).json()
    assert tracker["paused"], "a typed /restart must not end the wait for a human"
    user_events = [e for e in tracker["events"] if e["event"] == "user"]
    assert "restart" not in [e["parse_data"]["intent"]["name"] for e in user_events]
    assert not [e["text"] for e in user_events if e["text"].startswith("/")], "no intent syntax reaches Rasa"


# --- forgetting and retention on real databases --------------------------------------------
def run_privacy(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**rasa_env(), "DATA_DIR": str(data_dir), "TRACKER_STORE_URL": ""}
    return subprocess.run([str(VENV_BIN / "python"), "-m", "wegwijzer.privacy", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_forget_deletes_one_conversation_from_the_running_stack(stack):
    keep, gone = "privacy-keep", "privacy-forget"
    stack.say(keep, "hallo")
    stack.say(gone, "hallo")
    result = run_privacy("forget", gone, data_dir=stack.data_dir)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(stack.data_dir / "tracker.db") as connection:
        senders = {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}
    assert gone not in senders and keep in senders
    for log in stack.data_dir.glob("*.log"):
        assert gone not in log.read_text(errors="replace")


def _tracker_with_events(sender: str, texts: list[str], start: float):
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events = [ActionExecuted("action_session_start", timestamp=start), SessionStarted(timestamp=start + 0.1),
              ActionExecuted("action_listen", timestamp=start + 0.2)]
    events += [UserUttered(text, {"name": "groet", "confidence": 1.0}, timestamp=start + 1 + i)
               for i, text in enumerate(texts)]
    return DialogueStateTracker.from_events(sender, events)


def test_retention_deletes_old_conversations_from_a_real_tracker_database(tmp_path):
    """Real RedactingTrackerStore on a real SQLite file; the retention command on it."""
    from rasa.shared.core.domain import Domain

    from wegwijzer.privacy.tracker_store import RedactingTrackerStore

    db = tmp_path / "tracker.db"
    store = RedactingTrackerStore(domain=Domain.empty(), url=f"sqlite:///{db}")
    day = 24 * 3600
    now = time.time()
    old = _tracker_with_events("old-conversation", ["hallo", f"mijn bsn is {FAKE['bsn']}"], now - 40 * day)
    recent = _tracker_with_events("recent-conversation", ["hallo"], now - 2 * day)
    # A conversation in use: an old session 40 days ago and a current one today.
    mixed = _tracker_with_events("mixed-conversation", ["eerste sessie"], now - 40 * day)
    for event in _tracker_with_events("x", ["tweede sessie"], now - 60).events:
        mixed.update(event)
    for tracker in (old, recent, mixed):
        asyncio.run(store.save(tracker))
    with sqlite3.connect(db) as connection:
        stored = " ".join(row[0] for row in connection.execute("SELECT data FROM events"))
    assert FAKE["bsn"] not in stored and "[bsn]" in stored, "the store redacts before writing"

    dry = run_privacy("retention", "--days", "30", "--dry-run", "--db-url", f"sqlite:///{db}", data_dir=tmp_path)
    assert dry.returncode == 0, dry.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(DISTINCT sender_id) FROM events").fetchone()[0] == 3

    result = run_privacy("retention", "--days", "30", "--db-url", f"sqlite:///{db}", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    print("\n" + result.stdout.strip())
    with sqlite3.connect(db) as connection:
        senders = {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}
        mixed_texts = [row[0] for row in connection.execute(
            "SELECT data FROM events WHERE sender_id='mixed-conversation'")]
    assert senders == {"recent-conversation", "mixed-conversation"}
    assert not any("eerste sessie" in text for text in mixed_texts), "the old session is gone"
    assert any("tweede sessie" in text for text in mixed_texts), "the current session is kept whole"
    remaining = asyncio.run(store.retrieve("mixed-conversation"))
    assert remaining is not None and remaining.latest_message.text == "tweede sessie"


def test_retention_prunes_old_log_lines(tmp_path):
    from datetime import datetime, timedelta, timezone

    from wegwijzer.privacy.retention import prune_logs

    old = (datetime.now() - timedelta(days=40)).strftime("%Y-%m-%d %H:%M:%S")
    new = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    log = tmp_path / "rasa.log"
    log.write_text(f"{old},1 [INFO ] oud bericht\nTraceback line of the old one\n{new},2 [INFO ] nieuw bericht\n")
    assert prune_logs([log], cutoff=datetime.now(timezone.utc) - timedelta(days=30)) == 2
    assert log.read_text() == f"{new},2 [INFO ] nieuw bericht\n"


# --- hostile requests ------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("path,method", [
    ("/conversations/someone/tracker", "get"),
    ("/conversations/someone/tracker/events", "post"),
    ("/model/parse", "post"),
    ("/status", "get"),
])
def test_rasa_http_api_requires_the_token(stack, path, method):
    url = stack.rasa_url + path
    assert getattr(requests, method)(url, json={}, timeout=30).status_code == 401
    assert getattr(requests, method)(url + "?token=wrong", json={}, timeout=30).status_code == 401
    if method == "get":
        assert requests.get(f"{url}?token={stack.token}", timeout=30).status_code == 200


@pytest.mark.slow
def test_cors_only_for_configured_origins(stack):
    def preflight(origin: str) -> requests.Response:
        return requests.options(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=30, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})

    allowed = preflight(stack.web_url).headers.get("Access-Control-Allow-Origin")
    assert allowed == stack.web_url
    evil = preflight("https://evil.example").headers.get("Access-Control-Allow-Origin")
    assert evil not in ("*", "https://evil.example")


EXTERNAL_URL = re.compile(r"""(?:https?:)?//(?!localhost\b|127\.0\.0\.1\b|\[::1\]|www\.w3\.org/)[a-z0-9.-]+\.[a-z]{2,}""", re.I)
# What makes a browser fetch a URL by itself (a link a person clicks does not).
LOADS = re.compile(r"""(?:\b(?:src|srcset|action|data|poster)\s*=\s*["']?|<link\b[^>]*\bhref\s*=\s*["']?|url\(\s*["']?|@import\s+(?:url\()?\s*["']?|\b(?:fetch|WebSocket|EventSource|io|open|import|sendBeacon|importScripts)\(\s*["'`]?)$""", re.I)


def test_web_pages_make_no_third_party_requests():
    """No external scripts, styles, fonts, images, frames or API calls in web/."""
    offenders = []
    for path in (ROOT / "web").rglob("*"):
        if path.suffix not in {".html", ".js", ".css", ".svg", ".json", ".webmanifest"}:
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        for match in EXTERNAL_URL.finditer(content):
            if LOADS.search(content[max(0, match.start() - 200): match.start()]):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group()}")
    assert not offenders, offenders


def test_privacy_statement_says_what_is_kept_and_for_how_long():
    page = (ROOT / "web" / "privacy.html").read_text(encoding="utf-8")
    for words in ("bewaren", "dagen", "BSN", "verwijder", "112"):
        assert words.lower() in page.lower(), words
    assert not [m for m in EXTERNAL_URL.finditer(page) if LOADS.search(page[max(0, m.start() - 200): m.start()])]


def test_secrets_come_only_from_the_environment():
    """No token, password or key written in the configuration files."""
    for name in ("credentials.yml", "endpoints.yml", "config.yml", ".env.example"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            match = re.match(r"\s*#?\s*([A-Za-z_]*(?:token|password|secret|key)[A-Za-z_]*)\s*[:=]\s*(\S+)", line, re.I)
            if match and not line.lstrip().startswith("#"):
                assert match.group(2).startswith("${") or match.group(2) in ("", "''", '""'), f"{name}: {line}"


def test_channel_seals_a_phone_number_and_ignores_a_forged_seal(tmp_path, monkeypatch):
    from wegwijzer.message_cleaning import clean_text, message_metadata
    from wegwijzer.handoff import crypto
    from wegwijzer.handoff.config import load_config
    from wegwijzer.handoff.answers import SEALED_CONTACT_KEY

    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    private, public = crypto.new_key_pair()
    monkeypatch.setenv("HANDOFF_PUBLIC_KEY", public)  # the channel holds the public key only
    text = "bel me op 06 12345678"
    metadata = message_metadata({"gemeente": "Zeist", SEALED_CONTACT_KEY: "forged"}, text, clean_text(text))
    assert metadata["gemeente"] == "Zeist"
    sealed = metadata[SEALED_CONTACT_KEY]
    assert sealed != "forged" and "12345678" not in sealed
    monkeypatch.setenv("HANDOFF_PRIVATE_KEY", private)
    assert "12345678" in crypto.decrypt(crypto.desk_private_key(load_config()), sealed), "the desk opens it"
    assert message_metadata({SEALED_CONTACT_KEY: "forged"}, "geen nummer", "geen nummer") is None


def test_metadata_is_redacted_whatever_its_keys_are_called():
    """The HTTP API lets a client put anything in an event's metadata; a key that
    is a structural name elsewhere ("name") does not keep a person's name there."""
    user = UserUttered("hallo", metadata={"name": FAKE["name"], "extra": {"name": FAKE["email"]}, "rol": "ouder"})
    stored = redact_event(user.as_dict())
    assert FAKE["name"] not in str(stored) and FAKE["email"] not in str(stored)
    assert stored["metadata"]["rol"] == "ouder"
    bot = redact_event(BotUttered("Dag", metadata={"message_id": "desk-1", "utter_action": "utter_faq/ots_duur"}).as_dict())
    assert bot["metadata"] == {"message_id": "desk-1", "utter_action": "utter_faq/ots_duur"}
    assert redact_event(ActionExecuted("action_listen").as_dict())["name"] == "action_listen"
