"""Opening hours: validation and 'open now' in Europe/Amsterdam time."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from wegwijzer.directory import hours
from wegwijzer.directory.formatting import opening_hours_text, route_line
from wegwijzer.directory.route import ContactRoute

AMS = ZoneInfo("Europe/Amsterdam")


def test_valid_and_invalid_hours():
    for good in ("", "24/7", "ma-vr 09:00-17:00", "za 10:00-12:00", "ma-vr 09:00-17:00; za 10:00-12:00"):
        assert hours.is_valid(good), good
    for bad in ("9-5", "ma-vr 9:00-17:00", "vr-ma 09:00-17:00", "ma-vr 17:00-09:00", "elke dag", "ma-vr 09:00-25:00"):
        assert not hours.is_valid(bad), bad


def test_open_now_uses_amsterdam_time():
    kindertelefoon = "ma-zo 11:00-21:00"
    assert hours.is_open(kindertelefoon, datetime(2026, 11, 22, 12, 0, tzinfo=AMS)) is True
    assert hours.is_open(kindertelefoon, datetime(2026, 11, 22, 21, 0, tzinfo=AMS)) is False
    # 20:30 UTC in winter is 21:30 in Amsterdam: closed.
    assert hours.is_open(kindertelefoon, datetime(2026, 11, 22, 20, 30, tzinfo=timezone.utc)) is False
    # Summer time: 09:30 UTC is 11:30 in Amsterdam: open.
    assert hours.is_open(kindertelefoon, datetime(2026, 7, 1, 9, 30, tzinfo=timezone.utc)) is True
    assert hours.is_open("ma-vr 09:00-17:00", datetime(2026, 11, 21, 12, 0, tzinfo=AMS)) is False  # saturday
    assert hours.is_open("24/7", datetime(2026, 11, 22, 3, 0, tzinfo=AMS)) is True
    assert hours.is_open("") is None


def test_route_line_says_if_it_is_open_now():
    route = ContactRoute("kindertelefoon", "De Kindertelefoon", "phone", "0800-0432", "ma-zo 11:00-21:00",
                         verified_on="2026-11-22")
    line = route_line(route, datetime(2026, 11, 22, 22, 0, tzinfo=AMS))
    assert line == "- Bellen: 0800-0432 (elke dag, 11.00 tot 21.00 uur, nu gesloten)"
    assert "nu open" in route_line(route, datetime(2026, 11, 22, 11, 0, tzinfo=AMS))
    assert opening_hours_text("ma-vr 09:00-17:00; za 10:00-12:00") == (
        "maandag tot en met vrijdag, 9.00 tot 17.00 uur; zaterdag, 10.00 tot 12.00 uur")


def test_route_line_in_english():
    route = ContactRoute("kindertelefoon", "De Kindertelefoon", "phone", "0800-0432", "ma-zo 11:00-21:00",
                         verified_on="2026-11-22")
    line = route_line(route, datetime(2026, 11, 22, 22, 0, tzinfo=AMS), language="en")
    assert line == "- Call: 0800-0432 (every day, 11:00 to 21:00, closed now)"
    assert route_line(route, datetime(2026, 11, 22, 11, 0, tzinfo=AMS), "en").endswith(", open now)")
    assert route_line(route, language="en") == "- Call: 0800-0432 (every day, 11:00 to 21:00)"
    chat = ContactRoute("akj", "AKJ", "chat", "https://www.akj.nl", verified_on="2026-11-22")
    assert route_line(chat, language="en") == "- Chat: https://www.akj.nl"
    assert route_line(chat) == "- Chatten: https://www.akj.nl", "Dutch stays as it was"
