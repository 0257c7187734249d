"""The text files the code builds its messages from (wegwijzer/texts.py):
domain/<name>.yml in Dutch, domain/<name>.<language>.yml beside it with the same
keys, laid over the Dutch when the conversation is in that language."""
from __future__ import annotations

import csv
import re

import pytest

from conftest import ROOT
from wegwijzer import readability
from wegwijzer.channels import channel_text
from wegwijzer.texts import DOMAIN_DIR, load_texts, overlay, text_file, walk_texts
from wegwijzer.yaml_files import read_yaml

TRANSLATED = ("contact_texts", "channel_texts")  # files that must have every text in English
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def test_the_language_file_is_laid_over_the_dutch_and_a_missing_key_stays_dutch(tmp_path):
    (tmp_path / "demo.yml").write_text(
        "hello: Hallo\nbye: Dag\nnested:\n  a: Een\n  b: Twee\nwords: {}\n", encoding="utf-8")
    (tmp_path / "demo.en.yml").write_text(
        "hello: Hello\nnested:\n  a: One\nwords:\n  gratis: free\n", encoding="utf-8")
    english = load_texts("demo", "en", tmp_path)
    assert english == {"hello": "Hello", "bye": "Dag", "nested": {"a": "One", "b": "Twee"},
                       "words": {"gratis": "free"}}
    assert load_texts("demo", "nl", tmp_path) == {"hello": "Hallo", "bye": "Dag", "nested": {"a": "Een", "b": "Twee"},
                                                  "words": {}}
    # No file for the language, or no language (slot not set): Dutch.
    assert load_texts("demo", "tr", tmp_path) == load_texts("demo", None, tmp_path) == load_texts("demo", "nl", tmp_path)
    assert load_texts("demo", "en", tmp_path) is english, "cached"


def test_overlay_merges_nested_dicts_and_leaves_both_sides_unchanged():
    base, other = {"a": {"x": 1, "y": 2}, "b": 3}, {"a": {"x": 10}}
    assert overlay(base, other) == {"a": {"x": 10, "y": 2}, "b": 3}
    assert base == {"a": {"x": 1, "y": 2}, "b": 3} and other == {"a": {"x": 10}}


def test_the_old_call_still_gives_the_dutch_file():
    assert load_texts("contact_texts") == read_yaml(DOMAIN_DIR / "contact_texts.yml")
    assert load_texts("contact_texts")["routes"]["channels"]["phone"] == "Bellen"
    assert load_texts("contact_texts", "en")["routes"]["channels"]["phone"] == "Call"


def _paths(data) -> dict[str, str]:
    return dict(walk_texts(data))


@pytest.mark.parametrize("name", TRANSLATED)
def test_the_english_file_has_every_text_with_the_same_placeholders(name):
    dutch, english = read_yaml(text_file(name)), read_yaml(text_file(name, "en"))
    dutch_texts, english_texts = _paths(dutch), _paths(english)
    assert set(dutch_texts) <= set(english_texts), f"not in English: {set(dutch_texts) - set(english_texts)}"
    # Only the open mappings of the Dutch file (an empty {}, such as directory_words) get keys of their own.
    open_maps = {key for key, value in dutch.items() if value == {}}
    extra = {path for path in set(english_texts) - set(dutch_texts) if path.split(".")[0] not in open_maps}
    assert not extra, f"keys the Dutch file does not have: {extra}"
    for path, text in english_texts.items():
        if path in dutch_texts:  # the code fills only what it fills in Dutch
            assert set(_PLACEHOLDER.findall(text)) <= set(_PLACEHOLDER.findall(dutch_texts[path])), path


def test_rasa_skips_the_text_files_and_their_language_files():
    from rasa.shared.core.domain import Domain

    files = [path for name in readability.TEXT_FILES for path in DOMAIN_DIR.glob(f"{name}*.yml")]
    assert text_file("contact_texts", "en") in files and text_file("channel_texts", "en") in files
    for path in files:
        assert not Domain.is_domain_file(path), f"{path.name} would be read as part of the Rasa domain"


def test_every_dutch_word_of_the_directory_has_its_english():
    with (ROOT / "directory" / "routes.csv").open(encoding="utf-8") as rows:
        said = {row[column] for row in csv.DictReader(rows) for column in ("cost", "what_to_say") if row[column]}
    english = load_texts("contact_texts", "en")["directory_words"]
    assert said <= set(english), f"add to directory_words of contact_texts.en.yml: {said - set(english)}"


def test_channel_texts_follow_the_message_only_when_it_is_clearly_english():
    english = "I have been waiting for an answer about my son for a long time"
    assert channel_text("failed", english) == load_texts("channel_texts", "en")["failed"]
    assert channel_text("too_long", english).startswith("Your message is long.")
    dutch = load_texts("channel_texts")["failed"]
    for text in ("ik wacht al heel lang op een antwoord over mijn zoon", "ok", "sorry", "", None, 12):
        assert channel_text("failed", text) == dutch, text


def test_a_language_that_is_no_code_gives_dutch_and_never_names_another_file(tmp_path):
    (tmp_path / "demo.yml").write_text("hello: Hallo\n", encoding="utf-8")
    (tmp_path / "secret.yml").write_text("hello: secret\n", encoding="utf-8")
    for language in ("../secret", "/secret", "EN", "english", "", 5, True, ["en"], {"en": 1}):
        assert load_texts("demo", language, tmp_path) == {"hello": "Hallo"}, language
