"""One verdict per message from every crisis detector: defence in depth.

    >>> assess("ik heb net een hele strip pillen genomen").level
    'crisis'

A message is a crisis when ANY detector says so; no two need to agree:
- `lexicon`: the curated Dutch constructions (lexicon.py);
- `score`: the distress score from weighted cue families (score.py, cues.yml);
- `classifier`: a classifier trained on crisis messages and look-alikes
  (classifier.py), trusted alone only when it is very sure;
Rasa's own DIET is not trusted alone (rasa_component.py: a signal).
Below a crisis, `signal` means some sign of violence or distress that is not
clearly happening now: the answer gets one line "Is er nu gevaar? Bel 112."
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from wegwijzer.language import message_language
from wegwijzer.safety.classifier import crisis_probability
from wegwijzer.safety.detector import match_lexicon
from wegwijzer.safety.normalise import dutch_vocabulary, laughing, normalise
from wegwijzer.safety.score import distress_score, frame_of, remove_neutral

CRISIS, SIGNAL = "crisis", "signal"
# The trained classifier alone decides only when this sure: the threshold with 1 %
# false alarms in 5-fold cross-validation on the development set (3,087 crisis
# messages, 3,340 look-alikes, 2026-12-06): alone 84.2 % recall at 0.9 %. At 0.85 it would be 85.5 % at
# 1.4 %. (Regularisation C=16 in classifier.py; C=4 gave 80.8 % at 1 %.)
CLASSIFIER_ALONE = 0.88
CLASSIFIER_SIGNAL = 0.5  # less sure than that, but more likely than not: a signal


@dataclass(frozen=True)
class Assessment:
    level: Optional[str]  # "crisis", "signal" or None
    kind: Optional[str] = None  # geweld, wapen, onveilig_thuis, zelfdoding, seksueel_misbruik, vermissing, acuut
    detectors: tuple[str, ...] = field(default=())  # the detectors that said crisis
    rule: Optional[str] = None  # lexicon rule or cue family (for audits; never the user's words)
    language: str = "nl"  # of the message, for a crisis or signal (else the default)

    @property
    def crisis(self) -> bool:
        return self.level == CRISIS

    def as_parse_data(self) -> dict:
        return {"level": self.level, "kind": self.kind, "detectors": list(self.detectors), "rule": self.rule,
                "language": self.language}


NOTHING = Assessment(None)


@lru_cache(maxsize=4096)
def assess(text: object) -> Assessment:
    if not isinstance(text, str) or not text.strip():
        return NOTHING
    plain = remove_neutral(normalise(text))
    lexicon = match_lexicon(plain)
    frame = frame_of(plain, laughing(text))
    score = distress_score(plain, frame)
    # A lexicon hit in a message framed as past, general, fiction or a joke ("vroeger sloeg
    # hij me", "een werkstuk over zelfmoord") is a signal, unless the message says it happens
    # now; a joke does not take away a disclosure of self-harm or sexual abuse.
    lexicon_crisis = lexicon is not None and (frame.now or not frame.lowers(lexicon.earnest))
    probability = crisis_probability(text)
    detectors = tuple(name for name, fired in (("lexicon", lexicon_crisis), ("score", score.crisis),
                                               ("classifier", probability >= CLASSIFIER_ALONE)) if fired)
    kind = lexicon.kind if lexicon else score.kind
    rule = lexicon.rule if lexicon else score.family
    # The language only matters for the words around the routes: not looked up for other messages.
    if detectors:
        return Assessment(CRISIS, kind or "acuut", detectors, rule or "classifier", message_language(text))
    if lexicon is not None or score.signal or probability >= CLASSIFIER_SIGNAL:
        return Assessment(SIGNAL, kind or "acuut", (), rule or "classifier", message_language(text))
    return NOTHING


def warm_up() -> None:
    """Load the word lists, train the classifier and load the language models
    now (a few seconds at start), not during someone's first message."""
    dutch_vocabulary()
    crisis_probability("")
    message_language("dit is een zin om de taal te laden")
