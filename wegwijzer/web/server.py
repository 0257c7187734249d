"""Serve the `web/` folder on port 8080: the demo pages, the chat widget bundle
(web/dist/, built by scripts/web_setup.sh) and two small endpoints.

- `/config.js`: window.WEGWIJZER_CONFIG = {rasaUrl}, where the assistant runs.
- `/api/emergency-routes`: the emergency routes from the contact directory,
  for the widget's "Ik heb nu hulp nodig" control (same text as action_noodhulp).
- HTML pages get `%ASSISTANT_URL%` replaced by the Rasa URL (ASSISTANT_URL,
  else RASA_URL), and a Content-Security-Policy that allows no third-party
  requests: only this server and the Rasa server (HTTP and WebSocket).
- `<!--#include _name.html -->` in a page is replaced by web/_name.html (the
  header the demo pages share), with aria-current="page" on the menu link to the
  page itself. Files whose name starts with "_" are not served on their own.
- Behind nginx (`make production`) the same app serves the pages, so every
  profile sends the same HTML and headers.

Usage: python -m wegwijzer.web.server [--port 8080]
"""
from __future__ import annotations

import argparse
import html
import io
import json
import re
from dataclasses import asdict
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wegwijzer import settings
from wegwijzer.directory import emergency_routes
from wegwijzer.directory.formatting import emergency_text

WEB_ROOT = settings.ROOT / "web"
EMERGENCY_PATH = "/api/emergency-routes"
ASSISTANT_PLACEHOLDER = "%ASSISTANT_URL%"


def rasa_url() -> str:
    """The assistant as the browser reaches it. Behind nginx that is the public
    address (ASSISTANT_URL), not the Rasa instances' own (RASA_URL)."""
    config = settings.load()
    return config.assistant_url or config.rasa_url


def content_security_policy(assistant_url: str) -> str:
    """Only this server and the assistant; no inline script, no third parties."""
    parts = urlsplit(assistant_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    assistant = f"{parts.scheme}://{parts.netloc} {ws_scheme}://{parts.netloc}" if parts.netloc else ""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src 'self' {assistant}".strip(),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


INCLUDE = re.compile(r"^[ \t]*<!--#include (_[\w-]+\.html) -->", re.MULTILINE)


def with_parts(page: str, folder: Path, path: str) -> str:
    """The page with each include replaced by its part, the menu link to `path` marked current."""
    def part(match: re.Match) -> str:
        try:
            text = (folder / match.group(1)).read_text(encoding="utf-8").rstrip("\n")
        except OSError:  # a page without its part still shows (and says what is missing in its source)
            return match.group(0)
        return text.replace(f'<a href="{path}">', f'<a href="{path}" aria-current="page">', 1)
    return INCLUDE.sub(part, page)


def emergency_payload() -> dict:
    routes = emergency_routes()  # never fails: falls back to the built-in routes
    return {
        "text": emergency_text(routes),
        "routes": [
            {key: value for key, value in asdict(route).items()
             if key in ("organisation", "organisation_name", "channel", "value", "opening_hours")}
            for route in routes
        ],
    }


class PageHandler(SimpleHTTPRequestHandler):
    assistant_url: str | None = None  # None: ASSISTANT_URL or RASA_URL from the environment
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript; charset=utf-8",
                      ".html": "text/html; charset=utf-8",
                      ".css": "text/css; charset=utf-8",
                      ".txt": "text/plain; charset=utf-8"}

    def send_head(self):  # serves GET and HEAD
        path = unquote(urlsplit(self.path).path)
        if path == "/config.js":
            body = f"window.WEGWIJZER_CONFIG = {json.dumps({'rasaUrl': self.assistant()})};\n".encode()
            return self._bytes(body, "application/javascript; charset=utf-8")
        if path == EMERGENCY_PATH:
            body = json.dumps(emergency_payload(), ensure_ascii=False).encode()
            # Public facts; the widget may be embedded on a municipality's own domain.
            return self._bytes(body, "application/json; charset=utf-8", {"Access-Control-Allow-Origin": "*"})
        if any(part.startswith((".", "_")) for part in path.split("/")):
            self.send_error(HTTPStatus.NOT_FOUND)  # build stamps, hidden files and page parts
            return None
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            assistant = self.assistant()
            page = with_parts(file.read_text(encoding="utf-8"), file.parent, path)
            page = page.replace(ASSISTANT_PLACEHOLDER, html.escape(assistant, quote=True))
            return self._bytes(page.encode(), "text/html; charset=utf-8",
                               {"Content-Security-Policy": content_security_policy(assistant)})
        return super().send_head()

    def assistant(self) -> str:
        return (self.assistant_url or rasa_url()).rstrip("/")

    def _bytes(self, body: bytes, content_type: str, headers: dict[str, str] | None = None):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):  # no directory listings
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not self._headers_buffer_has("Cache-Control"):
            # The widget changes with each build; let browsers check for a new one.
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _headers_buffer_has(self, name: str) -> bool:
        prefix = f"{name}:".lower().encode()
        return any(line.lower().startswith(prefix) for line in getattr(self, "_headers_buffer", []))

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass


def make_server(port: int, host: str = "0.0.0.0", web_root: Path = WEB_ROOT,
                assistant_url: str | None = None) -> ThreadingHTTPServer:
    """The web server; assistant_url overrides RASA_URL (tests run several side by side)."""
    handler = type("ConfiguredPageHandler", (PageHandler,), {"assistant_url": assistant_url})
    return ThreadingHTTPServer((host, port), partial(handler, directory=str(web_root)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=settings.WEB_PORT)
    parser.add_argument("--host", default="0.0.0.0")
    args = parser.parse_args(argv)
    if not (WEB_ROOT / "dist" / "wegwijzer-chat.js").is_file():
        print("WARNING: web/dist/wegwijzer-chat.js is missing: run `make setup` to build the chat widget.")
    server = make_server(args.port, args.host)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
