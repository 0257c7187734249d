"""The contact directory in a real database: a SQLite file, and PostgreSQL
started on this machine by scripts/postgres.sh (Debian packages)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from sqlalchemy import text

from conftest import ROOT
from wegwijzer.directory import datafiles, importer
from wegwijzer.directory.db import engine_for, schema_is_current
from wegwijzer.directory.lookup import Directory

POSTGRES_SCRIPT = ROOT / "scripts" / "postgres.sh"


@pytest.fixture(scope="module")
def postgres_url():
    """A real PostgreSQL server: WEGWIJZER_TEST_POSTGRES_URL, or one that
    scripts/postgres.sh installs (if needed) and starts for this test run."""
    given = os.environ.get("WEGWIJZER_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    env = {**os.environ, "PG_TEST_DIR": f"/tmp/wegwijzer-pg-test-{os.getpid()}"}
    result = subprocess.run(["bash", str(POSTGRES_SCRIPT), "start"], capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, f"could not start PostgreSQL:\n{result.stderr[-3000:]}"
    try:
        yield result.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop"], capture_output=True, env=env, timeout=120)


# The PostgreSQL variant starts a server, so it is slow (make test-fast skips it);
# request.getfixturevalue hides postgres_url from conftest's MARKERS_OF_FIXTURE.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=[pytest.mark.slow, pytest.mark.needs_root])])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'directory.db'}"
    url = request.getfixturevalue("postgres_url")
    with engine_for(url).begin() as connection:  # each test starts from an empty schema
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine_for.cache_clear()
    return url


@pytest.fixture
def built(database_url):
    counts = importer.build(url=database_url)
    return database_url, counts


def test_build_loads_every_municipality_and_route(built):
    url, counts = built
    data = datafiles.load()
    assert counts["municipalities"] == 342 == len(data.municipalities)
    assert counts["routes"] == len(data.routes)
    assert counts["routes_verified"] == sum(1 for r in data.routes if r.values["verified_on"])
    assert counts["routes_local"] >= 3
    assert schema_is_current(url)
    print(f"\nloaded: {counts}")


def test_build_if_changed_skips_unchanged_files(built):
    url, _ = built
    assert importer.build(url=url, if_changed=True) is None


def test_lookup_gives_local_regional_and_national_routes(built):
    directory = Directory(built[0])
    wijkteam = directory.local_routes("wijkteam", "Amersfoort")
    assert [(r.channel, r.value) for r in wijkteam] == [("phone", "14 033")]
    assert wijkteam[0].verified and "seed 003" in wijkteam[0].source
    assert directory.local_routes("wijkteam", "Zeewolde") == []
    info = directory.municipality("Amersfoort")
    assert info.cbs_code == "GM0307" and info.province == "Utrecht"
    assert info.region("veilig_thuis").name == "Veilig Thuis Utrecht"
    assert "SAVE Jeugdbescherming" in info.region("jeugdbescherming").organisations
    arnhem = directory.municipality("Arnhem")
    assert arnhem.region("veilig_thuis").name == "Veilig Thuis Gelderland-Midden"
    assert "Jeugdbescherming Gelderland" in arnhem.region("jeugdhulp").organisations
    assert [r.value for r in directory.national_routes("veilig_thuis") if r.channel == "phone"] == ["0800-2000"]


def test_import_with_one_bad_row_changes_nothing_and_names_the_row(built, tmp_path):
    url, before = built
    files = tmp_path / "files"
    shutil.copytree(datafiles.DATA_DIR, files, ignore=shutil.ignore_patterns("*.md"))
    routes = (files / "routes.csv").read_text(encoding="utf-8").splitlines()
    # Line 3 (the Veilig Thuis phone row) gets an impossible number; every other row stays good.
    assert routes[2].startswith("veilig_thuis,,,phone,0800-2000,")
    routes[2] = routes[2].replace("0800-2000", "0800-20", 1)
    routes.append("akj,Nergenshuizen,,phone,088-5551000,,,,,bron,2026-01-01")
    (files / "routes.csv").write_text("\n".join(routes) + "\n", encoding="utf-8")

    with pytest.raises(datafiles.DataError) as error:
        importer.import_files(files, url)
    problems = "\n".join(error.value.problems)
    assert "routes.csv line 3: phone number '0800-20' is not a valid Dutch number" in problems
    assert f"routes.csv line {len(routes)}: municipality 'Nergenshuizen' is not in municipalities.csv" in problems
    assert importer.counts(url) == before
    assert [r.value for r in Directory(url).national_routes("veilig_thuis") if r.channel == "phone"] == ["0800-2000"]


def test_export_then_import_gives_the_same_directory(built, tmp_path):
    url, before = built
    importer.export_files(tmp_path / "export", url)
    assert importer.import_files(tmp_path / "export", url) == before


