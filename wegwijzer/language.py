"""Which language a message is written in, offline (lingua ships its models in
the wheel; nothing is downloaded).

    >>> detect_language("my dad is hitting my mom")
    'en'

Dutch is the default: a short or mixed message counts as Dutch unless another
language is clearly more likely, so one English word ("ok", "sorry") never
turns a Dutch conversation into English. conversation_language() decides the
language of the answers (slot `taal`, set by the NLU component LanguageExtractor).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from lingua import Language, LanguageDetectorBuilder

from wegwijzer.yaml_files import read_yaml

NLP_DIR = Path(__file__).with_name("nlp")
DEFAULT = "nl"
ANSWER_LANGUAGES = ("nl", "en")  # the languages the assistant answers in (slot `taal`)
CHOICE_KEY, BUTTON_KEY = "taal_keuze", "knop"  # message metadata from the widget
CODES = {Language.DUTCH: "nl", Language.ENGLISH: "en", Language.TURKISH: "tr", Language.POLISH: "pl",
         Language.ARABIC: "ar"}
MIN_CONFIDENCE = 0.6  # the other language must be at least this likely
MIN_WORDS = 3  # fewer words: too little to tell (unless the script is Arabic)
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*CODES).build()


@lru_cache(maxsize=1)
def _dutch_terms() -> tuple[frozenset[str], re.Pattern]:
    """Domain terms (nlp/terms.yml) and words from letters (nlp/letter_words.yml): the
    one-word ones as a set (a regex of hundreds of alternatives takes milliseconds per
    message), the longer ones as a pattern, longest first."""
    terms = read_yaml(NLP_DIR / "terms.yml") or {}
    words = {str(p).lower() for group, entries in terms.items() if group != "rol" for entry in entries or []
             for p in entry.get("patterns") or []}
    words |= {str(w).lower() for w in (read_yaml(NLP_DIR / "letter_words.yml") or {}).get("words") or []}
    single = frozenset(w for w in words if _WORD.fullmatch(w))
    longer = "|".join(re.escape(w) for w in sorted(words - single, key=len, reverse=True))
    return single, re.compile(rf"(?<!\w)(?:{longer})(?!\w)", re.IGNORECASE)


def without_dutch_terms(text: str) -> str:
    single, longer = _dutch_terms()
    return " ".join(word for word in _WORD.findall(longer.sub(" ", text)) if word.lower() not in single)


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    words = read_yaml(NLP_DIR / "function_words.yml") or {}
    return {code: frozenset(str(w).lower() for w in words.get(name) or [])
            for code, name in (("en", "english"), ("nl", "dutch"))}


def function_word_vote(words: list[str]) -> Optional[str]:
    """'en' or 'nl' when the small words only one language uses clearly agree:
    two or more of one language and none of the other, or three or more and at
    least twice as many; otherwise None."""
    counts = {code: sum(word.lower() in vocabulary for word in words)
              for code, vocabulary in _function_words().items()}
    for code, other in (("en", "nl"), ("nl", "en")):
        if (counts[code] >= 2 and counts[other] == 0) or (counts[code] >= 3 and counts[code] >= 2 * counts[other]):
            return code
    return None


@lru_cache(maxsize=2048)
def clear_language(text: str) -> Optional[str]:
    """The message's language when it is clear: MIN_WORDS words or more besides
    the Dutch terms people copy from letters, and either the small words of one
    language (function_word_vote) or lingua at least MIN_CONFIDENCE sure of it;
    otherwise None."""
    if not isinstance(text, str):
        return None
    text = without_dutch_terms(text[:1000])
    words = text.split()
    if len(words) < MIN_WORDS:
        return None
    vote = function_word_vote(words)
    if vote:
        return vote
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return CODES.get(values[0].language)


def conversation_language(text: str, metadata: Any = None) -> Optional[str]:
    """The language to answer in from now on, or None to keep the current one.
    The person's choice in the widget (metadata taal_keuze) decides; a button's
    payload (metadata knop: Dutch text whatever the language) or a message that is
    short or unclear ("ok", "sorry", "whatsapp?") changes nothing; a message clearly
    in Dutch or English switches to it."""
    metadata = metadata if isinstance(metadata, dict) else {}
    if metadata.get(CHOICE_KEY) in ANSWER_LANGUAGES:
        return metadata[CHOICE_KEY]
    if metadata.get(BUTTON_KEY):
        return None
    language = clear_language(text)
    return language if language in ANSWER_LANGUAGES else None


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


def message_language(text: str) -> str:
    """The language of one message, for the words around the emergency routes: clear
    apart from the Dutch terms people copy from letters ("he has ots, nobody answers at
    the jeugdbescherming" is English), else detect_language's reading (Dutch when unsure)."""
    return clear_language(text) or detect_language(text)
