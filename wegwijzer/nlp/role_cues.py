"""Who is writing, read from what they say in passing ("ik ben 14", "mijn zoon").

The cues live in role_cues.yml. A self cue ("ik ben 15") beats a relation cue
("mijn moeder"); two different roles at the same strength give no role, so a
guess never replaces what the person did not say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

CUES_FILE = Path(__file__).with_name("role_cues.yml")
STRENGTHS = ("self", "relation")  # strongest first


@dataclass(frozen=True)
class RoleCue:
    role: str  # ouder | jongere | professional
    start: int
    end: int


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, str, re.Pattern], ...]:
    data = yaml.safe_load(CUES_FILE.read_text(encoding="utf-8"))
    return tuple((strength, role, re.compile(pattern))
                 for strength in STRENGTHS
                 for role, patterns in (data.get(strength) or {}).items()
                 for pattern in patterns)


def role_cue(text: str) -> Optional[RoleCue]:
    """The writer's role and where the message says it, or None."""
    lowered = text.lower()
    for strength in STRENGTHS:
        found = [RoleCue(role, m.start(), m.end())
                 for kind, role, pattern in _cues() if kind == strength
                 for m in [pattern.search(lowered)] if m]
        if len({cue.role for cue in found}) == 1:
            return min(found, key=lambda cue: cue.start)
        if found:
            return None  # "ik ben moeder ... ik werk als": two roles, no guess
    return None
