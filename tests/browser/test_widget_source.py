"""Static checks on the widget's source: no phone number of its own except the
offline minimum (the directory's built-in facts), and no HTML parsing."""
from __future__ import annotations

import re

from conftest import ROOT

from wegwijzer.directory import fallback_routes

SOURCE = ROOT / "widget" / "src"
PHONE = re.compile(r"(?<![\w-])(?:0[89]00[ -]?\d{4}|0\d{1,3}[ -]?\d{6,8}|14 ?0\d{2,3}|11[23])(?![\w-])")


def test_only_the_offline_fallback_names_phone_numbers_and_they_match_the_directory():
    found = {path.name: PHONE.findall(path.read_text(encoding="utf-8")) for path in SOURCE.glob("*.js")}
    found = {name: numbers for name, numbers in found.items() if numbers}
    assert found == {"emergency.js": ["112", "0800-2000"]}
    built_in = {route.value for route in fallback_routes()}
    assert {"112", "0800-2000"} <= built_in


def test_no_html_parsing_anywhere_in_the_widget():
    for path in SOURCE.glob("*.js"):
        text = path.read_text(encoding="utf-8")
        for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert risky not in text, f"{path.name} uses {risky}"
