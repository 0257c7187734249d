"""Contact routes and their Dutch wording: numbers only from the directory."""
from __future__ import annotations

import re

import pytest

from wegwijzer.directory import emergency_routes, national_routes, routes
from wegwijzer.directory.formatting import emergency_text, opening_hours_text, routes_text


@pytest.fixture(autouse=True)
def directory_db(tmp_path_factory, monkeypatch):
    """A real SQLite directory file, built from the data files on first use."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.getbasetemp() / 'routes-directory.db'}")


def test_emergency_routes_come_from_the_directory():
    found = {(r.organisation, r.value) for r in emergency_routes()}
    assert ("alarm_112", "112") in found
    assert ("veilig_thuis", "0800-2000") in found
    assert ("zelfmoordpreventie_113", "0800-0113") in found
    assert ("kindertelefoon", "0800-0432") in found
    assert all(r.source for r in emergency_routes()), "every route carries its source"


def test_emergency_routes_survive_an_unreachable_directory(monkeypatch, caplog):
    # Nothing listens on port 1: the database cannot be reached at all.
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    found = {r.value for r in routes.emergency_routes()}
    assert {"112", "0800-2000", "0800-0113", "0800-0432"} <= found
    assert "built-in" in caplog.text or "fallback" in caplog.text


def test_opening_hours_in_plain_dutch():
    assert opening_hours_text("24/7") == "dag en nacht"
    assert opening_hours_text("ma-vr 09:00-17:00") == "maandag tot en met vrijdag, 9.00 tot 17.00 uur"
    assert opening_hours_text("ma-zo 11:00-21:00") == "elke dag, 11.00 tot 21.00 uur"
    assert opening_hours_text("") == ""


def test_route_text_states_number_hours_and_tip():
    text = routes_text(national_routes("veilig_thuis"))
    assert "0800-2000" in text and "dag en nacht" in text
    assert text.startswith("Zo bereik je Veilig Thuis")


def test_unverified_route_points_to_the_website_instead_of_a_value():
    unverified = [r for r in national_routes("veilig_thuis") if not r.verified]
    assert unverified, "the directory has an unverified Veilig Thuis chat route"
    text = routes_text(unverified)
    assert "Kijk op de website" in text and "http" not in text


def test_emergency_text_has_no_number_that_is_not_in_the_directory():
    text = emergency_text(emergency_routes())
    directory_numbers = {r.value for r in emergency_routes()}
    for number in re.findall(r"\d[\d-]{2,}", text):
        assert number in directory_numbers, number


def test_route_text_in_english_with_the_directory_words_translated():
    dutch = routes_text(national_routes("veilig_thuis"))
    assert dutch.splitlines()[0] == "Zo bereik je Veilig Thuis:" and "Kosten: gratis, kan anoniem." in dutch
    assert "Tip: Zeg dat je advies wilt" in dutch
    text = routes_text(national_routes("veilig_thuis"), language="en")
    lines = text.splitlines()
    assert lines[0] == "How to reach Veilig Thuis:"
    assert "- Call: 0800-2000 (day and night)" in lines
    assert "Cost: free, you can stay anonymous." in lines
    assert any(line.startswith("Tip: Say that you want advice") for line in lines)
    assert "- Look at the website of Veilig Thuis for the right details." in lines, "the unverified chat route"
    assert not re.search(r"\b(Bellen|Kosten|Zo bereik|Kijk op|gratis|nu open)\b", text)
