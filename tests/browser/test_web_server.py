"""The web server of the demo pages (no browser needed): the embed gets the
assistant URL, pages get a strict Content-Security-Policy, the emergency
routes come from the directory, and nothing else is exposed."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import requests

from conftest import ROOT

from wegwijzer.directory import emergency_routes
from wegwijzer.directory.formatting import emergency_text

ASSISTANT = "http://localhost:5999"


def test_demo_pages_embed_the_widget_with_the_assistant_url(serve_web):
    base = serve_web(ASSISTANT)
    home = requests.get(base + "/", timeout=10)
    assert home.status_code == 200 and home.headers["Content-Type"].startswith("text/html")
    assert f'data-assistant-url="{ASSISTANT}"' in home.text and "%ASSISTANT_URL%" not in home.text
    assert 'data-municipality="Amersfoort"' in home.text and "Jeugd en gezin" in home.text
    professionals = requests.get(base + "/professionals.html", timeout=10).text
    assert 'data-role="professional"' in professionals
    bundle = requests.get(base + "/dist/wegwijzer-chat.js", timeout=10)
    assert bundle.status_code == 200 and bundle.headers["Content-Type"].startswith("application/javascript")
    assert f'"rasaUrl": "{ASSISTANT}"' in requests.get(base + "/config.js", timeout=10).text


def test_pages_allow_only_this_server_and_the_assistant(serve_web):
    headers = requests.get(serve_web(ASSISTANT) + "/", timeout=10).headers
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["connect-src"] == "'self' http://localhost:5999 ws://localhost:5999"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"


def test_an_odd_assistant_url_cannot_break_out_of_the_attribute(serve_web):
    page = requests.get(serve_web('https://a.example/"><script>alert(1)</script>') + "/", timeout=10).text
    assert "<script>alert(1)" not in page and "&quot;&gt;&lt;script&gt;" in page


def test_emergency_routes_endpoint_gives_the_directory_text(serve_web):
    response = requests.get(serve_web(ASSISTANT) + "/api/emergency-routes", timeout=10)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["text"] == emergency_text(emergency_routes())
    values = [route["value"] for route in data["routes"]]
    assert "112" in values and "0800-2000" in values


def raw_status(base: str, path: str) -> int:
    """GET with the path sent exactly as written (requests would normalise "/../")."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_no_listings_hidden_files_or_paths_outside_web(serve_web):
    base = serve_web(ASSISTANT)
    assert (ROOT / "README.md").exists() and (ROOT / "wegwijzer" / "settings.py").exists()
    for path in ("/dist/", "/dist/.sources.sha256", "/_site-header.html", "/../README.md", "/%2e%2e/README.md",
                 "/../wegwijzer/settings.py", "/..%2fwegwijzer/settings.py", "/nope.html"):
        assert raw_status(base, path) == 404, path
    head = requests.head(base + "/", timeout=10)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) > 1000


def test_every_page_has_the_shared_header_with_its_own_menu_link_current(serve_web):
    base = serve_web(ASSISTANT)
    for path, current in (("/", "Jeugd en gezin"), ("/professionals.html", "Voor professionals"),
                          ("/privacy.html", "Privacy")):
        page = requests.get(base + path, timeout=10).text
        assert "<!--#include" not in page and page.count('<header class="site-header">') == 1, path
        assert f'<a href="{path}" aria-current="page">{current}</a>' in page, path
        others = [other for other in ("/", "/professionals.html", "/privacy.html") if other != path]
        assert all(f'<a href="{other}">' in page for other in others), path


def test_a_page_whose_part_is_missing_is_still_served(serve_web, tmp_path):
    (tmp_path / "index.html").write_text("<body>\n  <!--#include _site-header.html -->\n  <main>Inhoud</main>\n</body>\n")
    page = requests.get(serve_web(ASSISTANT, tmp_path) + "/", timeout=10)
    assert page.status_code == 200 and "<main>Inhoud</main>" in page.text
