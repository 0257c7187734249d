"""The only names a report may show: those of the project's own lists.

A stored event can hold anything a client sent (an intent name through Rasa's
HTTP API, a slot value copied from a message), so every name is checked against
the domain (intents, answers), the crisis net's kinds, the intake's roles and
the contact directory's municipalities before it is counted under its name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from wegwijzer.directory import resolve_municipality
from wegwijzer.intake.vocabulary import ROLES
from wegwijzer.knowledge.followups import FOLLOW_UP, followups
from wegwijzer.yaml_files import read_yaml

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"
ANSWER_PREFIX = "utter_faq/"  # the answers' responses (actions/knowledge.py PREFIX)
FALLBACK_INTENT = "nlu_fallback"  # Rasa's FallbackClassifier: the NLU did not understand
OTHER = "overig"  # an intent name the domain does not have

# The assistant asks back instead of guessing: which topic (the follow-up answer
# "vervolgvraag"), which organisation's number, which municipality.
CLARIFYING = (ANSWER_PREFIX + FOLLOW_UP, "utter_vraag_welke_organisatie", "utter_vraag_gemeente")
# The replies that mean "not understood": the topics offered instead of an answer
# (action_niet_begrepen, action_beantwoord_vraag), a person offered after two misses.
NOT_UNDERSTOOD = ("utter_fallback_onderwerpen", "utter_handoff_niet_begrepen", "utter_default")
# Handoff (actions/handoff.py): queued at the desk or sent to the external live chat;
# nobody could take it, so the AKJ routes were given instead.
HANDOFF_OFFERED = "action_handoff_aanbieden"
HANDOFF_QUEUED = ("utter_handoff_in_wachtrij", "utter_handoff_doorgestuurd")
HANDOFF_NO_ADVISOR = ("utter_handoff_buiten_kantoortijd", "utter_handoff_niemand_vrij", "utter_handoff_storing")
# Crisis net (wegwijzer/safety/assess.py): the kinds of crisis, and the action that
# gives the emergency routes (the emergency button runs it without a verdict).
CRISIS_KINDS = ("geweld", "wapen", "onveilig_thuis", "zelfdoding", "seksueel_misbruik", "vermissing", "acuut")
EMERGENCY_ACTION = "action_noodhulp"


@dataclass(frozen=True)
class Names:
    intents: frozenset[str]
    answers: frozenset[str]  # answer keys: "ots_duur" for utter_faq/ots_duur

    def intent(self, name: Optional[str]) -> Optional[str]:
        if not name:
            return None
        return name if name in self.intents else OTHER

    def answer(self, utter_action: Optional[str]) -> Optional[str]:
        """The answer key of a response name, when it is one of the domain's answers."""
        if not utter_action or not utter_action.startswith(ANSWER_PREFIX):
            return None
        key = utter_action[len(ANSWER_PREFIX):]
        return key if key in self.answers and key != FOLLOW_UP else None


@lru_cache(maxsize=1)
def project_names(domain_dir: Path = DOMAIN_DIR) -> Names:
    """The domain's intents and answers (every file of domain/, as Rasa reads the folder)."""
    intents, answers = {FALLBACK_INTENT}, set()
    for path in sorted(domain_dir.rglob("*.yml")):
        data = read_yaml(path) or {}
        for intent in data.get("intents") or []:
            intents.add(next(iter(intent)) if isinstance(intent, dict) else str(intent))
        answers.update(name[len(ANSWER_PREFIX):] for name in data.get("responses") or {}
                       if name.startswith(ANSWER_PREFIX))
    return Names(frozenset(intents), frozenset(answers))


def topic(answer_key: str) -> Optional[str]:
    """The topic of an answer ('ots' for 'ots_duur'), from domain/followups.yml."""
    return followups().topic_of(answer_key)


def role(value: object) -> Optional[str]:
    return value if isinstance(value, str) and value in ROLES else None


@lru_cache(maxsize=4096)
def _municipality(value: str) -> Optional[str]:
    return resolve_municipality(value)


def municipality(value: object) -> Optional[str]:
    """The official name from the contact directory, or None: never the text as given."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    return _municipality(value.strip())
