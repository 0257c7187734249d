"""Does the reply answer the question? Blind questions through the running assistant.

tests/question_blind_set.yml was written by four writers who saw only the
domain briefs and seeds, never the training data or the answers (issue 13).
Each question carries the facts its reply must contain (each fact a list of
spellings, any one counts); each conversation ends in a short follow-up whose
reply must contain the facts of the earlier turns' topic. Every question and
conversation goes over REST in a conversation of its own, through the whole
pipeline. Figures per user group and writer go to
test-artifacts/question_blind_report.json; never the texts of misses.

Issue 13 asks for at least 90 % overall and per user group, and 90 % of the
follow-ups. Until the assistant reaches that, `test_blind_questions_meet_the_target`
is an expected failure and the floors below guard against regressions.
"""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from conftest import ROOT
from set_reports import rates_by, save_report

BLIND = ROOT / "tests" / "question_blind_set.yml"
# Written the same way by two other writers, but the team reads and tunes on it.
DEVELOPMENT = ROOT / "tests" / "question_dev_set.yml"
TARGET = 0.90
# Measured 2026-12-05: blind 70.9 % / follow-ups 71.2 %, development 83.8 % (see
# docs/knowledge.md); a change that does clearly worse fails.
QUESTION_FLOOR, FOLLOW_UP_FLOOR, DEV_FLOOR = 0.66, 0.63, 0.78

pytestmark = pytest.mark.slow


def load(path=BLIND) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def plain(text: str) -> str:
    """Lower case, no markdown, and '0800-2000' the same as '0800 2000'."""
    text = text.lower().replace("\u00a0", " ").replace("**", "").replace("–", "-")
    text = re.sub(r"(?<=\d)[\s-](?=\d)", "", text)
    return re.sub(r"\s+", " ", text)


def has_facts(reply: list[dict], facts: list[list[str]]) -> bool:
    said = plain(" ".join(m.get("text") or "" for m in reply))
    return all(any(plain(str(spelling)) in said for spelling in fact) for fact in facts)


def rate(rows: list[dict]) -> dict:
    answered = sum(r["answered"] for r in rows)
    return {"n": len(rows), "answered": answered, "share": round(answered / len(rows), 4) if rows else None}


def run(stack, path=BLIND, name="question_blind", show_misses=False) -> dict:
    """Figures per group and writer; `show_misses` adds the texts of misses (development set only)."""
    data = load(path)

    def question(item):
        reply = stack.say(f"{name}-{item['id']}", item["text"])
        return {"id": item["id"], "group": item["group"], "answered": has_facts(reply, item["facts"]),
                "asked": [item["text"]], "reply": reply, "facts": item["facts"]}

    def conversation(item):
        sender = f"{name}-c-{item['id']}"
        for turn in item["turns"]:
            reply = stack.say(sender, turn)
        return {"id": item["id"], "group": item["group"], "answered": has_facts(reply, item["facts"]),
                "asked": item["turns"], "reply": reply, "facts": item["facts"]}

    with ThreadPoolExecutor(max_workers=4) as pool:
        questions = list(pool.map(question, data["questions"]))
        follow_ups = list(pool.map(conversation, data["conversations"]))
    report: dict = {"questions": rate(questions), "follow_ups": rate(follow_ups)}
    for part, rows in (("questions", questions), ("follow_ups", follow_ups)):
        report[f"{part}_by_group"] = rates_by(rows, lambda row: row["group"], rate)
        report[f"{part}_by_writer"] = rates_by(rows, lambda row: row["id"].split("-")[0], rate)
    report["missed_ids"] = [r["id"] for r in questions + follow_ups if not r["answered"]]
    if show_misses:
        report["misses"] = [{"id": r["id"], "asked": r["asked"], "facts": r["facts"],
                             "reply": [m.get("text") for m in r["reply"]]}
                            for r in questions + follow_ups if not r["answered"]]
    save_report(f"{name}_report.json", report)
    print(f"\n{name}: {report['questions']['share']:.1%} of {report['questions']['n']} answered with "
          f"their facts; follow-ups {report['follow_ups']['share']:.1%} of {report['follow_ups']['n']}; "
          f"by group {json.dumps(report['questions_by_group'])}")
    return report


@pytest.fixture(scope="module")
def report(stack) -> dict:
    return run(stack)


def test_development_questions_through_the_running_assistant(stack):
    """The figure beside the blind one (docs/knowledge.md); misses here may be read and fixed."""
    report = run(stack, DEVELOPMENT, "question_dev", show_misses=True)
    assert report["questions"]["share"] >= DEV_FLOOR


def test_blind_set_is_large_and_never_training_data():
    data = load()
    questions, conversations = data["questions"], data["conversations"]
    assert len(questions) >= 300 and len(conversations) >= 50
    assert {q["group"] for q in questions} == {"ouder", "jongere", "professional"}
    assert all(q["facts"] and all(isinstance(f, list) and f for f in q["facts"]) for q in questions + conversations)
    trained = set()
    for path in (ROOT / "data").rglob("*.yml"):
        trained |= {plain(line.strip().removeprefix("- ")) for line in path.read_text(encoding="utf-8").splitlines()}
    # A short generic question ("wat is het akj") may be written the same by two people.
    written = [q["text"] for q in questions] + [c["turns"][0] for c in conversations]
    copied = [text for text in written if len(text.split()) > 4 and plain(text) in trained]
    assert not copied, f"blind questions found in the training data: {copied[:5]}"


def test_blind_questions_through_the_running_assistant(report):
    assert report["questions"]["share"] >= QUESTION_FLOOR
    assert report["follow_ups"]["share"] >= FOLLOW_UP_FLOOR


@pytest.mark.xfail(reason="issue 13 target (90 % overall, per group and for follow-ups) not reached yet",
                   strict=False)
def test_blind_questions_meet_the_target(report):
    assert report["questions"]["share"] >= TARGET
    assert all(group["share"] >= TARGET for group in report["questions_by_group"].values())
    assert report["follow_ups"]["share"] >= TARGET
