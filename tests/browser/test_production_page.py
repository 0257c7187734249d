"""The production profile as people use it: the demo page through nginx
(`make production`), in Debian's chromium.

- The widget reaches the assistant through nginx and answers a question.
- The emergency button shows every emergency route of the contact directory.
- Pages, headers and /api/emergency-routes are exactly those of the
  development web server (`make run`) with the same assistant address.
- Hidden files are not served; the advisor desk works through nginx.

One start of the profile for the whole session (fixture `production`,
tests/production_profile.py), shared with tests/test_scale.py.
"""
from __future__ import annotations

import re
import subprocess
import time
from urllib.parse import urlsplit

import pytest
import requests

from conftest import ARTIFACTS, ROOT, VENV_BIN, rasa_env

from wegwijzer.directory import emergency_routes
from wegwijzer.directory.formatting import emergency_text

from .test_handoff_e2e import desk_login
from .test_web_server import raw_status

pytestmark = pytest.mark.slow  # the real production profile in a real browser

# What a page response must carry, as the development web server sends it.
SAME_HEADERS = ("Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                "Permissions-Policy", "Cache-Control", "Access-Control-Allow-Origin")


def test_the_widget_answers_through_nginx(production, new_chat):
    started = time.monotonic()
    chat = new_chat(production.url).goto("/")
    embed = chat.page.locator("script[data-assistant-url]")
    assert embed.get_attribute("data-assistant-url") == production.url, "the assistant is this same origin"
    chat.open()
    chat.wait_for_greeting()
    answers = chat.ask("wat is een ots")
    assert any("ondertoezichtstelling" in text.lower() or "OTS" in text for text in answers), answers
    print(f"\nproduction: profile started in {production.start_seconds:.0f} s; "
          f"page to answer {time.monotonic() - started:.1f} s")
    # Everything went through nginx: no request to an instance, web server or desk directly.
    hosts = {urlsplit(url).netloc for url in chat.requests if url.startswith("http")}
    assert hosts == {f"127.0.0.1:{production.port}"}, hosts
    assert not chat.errors and not chat.dialogs
    chat.screenshot("production-page")


def test_the_emergency_button_shows_every_route_of_the_directory(production, new_chat):
    response = requests.get(production.url + "/api/emergency-routes", timeout=10)
    assert response.status_code == 200, "served by the web app behind nginx"
    data = response.json()
    # The directory's routes, the same the assistant gives (action_noodhulp).
    assert data["text"] == emergency_text(emergency_routes())
    numbers = [route["value"] for route in data["routes"] if route["channel"] == "phone"]
    assert {"112", "113", "0800-2000", "0800-0432"} <= set(numbers), numbers

    chat = new_chat(production.url).goto("/").open()
    chat.page.get_by_role("button", name="Ik heb nu hulp nodig").click()
    routes = chat.page.get_by_role("region", name="Hulp nodig? Bel direct")
    routes.locator("a[href='tel:112']").wait_for()
    shown = routes.locator(".wwj-emergency-body p").all_inner_texts()
    assert shown == data["text"].replace("**", "").split("\n"), "the directory's text, one route per line"
    for number in numbers:  # each one a tap to call ("113" twice: also in the name 113 Zelfmoordpreventie)
        assert routes.locator(f"a[href='tel:{re.sub(r'[^0-9]', '', number)}']").count() >= 1, number
    assert routes.locator(".wwj-emergency-note").is_hidden(), "no fallback note: the directory answered"


def test_pages_and_headers_are_those_of_the_development_server(production, serve_web):
    development = serve_web(production.url)  # `make run`'s web server, same assistant address
    for path in ("/", "/professionals.html", "/privacy.html", "/config.js", "/api/emergency-routes",
                 "/dist/wegwijzer-chat.js", "/site.css"):
        ours = requests.get(production.url + path, timeout=10)
        theirs = requests.get(development + path, timeout=10)
        assert ours.status_code == theirs.status_code == 200, path
        assert ours.content == theirs.content, f"{path}: other content than the development server"
        for header in SAME_HEADERS:
            assert ours.headers.get(header) == theirs.headers.get(header), f"{path}: {header}"
    home = requests.get(production.url + "/", timeout=10)
    assert f'data-assistant-url="{production.url}"' in home.text and "%ASSISTANT_URL%" not in home.text
    policy = home.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and f"ws://127.0.0.1:{production.port}" in policy
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    assert home.headers["Referrer-Policy"] == "no-referrer"
    assert home.headers.get("Server") == "nginx", "no version number"


def test_hidden_files_are_not_served(production):
    assert (ROOT / "web" / "dist" / ".sources.sha256").exists()
    for path in ("/dist/.sources.sha256", "/dist/%2esources.sha256", "/.git/config", "/.env",
                 "/../README.md", "/dist/"):
        assert raw_status(production.url, path) in (400, 403, 404), path  # 400: nginx, above the root


def test_the_advisor_desk_works_through_nginx(production, browser):
    login = requests.get(production.url + "/desk/", timeout=10)
    assert login.status_code == 200 and login.url.endswith("/desk/login"), login.url
    assert "Adviseursdesk" in login.text
    # The desk's own API (for the action servers) is not published.
    assert requests.get(production.desk_url + "/api/availability", timeout=10).status_code == 401
    assert requests.get(production.url + "/api/availability", timeout=10).status_code == 404

    production.add_advisor("noor", "Noor")
    context, desk = desk_login(browser, production.https_url, "noor", ignore_https_errors=True)  # Origin check and cookie through nginx
    try:
        # The desk's websocket came through nginx too: the advisor counts as present.
        deadline = time.monotonic() + 15
        while desk.evaluate("fetch('/desk/api/queue').then(r => r.json()).then(q => q.present)") < 1:
            assert time.monotonic() < deadline, "the desk's websocket did not connect through nginx"
            time.sleep(0.3)
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        desk.screenshot(path=str(ARTIFACTS / "screenshots" / "production-desk.png"))
    finally:
        context.close()


def test_every_part_of_the_profile_runs(production):
    status = production.script("status").stdout
    for part in ("web-0", "web-1", "desk", "retention", "rasa-0", "rasa-1", "actions-0", "actions-1",
                 "redis", "nginx", "postgresql"):
        assert f"{part}: running" in status, status
    # Retention ran once at start, on this profile's PostgreSQL (desk included).
    retention_log = (production.prod_dir / "logs" / "retention.log").read_text()
    assert "Verwijderd:" in retention_log and "Balie: opgeschoond" in retention_log, retention_log


def test_add_advisor_without_a_terminal_says_how(tmp_path):
    """No EOFError: without a terminal and without --password-stdin, a clear message and exit code 2."""
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "wegwijzer.handoff", "add-advisor", "sanne", "--name", "Sanne"],
        cwd=ROOT, env={**rasa_env(), "DATA_DIR": str(tmp_path)}, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60, start_new_session=True)  # own session: no /dev/tty
    assert result.returncode == 2, result.stderr
    assert "--password-stdin" in result.stderr and "EOFError" not in result.stderr
