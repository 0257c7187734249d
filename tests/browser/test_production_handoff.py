"""A full handoff in real browsers against the production profile, everything
through nginx (`make production`): a parent in the widget asks for a person and
consents; an advisor logs in to the desk in a second browser context, takes the
conversation, sends four messages and hands back. Every push (the "you now chat
with" message, the four messages, the hand-back message) must appear in the
widget exactly once and in order, and the desk must show the four messages as
delivered ("Afgeleverd", which it does only when Rasa confirmed them).

Issue 14's acceptance: 4 of 4 advisor messages and the hand-back message, 10
runs in a row, with the parent's socket and the desk's posts on different Rasa
instances.

Which instance holds what, from nginx's access log ($PROD_DIR/logs/nginx-access.log,
`upstream=` is the instance that served the request):
- the desk's pushes: its POSTs to /conversations/{id}/tracker/events on the
  internal API listener, round robin over both instances;
- the parent's socket: the widget's socket.io websocket (sticky by client
  address, so every browser on this machine is on the same instance). nginx
  logs a websocket when it closes, so each run closes the parent's page at the
  end and then reads the line.
Round robin sends some of the desk's posts to the instance without the socket;
the last test checks that this happened, and that those pushes arrived too
(they reach the socket only through the socket.io rooms shared over Redis,
wegwijzer.shared_rooms.SharedRooms).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS

from .test_handoff_e2e import ask_for_a_person, desk_login, quick_reply

pytestmark = pytest.mark.slow  # the real production profile in a real browser

RUNS = 10
ADVISOR_MESSAGES = 4
USERNAME, NAME = "lieke", "Lieke"
WAIT_MS = 30_000
LOG_WAIT_SECONDS = 15

DELIVERED = "afgeleverd"


@dataclass
class Run:
    number: int
    socket_instance: int = -1
    # push label ("overname", "bericht 1".., "teruggave") -> the instances that served its POSTs
    posts: dict[str, list[int]] = field(default_factory=dict)
    arrived: int = 0  # pushes that appeared in the widget (of 2 + ADVISOR_MESSAGES)
    delivered: int = 0  # advisor messages the desk shows as delivered (of ADVISOR_MESSAGES)
    seconds: float = 0.0

    def crossed(self) -> list[str]:
        """The pushes served (only) by the instance without the parent's socket."""
        return [label for label, instances in self.posts.items()
                if instances and all(i != self.socket_instance for i in instances)]


RESULTS: dict[int, Run] = {}


class AccessLog:
    """nginx's access log of the profile: which instance served which request."""

    POST = re.compile(r'"POST /conversations/([^/\s]+)/tracker/events\S* HTTP/[\d.]+" (\d{3}) .*upstream=(\S+)')
    # nginx logs no query string (tokens stay out of the log): 101 is the WebSocket upgrade.
    SOCKET = re.compile(r'"GET /socket\.io/\S* HTTP/[\d.]+" 101 .*upstream=(\S+)')

    def __init__(self, profile) -> None:
        self.path: Path = profile.prod_dir / "logs" / "nginx-access.log"
        self.ports = profile.rasa_ports

    def offset(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def since(self, offset: int) -> str:
        with self.path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")

    def instance(self, upstream: str) -> int:
        # "a:1, b:2" when nginx had to try another instance: the last one served it.
        return self.ports.index(int(upstream.split(",")[-1].strip().rsplit(":", 1)[1]))

    def posts(self, offset: int, conversation_id: str) -> list[int]:
        return [self.instance(m.group(3)) for m in self.POST.finditer(self.since(offset))
                if m.group(1) == conversation_id]

    def sockets(self, offset: int) -> list[int]:
        return [self.instance(m.group(1)) for m in self.SOCKET.finditer(self.since(offset))]

    def wait_for(self, read, what: str):
        """Waits until read() returns something (nginx writes a line when a request ends)."""
        deadline = time.monotonic() + LOG_WAIT_SECONDS
        while not (found := read()):
            assert time.monotonic() < deadline, f"not in nginx's access log: {what}"
            time.sleep(0.1)
        return found


def wait_until_present(desk) -> None:
    """The desk's websocket is connected: the advisor counts as present, so the
    assistant offers the desk rather than the AKJ routes."""
    desk.wait_for_function(
        "() => fetch('/desk/api/queue').then(r => r.json()).then(q => q.present >= 1)",
        polling=300, timeout=WAIT_MS)


def arrives(chat, text: str, instances: list[int]) -> None:
    """The push appears in the widget (Rasa confirmed it to the desk already)."""
    expect(chat.bot_messages().filter(has_text=text),
           f"confirmed to the desk by instance {instances}, but not in the widget: {text!r}"
           ).to_have_count(1, timeout=WAIT_MS)


@pytest.mark.parametrize("run", range(1, RUNS + 1))
def test_a_full_handoff_delivers_every_message_through_nginx(production, browser, new_chat, run):
    log = AccessLog(production)
    result = Run(run)
    production.add_advisor(USERNAME, NAME)  # non-interactive, --password-stdin; "bestaat al" after run 1
    started = time.monotonic()
    desk_context, desk = desk_login(browser, production.https_url, USERNAME, ignore_https_errors=True)  # through nginx, HTTPS (self-signed)
    try:
        wait_until_present(desk)
        socket_offset = log.offset()
        chat = ask_for_a_person(new_chat(production.url).goto("/"))
        quick_reply(chat, "Ja, allebei").click()
        chat.wait_for_bot_text("Je staat in de wachtrij")

        conversation_id = chat.session_state()["sessionId"]
        rows = production.sql("SELECT id FROM handoffs WHERE conversation_id = %s AND status = 'wachtend'",
                              conversation_id, database="wegwijzer_desk")
        assert len(rows) == 1, f"one waiting handoff for {conversation_id}: {rows}"
        card = desk.locator(f'#queue .card[data-id="{rows[0][0]}"]')
        card.wait_for()
        assert "Hoe vaak mag ik haar zien" in card.inner_text()

        # Take: the desk pauses the conversation and pushes "Je chat nu met Lieke".
        offset = log.offset()
        card.get_by_role("button", name="Aannemen").click()
        desk.locator("#transcript").filter(has_text="uit huis geplaatst").wait_for()
        result.posts["overname"] = log.wait_for(lambda: log.posts(offset, conversation_id), "the take's push")
        arrives(chat, f"Je chat nu met {NAME}", result.posts["overname"])

        sent = []
        for number in range(1, ADVISOR_MESSAGES + 1):
            text = f"Ik lees met je mee, dit is bericht {number} (ronde {run})."
            offset = log.offset()
            desk.get_by_label("Uw bericht").fill(text)
            desk.get_by_role("button", name="Versturen").click()
            mine = desk.locator("#chat .message.adviseur").filter(has_text=text)
            expect(mine).to_have_attribute("data-delivery", DELIVERED, timeout=WAIT_MS)
            expect(mine.locator(".delivery")).to_have_text("Afgeleverd")
            result.posts[f"bericht {number}"] = log.wait_for(lambda: log.posts(offset, conversation_id),
                                                             f"the push of message {number}")
            sent.append(f"{NAME} (AKJ): {text}")
            arrives(chat, sent[-1], result.posts[f"bericht {number}"])

        offset = log.offset()
        desk.get_by_role("button", name="Afsluiten en teruggeven aan de assistent").click()
        hand_back = f"{NAME} heeft het gesprek afgesloten. Je chat nu weer met Wegwijzer"
        desk.locator("#conversation-title").filter(has_text="afgesloten").wait_for()
        result.posts["teruggave"] = log.wait_for(lambda: log.posts(offset, conversation_id), "the hand-back's push")
        arrives(chat, hand_back, result.posts["teruggave"])

        # Each push once, in order, after the parent's last own message.
        pushes = [f"Je chat nu met {NAME}", *sent, hand_back]
        for text in pushes:
            expect(chat.bot_messages().filter(has_text=text)).to_have_count(1)
        shown = chat.bot_messages().all_inner_texts()
        positions = [next(i for i, t in enumerate(shown) if p in t) for p in pushes]
        assert positions == sorted(positions), f"out of order: {shown}"
        result.arrived = len(pushes)
        # The desk, reloaded from its database after the hand-back: all four delivered.
        delivered = desk.locator(f'#chat .message.adviseur[data-delivery="{DELIVERED}"]')
        expect(delivered).to_have_count(ADVISOR_MESSAGES)
        result.delivered = sum(delivered.filter(has_text=t.split(": ", 1)[1]).count() == 1 for t in sent)
        assert result.delivered == ADVISOR_MESSAGES
        assert not chat.errors and not chat.dialogs
        if run == RUNS:
            shots = ARTIFACTS / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            chat.screenshot("production-handoff-widget")
            desk.screenshot(path=str(shots / "production-handoff-desk.png"))

        # Which instance held the parent's socket: nginx logs the websocket when it closes.
        chat.page.close()
        instances = log.wait_for(lambda: log.sockets(socket_offset), "the parent's websocket")
        assert len(set(instances)) == 1, f"the parent's socket moved between instances: {instances}"
        result.socket_instance = instances[0]
    finally:
        desk_context.close()
        result.seconds = time.monotonic() - started
        RESULTS[run] = result
    print(f"\nrun {run}: {result.arrived} of {2 + ADVISOR_MESSAGES} pushes in the widget, "
          f"{result.delivered} of {ADVISOR_MESSAGES} delivered in the desk; socket on instance "
          f"{result.socket_instance}, posts {result.posts}; on the other instance: {result.crossed() or 'none'}; "
          f"{result.seconds:.1f} s")


def test_the_desk_posts_reached_the_socket_from_the_other_instance(production):
    """Summary of the runs above: all complete, and at least one push (in fact
    about half of them, by round robin) was served by the instance that did not
    hold the parent's socket, and still arrived."""
    if len(RESULTS) < RUNS:
        pytest.skip(f"only {len(RESULTS)} of {RUNS} runs ran in this session")
    complete = [r for r in RESULTS.values() if r.arrived == 2 + ADVISOR_MESSAGES and r.delivered == ADVISOR_MESSAGES]
    crossed = sum(len(r.crossed()) for r in complete)
    pushes = sum(len(r.posts) for r in complete)
    print(f"\n{len(complete)} of {RUNS} runs complete; {sum(r.arrived - 2 for r in complete)} of "
          f"{RUNS * ADVISOR_MESSAGES} advisor messages and {len(complete)} of {RUNS} hand-backs in the widget; "
          f"{crossed} of {pushes} pushes served by the instance without the socket; "
          f"{sum(r.seconds for r in RESULTS.values()) / RUNS:.1f} s per run")
    assert len(complete) == RUNS, [r for r in RESULTS.values() if r not in complete]
    assert crossed >= 1, {r.number: (r.socket_instance, r.posts) for r in complete}
