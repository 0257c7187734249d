"""action_geef_contact with a real SQLite directory: local routes, fallbacks,
typos, skipping the question, and a directory that cannot be reached."""
from __future__ import annotations

import asyncio
import re

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contact_routes import ActionGeefContact
from wegwijzer.directory import national_routes


@pytest.fixture(autouse=True)
def directory_db(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.getbasetemp() / 'contact-directory.db'}")


def ask(text, intent="vraag_contact", organisatie=None, gemeente_entity=None, slots=None, metadata=None):
    entities = []
    if organisatie:
        entities.append({"entity": "organisatie", "value": organisatie})
    if gemeente_entity:
        start = text.find(gemeente_entity)
        entities.append({"entity": "gemeente", "value": gemeente_entity, "start": start,
                         "end": start + len(gemeente_entity)})
    tracker = Tracker("test", slots or {}, {"text": text, "intent": {"name": intent, "confidence": 1.0},
                                            "entities": entities, "metadata": metadata or {}},
                      [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionGeefContact().run(dispatcher, tracker, {}))
    text_out = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    return dispatcher.messages, events, text_out


def slot(events, name):
    return next((e["value"] for e in events if e.get("event") == "slot" and e["name"] == name), "unset")


def numbers(text):
    return set(re.findall(r"\b\d[\d -]{1,}\d\b", text))


def test_wijkteam_in_amersfoort_gives_the_local_route():
    _, events, text = ask("hoe bereik ik het wijkteam in Amersfoort", organisatie="wijkteam",
                          gemeente_entity="Amersfoort")
    assert "Zo bereik je het wijkteam in Amersfoort" in text and "14 033" in text
    assert "Sociale Wijkteams Amersfoort" in text
    assert slot(events, "gemeente") == "Amersfoort"


def test_misspelt_municipality_in_the_question_is_recognised():
    _, events, text = ask("nummer wijkteam amersfort", organisatie="wijkteam")
    assert "14 033" in text and slot(events, "gemeente") == "Amersfoort"


def test_municipality_without_local_data_gets_general_advice_and_national_route():
    _, _, text = ask("wijkteam in Zeewolde", organisatie="wijkteam", gemeente_entity="Zeewolde")
    assert "geen eigen nummer" in text and "gemeente Zeewolde" in text
    assert "Veilig Thuis" in text and "0800-2000" in text
    assert numbers(text) <= {"0800-2000"}, "no number that is not in the directory"


def test_clientondersteuning_in_amersfoort_falls_back_to_the_municipality():
    _, _, text = ask("cliëntondersteuner", organisatie="clientondersteuning", slots={"gemeente": "Amersfoort"})
    assert "gratis" in text and "14 033" in text and "vraag naar een cliëntondersteuner" in text


def test_without_municipality_the_question_is_asked_and_the_answer_with_a_typo_works():
    messages, events, _ = ask("hoe bereik ik het wijkteam", organisatie="wijkteam")
    assert messages[-1]["response"] == "utter_vraag_gemeente" and slot(events, "gemeente_gevraagd") is True
    _, events, text = ask("Amersfort", intent="geef_gemeente",
                          slots={"organisatie": "wijkteam", "gemeente_gevraagd": True})
    assert "14 033" in text and slot(events, "gemeente_gevraagd") is False


def test_an_answer_nlu_did_not_understand_is_still_tried_as_a_municipality():
    _, _, text = ask("ik woon in zeijst", intent="nlu_fallback",
                     slots={"organisatie": "wijkteam", "gemeente_gevraagd": True})
    assert "gemeente Zeist" in text


def test_unknown_municipality_is_asked_again_without_echoing_the_input():
    messages, events, text = ask("<b>Nergenshuizen</b>", intent="geef_gemeente",
                                 slots={"organisatie": "wijkteam", "gemeente_gevraagd": True})
    assert "Die gemeente ken ik niet" in text and "Nergenshuizen" not in text
    assert messages[-1]["response"] == "utter_vraag_gemeente"


def test_skipping_the_municipality_gives_general_advice():
    _, events, text = ask("Dat zeg ik liever niet", intent="gemeente_overslaan",
                          slots={"organisatie": "wijkteam", "gemeente_gevraagd": True})
    assert "website van je gemeente" in text and "0800-2000" in text
    assert slot(events, "gemeente_overgeslagen") is True


def test_municipality_from_the_website_widget_metadata():
    _, _, text = ask("wat is het nummer van het wijkteam", organisatie="wijkteam",
                     metadata={"gemeente": "Amersfoort"})
    assert "14 033" in text


def test_everyday_word_is_not_taken_for_a_municipality():
    messages, events, _ = ask("mijn buren maken ruzie, welk wijkteam helpt", organisatie="wijkteam",
                              gemeente_entity="buren", slots={"gemeente": "Buren"})
    assert messages[-1]["response"] == "utter_vraag_gemeente"
    assert slot(events, "gemeente") is None


def test_veilig_thuis_names_the_regional_organisation_and_if_it_is_open():
    _, _, text = ask("nummer veilig thuis", organisatie="veilig_thuis", slots={"gemeente": "Arnhem"})
    assert "0800-2000" in text and "Veilig Thuis Gelderland-Midden" in text and "nu open" in text


def test_unverified_route_points_to_the_website():
    _, _, text = ask("juridisch loket", organisatie="juridisch_loket")
    assert "Kijk op de website van Het Juridisch Loket" in text
    assert "8020" not in text, "an unverified number is never stated"


def test_unreachable_directory_still_gives_emergency_and_veilig_thuis(monkeypatch, caplog):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    _, _, text = ask("nummer akj", organisatie="akj")
    assert "112" in text and "0800-2000" in text
    assert "Directory unreachable" in caplog.text or "unreachable" in caplog.text


def test_every_number_in_a_reply_is_in_the_directory():
    known = {r.value for key in ("veilig_thuis", "akj", "kindertelefoon", "zelfmoordpreventie_113", "alarm_112")
             for r in national_routes(key)} | {"14 033"}
    for org, gemeente in (("wijkteam", "Amersfoort"), ("wijkteam", "Utrecht"), ("clientondersteuning", "Ede"),
                          ("akj", None), ("kindertelefoon", None), ("zelfmoordpreventie_113", None)):
        _, _, text = ask("nummer", organisatie=org, slots={"gemeente": gemeente} if gemeente else None)
        assert numbers(text) <= known, (org, numbers(text) - known)


def test_gecertificeerde_instelling_names_the_regions_gis_without_numbers():
    _, _, text = ask("welke jeugdbescherming", organisatie="gecertificeerde_instelling", slots={"gemeente": "Ede"})
    assert "Jeugdbescherming Gelderland" in text and not numbers(text)


DUTCH_ROUTE_WORDS = re.compile(r"\b(Bellen|Chatten|Kosten|Zo bereik je|Kijk op|nu open|nu gesloten|gratis|"
                               r"Ik heb geen|Neem contact op)\b")


def test_in_english_when_the_conversation_is_english():
    # slot taal=en (domain/language.yml): the same routes and numbers, the words in English.
    _, _, text = ask("phone number veilig thuis", organisatie="veilig_thuis", slots={"taal": "en", "gemeente": "Arnhem"})
    assert text.startswith("How to reach Veilig Thuis:")
    assert "- Call: 0800-2000 (day and night, open now)" in text
    assert "Cost: free, you can stay anonymous." in text
    assert "Are you calling from Arnhem? Then you reach Veilig Thuis Gelderland-Midden." in text
    assert not DUTCH_ROUTE_WORDS.search(text), text
    # A local organisation: its Dutch name explained once, then the national route that always works.
    _, _, text = ask("how do I reach the wijkteam in Zeewolde", organisatie="wijkteam", gemeente_entity="Zeewolde",
                     slots={"taal": "en"})
    assert "the wijkteam (the local family support team) in Zeewolde" in text
    assert "Call Veilig Thuis" in text and "0800-2000" in text
    assert not DUTCH_ROUTE_WORDS.search(text), text
    _, _, text = ask("wijkteam Amersfoort", organisatie="wijkteam", gemeente_entity="Amersfoort", slots={"taal": "en"})
    assert "How to reach the wijkteam (the local family support team) in Amersfoort:" in text and "14 033" in text


def test_in_dutch_when_the_slot_says_dutch_or_nothing():
    for slots in ({"taal": "nl"}, {}):
        _, _, text = ask("nummer veilig thuis", organisatie="veilig_thuis", slots=slots)
        assert text.startswith("Zo bereik je Veilig Thuis:") and "- Bellen: 0800-2000 (dag en nacht, nu open)" in text


def test_unreachable_directory_in_english(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    _, _, text = ask("number akj", organisatie="akj", slots={"taal": "en"})
    assert text.startswith("I cannot read the list of contact details right now.")
    assert "112" in text and "0800-2000" in text
