"""The maintenance command line: python -m wegwijzer.directory."""
from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT, rasa_env
from wegwijzer.directory import datafiles


def cli(*args: str, database: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wegwijzer.directory", "--database-url", database, *args],
                          cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=120)


def test_help_explains_every_command(tmp_path):
    result = cli("--help", database=f"sqlite:///{tmp_path / 'd.db'}")
    assert result.returncode == 0
    for command in ("migrate", "build", "validate", "import", "export", "list", "stats", "check-links"):
        assert command in result.stdout


def test_build_list_import_and_export(tmp_path):
    db = f"sqlite:///{tmp_path / 'd.db'}"
    assert "municipalities: 342" in cli("build", database=db).stdout
    assert "up to date" in cli("build", "--if-changed", database=db).stdout
    listing = cli("list", "amersfort", database=db)
    assert listing.returncode == 0 and "Amersfoort (GM0307, Utrecht)" in listing.stdout and "14 033" in listing.stdout
    assert cli("list", "Nergenshuizen", database=db).returncode == 1
    assert cli("export", str(tmp_path / "out"), database=db).returncode == 0
    assert (tmp_path / "out" / "municipalities.csv").read_text(encoding="utf-8").count("\n") == 343

    bad = tmp_path / "bad"
    shutil.copytree(datafiles.DATA_DIR, bad)
    with (bad / "routes.csv").open("a", encoding="utf-8") as handle:
        handle.write("akj,,,email,geen-adres,,,,,bron,2026-01-01\n")
    lines = (bad / "routes.csv").read_text(encoding="utf-8").count("\n")
    result = cli("import", "--data-dir", str(bad), database=db)
    assert result.returncode == 1
    assert f"routes.csv line {lines}: e-mail address 'geen-adres' is not valid" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert cli("validate", database=db).returncode == 0
