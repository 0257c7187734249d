"""Serve the `web/` folder on port 8080.

`/config.js` tells the page where the assistant runs, so the same files work on
any port. Usage: python -m wegwijzer.web.server [--port 8080]
"""
from __future__ import annotations

import argparse
import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from wegwijzer import settings

WEB_ROOT = settings.ROOT / "web"


class PageHandler(SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self.path.split("?")[0] == "/config.js":
            rasa_url = os.environ.get("RASA_URL", f"http://localhost:{settings.RASA_PORT}")
            body = f"window.WEGWIJZER_CONFIG = {json.dumps({'rasaUrl': rasa_url})};\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=settings.WEB_PORT)
    parser.add_argument("--host", default="0.0.0.0")
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer((args.host, args.port), partial(PageHandler, directory=str(WEB_ROOT)))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
