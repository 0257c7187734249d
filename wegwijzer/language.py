"""Which language a message is written in, offline (lingua ships its models in
the wheel; nothing is downloaded).

    >>> detect_language("my dad is hitting my mom")
    'en'

Dutch is the default: a short or mixed message counts as Dutch unless another
language is clearly more likely, so one English word ("ok", "sorry") never
turns a Dutch conversation into English.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

DEFAULT = "nl"
CODES = {Language.DUTCH: "nl", Language.ENGLISH: "en", Language.TURKISH: "tr", Language.POLISH: "pl",
         Language.ARABIC: "ar"}
MIN_CONFIDENCE = 0.6  # the other language must be at least this likely
MIN_WORDS = 3  # fewer words: too little to tell (unless the script is Arabic)
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*CODES).build()


@lru_cache(maxsize=2048)
def detect_language(text: str) -> str:
    """'nl', 'en', 'tr', 'pl' or 'ar'."""
    if not isinstance(text, str) or not text.strip():
        return DEFAULT
    text = text[:1000]
    if _ARABIC_SCRIPT.search(text):
        return "ar"
    if len(text.split()) < MIN_WORDS:
        return DEFAULT
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return DEFAULT
    best = values[0]
    code = CODES.get(best.language, DEFAULT)
    return code if code == DEFAULT or best.value >= MIN_CONFIDENCE else DEFAULT
