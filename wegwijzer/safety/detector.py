"""Crisis detection: does this message signal acute danger, violence, abuse,
suicidal thoughts, a child afraid to go home or someone missing?

    >>> detect_crisis("me pa slaat me").kind
    'geweld'

Pure Python, no model: it runs in the Rasa NLU pipeline (rasa_component.py)
and in the input channels (wegwijzer/channels.py), so it also works while a
form is active or the conversation is paused for a human.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from wegwijzer.safety.lexicon import EARNEST, NEGATED, NEUTRAL_PHRASES, PATTERNS
from wegwijzer.safety.normalise import normalise


@dataclass(frozen=True)
class CrisisSignal:
    kind: str  # geweld | wapen | onveilig_thuis | zelfdoding | seksueel_misbruik | vermissing | acuut
    rule: str  # name of the pattern that fired (for the test report; never the user's words)

    @property
    def earnest(self) -> bool:
        """A disclosure (self-harm, sexual abuse) that a joke marker does not take away."""
        return self.kind in EARNEST or self.rule in EARNEST


def detect_crisis(text: object) -> Optional[CrisisSignal]:
    if not isinstance(text, str) or not text.strip():
        return None
    return match_lexicon(normalise(text))


def match_lexicon(plain: str) -> Optional[CrisisSignal]:
    """The lexicon on already normalised text."""
    for neutral in NEUTRAL_PHRASES:
        plain = neutral.sub(" ", plain)
    for kind, patterns in PATTERNS.items():
        for rule, pattern in patterns:
            if any(not NEGATED.search(plain, 0, match.start()) for match in pattern.finditer(plain)):
                return CrisisSignal(kind, rule)
    return None
