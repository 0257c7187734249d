"""WCAG 2.1 AA: axe-core (from npm) finds no serious or critical violation with
the widget open; keyboard use and focus management; 320 px and 200% zoom
without horizontal scrolling; screenshots as test artefacts."""
from __future__ import annotations

import json

import pytest

from conftest import ARTIFACTS

from wegwijzer.web.server import WEB_ROOT

from .conftest import AXE

pytestmark = pytest.mark.slow  # the real stack in a real browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_REPORTS = ARTIFACTS / "axe"


def run_axe(chat, name: str) -> list[dict]:
    """Runs axe-core on the whole page; returns the serious and critical violations.
    axe is served as if from the page's own origin, which its CSP allows."""
    url = chat.base_url + "/__test__/axe.min.js"
    chat.page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"))
    if not chat.page.evaluate("typeof window.axe !== 'undefined'"):
        chat.page.add_script_tag(url=url)
    results = chat.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    summary = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]]} for v in results["violations"]]
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(
        {"axe": results["testEngine"]["version"], "tags": AXE_TAGS, "passes": len(results.get("passes", [])),
         "violations": summary}, indent=2))
    return [v for v in summary if v["impact"] in ("serious", "critical")]


def open_with_answers(chat):
    chat.open()
    chat.wait_for_greeting()
    chat.page.get_by_role("group", name="Kies een antwoord").get_by_role("button").last.wait_for()
    chat.wait_until_idle()


def no_horizontal_scroll(chat) -> bool:
    return chat.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_axe_finds_no_serious_violations_with_the_widget_open(chat):
    open_with_answers(chat)
    assert run_axe(chat, "desktop-widget-open") == []
    chat.screenshot("widget-1280")

    chat.page.get_by_role("button", name="Ik heb nu hulp nodig").click()
    chat.page.locator(".wwj-emergency a[href='tel:112']").wait_for()
    assert run_axe(chat, "desktop-help-open") == []
    chat.screenshot("widget-1280-help")

    chat.page.get_by_role("button", name="Opties").click()
    assert run_axe(chat, "desktop-options-open") == []


def test_320px_wide_screen(new_chat, web_stack):
    chat = new_chat(web_stack.web_url, width=320, height=640, is_mobile=True, has_touch=True).goto("/")
    assert no_horizontal_scroll(chat)
    chat.screenshot("page-320")
    open_with_answers(chat)
    panel = chat.panel.bounding_box()
    assert panel["width"] == 320 and panel["x"] == 0, "the chat uses the whole screen"
    for control in (chat.page.get_by_role("button", name="Ik heb nu hulp nodig"), chat.input,
                    chat.page.get_by_role("button", name="Versturen"), chat.page.get_by_role("button", name="Chat sluiten")):
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["height"] >= 44
    assert no_horizontal_scroll(chat)
    chat.screenshot("widget-320")
    assert run_axe(chat, "mobile-320-widget-open") == []


def test_zoom_200_percent(new_chat, web_stack):
    # 200% zoom of a 1280 x 720 window: the page lays out in 640 x 360 CSS pixels.
    chat = new_chat(web_stack.web_url, width=640, height=360, device_scale_factor=2).goto("/")
    open_with_answers(chat)
    assert no_horizontal_scroll(chat)
    for control in (chat.page.get_by_role("button", name="Ik heb nu hulp nodig"), chat.input):
        assert control.is_visible() and control.bounding_box()["y"] + control.bounding_box()["height"] <= 360
    log = chat.page.get_by_role("log")
    assert log.bounding_box()["height"] >= 60, "room left to read the conversation"
    chat.screenshot("widget-zoom-200")


def tab_to(page, css_class: str, key: str, most: int) -> bool:
    """Press `key` until the element with `css_class` has the focus; False after `most` presses."""
    for _ in range(most):
        page.keyboard.press(key)
        if page.evaluate("c => document.activeElement.classList.contains(c)", css_class):
            return True
    return False


def test_everything_works_with_the_keyboard(chat):
    page = chat.page
    # From the top of the page, Tab reaches the launcher.
    assert tab_to(page, "wwj-launcher", "Tab", 40), "the chat launcher is not reachable with Tab"
    page.keyboard.press("Enter")
    chat.wait_for_greeting()
    assert page.evaluate("document.activeElement.id") == "wwj-input", "focus moves into the chat"

    page.keyboard.type("Wat doet Veilig Thuis?")
    page.keyboard.press("Enter")
    chat.wait_for_bot_text("Veilig Thuis")
    assert page.evaluate("document.activeElement.id") == "wwj-input"

    page.keyboard.press("Escape")
    assert chat.panel.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('wwj-launcher')"), "focus returns to the launcher"
    assert chat.launcher.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert chat.panel.is_visible()

    # The help control: Shift+Tab back through the log and the options to it.
    assert tab_to(page, "wwj-help", "Shift+Tab", 30), "the help control is not reachable with the keyboard"
    page.keyboard.press("Enter")
    region = page.get_by_role("region", name="Hulp nodig? Bel direct")
    assert page.evaluate("document.activeElement.id") == "wwj-emergency", "focus moves to the routes"
    region.locator("a[href='tel:112']").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')").startswith("tel:")
    page.keyboard.press("Escape")
    assert region.is_hidden() and page.evaluate("document.activeElement.classList.contains('wwj-help')")


def test_announcements_and_labels(chat):
    open_with_answers(chat)
    log = chat.page.get_by_role("log", name="Gesprek")
    assert log.count() == 1, "new messages are announced through an ARIA live region (role=log)"
    assert chat.page.get_by_role("alert").count() == 1, "connection problems are announced"
    assert chat.page.get_by_role("textbox", name="Typ je vraag").get_attribute("aria-describedby") == "wwj-hint"
    assert chat.page.get_by_role("complementary", name="Chat met Wegwijzer").count() == 1


def test_municipality_colour_gets_readable_text_and_english_labels(new_chat, web_stack, serve_web, tmp_path):
    """A light municipality colour: the widget picks dark text for it; labels in English."""
    page = (WEB_ROOT / "index.html").read_text(encoding="utf-8")
    (tmp_path / "index.html").write_text(
        page.replace('data-color="#1f4e8c"', 'data-color="#ffd400"').replace('data-lang="nl"', 'data-lang="en"'))
    for name in ("dist", "site.css", "site.js", "_site-header.html"):
        (tmp_path / name).symlink_to(WEB_ROOT / name)
    chat = new_chat(serve_web(web_stack.rasa_url, tmp_path, getattr(web_stack, "page_port", 0))).goto("/")
    chat.page.get_by_role("button", name="Chat with Wegwijzer").click()
    chat.page.get_by_role("button", name="I need help now").wait_for()
    chat.bot_messages().first.wait_for()
    header_colour = chat.page.locator(".wwj-header").evaluate("e => getComputedStyle(e).color")
    assert header_colour == "rgb(0, 0, 0)"
    assert run_axe(chat, "custom-colour-en") == []
    chat.screenshot("widget-1280-custom-colour")
