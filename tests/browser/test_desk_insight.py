"""The desk's insight page in chromium: a coordinator finds it from the desk, sees
the charts drawn (Chart.js, bundled by scripts/build_desk.mjs) with their tables,
and axe-core finds nothing serious; an advisor has no link to it and gets the
friendly 403 page. The desk app runs in this process on made-up conversations
(tests/insight_desk.py); no Rasa, no model. Screenshot:
test-artifacts/screenshots/insight-page.png."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from conftest import ROOT
from insight_desk import ADVISOR, COORDINATOR, ServedDesk, add_advisors, prepare

from .conftest import SCREENSHOTS
from .test_handoff_e2e import desk_login
from .test_widget_accessibility import run_axe

pytestmark = pytest.mark.slow  # a real browser
BUNDLE = ROOT / "build" / "desk" / "inzicht.js"
CHARTS = 5


@pytest.fixture
def insight_desk(tmp_path, monkeypatch):
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: run `make setup` (scripts/web_setup.sh builds it).")
    # In a thread of its own: the trackers are saved with asyncio.run(), which cannot
    # run beside Playwright's event loop in this thread.
    with ThreadPoolExecutor(1) as worker:
        _, config = worker.submit(prepare, tmp_path, monkeypatch).result()
    add_advisors(config)
    served = ServedDesk(config)
    yield served
    served.stop()


def drawn_canvases(page) -> int:
    """Canvases with at least one painted pixel."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('canvas')).filter((canvas) => {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
        return false;
    }).length""")


def test_a_coordinator_sees_the_charts_and_an_advisor_gets_403(browser, insight_desk):
    context, page = desk_login(browser, insight_desk.url, COORDINATOR)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    links = page.get_by_role("navigation", name="Voor coördinatoren")
    links.get_by_role("link", name="Te beoordelen").wait_for()
    links.get_by_role("link", name="Inzicht").click()
    page.wait_for_url(re.compile(r"/desk/inzicht$"))
    page.wait_for_function("n => document.querySelectorAll('canvas[data-getekend=ja]').length === n", arg=CHARTS)
    assert drawn_canvases(page) == CHARTS
    assert page.get_by_role("heading", name="Gesprekken en berichten per dag").is_visible()
    assert page.get_by_role("img", name=re.compile("^Overdracht naar een mens per dag: grafiek")).is_visible()
    # Each chart's text alternative: its table, one click away, with the same suppressed figures.
    page.get_by_text("Gesprekken en berichten per dag: de cijfers als tabel").click()
    table = page.get_by_role("table", name="Gesprekken en berichten per dag")
    table.wait_for()
    assert table.get_by_role("row").count() >= 4 and "<5" in table.inner_text()
    assert page.get_by_role("table", name="Meest gegeven antwoorden").get_by_role("row", name=re.compile("wat_is_akj")) \
        .inner_text().split()[1] == "<5"
    assert run_axe(SimpleNamespace(page=page, base_url=insight_desk.url), "desk-insight") == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "insight-page.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze cijfers als CSV").click()
    assert download.value.suggested_filename.startswith("wegwijzer-inzicht-")
    assert not errors, errors
    context.close()

    context, page = desk_login(browser, insight_desk.url, ADVISOR)
    assert page.locator("#coordinator-links").is_hidden()
    answer = page.goto(insight_desk.url + "/desk/inzicht")
    assert answer.status == 403
    assert page.get_by_role("heading", name="Alleen voor coördinatoren").is_visible()
    assert run_axe(SimpleNamespace(page=page, base_url=insight_desk.url), "desk-insight-403") == []
    context.close()
