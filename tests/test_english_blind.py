"""The blind English set (issue 17, tests/english_blind_set.yml), end to end over
REST against the running assistant:

- English questions: the reply is in English and holds the question's facts
  (target 90 %; English answers are not built yet, so this is expected to fail
  and its figure is reported);
- English crisis messages: the emergency routes, in English;
- Dutch messages with an English word ("ok", "sorry", "whatsapp"): the message does
  not switch the conversation to English, and is answered in Dutch;
- the language check on messages of 1-4 words (report only).

Written by two writers who never saw the training data or the answers; the
developer does not read it. Figures go to test-artifacts/english_blind_report.json.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from conftest import ROOT
from set_reports import rates_by, save_report
from test_crisis_blind import has_routes
from test_questions_blind import has_facts, rate
from wegwijzer.language import conversation_language, detect_language, message_language
from wegwijzer.safety.normalise import normalise

BLIND = ROOT / "tests" / "english_blind_set.yml"
# Written like the blind set, by other writers; its misses (with texts) may be read and fixed.
DEVELOPMENT = ROOT / "tests" / "english_dev_set.yml"
TARGET = 0.90
DEV_FLOOR = 0.45  # a regression guard only: the figure is reported

pytestmark = pytest.mark.slow


def load(path=BLIND) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def reply_text(reply: list[dict]) -> str:
    return " ".join(m.get("text") or "" for m in reply)


def reply_language(reply: list[dict]) -> str:
    """The reply's language apart from the Dutch terms an English answer must name
    ("gezinsvoogd (family guardian)"); on the whole text when that leaves too little to tell."""
    return message_language(reply_text(reply))


def short_message_accuracy(data: dict) -> dict:
    """How the language check reads messages of 1-4 words: English ones read as English or
    left undecided (the conversation keeps its language), Dutch ones never as English."""
    english = [i["text"] for i in data["questions"] + data["crisis"] if len(i["text"].split()) <= 4]
    english += [c["turns"][-1] for c in data["conversations"] if len(c["turns"][-1].split()) <= 4]
    dutch = [i["text"] for i in data["dutch_with_english_words"] if len(i["text"].split()) <= 4]
    read = [conversation_language(text) for text in english]
    return {"english_n": len(english), "english_read_as_english": read.count("en"),
            "english_undecided": read.count(None), "english_read_as_dutch": read.count("nl"),
            "dutch_n": len(dutch), "dutch_read_as_english": sum(conversation_language(t) == "en" for t in dutch)}


def run(stack, path=BLIND, name="english_blind", show_misses=False) -> dict:
    """`show_misses` adds the texts of misses (development set only)."""
    data = load(path)

    def answered(item, asked, reply):
        english, facts = reply_language(reply) == "en", has_facts(reply, item["facts"])
        # The measure before 2026-12-07 evening: the whole reply, Dutch terms included, read as English.
        whole_text = detect_language(reply_text(reply)) == "en"
        return {"id": item["id"], "group": item["group"], "english": english, "answered": english and facts,
                "answered_whole_text_measure": whole_text and facts,
                "asked": asked, "facts": item["facts"], "reply": [m.get("text") for m in reply]}

    def question(item):
        return answered(item, [item["text"]], stack.say(f"{name}-{item['id']}", item["text"]))

    def conversation(item):
        for turn in item["turns"]:
            reply = stack.say(f"{name}-c-{item['id']}", turn)
        return answered(item, item["turns"], reply)

    def crisis(item):
        reply = stack.say(f"{name}-k-{item['id']}", item["text"])
        routes = [m for m in reply if has_routes([m])]
        # The routes in English come first; the Dutch version follows them (for a helper nearby).
        return {"id": item["id"], "routes": bool(routes), "english": bool(routes) and reply_language(routes[:1]) == "en"}

    def dutch(item):
        reply = stack.say(f"{name}-d-{item['id']}", item["text"])
        return {"id": item["id"], "read_as_dutch": conversation_language(item["text"]) != "en",
                "answered_in_dutch": reply_language(reply) != "en"}

    with ThreadPoolExecutor(max_workers=4) as pool:
        questions = list(pool.map(question, data["questions"]))
        follow_ups = list(pool.map(conversation, data["conversations"]))
        crises = list(pool.map(crisis, data["crisis"]))
        dutch_rows = list(pool.map(dutch, data["dutch_with_english_words"]))
    report = {
        "questions": rate(questions), "follow_ups": rate(follow_ups),
        "questions_in_english": sum(r["english"] for r in questions),
        "questions_whole_text_measure": sum(r["answered_whole_text_measure"] for r in questions),
        "questions_by_group": rates_by(questions, lambda row: row["group"], rate),
        "crisis": {"n": len(crises), "routes": sum(r["routes"] for r in crises),
                   "routes_in_english": sum(r["english"] for r in crises),
                   "missed_ids": [r["id"] for r in crises if not r["english"]]},
        "dutch_with_english_words": {"n": len(dutch_rows),
                                     "read_as_dutch": sum(r["read_as_dutch"] for r in dutch_rows),
                                     "answered_in_dutch": sum(r["answered_in_dutch"] for r in dutch_rows)},
    }
    report["short_messages"] = short_message_accuracy(data)
    if show_misses:
        report["misses"] = [{key: row[key] for key in ("id", "english", "asked", "facts", "reply")}
                            for row in questions + follow_ups if not row["answered"]]
    save_report(f"{name}_report.json", report)
    print(f"\n{name}: {report['questions']['share']:.1%} of {report['questions']['n']} answered in English "
          f"with their facts ({report['questions_in_english']} in English); follow-ups "
          f"{report['follow_ups']['share']:.1%}; crisis routes {report['crisis']['routes']} / in English "
          f"{report['crisis']['routes_in_english']} of {report['crisis']['n']}; Dutch with an English word: "
          f"{report['dutch_with_english_words']}")
    return report


@pytest.fixture(scope="module")
def english_report(stack) -> dict:
    return run(stack)


def test_english_development_set_through_the_running_assistant(stack):
    """The figure beside the blind one (docs/languages.md); its misses may be read and fixed."""
    report = run(stack, DEVELOPMENT, "english_dev", show_misses=True)
    assert report["questions"]["share"] >= DEV_FLOOR
    assert report["crisis"]["routes"] == report["crisis"]["n"], report["crisis"]
    dutch = report["dutch_with_english_words"]
    assert dutch["read_as_dutch"] == dutch["n"] and dutch["answered_in_dutch"] == dutch["n"], dutch


def test_the_set_is_large_and_never_training_data():
    data = load()
    assert len(data["questions"]) >= 100 and len(data["crisis"]) >= 20 and len(data["dutch_with_english_words"]) >= 20
    trained = set()
    for path in (ROOT / "data").rglob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            trained.update(normalise(line.lstrip("- ").strip()) for line in str(block.get("examples", "")).splitlines())
    asked = [normalise(item["text"]) for key in ("questions", "crisis", "dutch_with_english_words")
             for item in data[key]]
    assert not trained.intersection(asked), "a blind message is in the training data"


def test_english_crisis_messages_get_the_routes(english_report):
    crisis = english_report["crisis"]
    assert crisis["routes"] == crisis["n"], crisis


def test_english_crisis_messages_get_the_routes_in_english(english_report):
    """30 of 30 since the small words of one language decide a mixed message (2026-12-07 night)."""
    crisis = english_report["crisis"]
    assert crisis["routes_in_english"] == crisis["n"], crisis


def test_a_dutch_message_with_an_english_word_stays_dutch(english_report):
    dutch = english_report["dutch_with_english_words"]
    assert dutch["read_as_dutch"] == dutch["n"] and dutch["answered_in_dutch"] == dutch["n"], dutch


@pytest.mark.xfail(reason="issue 17 target (90 %) not reached: 75.5 % on 2026-12-08; the figure is reported",
                   strict=False)
def test_english_questions_are_answered_in_english_with_their_facts(english_report):
    assert english_report["questions"]["share"] >= TARGET, english_report["questions"]
