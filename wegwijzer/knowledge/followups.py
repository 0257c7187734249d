"""Resolve short follow-up questions against the topic of the conversation.

"en hoe lang duurt dat?" names no topic: after an answer about the OTS it asks
for faq/ots_duur. The words that mark an aspect, the topic of each long topic
answer and the organisation behind a topic are data (domain/followups.yml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional

import yaml

# The answer for a follow-up that came without a topic: "waar gaat je vraag over?"
FOLLOW_UP = "vervolgvraag"
FOLLOWUPS_FILE = Path(__file__).resolve().parents[2] / "domain" / "followups.yml"


@dataclass(frozen=True)
class FollowUps:
    aspect_cues: tuple[tuple[str, re.Pattern], ...]
    max_words: int
    topic_words: re.Pattern
    topic_of_intent: Mapping[str, str]
    other_topics: frozenset[str]
    organisation_of_topic: Mapping[str, str]
    contact_cue: re.Pattern

    def asks_for_contact(self, text: str) -> bool:
        return bool(self.contact_cue.search(text.lower()))

    def aspect_of(self, text: str) -> Optional[str]:
        lowered = text.lower()
        return next((aspect for aspect, cue in self.aspect_cues if cue.search(lowered)), None)

    def topic_of(self, key: str, known_topics: Iterable[str] = ()) -> Optional[str]:
        """The topic of an answer key: 'ots' for 'ots' (topic answer) and 'ots_duur'."""
        if key in self.topic_of_intent:
            return self.topic_of_intent[key]
        topics = set(self.topic_of_intent.values()) | self.other_topics | set(known_topics)
        # The longest topic that prefixes the key: 'tijdelijke_voogdij_duur' before 'voogdij'.
        matches = [t for t in topics if key.startswith(t + "_")]
        return max(matches, key=len) if matches else None

    def is_follow_up(self, text: str, names_a_topic: bool) -> bool:
        return (not names_a_topic and 0 < len(text.split()) <= self.max_words
                and not self.topic_words.search(text.lower()))

    def resolve(self, text: str, selected: Optional[str], topic: Optional[str],
                known_keys: set[str], names_a_topic: bool) -> Optional[str]:
        """The answer key for this message: the selector's choice unless it is a
        follow-up about the current topic that has its own answer."""
        if not topic or not self.is_follow_up(text, names_a_topic):
            return selected
        aspect = self.aspect_of(text)
        if aspect is None and selected:
            selected_topic = self.topic_of(selected)
            aspect = selected[len(selected_topic) + 1:] if selected_topic and selected != selected_topic else None
        if aspect is None:
            return selected
        candidate = f"{topic}_{aspect}"
        if candidate in known_keys:
            return candidate
        if aspect == "wat_is" or selected == FOLLOW_UP:
            # No short answer for this aspect: the topic's long answer, not a guess elsewhere.
            return next((intent for intent, t in self.topic_of_intent.items() if t == topic), selected)
        return selected


@lru_cache(maxsize=1)
def followups() -> FollowUps:
    data = yaml.safe_load(FOLLOWUPS_FILE.read_text(encoding="utf-8"))
    cues = tuple((aspect, re.compile("|".join(f"(?:{p})" for p in patterns)))
                 for aspect, patterns in data["aspects"].items())
    return FollowUps(cues, int(data["max_words"]), re.compile("|".join(data["topic_words"])),
                     dict(data["topic_of_intent"]), frozenset(data.get("topics") or ()),
                     dict(data["organisation_of_topic"]),
                     re.compile("|".join(data["asks_for_contact"])))
