"""Reading an answer from one free-text message: word patterns, entities and intents.

Answers are read in Dutch and in simple English whatever the conversation's language
(issue 17): the buttons send Dutch payloads in both languages, and a person may type
either ("ik ben ouder", "i am a parent", "sla over", "skip")."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence

from wegwijzer.directory import resolve_municipality
from wegwijzer.intake.vocabulary import GEEN, MAATREGELEN, ROLE_WORDS, ROLES, SOORT_ONBEKEND, WEET_NIET


def _plain(text: str) -> str:
    """Lower case, accents removed, one space between words."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w\s'-]", " ", text.lower()).split())


def _matches(patterns: Iterable[str], plain_text: str) -> bool:
    return any(re.search(pattern, plain_text) for pattern in patterns)


# What the person needs, recognised by word patterns on the plain text. Checked
# in this order: the first match wins (a complaint about help is "klagen", not "steun").
NEED_PATTERNS: dict[str, tuple[str, ...]] = {
    "klagen": (r"\bklacht", r"\bklag", r"\bcomplain", r"ontevreden", r"\bniet eens\b", r"\boneerlijk",
               r"\bboos\b", r"\bbezwaar", r"\bberoep\b", r"\bdisagree", r"\bunfair", r"\bappeal"),
    "zorgen_melden": (r"\bmeld", r"\bzorgen\b", r"\bbezorgd", r"\bonveilig", r"\bniet veilig",
                      r"mishandel", r"verwaarloos", r"\breport\b", r"\bworr(y|ied|ies)\b", r"\bunsafe\b",
                      r"\bnot safe\b", r"\babuse", r"\bneglect"),
    "mens_spreken": (r"\bmens\b", r"\bhuman\b", r"\becht(e)? (persoon|iemand)", r"\bmedewerker",
                     r"\badviseur", r"\bgeen (computer|robot|bot)\b", r"\biemand (spreken|praten)",
                     r"\b(met|naar) iemand\b.*\b(spreken|praten|bellen|chatten)",
                     r"\b(talk|speak|chat) (to|with) (a |an )?(real )?(person|someone|adviser|advisor)\b"),
    "steun": (r"\bsteun", r"\bondersteun", r"\bsupport", r"vertrouwenspersoon", r"\bzwaar\b",
              r"naast (me|mij)\b", r"\bhelpt\b", r"\bluister", r"\bop (mijn|me) kant\b", r"\blisten"),
    "volgende_stap": (r"volgende stap", r"\bnext\b", r"\bstappen\b", r"\bwat (moet|kan|ga) ik (nu |nou )?doen",
                      r"\bwat nu\b", r"\bhoe (gaat het )?(nu )?verder", r"\bwat (gebeurt|komt) er\b",
                      # "hulp vinden": where to go next (issue 13: it got the question again)
                      r"\bhulp\b", r"\bwaar (moet|kan) ik (heen|naartoe|terecht)", r"\bwie (kan|moet) (me|mij|ons) helpen",
                      r"\boplossing", r"\bwhat (should|can|do) (i|we) do\b", r"\bwhat now\b",
                      r"\bwho can help\b", r"\bwhere (can|should|do) (i|we) go\b"),
    "begrijpen": (r"\bbegrijp", r"\bsnap", r"\buitleg", r"\bbegrep", r"\bbetekent", r"\bbetekenis",
                  r"\bweten wat\b", r"\binformatie\b", r"\binfo\b", r"\bunderstand", r"\bduidelijk",
                  r"\bwat (is|zijn)\b", r"\bexplain", r"\bwhat (is|are|does)\b"),
}


def need_from_text(text: str) -> Optional[str]:
    plain = _plain(text)
    return next((need for need, patterns in NEED_PATTERNS.items() if _matches(patterns, plain)), None)


_NEGATION = (r"^(nee|neen|nope|no|nah|geen|niks|niets)\b", r"\bgeen( enkele)? maatregel", r"\bniet\b",
             r"\bniks\b", r"\bniets\b", r"\bvrijwillig", r"\bgeen\b", r"\bno (maatregel|measure|order)\b",
             r"\bnone\b", r"\bnothing\b", r"\bvoluntary\b")
_DONT_KNOW = (r"\bweet (ik )?(het )?niet\b", r"\bgeen idee\b", r"\bniet zeker\b", r"\bweet niet\b",
              r"\bidk\b", r"\bno idea\b", r"\bdon'?t know\b", r"\bdo not know\b", r"\bnot sure\b",
              r"\bonbekend\b")
_SKIP = (r"\bsla\b.*\bover\b", r"\boverslaan\b", r"\bskip\b", r"\bliever niet\b", r"\bvolgende vraag\b",
         r"\bpass\b", r"\bzeg ik (liever )?niet\b", r"\bwil ik niet zeggen\b", r"\bgaat je (niks|niets) aan\b",
         r"\brather not\b", r"\bprefer not\b", r"\bnext question\b")
# Most specific first: a machtiging uithuisplaatsing is part of an OTS
# (000:560-564), so "OTS en uithuisplaatsing" is read as the uithuisplaatsing.
_MAATREGEL_PRIORITY = ("gbm", "voorlopige_voogdij", "tijdelijke_voogdij", "voogdij", "muhp", "vots", "ots")


def maatregel_from_entities(values: Sequence[str]) -> Optional[str]:
    found = [value for value in values if value in MAATREGELEN]
    return next((m for m in _MAATREGEL_PRIORITY if m in found), None)


def maatregel_from_answer(text: str, intent: Optional[str], entity_values: Sequence[str]) -> Optional[str]:
    """The answer to "is er een maatregel, en welke?", or None when not understood."""
    named = maatregel_from_entities(entity_values)
    if named:
        return named
    plain = _plain(text)
    if intent == "weet_niet" or _matches(_DONT_KNOW, plain):
        return WEET_NIET
    if intent == "ontkennen" or _matches(_NEGATION, plain):
        return GEEN
    if intent == "bevestigen" or re.search(r"\bmaatregel\b|\bgedwongen\b|\bkinderrechter\b|\brechter\b|\bjudge\b|"
                                           r"\bcourt\b|\bcompulsory\b", plain):
        return SOORT_ONBEKEND
    return None


# Intents that mean "skip this question" (the skip intent is shared with the
# contact routes' municipality question, data/nlu/contacts.yml).
SKIP_INTENTS = ("gemeente_overslaan", "weet_niet")


def is_skip(text: str, intent: Optional[str]) -> bool:
    return intent in SKIP_INTENTS or _matches(_SKIP + _DONT_KNOW, _plain(text))


def is_dont_know(text: str) -> bool:
    return _matches(_DONT_KNOW, _plain(text))


_QUESTION_WORDS = {"wat", "wie", "waar", "wanneer", "waarom", "hoe", "welke", "welk", "kan", "kun", "kunnen",
                   "mag", "moet", "is", "zijn", "wordt", "heeft", "what", "how", "who", "why", "where", "when",
                   "which", "can", "does"}


def is_question(text: str) -> bool:
    words = _plain(text).split()
    return text.strip().endswith("?") or bool(words and words[0] in _QUESTION_WORDS)


# Words that say which answer someone wants to change.
FIELD_PATTERNS: dict[str, tuple[str, ...]] = {
    "rol": (r"\bwie ik ben\b", r"\brol\b", r"\bwho i am\b", r"\brole\b"),  # "ik ben toch ..." is read as a new value instead
    "maatregel_antwoord": (r"\bmaatregel", r"\bkader\b", r"\bmeasure\b"),
    "gemeente": (r"\bgemeente", r"\bwoonplaats", r"\bwoon\b", r"\bwonen\b", r"\bplaats\b", r"\bmunicipality\b",
                 r"\blive\b", r"\btown\b", r"\bcity\b"),
    "hulpvraag": (r"\bnodig\b", r"\bhulpvraag", r"\bwat ik wil\b", r"\bmijn vraag\b", r"\bwhat i need\b",
                  r"\bmy question\b"),
}


def field_named(text: str) -> Optional[str]:
    plain = _plain(text)
    return next((name for name, patterns in FIELD_PATTERNS.items() if _matches(patterns, plain)), None)


_FILLER = re.compile(
    r"^(ik woon in|ik woon|wij wonen in|we wonen in|wonen in|woonplaats|ik kom uit|ik werk in|het gezin woont in|"
    r"mijn gemeente is toch|mijn gemeente is|gemeente|in de gemeente|de gemeente|in|toch|"
    r"i live in|we live in|i am from|i'm from|my municipality is|municipality|actually)\s+",
    re.IGNORECASE,
)


def municipality_from_text(text: str) -> Optional[str]:
    """The official name of the municipality in a short free-text answer, or None.

    Tries the whole answer, then without lead words ("ik woon in ..."). Longer
    sentences are left to the entity ruler: guessing a place from them is unsafe.
    """
    candidate = (text or "").strip().strip(".!?,;:")
    for _ in range(3):
        found = resolve_municipality(candidate) if candidate else None
        if found:
            return found
        stripped = _FILLER.sub("", candidate, count=1).strip()
        if stripped == candidate:
            break
        candidate = stripped
    return None


@dataclass(frozen=True)
class Message:
    """One user message, as NLU read it."""

    text: str
    intent: Optional[str] = None
    entities: Mapping[str, Sequence[str]] = field(default_factory=dict)  # entity -> values in order

    def values(self, entity: str) -> Sequence[str]:
        return self.entities.get(entity, ())


def base_intent(intent: Optional[str]) -> str:
    """The intent without its retrieval part: 'faq/ots_duur' is 'faq'."""
    return (intent or "").split("/")[0]


# "ik ben 14", "ik ben een jongen van 16 jaar", "i'm 15": an age under 18 means a young person.
_AGE = re.compile(r"\b(?:ik ben|i am|i'?m) (?:(?:een|a) \w+ (?:van|of) )?(\d{1,2})\b(?! kinderen| children| kids)")
_I_AM = re.compile(r"\b(?:ik ben|i am|i'?m)\b")


def role_from_text(message: Message) -> Optional[str]:
    # "mijn zoon" (rol_zelf: a parent) before the bare noun "zoon" (rol: the child).
    role = said_role(message) or next((v for v in message.values("rol") if v in ROLES), None) \
        or role_from_words(message.text)
    if role:
        return role
    age = _AGE.search(_plain(message.text))
    return "jongere" if age and int(age.group(1)) < 18 else None


def role_from_words(text: str) -> Optional[str]:
    """The role of the first role word (vocabulary.ROLE_WORDS) in the text, or None:
    "i am the mother of a teenager" is a parent."""
    plain = _plain(text)
    found = [(match.start(), role) for role, words in ROLE_WORDS.items() for word in words
             for match in [re.search(rf"\b{re.escape(word)}s?\b", plain)] if match]
    return min(found)[1] if found else None


def said_role(message: Message) -> Optional[str]:
    """The role the writer gave in passing ("ik ben 14", "mijn zoon"; wegwijzer/nlp/role_cues.yml)."""
    return next((v for v in message.values("rol_zelf") if v in ROLES), None)


def read_answer(question: str, message: Message) -> Optional[object]:
    """The answer to `question` in this message, or None."""
    if question == "rol":
        return role_from_text(message)
    if question == "maatregel_antwoord":
        return maatregel_from_answer(message.text, message.intent, message.values("maatregel"))
    if question == "gemeente":
        return _municipality_entity(message) or municipality_from_text(message.text)
    if question == "hulpvraag":
        return need_from_text(message.text)
    return None


def _municipality_entity(message: Message) -> Optional[str]:
    return next((resolve_municipality(v) for v in message.values("gemeente") if resolve_municipality(v)), None)


def values_said_in_passing(message: Message) -> dict:
    """Answers to other questions that were said clearly in this message.

    A bare role word ("kind", "moeder") only counts with the intent geef_rol: such
    words also occur in sentences that are not about who is typing. A role said in
    passing ("ik ben 14", "mijn zoon": entity rol_zelf) counts with any intent.
    """
    found = {}
    maatregel = maatregel_from_entities(message.values("maatregel"))
    if maatregel:
        found["maatregel_antwoord"] = maatregel
    gemeente = _municipality_entity(message)
    if gemeente:
        found["gemeente"] = gemeente
    role = role_from_text(message) if base_intent(message.intent) == "geef_rol" else said_role(message)
    if role:
        found["rol"] = role
    if base_intent(message.intent) == "zoek_hulp":
        need = need_from_text(message.text)
        if need:
            found["hulpvraag"] = need
    return found


# Words that say an earlier answer was wrong ("mijn gemeente is toch Zeist").
_CHANGE_WORDS = (r"\btoch\b", r"\beigenlijk\b", r"\bbedoel", r"\bvergist", r"\bfout", r"\bverkeerd", r"\bactually\b",
                 r"\bi meant\b", r"\bmistake\b", r"\bwrong\b")


def sounds_like_correction(text: str) -> bool:
    return _matches(_CHANGE_WORDS, _plain(text))


def corrected_values(message: Message, named: Optional[str]) -> dict:
    """The corrected answers in a change request."""
    values = {}
    maatregel = maatregel_from_entities(message.values("maatregel"))
    if maatregel:
        values["maatregel_antwoord"] = maatregel
    gemeente = _municipality_entity(message) or (municipality_from_text(message.text) if named == "gemeente" else None)
    if gemeente:
        values["gemeente"] = gemeente
    if named == "rol" or _I_AM.search(_plain(message.text)):
        role = role_from_text(message)
        if role:
            values["rol"] = role
    need = need_from_text(message.text)
    if need and named in (None, "hulpvraag"):
        values["hulpvraag"] = need
    return values
