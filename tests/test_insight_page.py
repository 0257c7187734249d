"""The desk's insight page and its CSV (wegwijzer/handoff/insight_views.py) in the
real desk app over HTTP: only coordinators (no login: to the login page; an
advisor: a friendly 403), every count suppressed as in the report ("<5"), and
nothing of what a person typed. Fast tier: SQLite files, the app in this process."""
from __future__ import annotations

import csv
import io
import re

import pytest
import requests

from handoff_desk_client import Desk
from insight_desk import COORDINATOR, ServedDesk, add_advisors, advisor, coordinator, prepare  # noqa: F401 - fixtures
from wegwijzer.handoff.config import load_config
from test_insight import NEEDLES


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        day, config = prepare(tmp_path_factory.mktemp("insight-desk"), monkeypatch)
        add_advisors(config)
        served = ServedDesk(config)
        served.day = day
        try:
            yield served
        finally:
            served.stop()


@pytest.fixture
def desk_without_figures(desk, monkeypatch):
    """The same desk database, but the tracker store is a server nobody answers on."""
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://insight:geheim@127.0.0.1:1/nergens")
    served = ServedDesk(load_config())
    yield served
    served.stop()


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("path", ["/desk/inzicht", "/desk/inzicht.csv?dagen=7"])
def test_without_a_login_the_browser_goes_to_the_login_page(desk, path):
    answer = requests.get(desk.url + path, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"] == "/desk/login"


@pytest.mark.parametrize("path", ["/desk/inzicht", "/desk/inzicht?dagen=90", "/desk/inzicht.csv?dagen=30"])
def test_an_advisor_gets_a_friendly_page_instead_of_the_figures(advisor, path):
    answer = advisor.get(path)
    assert answer.status_code == 403 and answer.headers["Content-Type"].startswith("text/html")
    assert "Alleen voor coördinatoren" in answer.text and "Terug naar de desk" in answer.text
    assert "ots_duur" not in answer.text and "<table" not in answer.text


@pytest.mark.parametrize("query", ["?dagen=8", "?dagen=abc", "?dagen=-7", "?dagen=9999999999999999999"])
def test_a_period_that_is_not_offered_gets_a_clear_answer(coordinator, query):
    for path in ("/desk/inzicht", "/desk/inzicht.csv"):
        answer = coordinator.get(path + query)
        assert answer.status_code == 400 and "Kies een periode van 7, 30 of 90 dagen." in answer.text


def test_a_coordinator_sees_the_figures_with_small_counts_suppressed(coordinator, desk):
    page = coordinator.get("/desk/inzicht?dagen=7")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.text
    for title in ("Gesprekken en berichten per dag", "Niet begrepen, in procent van de berichten",
                  "Overdracht naar een mens per dag", "Crisisroutes getoond per dag", "Meest gegeven antwoorden",
                  "Onderwerpen", "Gemeenten, in gesprekken", "Rollen, in gesprekken"):
        assert f"<caption>{title}</caption>" in html, title
    assert html.count("<canvas") == 5 and '<script src="/desk/dist/inzicht.js"></script>' in html
    # The made-up day: 13 conversations, 3 of them about the AKJ (a topic of its own): "<5".
    day = re.search(rf'<tr><th scope="row">{desk.day.isoformat()}</th>(.*?)</tr>', html).group(1)
    assert day.startswith('<td data-waarde="13">13</td>'), day
    answers = html[html.index("<caption>Meest gegeven antwoorden</caption>"):]
    answers = answers[:answers.index("</table>")]
    assert "<th scope=\"col\">nuttig: ja</th><th scope=\"col\">nuttig: nee</th>" in answers
    assert '<th scope="row">wat_is_akj</th><td class="klein">&lt;5</td><td></td><td></td>' in answers
    # Six parents and the personal conversation that day, one the day before and after, one today.
    assert '<th scope="row">ots_duur</th><td data-waarde="10">10</td>' in answers
    topics = html[html.index("<caption>Onderwerpen</caption>"):]
    assert '<th scope="row">akj</th><td class="klein">&lt;5</td>' in topics[:topics.index("</table>")]
    # No number below 5 anywhere in a cell: every count reached the page suppressed.
    assert not [n for n in re.findall(r'data-waarde="([\d.]+)"', html) if float(n) < 5 and "." not in n]


def test_the_csv_has_a_row_per_day_and_figure_with_the_same_suppression(coordinator, desk):
    answer = coordinator.get("/desk/inzicht.csv?dagen=7")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="wegwijzer-inzicht-\d{4}-\d\d-\d\d-tot-\d{4}-\d\d-\d\d\.csv"',
                        answer.headers["Content-Disposition"])
    rows = csv_rows(answer)
    assert rows[0] == ["dag", "cijfer", "naam", "waarde"]
    day = desk.day.isoformat()
    assert [day, "conversations", "", "13"] in rows
    assert [day, "answers", "wat_is_akj", "<5"] in rows, "3 conversations on a topic: <5"
    assert [day, "topics", "akj", "<5"] in rows and [day, "gemeenten", "Utrecht", "6"] in rows
    assert [day, "handoffs.offered", "", "<5"] in rows and [day, "crisis.kinds", "geweld", "<5"] in rows
    assert [day, "answers", "ots_duur", "7"] in rows and ["totaal", "answers", "ots_duur", "10"] in rows
    assert {row[0] for row in rows[1:]} >= {day, "totaal"}
    values = [row[3] for row in rows[1:]]
    assert all(value in ("<5", "") or re.fullmatch(r"\d+,\d", value) or int(value) >= 5 for value in values), values


def test_nothing_a_person_typed_reaches_the_page_or_the_csv(coordinator):
    for path in ("/desk/inzicht?dagen=7", "/desk/inzicht?dagen=90", "/desk/inzicht.csv?dagen=7",
                 "/desk/inzicht.csv?dagen=30"):
        answer = coordinator.get(path)
        assert answer.status_code == 200, path
        lowered = answer.content.decode("utf-8-sig").lower()
        found = [needle for needle in NEEDLES if needle.lower() in lowered or needle.replace("-", "") in lowered]
        assert not found, (path, found)
    rows = csv_rows(coordinator.get("/desk/inzicht.csv?dagen=7"))
    assert any(row[1] == "intents" and row[2] == "overig" for row in rows), "an unknown intent is counted, not named"


def test_the_desk_serves_only_its_built_script(desk):
    for name in ("build_desk.mjs", "..%2F..%2Fsettings.py", "inzicht.css"):
        assert requests.get(f"{desk.url}/desk/dist/{name}", timeout=10).status_code == 404, name


def test_a_tracker_store_that_cannot_be_reached_gets_a_page_that_says_so(desk_without_figures):
    answer = Desk(desk_without_figures.url, COORDINATOR).get("/desk/inzicht")
    assert answer.status_code == 503 and "De cijfers zijn nu niet bereikbaar." in answer.text
    assert "geheim" not in answer.text and "Traceback" not in answer.text
