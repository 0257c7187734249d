"""The handoff service and advisor desk against the real stack (Rasa, action
server, desk): logins, who may read what, a whole handoff over Rasa's HTTP API,
the pause surviving `/restart`, nobody present, a question left, and a person
who waits too long. The person talks over the REST channel here (pushes to it
are dropped, so what the desk sends is checked in the tracker); the browser
test does the same with the real widget."""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import sqlite3
import subprocess
import time
import uuid

import aiohttp
import pytest
import requests

from conftest import ROOT, VENV_BIN, free_port, rasa_env, texts
from handoff_desk_client import COOKIE, Desk, add_advisor, desk_environment

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def advisors(stack):
    add_advisor(stack.data_dir, "anna", "Anna")
    add_advisor(stack.data_dir, "bram", "Bram")
    add_advisor(stack.data_dir, "coby", "Coby", role="coordinator")
    return stack


def stored_bytes(data_dir) -> bytes:
    """Everything in the desk database's files (-wal and -shm come and go with SQLite checkpoints)."""
    found = b""
    for path in data_dir.glob("handoff.db*"):
        try:
            found += path.read_bytes()
        except FileNotFoundError:
            pass
    return found


def tracker(stack, sender: str) -> dict:
    response = requests.get(f"{stack.rasa_url}/conversations/{sender}/tracker",
                            params={"token": stack.token, "include_events": "ALL"}, timeout=15)
    response.raise_for_status()
    return response.json()


def bot_texts(stack, sender: str) -> list[str]:
    return [e.get("text") or "" for e in tracker(stack, sender)["events"] if e["event"] == "bot"]


def eventually(check, timeout: float = 8.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)


def card_for(desk: Desk, sender: str, stack) -> dict:
    """The queue card of this person's conversation. The desk never shows the
    conversation id (it is the person's socket.io session), so the test looks it up."""
    with sqlite3.connect(stack.data_dir / "handoff.db") as db:
        row = db.execute("SELECT id FROM handoffs WHERE conversation_id = ? ORDER BY created_at DESC", (sender,)).fetchone()
    return next((card for card in desk.queue()["waiting"] if row and card["id"] == row[0]), {})


def ask_for_a_person(stack, sender: str, consent: str) -> str:
    stack.say(sender, "Ik ben ouder")
    stack.say(sender, "Mijn zoon heeft een OTS. Mag de gezinsvoogd zomaar de omgang stoppen?")
    offer = texts(stack.say(sender, "ik wil een mens spreken"))
    assert "vertrouwenspersoon van het AKJ" in offer and "onafhankelijk" in offer, offer
    assert "Mag ik de vertrouwenspersoon een korte samenvatting sturen" in offer, offer
    return texts(stack.say(sender, consent))


def test_desk_rejects_requests_without_a_valid_login(advisors):
    base = advisors.handoff_url
    assert requests.get(f"{base}/desk/api/queue", timeout=10).status_code == 401
    assert requests.post(f"{base}/desk/api/handoffs/x/take", json={}, timeout=10).status_code == 401
    assert requests.get(f"{base}/desk/api/questions", timeout=10).status_code == 401
    forged = requests.get(f"{base}/desk/api/queue", cookies={COOKIE: "verzonnen"}, timeout=10)
    assert forged.status_code == 401 and forged.json()["error"] == "Log eerst in."
    page = requests.get(f"{base}/desk/", allow_redirects=False, timeout=10)
    assert page.status_code == 302 and page.headers["Location"] == "/desk/login"
    wrong = requests.post(f"{base}/desk/login", json={"username": "anna", "password": "fout"}, timeout=10)
    assert wrong.status_code == 401 and COOKIE not in wrong.cookies
    # The action server's API needs its token, its own: Rasa's token is refused.
    assert requests.get(f"{base}/api/availability", headers={"Authorization": f"Bearer {advisors.token}"},
                        timeout=10).status_code == 401
    assert requests.get(f"{base}/api/availability", timeout=10).status_code == 401
    assert requests.get(f"{base}/api/availability", headers={"Authorization": "Bearer fout"}, timeout=10).status_code == 401
    assert requests.post(f"{base}/api/handoffs", json={"conversation_id": "x"}, timeout=10).status_code == 401
    # No websocket without a login.
    async def open_socket() -> int:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(base.replace("http", "ws") + "/desk/ws") as ws:
                await ws.receive()
                return ws.close_code
    assert asyncio.run(open_socket()) == 4401
    # A logged-in advisor, but the request comes from another website.
    desk = Desk(base, "anna")
    other_site = desk.http.post(f"{base}/desk/api/presence", json={"accepting": False},
                                headers={"Origin": "https://evil.example"}, timeout=10)
    assert other_site.status_code == 403
    # Bad input gets a clear answer, not a crash.
    assert desk.post("/desk/api/handoffs/bestaat-niet/messages", {"text": "hoi"}).status_code == 404
    bad_json = desk.http.post(f"{base}/api/handoffs", data="{niet json", timeout=10,
                              headers={"Authorization": f"Bearer {desk_environment(advisors)['HANDOFF_API_TOKEN']}",
                                       "Content-Type": "application/json"})
    assert bad_json.status_code == 400 and "conversation_id" in bad_json.json()["error"]


def taken_handoff(stack, sender: str, desk: Desk, consent: str) -> tuple[str, dict]:
    """The person asks for a person with this consent; the advisor takes it. (id, detail)"""
    ask_for_a_person(stack, sender, consent)
    handoff_id = eventually(lambda: card_for(desk, sender, stack))["id"]
    taken = desk.post(f"/desk/api/handoffs/{handoff_id}/take")
    assert taken.status_code == 200, taken.text
    return handoff_id, taken.json()


@pytest.fixture
def anna(advisors):
    """An advisor in the desk, present and accepting; she leaves after the test."""
    desk = Desk(advisors.handoff_url, "anna").be_present()
    yield desk
    desk.leave()


def test_whole_handoff_and_who_may_read_it(advisors, anna):
    stack, sender = advisors, "handoff-" + uuid.uuid4().hex[:8]
    bram, coby = Desk(stack.handoff_url, "bram"), Desk(stack.handoff_url, "coby")
    queued = ask_for_a_person(stack, sender, "Alleen de samenvatting")
    assert "Je staat in de wachtrij" in queued and "nummer 1" in queued, queued

    card = eventually(lambda: card_for(anna, sender, stack))
    assert card["consent"] == "samenvatting"
    assert card["summary"]["rol"] == "ouder"
    assert "omgang stoppen" in card["summary"]["vraag"]
    handoff_id = card["id"]
    assert bram.get(f"/desk/api/handoffs/{handoff_id}").ok, "everyone may look at the queue"
    assert any('"queue"' in heard for heard in anna.presence.heard), "the desk page heard about it at once"

    taken = anna.post(f"/desk/api/handoffs/{handoff_id}/take")
    assert taken.status_code == 200, taken.text
    assert taken.json()["transcript"] == [], "no consent for the conversation itself"
    assert bram.post(f"/desk/api/handoffs/{handoff_id}/take").status_code == 409, "taken only once"
    assert tracker(stack, sender)["paused"] is True
    # (The tracker store redacts names, also the advisor's; the widget shows the name, see the browser test.)
    assert any("Je chat nu met" in text and "vertrouwenspersoon van het AKJ" in text for text in bot_texts(stack, sender))

    assert anna.post(f"/desk/api/handoffs/{handoff_id}/messages", {"text": "Hallo, ik ben Anna."}).status_code == 201
    assert any(text.endswith("(AKJ): Hallo, ik ben [naam].") for text in bot_texts(stack, sender))
    assert anna.post(f"/desk/api/handoffs/{handoff_id}/messages", {"text": "  "}).status_code == 400
    assert bram.post(f"/desk/api/handoffs/{handoff_id}/messages", {"text": "ik ook"}).status_code == 403
    assert bram.get(f"/desk/api/handoffs/{handoff_id}").status_code == 403, "not Bram's conversation"

    assert stack.say(sender, "Fijn. Bel me gerust op 06-12345678") == [], "the assistant is paused"
    chat = eventually(lambda: [m for m in anna.get(f"/desk/api/handoffs/{handoff_id}").json()["messages"]
                               if m["author"] == "persoon"])
    assert chat[0]["text"].startswith("Fijn. Bel me gerust op") and "12345678" not in chat[0]["text"]

    assert anna.post(f"/desk/api/handoffs/{handoff_id}/close").status_code == 200
    assert tracker(stack, sender)["paused"] is False
    assert any("Je chat nu weer met Wegwijzer" in text for text in bot_texts(stack, sender))
    answer = texts(stack.say(sender, "Wat doet Veilig Thuis?"))
    assert "meldpunt" in answer, "the assistant continues normally"

    # A closed conversation: its advisor and a coordinator may read it, another advisor may not.
    assert anna.get(f"/desk/api/handoffs/{handoff_id}").status_code == 200
    assert bram.get(f"/desk/api/handoffs/{handoff_id}").status_code == 403
    assert coby.get(f"/desk/api/handoffs/{handoff_id}").status_code == 200
    assert handoff_id not in [c["id"] for c in bram.get("/desk/api/history").json()["handoffs"]]
    assert handoff_id in [c["id"] for c in coby.get("/desk/api/history").json()["handoffs"]]
    assert handoff_id in [c["id"] for c in anna.get("/desk/api/history").json()["handoffs"]]
    assert b"12345678" not in stored_bytes(stack.data_dir)


def test_crisis_during_the_chat_gets_the_routes_and_marks_the_conversation_urgent(advisors, anna):
    stack, sender = advisors, "handoff-" + uuid.uuid4().hex[:8]
    handoff_id, _ = taken_handoff(stack, sender, anna, "Alleen de samenvatting")
    assert stack.say(sender, "dank je") == [], "the assistant is paused"
    reply = texts(stack.say(sender, "ik heb net alle pillen uit het kastje genomen"))
    assert "**113**" in reply and "**112**" in reply, "the person still gets the routes while an advisor chats"

    def urgent_card():
        return next((c for c in anna.queue()["mine"] if c["id"] == handoff_id and c["urgent"]), None)
    assert eventually(urgent_card, timeout=15), "the desk marks the conversation as urgent"
    notes = [m["text"] for m in anna.get(f"/desk/api/handoffs/{handoff_id}").json()["messages"] if m["author"] == "systeem"]
    assert any("direct gevaar" in note for note in notes)
    assert anna.post(f"/desk/api/handoffs/{handoff_id}/close").status_code == 200


def test_restart_during_the_chat_does_not_end_the_pause(advisors, anna):
    stack, sender = advisors, "handoff-" + uuid.uuid4().hex[:8]
    handoff_id, detail = taken_handoff(stack, sender, anna, "Ja, de samenvatting en het gesprek")
    said = [m["text"] for m in detail["transcript"] if m["author"] == "persoon"]
    assert "Mijn zoon heeft een OTS. Mag de gezinsvoogd zomaar de omgang stoppen?" in said, "consent: the conversation so far"

    # A new session or a restart un-pauses the conversation in Rasa (a typed "/restart"
    # is neutralised by the input channel, so the restart comes through the API here).
    requests.post(f"{stack.rasa_url}/conversations/{sender}/tracker/events", params={"token": stack.token},
                  json=[{"event": "restart"}], timeout=15).raise_for_status()
    assert tracker(stack, sender)["paused"] is False
    eventually(lambda: any(m["author"] == "systeem" for m in
                           anna.get(f"/desk/api/handoffs/{handoff_id}").json()["messages"]))
    eventually(lambda: tracker(stack, sender)["paused"])
    assert anna.post(f"/desk/api/handoffs/{handoff_id}/close").status_code == 200


def test_nobody_present_gives_the_akj_routes_and_a_question_can_be_left(advisors):
    stack, sender = advisors, "handoff-" + uuid.uuid4().hex[:8]
    reply = stack.say(sender, "ik wil een mens spreken")
    said = texts(reply)
    assert "geen vertrouwenspersoon vrij" in said
    assert "088-5551000" in said and "info@akj.nl" in said, said
    assert any(b.get("title") == "Vraag achterlaten" for m in reply for b in m.get("buttons", []))

    assert "Wat is je vraag" in texts(stack.say(sender, "Ik wil een vraag achterlaten"))
    assert "telefoonnummer of e-mailadres" in texts(stack.say(sender, "Hoe lang mag een uithuisplaatsing duren?"))
    assert "lijkt geen telefoonnummer" in texts(stack.say(sender, "bel me maar"))
    # The REST channel redacts the number from the text and seals it for the desk (wegwijzer/channels.py).
    assert "Je vraag is bewaard" in texts(stack.say(sender, "mijn nummer is 06 12345678"))
    assert "meldpunt" in texts(stack.say(sender, "Wat doet Veilig Thuis?")), "the assistant keeps working"

    coby = Desk(stack.handoff_url, "coby")
    questions = coby.get("/desk/api/questions").json()["questions"]
    mine = [q for q in questions if q["question"] == "Hoe lang mag een uithuisplaatsing duren?"]
    assert mine and mine[0]["contact"] == "+31 6 12345678", "readable for the AKJ only"
    assert b"12345678" not in stored_bytes(stack.data_dir), "encrypted at rest"


IMPATIENT_DESK_TOKEN = secrets.token_urlsafe(32)


@pytest.fixture
def impatient_desk(advisors, tmp_path):
    """A second desk on the same Rasa that tells people after three seconds that
    the wait is too long."""
    port = free_port()
    env = {**rasa_env(), "DATA_DIR": str(tmp_path), "RASA_URL": advisors.rasa_url, "RASA_AUTH_TOKEN": advisors.token,
           "HANDOFF_API_TOKEN": IMPATIENT_DESK_TOKEN,
           "HANDOFF_OFFICE_HOURS": "24/7", "HANDOFF_MAX_WAIT_MINUTES": "0.05", "HANDOFF_PORT": str(port)}
    add_advisor(tmp_path, "dirk", "Dirk")
    process = subprocess.Popen([str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "serve"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://localhost:{port}"
    try:
        eventually(lambda: _up(base), timeout=30)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)


def _up(url: str) -> bool:
    try:
        return requests.get(url + "/health", timeout=1).ok
    except requests.RequestException:
        return False


def test_waiting_too_long_is_told_with_the_routes(advisors, impatient_desk):
    sender = "handoff-" + uuid.uuid4().hex[:8]
    advisors.say(sender, "hallo")
    dirk = Desk(impatient_desk, "dirk").be_present()
    try:
        headers = {"Authorization": f"Bearer {IMPATIENT_DESK_TOKEN}"}
        request = {"conversation_id": sender, "consent": "niets", "summary": {"rol": "ouder", "taal": "Engels"},
                   "transcript": []}
        queued = requests.post(f"{impatient_desk}/api/handoffs", json=request, headers=headers, timeout=10)
        assert queued.status_code == 201 and queued.json()["position"] == 1
        assert dirk.queue()["waiting"][0]["summary"] == {"taal": "Engels"}, "no consent: only the language"
        # The conversation is in English (the summary's language): so is what the desk tells.
        told = eventually(lambda: [t for t in bot_texts(advisors, sender) if "the wait is taking too long" in t],
                          timeout=12)
        assert "088-5551000" in told[0] and "info@akj.nl" in told[0] and "- Call: 088-5551000" in told[0]
        assert dirk.queue()["waiting"] == []
    finally:
        dirk.leave()


# --- delivery status of an advisor's message ------------------------------------------------

class DeskService:
    """A desk service of its own (own database in data_dir) on the stack's Rasa,
    started and restarted by the test with the Rasa token it chooses."""

    def __init__(self, stack, data_dir) -> None:
        self.stack, self.data_dir, self.port = stack, data_dir, free_port()
        self.url = f"http://localhost:{self.port}"
        self.process = None

    def start(self, rasa_token: str) -> "DeskService":
        env = {**rasa_env(), "DATA_DIR": str(self.data_dir), "RASA_URL": self.stack.rasa_url,
               "RASA_AUTH_TOKEN": rasa_token, "HANDOFF_OFFICE_HOURS": "24/7", "HANDOFF_PORT": str(self.port)}
        self.process = subprocess.Popen([str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "serve"], cwd=ROOT,
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        eventually(lambda: _up(self.url), timeout=30)
        return self

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)
            self.process = None


def active_handoff(data_dir, sender: str, username: str) -> str:
    """A conversation this advisor is chatting in (as after "Aannemen"), straight in the desk's database."""
    from sqlalchemy import select

    from wegwijzer.handoff.db import session_factory
    from wegwijzer.handoff.models import ACTIVE, Advisor, Handoff, utcnow

    with session_factory(f"sqlite:///{data_dir / 'handoff.db'}")() as session:
        advisor = session.execute(select(Advisor).where(Advisor.username == username)).scalar_one()
        handoff = Handoff(conversation_id=sender, status=ACTIVE, advisor_id=advisor.id, taken_at=utcnow())
        session.add(handoff)
        session.commit()
        return handoff.id


def pushes_with_marker(stack, sender: str, marker: str) -> int:
    return sum(1 for e in tracker(stack, sender)["events"]
               if e["event"] == "bot" and (e.get("metadata") or {}).get("message_id") == marker)


def test_advisor_message_is_delivered_only_when_rasa_confirms_it(advisors, tmp_path):
    stack, sender = advisors, "delivery-" + uuid.uuid4().hex[:8]
    stack.say(sender, "hallo")
    add_advisor(tmp_path, "els", "Els")
    handoff_id = active_handoff(tmp_path, sender, "els")
    # Rasa refuses every push (a strong token, or the desk would not start).
    service = DeskService(stack, tmp_path).start(rasa_token="niet-het-goede-token-" + secrets.token_hex(16))
    try:
        els = Desk(service.url, "els")
        started = time.monotonic()
        refused = els.post(f"/desk/api/handoffs/{handoff_id}/messages", {"text": "Hallo, ik ben Els."})
        assert refused.status_code == 502, refused.text
        assert time.monotonic() - started > 3, "the desk tried again with backoff before giving up"
        message = refused.json()["message"]
        assert message["delivery"] == "niet_afgeleverd" and "niet afgeleverd" in refused.json()["error"]
        shown = els.get(f"/desk/api/handoffs/{handoff_id}").json()["messages"]
        assert [(m["id"], m["delivery"]) for m in shown] == [(message["id"], "niet_afgeleverd")], "kept, and flagged"
        assert not any("(AKJ): Hallo" in text for text in bot_texts(stack, sender))

        service.stop()
        service.start(rasa_token=stack.token)  # Rasa reachable again; the login stays valid
        retry = f"/desk/api/handoffs/{handoff_id}/messages/{message['id']}/retry"
        sent = els.post(retry)
        assert sent.status_code == 201 and sent.json()["message"]["delivery"] == "afgeleverd", sent.text
        marker = f"desk-{handoff_id}-{message['id']}"
        assert pushes_with_marker(stack, sender, marker) == 1
        assert els.post(retry).status_code == 200, "already delivered: nothing is sent again"

        # A try that reached Rasa while its answer got lost: the retry finds it and sends nothing twice.
        second = els.post(f"/desk/api/handoffs/{handoff_id}/messages", {"text": "Nog een vraag?"}).json()["message"]
        assert second["delivery"] == "afgeleverd"
        marker = f"desk-{handoff_id}-{second['id']}"
        with sqlite3.connect(tmp_path / "handoff.db") as db:
            db.execute("UPDATE messages SET delivery = 'niet_afgeleverd' WHERE id = ?", (second["id"],))
        again = els.post(f"/desk/api/handoffs/{handoff_id}/messages/{second['id']}/retry")
        assert again.status_code == 201 and again.json()["message"]["delivery"] == "afgeleverd"
        assert pushes_with_marker(stack, sender, marker) == 1
        assert els.post(f"/desk/api/handoffs/{handoff_id}/messages/999999/retry").status_code == 404
    finally:
        service.stop()
