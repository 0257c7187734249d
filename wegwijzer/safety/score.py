"""Distress score: the third crisis detector, from weighted cue families.

    >>> distress_score("my dad is choking my mom right now").crisis
    True

The lexicon (lexicon.py) knows exact Dutch constructions; this score knows many
more words (Dutch, English, a few Turkish, Polish and Moroccan-Arabic ones) and
weighs them: a danger cue, plus an immediacy or distress cue, minus a past,
general, fictional or joking frame. Negated cues ("niet geslagen") do not count.
Words of the immediacy lists used in another sense ("how do I help her", "net
als") are masked first (`not_now`); a joke does not take away a disclosure of
self-harm or abuse (`earnest` families), nor a message that says it is no joke
(`serious`). The cues and weights live in cues.yml; how they add up is
explained there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from wegwijzer.yaml_files import read_yaml


CUES_FILE = Path(__file__).with_name("cues.yml")
WEIGHTS = {"alone": 1.0, "with_now": 0.6, "signal": 0.3}
NOW_BONUS = 0.5
FRAME_PENALTY = 0.7  # past, general or fictional frame, and nothing happening now
FRAME_PENALTY_NOW = 0.3  # the same frame, but the message also says it happens now
CRISIS_AT = 1.0
NEGATIONS = frozenset({"niet", "nie", "nt", "geen", "nooit", "not", "never", "no", "dont", "didnt", "doesnt",
                       "isnt", "wasnt", "hasnt", "havent", "nobody", "niemand"})
_WORD = "[a-z0-9]"


def compile_cue(source: str) -> re.Pattern:
    """cues.yml syntax: `*` = rest of the word, ` .. ` = up to three words between.
    A pattern may not end in an optional part after a space ("x (?:y)?"): the
    word boundary after it could never match; write "x(?: y)?" instead."""
    if not isinstance(source, str):
        raise ValueError(f"cues.yml: not a pattern (quote patterns that contain ': '): {source!r}")
    if re.search(r" (?:\.\. )?\((?:\?:)?[^()]*\)\?$", source):
        raise ValueError(f"cues.yml: trailing optional part after a space: {source}")
    return re.compile(rf"(?:^| )(?:{_body(source)})(?= |$)")


def _body(source: str) -> str:
    return source.replace(" .. ", rf" (?:{_WORD}+ ){{0,3}}").replace("*", f"{_WORD}*")


def compile_any(sources: list) -> tuple[re.Pattern, ...]:
    """Cues of which any one is enough (frames, `unless`, a family's cues of one
    weight) as one pattern: found where any one alone is found, in a third of
    the time (the first match is the leftmost, not the first in the file)."""
    if not sources:
        return ()
    for source in sources:
        compile_cue(source)  # the same checks, with the pattern named
    return (re.compile(rf"(?:^| )(?:{'|'.join(f'(?:{_body(s)})' for s in sources)})(?= |$)"),)


@dataclass(frozen=True)
class Family:
    name: str
    kind: str
    patterns: tuple[tuple[float, re.Pattern], ...]
    # Contexts that make this family's cues harmless ("home alone" in "can my
    # kid stay home alone?", "knife" in "cut his finger while cooking").
    unless: tuple[re.Pattern, ...] = ()
    # A disclosure that young people often wrap in a joke ("lol", "haha"): a
    # joking frame does not lower it (self-harm, sexual abuse).
    earnest: bool = False


@dataclass(frozen=True)
class Cues:
    families: tuple[Family, ...]
    now: tuple[re.Pattern, ...]
    distress: tuple[re.Pattern, ...]
    frames: tuple[re.Pattern, ...]  # past, general, fiction, reassured
    jokes: tuple[re.Pattern, ...]  # the joking frame, cancelled by `serious`
    serious: tuple[re.Pattern, ...]
    not_now: tuple[re.Pattern, ...]
    neutral: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = read_yaml(CUES_FILE)
    families = tuple(
        Family(name, spec["kind"], tuple((WEIGHTS[level], pattern) for level in WEIGHTS
                                         for pattern in compile_any(spec.get(level) or [])),
               compile_any(spec.get("unless") or []), bool(spec.get("earnest")))
        for name, spec in data["families"].items()
    )
    frames = compile_any([p for name, group in data["frame"].items() if name != "joke" for p in group])
    return Cues(families, tuple(map(compile_cue, data["now"])), tuple(map(compile_cue, data["distress"])),
                frames, compile_any(data["frame"]["joke"]), compile_any(data["serious"]),
                tuple(map(compile_cue, data["not_now"])), tuple(map(compile_cue, data["neutral"])))


def remove_neutral(plain: str) -> str:
    """Everyday exaggeration ("ik word gek", "ik ga dood van de stress") and
    questions about a measure ("moet ik weg van huis als ik onder toezicht
    sta") are no danger: removed before any detector looks."""
    for pattern in cues().neutral:
        plain = pattern.sub(" ", plain)
    return re.sub(" +", " ", plain).strip()


def mask_not_now(plain: str) -> str:
    """Blank out words of the immediacy lists that are used in another sense
    ("how do I help her", "net als", "het gaat nu weer goed"), keeping positions."""
    for pattern in cues().not_now:
        plain = pattern.sub(lambda m: " " * len(m.group(0)), plain)
    return plain


def _negated(plain: str, start: int) -> bool:
    """One of the two words before the cue is a negation, in the same sentence
    ("boeit niet. ik ben er toch niet meer" is not negated)."""
    before = plain[:start].split()[-2:]
    if "." in before:
        before = before[before.index(".") + 1:]
    return any(word in NEGATIONS for word in before)


def _found(pattern: re.Pattern, plain: str) -> bool:
    return _first(pattern, plain) is not None


def _first(pattern: re.Pattern, plain: str) -> Optional[re.Match]:
    return next((m for m in pattern.finditer(plain) if not _negated(plain, m.start())), None)


@dataclass(frozen=True)
class Frame:
    """How the message frames what it tells."""
    framed: bool = False  # past, general, fiction or reassured
    joking: bool = False  # a joke marker ("haha", a laughing emoji), not cancelled by "no joke"
    now: bool = False  # the message says it happens now

    def lowers(self, earnest: bool = False) -> bool:
        """Does the frame lower a danger cue? A joke does not lower an earnest disclosure."""
        return self.framed or (self.joking and not earnest)


@dataclass(frozen=True)
class Score:
    value: float
    kind: Optional[str]  # the kind of the strongest danger cue (crisis kinds of lexicon.py)
    family: Optional[str]
    danger: float  # weight of the strongest danger cue, 0 when none
    framed: bool = False  # a past, general or fictional frame ...
    now: bool = False  # ... and whether the message also says it happens now

    @property
    def crisis(self) -> bool:
        return self.value >= CRISIS_AT

    @property
    def signal(self) -> bool:
        """Some sign of violence or distress, not clearly happening now."""
        return self.danger > 0 and not self.crisis


NO_SCORE = Score(0.0, None, None, 0.0)


def frame_of(plain: str, laughing: bool = False) -> Frame:
    """Is the message framed as past, general, fiction or a joke, and does it say
    "now"? `laughing`: the text as typed has a laughing emoji (normalise.laughing)."""
    framed = any(p.search(plain) for p in cues().frames)
    joking = ((laughing or any(p.search(plain) for p in cues().jokes))
              and not any(p.search(plain) for p in cues().serious))
    now = any(_found(p, mask_not_now(plain)) for p in cues().now)
    return Frame(framed, joking, now)


def distress_score(plain: str, frame: Optional[Frame] = None) -> Score:
    """Score normalised text (normalise.normalise, then remove_neutral); `frame`
    is frame_of(plain) when the caller has it already."""
    if not plain:
        return NO_SCORE
    best: tuple[float, Optional[Family], Optional[re.Match]] = (0.0, None, None)
    for family in cues().families:
        if any(p.search(plain) for p in family.unless):
            continue
        for weight, pattern in family.patterns:
            match = _first(pattern, plain) if weight > best[0] else None
            if match:
                best = (weight, family, match)
                break  # patterns are ordered by weight: the first hit is this family's best
    danger, family, match = best
    if family is None or match is None:
        return NO_SCORE
    frame = frame if frame is not None else frame_of(plain)
    # Only a disclosure itself (a cue strong alone) is earnest; "snijden" or "pillen" in a joke is not.
    framed, now = frame.lowers(family.earnest and danger >= WEIGHTS["alone"]), frame.now
    # The immediacy or distress must come from other words than the danger cue
    # itself ("schreeuwt" is a danger cue; it does not also make itself urgent).
    rest = mask_not_now(plain[:match.start()] + " " * (match.end() - match.start()) + plain[match.end():])
    distress = now or any(_found(p, rest) for p in cues().distress)
    value = danger + (NOW_BONUS if distress else 0.0)
    if framed:
        value -= FRAME_PENALTY_NOW if now else FRAME_PENALTY
    return Score(round(value, 2), family.kind, family.name, danger, framed, now)
