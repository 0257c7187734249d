"""Nothing a person types or a message contains can run script; links open
safely; the page asks no third party for anything; the emergency control
always shows the routes."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import requests

from conftest import push_bot_message

pytestmark = pytest.mark.slow  # the real stack in a real browser

XSS = "<img src=x onerror=alert(1)>"


def test_typed_html_is_shown_as_text_and_runs_nothing(chat):
    chat.open()
    chat.wait_for_greeting()
    chat.ask(XSS)
    assert chat.user_messages().last.inner_text() == XSS
    assert chat.page.locator(".wwj-root img").count() == 0
    chat.page.wait_for_timeout(300)  # an onerror handler would have fired by now
    assert chat.dialogs == [] and chat.errors == []


def test_bot_messages_get_only_safe_formatting(chat, web_stack):
    chat.open()
    chat.wait_for_greeting()
    session_id = chat.session_state()["sessionId"]
    push_bot_message(web_stack, session_id,
                     "**Let op** hier\nRegel twee <img src=x onerror=alert(2)> <script>alert(3)</script> "
                     "[klik](javascript:alert(4)) zie https://example.org/pad. Bel 0800-2000 of 14 033. "
                     "Mail info@akj.nl, lees [de site](https://www.akj.nl/uitleg) of www.veiligthuis.nl.")
    bubble = chat.bot_messages().filter(has_text="Regel twee").last
    bubble.wait_for()
    assert bubble.locator("strong").inner_text() == "Let op"
    assert bubble.locator("br").count() == 1
    assert bubble.locator("img, script").count() == 0
    assert "<img src=x onerror=alert(2)>" in bubble.inner_text()
    assert "[klik](javascript:alert(4))" in bubble.inner_text(), "an unsafe link stays visible as text"
    links = bubble.locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["https://example.org/pad", "tel:08002000", "tel:14033", "mailto:info@akj.nl",
                     "https://www.akj.nl/uitleg", "https://www.veiligthuis.nl/"]
    web = links.first
    assert web.get_attribute("target") == "_blank" and web.get_attribute("rel") == "noopener noreferrer"
    assert web.inner_text().startswith("https://example.org/pad") and "nieuw venster" in web.inner_text()
    chat.page.wait_for_timeout(300)
    assert chat.dialogs == [] and chat.errors == []


def test_strict_content_security_policy_and_no_third_party_requests(chat, web_stack):
    policy = requests.get(web_stack.web_url + "/", timeout=10).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy and "unsafe-inline" not in policy
    chat.open()
    chat.wait_for_greeting()
    chat.ask("Wat doet Veilig Thuis?")
    hosts = {urlsplit(url).hostname for url in chat.requests if not url.startswith("data:")}
    assert hosts <= {"localhost", "127.0.0.1"}, hosts


def test_help_now_shows_the_emergency_routes_from_the_directory(chat, web_stack):
    expected = requests.get(web_stack.web_url + "/api/emergency-routes", timeout=10).json()["text"]
    chat.open()
    help_button = chat.page.get_by_role("button", name="Ik heb nu hulp nodig")
    help_button.click()
    routes = chat.page.get_by_role("region", name="Hulp nodig? Bel direct")
    routes.locator("a[href='tel:112']").wait_for()
    assert help_button.get_attribute("aria-expanded") == "true"
    shown = routes.locator(".wwj-emergency-body p").all_inner_texts()
    assert shown == expected.replace("**", "").split("\n"), "the directory's text, one route per line"
    assert routes.locator("a[href='tel:08002000']").count() == 1
    assert routes.locator(".wwj-emergency-note").is_hidden(), "no fallback note when the directory answered"
    chat.page.keyboard.press("Escape")
    assert routes.is_hidden()
    assert chat.page.evaluate("document.activeElement.textContent") == "Ik heb nu hulp nodig"


def test_help_now_still_shows_112_and_veilig_thuis_when_the_server_is_down(new_chat, web_stack):
    chat = new_chat(web_stack.web_url)
    chat.page.route("**/api/emergency-routes", lambda route: route.abort())
    chat.goto("/").open()
    chat.page.get_by_role("button", name="Ik heb nu hulp nodig").click()
    routes = chat.page.get_by_role("region", name="Hulp nodig? Bel direct")
    routes.locator("a[href='tel:112']").wait_for()
    assert routes.locator("a[href='tel:08002000']").count() == 1
    assert routes.locator(".wwj-emergency-note").is_visible()


def test_emergency_endpoint_serves_the_directory_routes(web_stack):
    response = requests.get(web_stack.web_url + "/api/emergency-routes", timeout=10)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.text)
    values = [route["value"] for route in data["routes"]]
    assert "112" in values and "0800-2000" in values
    assert data["text"].index("112") < data["text"].index("0800-2000")
