"""The review inbox in chromium: a coordinator sees the missed messages in groups,
assigns one of them to a question with the keyboard only, and axe-core finds
nothing serious; an advisor gets the friendly 403 page. The desk app runs in this
process on made-up conversations (tests/test_review_inbox.py's); no Rasa, no model.
Screenshot: test-artifacts/screenshots/review-inbox.png."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from insight_desk import ADVISOR, COORDINATOR, ServedDesk, add_advisors
from test_review_inbox import inbox_day, save
from wegwijzer.handoff.config import load_config
from wegwijzer.insight import database, decisions

from .conftest import SCREENSHOTS
from .test_handoff_e2e import desk_login
from .test_widget_accessibility import run_axe

pytestmark = pytest.mark.slow  # a real browser


@pytest.fixture
def inbox_desk(tmp_path, monkeypatch):
    for name in ("HANDOFF_DATABASE_URL", "HANDOFF_PUBLIC_KEY", "HANDOFF_PRIVATE_KEY", "HANDOFF_ALLOWED_IPS",
                 "HANDOFF_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    tracker = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_STORE_URL", tracker)
    # In a thread of its own: the trackers are saved with asyncio.run(), which cannot
    # run beside Playwright's event loop in this thread.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(save, tracker, inbox_day()).result()
    config = load_config()
    add_advisors(config)
    served = ServedDesk(config)
    served.tracker = tracker
    yield served
    served.stop()


def tab_to(page, name: str, most: int = 40) -> bool:
    """Press Tab until the focused control is called `name` (its label or its text)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("""() => { const e = document.activeElement;
            return ((e.labels && e.labels.length ? e.labels[0] : e).textContent || '').trim(); }""") == name:
            return True
    return False


def test_a_coordinator_assigns_a_message_with_the_keyboard_and_an_advisor_gets_403(browser, inbox_desk):
    context, page = desk_login(browser, inbox_desk.url, COORDINATOR)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(inbox_desk.url + "/desk/inbox")
    groups = page.locator("#groups > section")
    page.get_by_role("status").filter(has_text="6 berichten in 4 groepen.").wait_for()
    first = groups.first
    assert first.get_by_role("heading").inner_text().startswith("“Wat kost een advocaat?” en 2 die erop lijken")
    assert first.get_by_role("checkbox").count() == 3
    assert "Reactie: een mens aangeboden" in first.inner_text()
    rated = groups.filter(has_text="mag ik mijn kind zien")
    assert "Antwoord niet nuttig genoemd" in rated.inner_text() and "Antwoord: faq/omgang_kind" in rated.inner_text()
    assert run_axe(SimpleNamespace(page=page, base_url=inbox_desk.url), "desk-inbox") == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "review-inbox.png"), full_page=True)

    # Keyboard only: leave one message of the group checked, choose its question, assign.
    for other in ("wat kost een advokaat", "ja maar wat kost een advocaat dan"):
        assert tab_to(page, other), other
        page.keyboard.press("Space")
    assert tab_to(page, "Hoort bij vraag of intent")
    page.keyboard.type("faq/juridisch_kosten")
    assert tab_to(page, "Toewijzen", most=3)
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="1 bericht toegewezen aan faq/juridisch_kosten.").wait_for()
    assert page.evaluate("document.activeElement.tagName") == "H2", "focus goes on with the next group"
    assert page.get_by_role("status").inner_text() == "1 bericht toegewezen aan faq/juridisch_kosten."
    left = page.locator("#groups label").all_inner_texts()
    assert "Wat kost een advocaat?" not in left
    assert {"wat kost een advokaat", "ja maar wat kost een advocaat dan"} <= set(left), "the unticked ones stay"
    assert page.get_by_text("1 beoordeelde berichten wachten op een ontwikkelaar.").is_visible()
    kept = decisions.for_training(database.engine(inbox_desk.tracker))
    assert [(row["text"], row["intent"], row["reviewer"]) for row in kept] == [
        ("Wat kost een advocaat?", "faq/juridisch_kosten", COORDINATOR)]
    assert not errors, errors
    context.close()

    context, page = desk_login(browser, inbox_desk.url, ADVISOR)
    answer = page.goto(inbox_desk.url + "/desk/inbox")
    assert answer.status == 403
    assert page.get_by_role("heading", name="Alleen voor coördinatoren").is_visible()
    assert "advocaat" not in page.content()
    assert run_axe(SimpleNamespace(page=page, base_url=inbox_desk.url), "desk-inbox-403") == []
    context.close()
