"""export-training: the review inbox's decisions as Rasa NLU training data, for a
developer to review before anything goes into data/.

The messages assigned to an intent or question become examples (`version: "3.1"`,
`nlu:` with `- intent: faq/ots_wat` and `examples: |`), as the tracker store held
them (redacted), de-duplicated per intent ignoring case and whitespace. YAML has
no comments inside a block scalar, so the examples of an intent come in one block
per reviewer and day, with a comment above naming them. "nieuwe vraag" messages
are listed in comments at the end (no intent exists for them yet); "geen vraag"
messages are left out. The program never writes into data/ itself.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from wegwijzer.insight import database
from wegwijzer.insight.decisions import ASSIGNED, NEW_QUESTION, for_training

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
HEADER = """\
# Training data proposed by the review inbox of the advisor desk
# (python -m wegwijzer.insight export-training, {day}): messages people sent that the
# assistant missed, which a coordinator assigned to an intent or question.
#
# A DEVELOPER MUST REVIEW THIS FILE BEFORE ANYTHING OF IT IS ADDED TO data/.
# Check each example: is it really this question, is no personal data left that the
# redaction missed ([naam], [bsn] ... mark what it removed), is it not a copy of a
# test set's question? Then move the good examples into the intent's file under
# data/nlu/ and run make test. Nothing here is training data until then.
"""
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" in an example as an
# entity annotation; a person's brackets (and the redaction's [naam]) are text.
_ANNOTATION = re.compile(r"\](?=[({\[])")


@dataclass(frozen=True)
class Exported:
    examples: int
    intents: int
    new_questions: int

    def __str__(self) -> str:
        return (f"{self.examples} voorbeeld(en) voor {self.intents} intent(s) en {self.new_questions} nieuwe vraag "
                f"(vragen) in commentaar.")


def example_text(text: str) -> str:
    """One line of an example: whitespace collapsed, no characters YAML refuses, no
    entity annotation."""
    printable = "".join(character for character in " ".join(str(text).split()) if character.isprintable())
    return _ANNOTATION.sub("] ", printable).strip()


def same_text(text: str) -> str:
    """What de-duplication compares: case and whitespace do not count."""
    return " ".join(str(text).split()).casefold()


def inside_data_dir(path: Path, data_dir: Path = DATA_DIR) -> bool:
    resolved, data = path.resolve(), data_dir.resolve()
    return resolved == data or data in resolved.parents


def training_yaml(decisions: Iterable[dict], today: date) -> tuple[str, Exported]:
    """The file's text and what is in it, from decisions.for_training (oldest first:
    the first reviewer of a text is named)."""
    per_intent: dict[str, dict[str, dict]] = defaultdict(dict)
    new_questions: dict[str, dict] = {}
    for decision in decisions:
        text = example_text(decision["text"])
        if not text:
            continue
        if decision["decision"] == ASSIGNED:
            per_intent[decision["intent"]].setdefault(same_text(text), {**decision, "text": text})
        elif decision["decision"] == NEW_QUESTION:
            new_questions.setdefault(same_text(text), {**decision, "text": text})
    lines = [HEADER.format(day=today.isoformat()), 'version: "3.1"', "nlu:" if per_intent else "nlu: []"]
    for intent in sorted(per_intent):
        blocks: dict[tuple[str, date], list[str]] = defaultdict(list)
        for example in per_intent[intent].values():
            blocks[(example["reviewer"], example["decided_on"])].append(example["text"])
        for (reviewer, day), texts in sorted(blocks.items(), key=lambda block: (block[0][1], block[0][0])):
            lines.append(f"# {intent}: assigned by {reviewer} on {day.isoformat()}")
            lines += [f"- intent: {intent}", "  examples: |"] + [f"    - {text}" for text in texts]
    if new_questions:
        lines += ["", "# New questions (nieuwe vraag): no intent exists for these yet. Write the answer and the",
                  "# intent first (README: Add a question); these are phrasings for it.",
                  *(f"#   - {q['text']}  (by {q['reviewer']} on {q['decided_on'].isoformat()})"
                    for q in new_questions.values())]
    exported = Exported(sum(len(examples) for examples in per_intent.values()), len(per_intent), len(new_questions))
    return "\n".join(lines) + "\n", exported


def export(tracker_url: str, output: Path, today: date) -> Exported:
    """Write the file; ValueError for a path under data/ (only a developer puts data there)."""
    if inside_data_dir(output):
        raise ValueError("schrijf het voorstel niet in data/: een ontwikkelaar neemt het daar pas over na nakijken")
    text, exported = training_yaml(for_training(database.engine(tracker_url)), today)
    output.write_text(text, encoding="utf-8")
    return exported
