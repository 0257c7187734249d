"""Every bot response stays at B1 (wegwijzer/readability.py explains the limits).

Run alone with `pytest tests/test_readability.py -s` to see the distribution;
the report is also written to test-artifacts/readability.txt.
"""
from __future__ import annotations

import re

import textstat

from conftest import ARTIFACTS, ROOT
from wegwijzer import readability
from wegwijzer.intake.texts import LANGUAGES, all_texts
from wegwijzer.readability import B1, iter_responses, measure, plain_text


def test_textstat_really_reads_dutch():
    # Dutch hyphenation (pyphen nl_NL), not the English dictionary: on-der-toe-zicht-stel-ling.
    assert textstat.syllable_count("ondertoezichtstelling") == 6
    assert textstat.syllable_count("gezinsvoogd") == 3
    assert textstat.syllable_count("kinderrechter") == 4
    # Flesch-Douma: 206.835 - 0.93 * words per sentence - 77 * syllables per word.
    text = "De rechter beslist over de maatregel. Je mag zeggen wat je vindt."
    words, sentences, syllables = 12, 2, textstat.syllable_count(text)
    douma = 206.835 - 0.93 * words / sentences - 77 * syllables / words
    assert abs(textstat.flesch_reading_ease(text) - douma) < 0.01
    english = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
    assert abs(textstat.flesch_reading_ease(text) - english) > 1


def test_plain_text_is_what_the_reader_sees():
    text = "**OTS**: de rechter beslist.\n- hoogstens een jaar\n- in {gemeente}, zie www.example.nl"
    assert plain_text(text) == "OTS: de rechter beslist.\nhoogstens een jaar.\nin naam, zie."


def test_the_check_catches_officialese():
    b1 = ("Een ondertoezichtstelling is een besluit van de rechter. Je kind krijgt dan een gezinsvoogd. "
          "Die helpt jullie. Je houdt het gezag. Dat betekent: jij beslist over je kind.")
    officialese = ("Indien de gecertificeerde instelling van oordeel is dat de ontwikkelingsbedreiging "
                   "onvoldoende is weggenomen, kan zij de kinderrechter verzoeken de ondertoezichtstelling "
                   "te verlengen, waarbij de Raad voor de Kinderbescherming een toetsende rol vervult.")
    assert measure(b1).problems == []
    problems = " ".join(measure(officialese).problems)
    assert "sentence" in problems and "Flesch-Douma" in problems and "long words" in problems


def test_every_response_is_b1():
    responses = iter_responses()
    assert len(responses) > 50, "all domain files are read"
    results = readability.check(responses)
    report = readability.report(results)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "readability.txt").write_text(report + "\n", encoding="utf-8")
    print("\n" + report)
    above = [f"{response.label}: {'; '.join(m.problems)}" for response, m in results if m.problems]
    assert not above, f"{len(above)} response(s) above B1 ({B1}):\n" + "\n".join(above)


def test_triage_texts_are_b1():
    # The intake's summary is built from the texts of domain/intake_texts.yml and its English
    # intake_texts.en.yml (not Rasa responses); each measured with its language's formula.
    texts = [(language, text) for language in LANGUAGES for text in all_texts(language)]
    for language in LANGUAGES:
        assert sum(lang == language for lang, _ in texts) > 40, f"the triage's fixed texts are all read ({language})"
    results = readability.check(readability.Response("triage", i, f"taal={language}", t)
                                for i, (language, t) in enumerate(texts))
    above = [f"{response.text[:60]!r}: {'; '.join(m.problems)}" for response, m in results if m.problems]
    assert not above, f"{len(above)} triage text(s) above B1 ({B1}):\n" + "\n".join(above)


def test_text_files_are_b1():
    # domain/intake_texts.yml and domain/contact_texts.yml: every string, placeholders read as a name.
    texts = readability.iter_texts()
    for name in readability.TEXT_FILES:
        assert sum(t.name.startswith(name + ":") for t in texts) > 10, f"domain/{name}.yml is read"
    assert "Die gemeente ken ik niet. Kijk of de naam goed geschreven is." in {t.text for t in texts}
    results = readability.check(texts)
    above = [f"{response.name}: {'; '.join(m.problems)}" for response, m in results if m.problems]
    assert not above, f"{len(above)} text(s) above B1 ({B1}):\n" + "\n".join(above)


def test_every_text_file_the_code_reads_is_checked():
    # A new load_texts("...") file must be added to readability.TEXT_FILES.
    used = {name for folder in ("actions", "wegwijzer") for path in (ROOT / folder).rglob("*.py")
            for name in re.findall(r"load_texts\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8"))}
    assert {"intake_texts", "contact_texts"} <= used
    assert used <= set(readability.TEXT_FILES), used - set(readability.TEXT_FILES)


def test_emergency_texts_are_b1():
    # domain/emergency.yml: the words around the emergency numbers (Dutch), as a person sees them.
    from wegwijzer.directory import emergency_routes
    from wegwijzer.directory.formatting import emergency_extra, emergency_text, emergency_texts

    kinds = [None, *emergency_texts()["order"]]
    texts = [emergency_text(emergency_routes(), kind, "nl", intro=True) for kind in kinds]
    texts += [emergency_extra("nl", key) for key in ("signal", "continue")]
    results = readability.check(readability.Response("emergency", i, "", t) for i, t in enumerate(texts))
    above = [f"{response.text[:60]!r}: {'; '.join(m.problems)}" for response, m in results if m.problems]
    assert not above, f"{len(above)} emergency text(s) above B1 ({B1}):\n" + "\n".join(above)


def test_english_text_files_are_read_and_measured_as_english():
    # domain/<name>.en.yml beside a text file: its strings are checked too, with the English formula.
    texts = readability.iter_texts()
    for name in ("contact_texts", "channel_texts"):
        english = [t for t in texts if t.name.startswith(f"{name}.en:")]
        assert len(english) > 10, f"domain/{name}.en.yml is read"
        assert all(t.language == "en" and t.condition == "taal=en" for t in english)
    assert all(t.language == "nl" for t in texts if ".en:" not in t.name)
    assert "Call" in {t.text for t in texts if t.name == "contact_texts.en:routes.channels.phone"}
    results = readability.check(t for t in texts if t.language == "en")
    above = [f"{response.label}: {'; '.join(m.problems)}" for response, m in results if m.problems]
    assert not above, f"{len(above)} English text(s) above B1 ({B1}):\n" + "\n".join(above)
