"""Resolve short follow-up questions against the topic of the conversation.

"en hoe lang duurt dat?" names no topic: after an answer about the OTS it asks
for faq/ots_duur. The words that mark an aspect, the topic of each long topic
answer and the organisation behind a topic are data (domain/followups.yml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional, Sequence

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
    follow_up_only: frozenset[str]
    topic_of_entity: Mapping[str, Mapping[str, str]]
    topic_terms: tuple[tuple[str, re.Pattern], ...]
    organisation_terms: tuple[tuple[str, re.Pattern], ...]
    compares: re.Pattern
    route_of_answer: Mapping[str, str]
    young_person: re.Pattern
    young_person_organisation: str
    asks_what_it_is: re.Pattern
    route_again_max_words: int
    question_words: re.Pattern
    context_terms: tuple[tuple[str, re.Pattern], ...] = ()
    refers_back: Optional[re.Pattern] = None
    refers_back_rank: int = 4
    named_topic_rank: int = 3

    def aspects_in(self, text: str) -> list[str]:
        """Every aspect a whole question names, in the order of the file."""
        lowered = text.lower()
        return [aspect for aspect, cue in self.aspect_cues
                if aspect not in self.follow_up_only and cue.search(lowered)]

    def topics_named(self, text: str, entities: Iterable[tuple[str, str]]) -> list[str]:
        """The topics a message names, the most specific kind first: a term ("plan",
        "klacht": the plan of an OTS is a question about the plan), else a maatregel,
        else an organisation (named in many questions about something else)."""
        return list(dict.fromkeys(next((kind for kind in self._named_by_kind(text, entities) if kind), [])))

    def all_topics_named(self, text: str, entities: Iterable[tuple[str, str]]) -> list[str]:
        """Every topic a message names, of any kind."""
        return list(dict.fromkeys(t for kind in self._named_by_kind(text, entities) for t in kind))

    def _named_by_kind(self, text: str, entities: Iterable[tuple[str, str]]) -> tuple[list[str], ...]:
        lowered = text.lower()
        terms = [topic for topic, cue in self.topic_terms if cue.search(lowered)]
        # "ik woon in een pleeggezin": the uithuisplaatsing, unless another term is named.
        terms = terms or [topic for topic, cue in self.context_terms if cue.search(lowered)]
        maatregelen, organisations = [], []
        for entity, value in entities:
            topic = self.topic_of_entity.get(entity, {}).get(value)
            if topic:
                (maatregelen if entity == "maatregel" else organisations).append(topic)
        organisations += [topic for topic, cue in self.organisation_terms if cue.search(lowered)]
        return terms, maatregelen, organisations

    def _is_specific(self, key: str, topic: str) -> bool:
        """An answer about one particular thing of its topic: 'ots_toetsing' or the
        long answer 'jeugdhulp_tijdens_ots', not 'ots_duur' (an aspect) or 'ots' itself."""
        if key in self.topic_of_intent:
            return key != topic
        aspect = key[len(topic) + 1:] if key.startswith(topic + "_") else None
        return bool(aspect) and aspect not in {name for name, _ in self.aspect_cues}

    def compose(self, text: str, selected: Optional[str], named: list[str], known_keys: set[str],
                ranked: Sequence[str] = (), also_named: Sequence[str] = ()) -> Optional[str]:
        """A question that names one topic and an aspect gets <topic>_<aspect>
        ("hoe lang duurt zo'n ots nou" -> ots_duur), whatever the selector chose.
        When the selector took a message that names one topic for a follow-up: its
        best-ranked answer of that topic (`ranked`, best first). Two topics, a "verschil ..." answer to a message
        that compares, or a specific answer of the same topic: the selector decides. So
        does a selector's <topic>_<aspect> for another topic the message names, less
        specific but with the same aspect ("ots, hoe snel komt er een jeugdbeschermer"
        -> gezinsvoogd_duur, not ots_duur): `also_named` holds every topic named."""
        if len(named) != 1 or ((selected or "").startswith("verschil_") and self.compares.search(text.lower())):
            return selected
        if selected and self.topic_of(selected) == named[0] and self._is_specific(selected, named[0]):
            return selected  # a specific answer of this topic ("ots_toetsing") beats a composed one
        aspects, lowered = self.aspects_in(text), text.lower()
        first = re.split(r"[?.!]", lowered, maxsplit=1)[0]
        if ((not aspects and self.asks_what_it_is.search(lowered)) or (
                self.asks_what_it_is.search(first) and not self.aspects_in(first))) and not self.compares.search(lowered):
            # "wat houdt een uithuisplaatsing in": what it is, not how long it lasts.
            return self.long_answer(named[0], known_keys) or selected
        if selected in {f"{topic}_{aspect}" for topic in also_named for aspect in aspects}:
            return selected
        candidates = [f"{named[0]}_{aspect}" for aspect in aspects]
        candidates = [key for key in candidates if key in known_keys]
        if candidates and selected not in candidates:
            return candidates[0]
        if not candidates and selected in (None, FOLLOW_UP):
            # "en als ik het niet eens ben met het wijkteam?": a topic, not a follow-up.
            return self.best_of_topic(named[0], ranked, known_keys) or selected
        selected_topic = self.topic_of(selected) if selected else None
        weak = self.weak_topics
        long_kept = selected in self.topic_of_intent and selected_topic not in weak
        if (selected_topic and selected_topic not in also_named and not long_kept
                and not (named[0] in weak and selected_topic not in weak)):
            # The selector chose a short answer of a topic the message does not name: its
            # best answer of the topic that is named, when it ranked one high. (A long
            # answer such as "wachten_op_hulp" for an OTS whose help does not start stays,
            # unless it is an organisation's: "de kinderrechter" for a question about being heard.)
            best = self.best_of_topic(named[0], ranked[:self.named_topic_rank], known_keys)
            if best or named[0] in weak:
                return best or selected
            # A term names the topic ("wachtlijst voor therapie"): its long answer.
            return self.long_answer(named[0], known_keys) or selected
        return selected

    def topic_aspect(self, text: str, named: list[str], known_keys: set[str]) -> Optional[str]:
        """<topic>_<aspect> for a message that names one topic and one of its aspects
        ("kan ik het akj ook mailen" -> akj_bereikbaar), when that answer exists."""
        if len(named) != 1:
            return None
        return next((key for key in (f"{named[0]}_{aspect}" for aspect in self.aspects_in(text))
                     if key in known_keys), None)

    @cached_property  # derived from the file once, not on every message
    def weak_topics(self) -> frozenset[str]:
        """Topics named by an organisation or a maatregel: weak names, mentioned in many
        questions about something else ("luistert de rechter dan naar mij" is about being
        heard; "ots uitgesproken maar wachtlijst bij de GI" is about waiting)."""
        return frozenset({t for values in self.topic_of_entity.values() for t in values.values()}
                         | {t for t, _ in self.organisation_terms})

    def long_answer(self, topic: str, known_keys: set[str]) -> Optional[str]:
        """The topic's long answer ('machtiging_uithuisplaatsing' for 'uithuisplaatsing'); for
        a topic without one, its answer what it is ('doorbraak_wat_is')."""
        long = next((key for key, t in self.topic_of_intent.items() if t == topic and key in known_keys), None)
        if long or f"{topic}_wat_is" in known_keys:
            return long or f"{topic}_wat_is"
        # A topic with a few question answers only ("jeugdreclassering_uitvoering"): its first.
        return next((key for key in sorted(known_keys) if self.topic_of(key) == topic), None)

    def topic_of_answer(self, key: str, named: Sequence[str]) -> Optional[str]:
        """The topic to remember after this answer. A "verschil_a_b" answer has none of its
        own: the topic the message named ("wij hebben een ots en alles loopt via de
        gezinsvoogd" -> ots), so that "en als ik het niet eens ben?" has a topic."""
        topic = self.topic_of(key)
        if topic or not key.startswith("verschil_"):
            return topic
        in_key = [t for t in named if t in key]
        return (in_key or list(named) or [None])[0]

    def best_of_topic(self, topic: str, ranked: Sequence[str], known_keys: set[str]) -> Optional[str]:
        """The selector's best-ranked answer about `topic`, if it ranked one."""
        return next((key for key in ranked if key in known_keys and self.topic_of(key) == topic), None)

    def organisation_to_route(self, key: str, text: str) -> Optional[str]:
        """The organisation whose route goes under this answer: the one the answer sends
        the person to, or the topic's when the question asks for a number or the hours."""
        if key in self.route_of_answer:
            return self.route_of_answer[key]
        organisation = self.organisation_of_topic.get(self.topic_of(key) or "")
        return organisation if organisation and (key.endswith("_bereikbaar") or self.asks_for_contact(text)) else None

    def is_young_person(self, text: str) -> bool:
        """The message says the writer is a child or young person ("ik ben 15")."""
        return bool(self.young_person.search(text.lower()))

    def asks_for_contact(self, text: str) -> bool:
        return bool(self.contact_cue.search(text.lower()))

    def asks_route_again(self, text: str, names_organisation: bool) -> bool:
        """Said right after a contact route: "en het wijkteam nog een keer?" wants
        the route of the organisation it names, not a text about it."""
        return (names_organisation and 0 < len(text.split()) <= self.route_again_max_words
                and self.aspect_of(text) is None and not self.question_words.search(text.lower()))

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

    def follow_up_words(self, selected: Optional[str]) -> int:
        """How many words a follow-up can have: the selector's "vervolgvraag" also
        marks a longer message as a follow-up."""
        return 2 * self.max_words if selected == FOLLOW_UP else self.max_words

    def asks_something(self, text: str) -> bool:
        """A question mark or a follow-up's aspect ("hoe lang", "wie beslist"): a message
        the NLU did not understand is then still worth answering as a follow-up."""
        return "?" in text or self.aspect_of(text) is not None

    def is_follow_up(self, text: str, names_a_topic: bool, selected: Optional[str] = None) -> bool:
        return (not names_a_topic and 0 < len(text.split()) <= self.follow_up_words(selected)
                and not self.topic_words.search(text.lower()))

    def points_back(self, text: str, topic: Optional[str], known_keys: set[str],
                    ranked: Sequence[str]) -> Optional[str]:
        """A short message that names something else but points back to the current
        topic ("is daar een uitspraak van de rechter voor nodig?"): the selector's
        best answer of the current topic, when it ranked one high."""
        if not topic or self.refers_back is None or not 0 < len(text.split()) <= self.max_words:
            return None
        if not self.refers_back.search(text.lower()):
            return None
        return self.best_of_topic(topic, ranked[:self.refers_back_rank], known_keys)

    def topic_of_organisation(self, organisation: Optional[str]) -> Optional[str]:
        """The topic of an organisation whose route was just given ("en zijn ze 's nachts open?")."""
        return next((topic for topic, org in self.organisation_of_topic.items() if org == organisation), None)

    def resolve(self, text: str, selected: Optional[str], topic: Optional[str],
                known_keys: set[str], names_a_topic: bool, ranked: Sequence[str] = ()) -> Optional[str]:
        """The answer key for this message: the selector's choice unless it is a
        follow-up about the current topic. A follow-up gets <topic>_<aspect> when that
        answer exists, else the selector's best-ranked answer about the topic (`ranked`,
        best first), else the topic's long answer when nothing better is known."""
        if not self.is_follow_up(text, names_a_topic, selected):
            back = self.points_back(text, topic, known_keys, ranked)
            if back:
                return back
            if selected == FOLLOW_UP and len(text.split()) > self.follow_up_words(selected):
                # Too long to be a follow-up: the selector's best real answer instead of
                # "waar gaat je vraag over?".
                return next((key for key in ranked if key != FOLLOW_UP and key in known_keys), selected)
            return selected
        if not topic:
            return selected
        aspect = self.aspect_of(text)
        if aspect is None and selected:
            selected_topic = self.topic_of(selected)
            aspect = selected[len(selected_topic) + 1:] if selected_topic and selected != selected_topic else None
        candidate = f"{topic}_{aspect}" if aspect else None
        if candidate in known_keys:
            return candidate
        if selected and self.topic_of(selected) == topic:
            return selected
        in_topic = self.best_of_topic(topic, ranked, known_keys)
        if in_topic:
            return in_topic
        if aspect in (None, "wat_is") or selected == FOLLOW_UP:
            # No short answer for this aspect: the topic's long answer, not a guess elsewhere.
            return self.long_answer(topic, known_keys) or selected
        return selected


@lru_cache(maxsize=1)
def followups() -> FollowUps:
    data = yaml.safe_load(FOLLOWUPS_FILE.read_text(encoding="utf-8"))
    return FollowUps(_patterns(data["aspects"]), int(data["max_words"]), re.compile("|".join(data["topic_words"])),
                     dict(data["topic_of_intent"]), frozenset(data.get("topics") or ()),
                     dict(data["organisation_of_topic"]),
                     re.compile("|".join(data["asks_for_contact"])),
                     frozenset(data["follow_up_only"]),
                     {entity: dict(values) for entity, values in data["topic_of_entity"].items()},
                     _patterns(data["topic_terms"]), _patterns(data["organisation_terms"]),
                     re.compile("|".join(data["compares"])), dict(data.get("route_of_answer") or {}),
                     re.compile("|".join(data["young_person"])), str(data["young_person_organisation"]),
                     re.compile("|".join(data["asks_what_it_is"])),
                     int(data["route_again_max_words"]), re.compile("|".join(data["question_words"])),
                     _patterns(data.get("context_terms") or {}),
                     re.compile("|".join(data["refers_back"])) if data.get("refers_back") else None,
                     int(data.get("refers_back_rank", 4)), int(data.get("named_topic_rank", 3)))


def _patterns(terms: Mapping[str, list[str]]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((name, re.compile("|".join(f"(?:{p})" for p in patterns))) for name, patterns in terms.items())
