"""What an intake answer can be (roles, maatregelen, needs), the answers together, and the kader they imply."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

ROLES = ("ouder", "jongere", "professional", "omstander")
# English words for the roles (issue 17), read only in an answer to "who are you?"
# when the NLU found no role: its role terms (wegwijzer/nlp/terms.yml) are Dutch,
# and an English word there would count as a Dutch term for the language detection.
ROLE_WORDS = {
    "ouder": ("parent", "mother", "father", "mum", "mom", "dad"),
    "jongere": ("young person", "child", "kid", "teenager", "son", "daughter", "minor"),
    "professional": ("social worker", "care worker", "youth worker", "teacher", "doctor", "counsellor"),
    "omstander": ("someone else", "neighbour", "neighbor", "grandmother", "grandfather", "grandparent",
                  "family member", "relative", "friend", "aunt", "uncle", "bystander"),
}
MAATREGELEN = ("ots", "vots", "muhp", "gbm", "voogdij", "tijdelijke_voogdij", "voorlopige_voogdij")
# Answers to the maatregel question that are not a maatregel.
GEEN = "geen"  # no maatregel: vrijwillig kader
WEET_NIET = "weet_niet"  # the person does not know
SOORT_ONBEKEND = "soort_onbekend"  # there is a maatregel, but not known which
MAATREGEL_ANSWERS = MAATREGELEN + (GEEN, WEET_NIET, SOORT_ONBEKEND)
NEEDS = ("begrijpen", "volgende_stap", "steun", "klagen", "zorgen_melden", "mens_spreken")

GEDWONGEN, VRIJWILLIG, ONBEKEND = "gedwongen", "vrijwillig", "onbekend"


@dataclass(frozen=True)
class Answers:
    rol: Optional[str] = None
    maatregel: Optional[str] = None  # one of MAATREGEL_ANSWERS, or None when skipped
    gemeente: Optional[str] = None
    hulpvraag: Optional[str] = None

    def as_dict(self) -> dict:
        return {"rol": self.rol, "maatregel": self.maatregel, "gemeente": self.gemeente, "hulpvraag": self.hulpvraag}


def kader_for(maatregel: Optional[str]) -> str:
    """Only the kinderrechter imposes a maatregel; with one the kader is gedwongen,
    without one it is vrijwillig (000:530-532, 689-716)."""
    if maatregel in MAATREGELEN or maatregel == SOORT_ONBEKEND:
        return GEDWONGEN
    if maatregel == GEEN:
        return VRIJWILLIG
    return ONBEKEND
