"""The maintenance command line: python -m wegwijzer.directory."""
from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT, rasa_env
from wegwijzer.directory import __main__ as directory_cli
from wegwijzer.directory import datafiles


def cli(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wegwijzer.directory", "--database-url", database, *args],
                          cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=120)


def test_help_explains_every_command(tmp_path):
    result = cli("--help", database=f"sqlite:///{tmp_path / 'd.db'}")
    assert result.returncode == 0
    for command in ("migrate", "build", "validate", "import", "export", "list", "stats", "check-links"):
        assert command in result.stdout


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """The same entry point in this process (faster than a subprocess per command)."""
    code = directory_cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_build_list_import_and_export(tmp_path, capsys):
    db = ("--database-url", f"sqlite:///{tmp_path / 'd.db'}")
    assert "municipalities: 342" in run_main(capsys, *db, "build")[1]
    assert "up to date" in run_main(capsys, *db, "build", "--if-changed")[1]
    code, out, _ = run_main(capsys, *db, "list", "amersfort")
    assert code == 0 and "Amersfoort (GM0307, Utrecht)" in out and "14 033" in out
    assert run_main(capsys, *db, "list", "Nergenshuizen")[0] == 1
    assert run_main(capsys, *db, "export", str(tmp_path / "out"))[0] == 0
    assert (tmp_path / "out" / "municipalities.csv").read_text(encoding="utf-8").count("\n") == 343

    bad = tmp_path / "bad"
    shutil.copytree(datafiles.DATA_DIR, bad)
    with (bad / "routes.csv").open("a", encoding="utf-8") as handle:
        handle.write("akj,,,email,geen-adres,,,,,bron,2026-01-01\n")
    lines = (bad / "routes.csv").read_text(encoding="utf-8").count("\n")
    code, _, err = run_main(capsys, *db, "import", "--data-dir", str(bad))
    assert code == 1
    assert f"routes.csv line {lines}: e-mail address 'geen-adres' is not valid" in err
    assert "Nothing was changed" in err
    assert run_main(capsys, *db, "validate")[0] == 0
    code, out, _ = run_main(capsys, *db, "stats", "--latency", "--repeat", "20")
    assert code == 0 and "routes: " in out and "lookup latency" in out


def test_link_checker_reports_dead_websites_on_a_local_server():
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from wegwijzer.directory import linkcheck

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path == "/" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        results = {r.url: r for r in linkcheck.check_links(
            {f"{base}/": ["organisation akj"], f"{base}/weg": ["route akj/chat"],
             "http://127.0.0.1:1/": ["route x/website"]}, timeout=5)}
    finally:
        server.shutdown()
    assert results[f"{base}/"].ok
    assert not results[f"{base}/weg"].ok and results[f"{base}/weg"].status == 404
    assert not results["http://127.0.0.1:1/"].ok and results["http://127.0.0.1:1/"].error


def test_link_checker_lists_every_address_in_the_directory(tmp_path):
    from wegwijzer.directory import importer, linkcheck

    url = f"sqlite:///{tmp_path / 'links.db'}"
    importer.build(url=url)
    found = linkcheck.directory_urls(url)
    assert "https://www.amersfoort.nl" in found and "https://www.akj.nl" in found
