"""The review inbox (wegwijzer.insight.review, decisions, inbox, training; the desk's
/desk/inbox): the messages the assistant missed, grouped; a coordinator's decisions;
export-training's YAML, read back with Rasa's own reader; and never a trace of the
personal data a person typed. Fast tier: SQLite files written by the project's
RedactingTrackerStore, the real desk app over HTTP in this process."""
from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta, timezone

import pytest
import requests

from handoff_desk_client import Desk
from insight_desk import COORDINATOR, ServedDesk, add_advisors, advisor, coordinator  # noqa: F401 - fixtures
from test_insight import FAKE, NEEDLES, conversation, save
from wegwijzer import feedback
from wegwijzer.insight import database, decisions
from wegwijzer.insight.__main__ import main as insight
from wegwijzer.insight.grouping import group_texts
from wegwijzer.insight.inbox import Inbox
from wegwijzer.insight.review import REASON_CLARIFYING, REASON_NOT_UNDERSTOOD, REASON_NOT_USEFUL, review_items
from wegwijzer.insight.training import DATA_DIR, training_yaml

HOURS_AGO = datetime.now(timezone.utc).timestamp() - 6 * 3600
TODAY = datetime.now(timezone.utc).date()


def missed(text: str, replies=("action_niet_begrepen", "utter_fallback_onderwerpen")) -> tuple:
    return (text, "nlu_fallback", list(replies), None)


def asked_back(text: str) -> tuple:
    return (text, "faq", ["action_beantwoord_vraag", "utter_faq/vervolgvraag"], None)


def answered(text: str, answer: str) -> tuple:
    return (text, "faq", ["action_beantwoord_vraag", f"utter_faq/{answer}"], None)


def rate(tracker, answer: str, *verdicts: str):
    """The widget's verdicts on the conversation's answer `answer`, as the channel
    stores them (wegwijzer/feedback.py), one after the other."""
    from rasa.shared.core.events import SlotSet

    response = f"utter_faq/{answer}"
    bot = next(e for e in tracker.events if e.type_name == "bot" and e.metadata.get("utter_action") == response)
    moment = tracker.events[-1].timestamp
    for n, verdict in enumerate(verdicts, start=1):
        value = feedback.slot_value(feedback.Verdict(response, verdict), bot.timestamp)
        tracker.update(SlotSet(feedback.SLOT, value, timestamp=moment + n))
    return tracker


def minute(n: int) -> float:
    return HOURS_AGO + 60 * n


def inbox_day() -> list:
    """Conversations of this morning, a minute apart: answered, missed (two alike, a
    short one, one with a word in common), asked back, and answers rated."""
    return [
        conversation("answered", minute(0), [answered("hoe lang duurt een ots", "ots_duur")]),
        conversation("lawyer-1", minute(1), [missed("ja maar wat kost een advocaat dan")]),
        conversation("short", minute(2), [missed("ja")]),
        conversation("lawyer-2", minute(3), [missed("wat kost een advokaat")]),
        conversation("asked-back", minute(4), [answered("wat is een ots", "ots"), asked_back("en hoe lang dan?")]),
        rate(conversation("rated-no", minute(5), [answered("mag ik mijn kind zien", "omgang_kind")]),
             "omgang_kind", "nee"),
        rate(conversation("changed-mind", minute(6), [answered("wie beslist over de omgang", "omgang_wie_beslist")]),
             "omgang_wie_beslist", "nee", "ja"),
        conversation("twice", minute(7), [missed("Wat kost een advocaat?", ("action_handoff_aanbieden",
                                                                            "utter_handoff_niet_begrepen"))]),
    ]


@pytest.fixture
def tracker(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    save(url, inbox_day())
    return argparse.Namespace(url=url, engine=database.engine(url), data_dir=tmp_path)


def texts(items) -> list[str]:
    return [item.text for item in items]


def test_missed_asked_back_and_rated_no_messages_are_items_newest_first(tracker):
    items = review_items(tracker.engine, {})
    assert texts(items) == ["Wat kost een advocaat?", "mag ik mijn kind zien", "en hoe lang dan?",
                            "wat kost een advokaat", "ja", "ja maar wat kost een advocaat dan"]
    found = {item.text: item for item in items}
    assert found["ja"].reasons == (REASON_NOT_UNDERSTOOD,)
    assert found["ja"].answer == "utter_fallback_onderwerpen" and found["ja"].intent == "nlu_fallback"
    assert found["Wat kost een advocaat?"].answer == "utter_handoff_niet_begrepen"
    assert found["en hoe lang dan?"].reasons == (REASON_CLARIFYING,)
    assert found["mag ik mijn kind zien"].reasons == (REASON_NOT_USEFUL,)
    assert found["mag ik mijn kind zien"].answer == "faq/omgang_kind", "the answer it got and rated"
    assert "wie beslist over de omgang" not in found, "the latest verdict counts: nee, then ja"
    assert review_items(tracker.engine, {}, ids=[found["ja"].id]) == [found["ja"]]
    assert review_items(None, {}) == [], "no database yet: an empty inbox"


def test_similar_messages_share_a_group_and_a_short_one_does_not_join_a_long_one(tracker):
    items = review_items(tracker.engine, {})
    groups = [texts(group.members) for group in group_texts(items, texts(items))]
    assert groups == [["Wat kost een advocaat?", "wat kost een advokaat", "ja maar wat kost een advocaat dan"],
                      ["mag ik mijn kind zien"], ["en hoe lang dan?"], ["ja"]], "newest group first"
    assert [g.members for g in group_texts(["!!", "??", "hoi"], ["!!", "??", "hoi"])] == [["!!", "??"], ["hoi"]]


def test_an_unknown_target_is_refused_and_a_known_one_is_kept(tracker):
    inbox = Inbox(tracker.url)
    ids = [item["id"] for item in inbox.groups()["groups"][0]["items"]]
    for decision, intent in ((decisions.ASSIGNED, "faq/bestaat_niet"), (decisions.ASSIGNED, None),
                             ("misschien", None), (decisions.NO_QUESTION, "faq/ots_duur")):
        with pytest.raises(ValueError):
            inbox.decide(ids, decision, intent, "coby", TODAY)
    assert inbox.decide(ids[:2], decisions.ASSIGNED, "faq/juridisch_kosten", "coby", TODAY) == 2
    assert inbox.decide(ids[:2], decisions.NO_QUESTION, None, "coby", TODAY) == 0, "decided already"
    left = [item["text"] for group in inbox.groups()["groups"] for item in group["items"]]
    assert left == ["mag ik mijn kind zien", "en hoe lang dan?", "ja", "ja maar wat kost een advocaat dan"]
    assert decisions.for_training(tracker.engine) == [
        {"text": "Wat kost een advocaat?", "decision": "toegewezen", "intent": "faq/juridisch_kosten",
         "reviewer": "coby", "decided_on": TODAY},
        {"text": "wat kost een advokaat", "decision": "toegewezen", "intent": "faq/juridisch_kosten",
         "reviewer": "coby", "decided_on": TODAY}]


def test_forget_takes_undecided_items_and_decisions_outlive_retention(tracker):
    from wegwijzer.privacy.retention import forget, purge_expired

    inbox = Inbox(tracker.url)
    by_text = {item["text"]: item["id"] for group in inbox.groups()["groups"] for item in group["items"]}
    inbox.decide([by_text["en hoe lang dan?"]], decisions.NEW_QUESTION, None, "coby", TODAY)
    forget("short", db_url=tracker.url, data_dir=tracker.data_dir, include_desk=False)
    left = [item["text"] for group in inbox.groups()["groups"] for item in group["items"]]
    assert "ja" not in left and len(left) == 4, "make forget: the conversation's undecided item is gone"

    purge_expired(days=0, db_url=tracker.url, data_dir=tracker.data_dir, include_desk=False)
    assert inbox.groups()["groups"] == [], "retention deleted every conversation"
    with tracker.engine.connect() as connection:
        kept = connection.execute(decisions.DECIDED.select()).mappings().all()
    assert [(row["text"], row["decision"], row["event_id"], row["event_time"]) for row in kept] == [
        ("en hoe lang dan?", "nieuwe_vraag", None, None)], "only the redacted text is left, no link"


def test_the_targets_are_the_domains_questions_and_intents():
    names = {target.name: target.hint for target in decisions.targets()}
    assert names["faq/ots_duur"].startswith("Een OTS duurt")
    assert "groet" in names and "mens_spreken" in names
    assert "faq" not in names and "nlu_fallback" not in names
    assert list(names) == sorted(names)


def test_the_yaml_is_deduplicated_commented_and_loads_in_rasa(tmp_path):
    from rasa.shared.nlu.training_data.loading import load_data

    day = date(2026, 12, 10)
    rows = [{"text": "wat is nou zo'n  OTS", "decision": "toegewezen", "intent": "faq/ots_wat", "reviewer": "coby",
             "decided_on": day},
            {"text": "Wat is nou zo'n ots", "decision": "toegewezen", "intent": "faq/ots_wat", "reviewer": "dirk",
             "decided_on": day},
            {"text": "ik ben [naam](moeder) van\ntwee", "decision": "toegewezen", "intent": "faq/ots_wat",
             "reviewer": "dirk", "decided_on": day + timedelta(days=1)},
            {"text": "hallo daar", "decision": "toegewezen", "intent": "groet", "reviewer": "coby", "decided_on": day},
            {"text": "hoe vraag ik een advocaat aan", "decision": "nieuwe_vraag", "intent": None, "reviewer": "coby",
             "decided_on": day}]
    text, exported = training_yaml(rows, day)
    assert (exported.examples, exported.intents, exported.new_questions) == (3, 2, 1)
    assert "A DEVELOPER MUST REVIEW THIS FILE BEFORE ANYTHING OF IT IS ADDED TO data/" in text
    assert "# faq/ots_wat: assigned by coby on 2026-12-10\n- intent: faq/ots_wat\n  examples: |\n" \
           "    - wat is nou zo'n OTS\n" in text
    assert "# faq/ots_wat: assigned by dirk on 2026-12-11\n" in text
    assert "#   - hoe vraag ik een advocaat aan  (by coby on 2026-12-10)" in text
    path = tmp_path / "voorstel.yml"
    path.write_text(text, encoding="utf-8")
    examples = {(m.get("text"), m.get_full_intent()) for m in load_data(str(path)).intent_examples}
    assert examples == {("wat is nou zo'n OTS", "faq/ots_wat"), ("ik ben [naam] (moeder) van twee", "faq/ots_wat"),
                        ("hallo daar", "groet")}
    assert not load_data(str(path)).entity_examples, "brackets are text, never an entity annotation"


def test_export_training_never_writes_into_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    before = sorted(path.name for path in DATA_DIR.rglob("*"))
    assert insight(["export-training", "--output", str(DATA_DIR / "nlu" / "voorstel.yml")]) == 1
    assert "niet in data/" in capsys.readouterr().err
    assert insight(["export-training", "--output", str(tmp_path / "nergens" / "voorstel.yml")]) == 1
    assert "Fout:" in capsys.readouterr().err
    assert sorted(path.name for path in DATA_DIR.rglob("*")) == before
    assert insight(["export-training", "--output", str(tmp_path / "leeg.yml")]) == 0
    assert "nlu: []" in (tmp_path / "leeg.yml").read_text() and not (tmp_path / "tracker.db").exists()


def test_the_migrations_make_the_models_tables(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from wegwijzer.insight.store import VERSION_TABLE, Base, open_store

    store = open_store(f"sqlite:///{tmp_path / 'tracker.db'}")
    with store.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE, "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert database.has_table(store, "review_decisions")


# -- the desk page, over HTTP -------------------------------------------------------------------
def personal_miss(sender: str, start: float):
    """Personal data typed in messages the assistant missed, and where a client of Rasa's
    HTTP API could put it: the metadata, an intent, a response name."""
    typed = (f"Ik ben {FAKE['name']} {FAKE['surname']}, bsn {FAKE['bsn']}, bel {FAKE['phone']}, "
             f"mail {FAKE['email']}, postcode {FAKE['postcode']}, hoe zit het met de voogd")
    return conversation(sender, start, [
        missed(typed),
        (typed + " nou", f"bsn_{FAKE['bsn']}", [f"utter_faq/{FAKE['email']}", "utter_faq/vervolgvraag"], None),
    ], metadata={"name": f"{FAKE['name']} {FAKE['surname']}", "telefoon": FAKE["phone"]},
        slots={"gemeente": FAKE["surname"]})


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("review-desk")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in ("HANDOFF_DATABASE_URL", "HANDOFF_PUBLIC_KEY", "HANDOFF_PRIVATE_KEY", "HANDOFF_ALLOWED_IPS",
                     "HANDOFF_COOKIE_SECURE"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("DATA_DIR", str(data_dir))
        monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{data_dir / 'tracker.db'}")
        save(f"sqlite:///{data_dir / 'tracker.db'}", inbox_day() + [personal_miss("personal", minute(8))])
        from wegwijzer.handoff.config import load_config

        config = load_config()
        add_advisors(config)
        served = ServedDesk(config)
        served.data_dir = data_dir
        try:
            yield served
        finally:
            served.stop()


def test_without_a_login_the_page_goes_to_the_login_and_the_api_says_401(desk):
    page = requests.get(desk.url + "/desk/inbox", allow_redirects=False, timeout=10)
    assert page.status_code == 302 and page.headers["Location"] == "/desk/login"
    assert requests.get(desk.url + "/desk/api/inbox", timeout=10).status_code == 401
    assert requests.post(desk.url + "/desk/api/inbox/decisions", json={}, timeout=10).status_code == 401


def test_an_advisor_gets_a_friendly_403_and_no_messages(advisor):
    page = advisor.get("/desk/inbox")
    assert page.status_code == 403 and page.headers["Content-Type"].startswith("text/html")
    assert "Alleen voor coördinatoren" in page.text and "Terug naar de desk" in page.text
    api = advisor.get("/desk/api/inbox")
    assert api.status_code == 403 and "coördinatoren" in api.json()["error"] and "advocaat" not in api.text
    assert advisor.post("/desk/api/inbox/decisions", {"items": [1], "decision": "geen_vraag"}).status_code == 403


def test_the_coordinator_gets_the_page_and_the_groups(coordinator):
    page = coordinator.get("/desk/inbox")
    assert page.status_code == 200 and '<script src="/desk/static/inbox.js"></script>' in page.text
    assert coordinator.get("/desk/static/inbox.js").status_code == 200
    inbox = coordinator.get("/desk/api/inbox").json()
    first = inbox["groups"][0]["items"][0]
    assert first["text"].startswith("Ik ben [naam], bsn [bsn], bel [telefoon], mail [e-mail], postcode [postcode]")
    assert first["reasons"] == [REASON_CLARIFYING] and first["answer"] == "utter_faq/vervolgvraag"
    assert first["intent"] == "overig", "an intent the domain does not have is not named"
    assert any(target["name"] == "faq/juridisch_kosten" for target in inbox["targets"])


@pytest.mark.parametrize("body, status, says", [
    ({}, 400, "Kies minstens één bericht."),
    ({"items": "1", "decision": "geen_vraag"}, 400, "Kies minstens één bericht."),
    ({"items": [True], "decision": "geen_vraag"}, 400, "Deze berichten ken ik niet."),
    ({"items": [1], "decision": "later"}, 400, "Kies: toewijzen aan een vraag, nieuwe vraag of geen vraag."),
    ({"items": [1], "decision": "toegewezen"}, 400, "Kies eerst een vraag of intent uit de lijst."),
    ({"items": [1], "decision": "toegewezen", "intent": "faq/verzonnen"}, 400, "staat niet in de lijst"),
    ({"items": [999999], "decision": "geen_vraag"}, 409, "al beoordeeld of niet meer bewaard"),
])
def test_bad_decisions_get_a_clear_answer(coordinator, body, status, says):
    answer = coordinator.post("/desk/api/inbox/decisions", body)
    assert answer.status_code == status and says in answer.json()["error"]


def test_a_decision_from_another_website_is_refused(coordinator, desk):
    answer = coordinator.http.post(desk.url + "/desk/api/inbox/decisions",
                                   json={"items": [1], "decision": "geen_vraag"},
                                   headers={"Origin": "https://evil.example"}, timeout=10)
    assert answer.status_code == 403 and "andere website" in answer.json()["error"]


def test_a_missed_message_assigned_in_the_inbox_is_exported_under_its_intent_without_personal_data(
        coordinator, desk, tmp_path, monkeypatch):
    from rasa.shared.nlu.training_data.loading import load_data

    shown = [coordinator.get("/desk/inbox").text, coordinator.get("/desk/api/inbox").text]
    groups = coordinator.get("/desk/api/inbox").json()["groups"]
    lawyer = next(group for group in groups if "advocaat" in group["items"][-1]["text"])
    ids = [item["id"] for item in lawyer["items"]]
    kept = coordinator.post("/desk/api/inbox/decisions", {"items": ids, "decision": "toegewezen",
                                                          "intent": "faq/juridisch_kosten"})
    assert kept.status_code == 201
    assert kept.json() == {"decided": 3, "decision": "toegewezen", "intent": "faq/juridisch_kosten"}
    assert coordinator.post("/desk/api/inbox/decisions", {"items": ids, "decision": "geen_vraag"}).status_code == 409
    personal = [item["id"] for group in groups for item in group["items"] if "[naam]" in item["text"]]
    assert len(personal) == 2
    assert coordinator.post("/desk/api/inbox/decisions", {"items": personal, "decision": "toegewezen",
                                                          "intent": "faq/voogdij"}).status_code == 201
    after = coordinator.get("/desk/api/inbox").json()
    assert not any("advocaat" in item["text"] for group in after["groups"] for item in group["items"])
    assert after["for_export"] == 5

    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{desk.data_dir / 'tracker.db'}")
    output = tmp_path / "voorstel.yml"
    assert insight(["export-training", "--output", str(output)]) == 0
    exported = output.read_text(encoding="utf-8")
    assert f"# faq/juridisch_kosten: assigned by {COORDINATOR} on {TODAY.isoformat()}" in exported
    examples = {(m.get("text"), m.get_full_intent()) for m in load_data(str(output)).intent_examples}
    assert {("Wat kost een advocaat?", "faq/juridisch_kosten"), ("wat kost een advokaat", "faq/juridisch_kosten"),
            ("ja maar wat kost een advocaat dan", "faq/juridisch_kosten")} <= examples
    assert any(intent == "faq/voogdij" and "[bsn]" in text for text, intent in examples)
    assert "[naam]" in shown[1], "the personal messages were in the inbox, redacted"
    for found in shown + [exported]:
        lowered = found.lower()
        assert not [needle for needle in NEEDLES if needle.lower() in lowered or needle.replace("-", "") in lowered]
