"""Intake and triage: what follows from a person's answers.

Pure logic, no Rasa. The triage form (actions/triage.py) asks four questions:
who are you (rol), is there a kinderbeschermingsmaatregel and which one
(maatregel), which municipality (gemeente) and what do you need (hulpvraag).
This module
- reads an answer from one message (`read_turn`), including "sla over",
  "ik wil mijn antwoord veranderen" and a municipality typed as free text;
- derives the kader from the maatregel answer (`kader_for`);
- builds the tailored summary (`summary`): kader, what it means for this role,
  next steps with their time limits, rights, and the routes that fit the need.

Every text a person reads lives in domain/intake_texts.yml, with its source
in ../shared/ (seed lines: "000:536-546" means lines 536-546 of
../shared/seeds/000_*.txt); this module picks and fills them. Phone numbers and
addresses only ever come from the contact directory (wegwijzer.directory).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Optional, Sequence

from wegwijzer.directory import ContactRoute, national_routes, resolve_municipality
from wegwijzer.directory.formatting import routes_text
from wegwijzer.texts import load_texts, walk_texts

# Every text of the intake and its summary (domain/intake_texts.yml).
TEXTS = load_texts("intake_texts")
_NONE_KEYS = ("anyone", "unanswered")  # YAML has no None key: these stand for it


def _key(key: str) -> Optional[str]:
    return None if key in _NONE_KEYS else key


def _keyed(mapping: Mapping) -> dict:
    return {_key(key): value for key, value in mapping.items()}


def _pairs(nested: Mapping) -> dict:
    """{a: {b: text}} as {(a, b): text}, the code's keys."""
    return {(_key(a), _key(b)): text for a, inner in nested.items() for b, text in inner.items()}


# --------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------

ROLES = ("ouder", "jongere", "professional", "omstander")
MAATREGELEN = ("ots", "vots", "muhp", "gbm", "voogdij", "tijdelijke_voogdij", "voorlopige_voogdij")
# Answers to the maatregel question that are not a maatregel.
GEEN = "geen"  # no maatregel: vrijwillig kader
WEET_NIET = "weet_niet"  # the person does not know
SOORT_ONBEKEND = "soort_onbekend"  # there is a maatregel, but not known which
MAATREGEL_ANSWERS = MAATREGELEN + (GEEN, WEET_NIET, SOORT_ONBEKEND)
NEEDS = ("begrijpen", "volgende_stap", "steun", "klagen", "zorgen_melden", "mens_spreken")

# The form's questions, in the order they are asked (= domain/triage.yml).
QUESTIONS = ("rol", "maatregel_antwoord", "gemeente", "hulpvraag")
# Asked only after "ik wil mijn antwoord veranderen" without saying which.
WHICH_ANSWER = "welk_antwoord"

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


# --------------------------------------------------------------------------
# Reading one message
# --------------------------------------------------------------------------


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
               r"\bboos\b", r"\bbezwaar", r"\bberoep\b"),
    "zorgen_melden": (r"\bmeld", r"\bzorgen\b", r"\bbezorgd", r"\bonveilig", r"\bniet veilig",
                      r"mishandel", r"verwaarloos", r"\breport\b"),
    "mens_spreken": (r"\bmens\b", r"\bhuman\b", r"\becht(e)? (persoon|iemand)", r"\bmedewerker",
                     r"\badviseur", r"\bgeen (computer|robot|bot)\b", r"\biemand (spreken|praten)",
                     r"\b(met|naar) iemand\b.*\b(spreken|praten|bellen|chatten)"),
    "steun": (r"\bsteun", r"\bondersteun", r"\bsupport", r"vertrouwenspersoon", r"\bzwaar\b",
              r"naast (me|mij)\b", r"\bhelpt\b", r"\bluister", r"\bop (mijn|me) kant\b"),
    "volgende_stap": (r"volgende stap", r"\bnext\b", r"\bstappen\b", r"\bwat (moet|kan|ga) ik (nu |nou )?doen",
                      r"\bwat nu\b", r"\bhoe (gaat het )?(nu )?verder", r"\bwat (gebeurt|komt) er\b",
                      # "hulp vinden": where to go next (issue 13: it got the question again)
                      r"\bhulp\b", r"\bwaar (moet|kan) ik (heen|naartoe|terecht)", r"\bwie (kan|moet) (me|mij|ons) helpen",
                      r"\boplossing"),
    "begrijpen": (r"\bbegrijp", r"\bsnap", r"\buitleg", r"\bbegrep", r"\bbetekent", r"\bbetekenis",
                  r"\bweten wat\b", r"\binformatie\b", r"\binfo\b", r"\bunderstand", r"\bduidelijk",
                  r"\bwat (is|zijn)\b"),
}


def need_from_text(text: str) -> Optional[str]:
    plain = _plain(text)
    return next((need for need, patterns in NEED_PATTERNS.items() if _matches(patterns, plain)), None)


_NEGATION = (r"^(nee|neen|nope|no|nah|geen|niks|niets)\b", r"\bgeen( enkele)? maatregel", r"\bniet\b",
             r"\bniks\b", r"\bniets\b", r"\bvrijwillig", r"\bgeen\b")
_DONT_KNOW = (r"\bweet (ik )?(het )?niet\b", r"\bgeen idee\b", r"\bniet zeker\b", r"\bweet niet\b",
              r"\bidk\b", r"\bno idea\b", r"\bdon'?t know\b", r"\bonbekend\b")
_SKIP = (r"\bsla\b.*\bover\b", r"\boverslaan\b", r"\bskip\b", r"\bliever niet\b", r"\bvolgende vraag\b",
         r"\bpass\b", r"\bzeg ik (liever )?niet\b", r"\bwil ik niet zeggen\b", r"\bgaat je (niks|niets) aan\b")
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
    if intent == "bevestigen" or re.search(r"\bmaatregel\b|\bgedwongen\b|\bkinderrechter\b|\brechter\b", plain):
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
                   "mag", "moet", "is", "zijn", "wordt", "heeft", "what", "how", "who", "why"}


def is_question(text: str) -> bool:
    words = _plain(text).split()
    return text.strip().endswith("?") or bool(words and words[0] in _QUESTION_WORDS)


# Words that say which answer someone wants to change.
FIELD_PATTERNS: dict[str, tuple[str, ...]] = {
    "rol": (r"\bwie ik ben\b", r"\brol\b"),  # "ik ben toch ..." is read as a new value instead
    "maatregel_antwoord": (r"\bmaatregel", r"\bkader\b"),
    "gemeente": (r"\bgemeente", r"\bwoonplaats", r"\bwoon\b", r"\bwonen\b", r"\bplaats\b"),
    "hulpvraag": (r"\bnodig\b", r"\bhulpvraag", r"\bwat ik wil\b", r"\bmijn vraag\b"),
}


def field_named(text: str) -> Optional[str]:
    plain = _plain(text)
    return next((name for name, patterns in FIELD_PATTERNS.items() if _matches(patterns, plain)), None)


_FILLER = re.compile(
    r"^(ik woon in|ik woon|wij wonen in|we wonen in|wonen in|woonplaats|ik kom uit|ik werk in|het gezin woont in|"
    r"mijn gemeente is toch|mijn gemeente is|gemeente|in de gemeente|de gemeente|in|toch)\s+",
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


@dataclass(frozen=True)
class FormState:
    """What the form knows before this message."""

    requested: Optional[str] = None  # the question asked last (None when the form starts)
    answers: Mapping[str, object] = field(default_factory=dict)  # slot name -> value
    skipped: Sequence[str] = ()
    wants_change: bool = False
    fresh: bool = True  # False when the form resumes after another action (no new message to read)
    metadata_gemeente: Optional[str] = None  # municipality passed by the website
    known_maatregel: Optional[str] = None  # the maatregel named earlier in the conversation (slot `maatregel`)


@dataclass
class Turn:
    """What the form does with one message."""

    updates: dict = field(default_factory=dict)  # slot name -> new value
    say: list = field(default_factory=list)  # short texts to send before the next question
    reject: bool = False  # not an answer: let the other rules handle it (crisis, question)


# Intents that interrupt the form when the message does not answer the question.
INTERRUPTIONS = {"noodsituatie", "faq", "vraag_contact", "bedanken", "afscheid", "opnieuw_beginnen", "groet",
                 "mens_spreken", "vraag_achterlaten"}

NOT_UNDERSTOOD = TEXTS["not_understood"]  # per question, and WHICH_ANSWER ("welk_antwoord")
START_TEXT = TEXTS["start"]
CHANGED_TEXT = TEXTS["changed"]


def _base(intent: Optional[str]) -> str:
    return (intent or "").split("/")[0]


# "ik ben 14", "ik ben een jongen van 16 jaar": an age under 18 means a young person.
_AGE = re.compile(r"\bik ben (?:een \w+ van )?(\d{1,2})\b(?! kinderen)")


def role_from_text(message: Message) -> Optional[str]:
    role = next((v for v in message.values("rol") if v in ROLES), None)
    if role:
        return role
    age = _AGE.search(_plain(message.text))
    return "jongere" if age and int(age.group(1)) < 18 else None


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


def _values_said_in_passing(message: Message) -> dict:
    """Answers to other questions that were said clearly in this message.

    A role only counts with the intent geef_rol: words like "kind" or "moeder"
    also occur in sentences that are not about who is typing.
    """
    found = {}
    maatregel = maatregel_from_entities(message.values("maatregel"))
    if maatregel:
        found["maatregel_antwoord"] = maatregel
    gemeente = _municipality_entity(message)
    if gemeente:
        found["gemeente"] = gemeente
    if _base(message.intent) == "geef_rol":
        role = role_from_text(message)
        if role:
            found["rol"] = role
    if _base(message.intent) == "zoek_hulp":
        need = need_from_text(message.text)
        if need:
            found["hulpvraag"] = need
    return found


_CHANGE_WORDS = (r"\btoch\b", r"\beigenlijk\b", r"\bbedoel", r"\bvergist", r"\bfout", r"\bverkeerd")


def is_change_request(message: Message, state: FormState) -> bool:
    """'Ik wil mijn antwoord veranderen', or a correction of an earlier answer
    such as 'mijn gemeente is toch Zeist'."""
    if not any(state.answers.get(q) is not None for q in QUESTIONS) and not state.skipped:
        return False  # nothing to change yet
    if _base(message.intent) == "wijzig_antwoord":
        return True
    if not _matches(_CHANGE_WORDS, _plain(message.text)):
        return False
    values = _new_values(message, field_named(message.text))
    return any(state.answers.get(name) not in (None, value) for name, value in values.items())


def _set(turn: Turn, state: FormState, name: str, value: object) -> None:
    turn.updates[name] = value
    if name == "maatregel_antwoord":
        # The shared `maatregel` slot only ever holds a real maatregel.
        turn.updates["maatregel"] = value if value in MAATREGELEN else None
    skipped = turn.updates.get("overgeslagen", state.skipped)
    if name in skipped:
        turn.updates["overgeslagen"] = [s for s in skipped if s != name]


def _new_values(message: Message, named: Optional[str]) -> dict:
    """The corrected answers in a change request."""
    values = {}
    maatregel = maatregel_from_entities(message.values("maatregel"))
    if maatregel:
        values["maatregel_antwoord"] = maatregel
    gemeente = _municipality_entity(message) or (municipality_from_text(message.text) if named == "gemeente" else None)
    if gemeente:
        values["gemeente"] = gemeente
    if named == "rol" or re.search(r"\bik ben\b", _plain(message.text)):
        role = next((v for v in message.values("rol") if v in ROLES), None)
        if role:
            values["rol"] = role
    need = need_from_text(message.text)
    if need and named in (None, "hulpvraag"):
        values["hulpvraag"] = need
    return values


def _change(message: Message, state: FormState, turn: Turn) -> None:
    """'Ik wil mijn antwoord veranderen', 'mijn gemeente is toch Zeist', ..."""
    named = field_named(message.text)
    values = _new_values(message, named)
    if named in values or (values and named is None):
        for name, value in values.items() if named is None else [(named, values[named])]:
            _set(turn, state, name, value)
        turn.updates["wil_wijzigen"] = None
        turn.say.append(CHANGED_TEXT)
    elif named:
        # Ask that question again: forget the old answer.
        _set(turn, state, named, None)
        turn.updates["wil_wijzigen"] = None
    elif state.requested == WHICH_ANSWER and (is_skip(message.text, message.intent) or message.intent == "ontkennen"):
        turn.updates["wil_wijzigen"] = None  # never mind
    elif state.requested == WHICH_ANSWER:
        turn.updates[WHICH_ANSWER] = None
        turn.say.append(NOT_UNDERSTOOD[WHICH_ANSWER])
    else:
        turn.updates["wil_wijzigen"] = True


def read_turn(message: Message, state: FormState) -> Turn:
    """Decide what one message means for the form.

    `state.requested` is None when the form starts with this message.
    """
    turn = Turn()
    intent = _base(message.intent)
    starting = state.requested is None
    changing = False
    if state.fresh:
        if intent == "noodsituatie":
            # Safety first: the crisis rule answers, then the form continues.
            return Turn(reject=True)
        if not starting and intent in INTERRUPTIONS and (is_question(message.text) or intent == "opnieuw_beginnen"):
            return Turn(reject=True)
        changing = state.requested == WHICH_ANSWER or (is_change_request(message, state)
                                                        and not _only_skip(message, state))
        if changing:
            _change(message, state, turn)
        elif starting:
            _read_opening(message, state, turn)
        else:
            _answer_question(message, state, turn)
            if turn.reject:
                return turn
    _fill_from_website(state, turn)
    _fill_known_maatregel(state, turn)
    if starting and not changing and _open_questions(state, turn):
        turn.say.insert(0, START_TEXT)
    return turn


def _only_skip(message: Message, state: FormState) -> bool:
    """'Sla over' answers the question; it is not a change request."""
    return state.requested in QUESTIONS and is_skip(message.text, message.intent)


def _read_opening(message: Message, state: FormState, turn: Turn) -> None:
    """The message that started the form may already answer questions."""
    for name, value in _values_said_in_passing(message).items():
        _set(turn, state, name, value)


def _answer_question(message: Message, state: FormState, turn: Turn) -> None:
    question = state.requested
    intent = _base(message.intent)
    if question == "maatregel_antwoord" and (is_dont_know(message.text) or intent == "weet_niet"):
        _set(turn, state, question, WEET_NIET)
        return
    if question in QUESTIONS and is_skip(message.text, message.intent):
        turn.updates[question] = None
        if question not in state.skipped:
            turn.updates["overgeslagen"] = [*state.skipped, question]
        return
    answer = read_answer(question, message)
    if answer is not None:
        _set(turn, state, question, answer)
    # Other answers said in passing fill only questions not answered yet;
    # changing an answer goes through a change request.
    in_passing = {name: value for name, value in _values_said_in_passing(message).items()
                  if name != question and state.answers.get(name) is None}
    for name, value in in_passing.items():
        _set(turn, state, name, value)
    if answer is not None or in_passing:
        return
    if intent in INTERRUPTIONS:
        turn.reject = True
        return
    # Not understood: say so and ask again (never leave the person stuck).
    turn.updates[question] = None
    turn.say.append(NOT_UNDERSTOOD.get(question, NOT_UNDERSTOOD["hulpvraag"]))


def _fill_from_website(state: FormState, turn: Turn) -> None:
    """The website widget may pass the municipality: then it is not asked."""
    current = turn.updates.get("gemeente", state.answers.get("gemeente"))
    skipped = turn.updates.get("overgeslagen", state.skipped)
    if current or "gemeente" in skipped or not state.metadata_gemeente:
        return
    found = resolve_municipality(str(state.metadata_gemeente))
    if found:
        turn.updates["gemeente"] = found


def _fill_known_maatregel(state: FormState, turn: Turn) -> None:
    """A maatregel the person named before the intake ("mijn zoon heeft een OTS") is not asked again."""
    current = turn.updates.get("maatregel_antwoord", state.answers.get("maatregel_antwoord"))
    skipped = turn.updates.get("overgeslagen", state.skipped)
    if current is None and "maatregel_antwoord" not in skipped and state.known_maatregel in MAATREGELEN:
        turn.updates["maatregel_antwoord"] = state.known_maatregel


def _open_questions(state: FormState, turn: Turn) -> list:
    answers = {**state.answers, **turn.updates}
    skipped = turn.updates.get("overgeslagen", state.skipped)
    return [q for q in QUESTIONS if answers.get(q) is None and q not in skipped]


def questions_to_ask(questions: Sequence[str], skipped: Sequence[str], wants_change: bool) -> list:
    """The form's questions minus the skipped ones; 'which answer?' first when asked to change one."""
    remaining = [q for q in questions if q not in (skipped or ())]
    return [WHICH_ANSWER, *remaining] if wants_change else remaining


# --------------------------------------------------------------------------
# The summary
# --------------------------------------------------------------------------

# Groups that share what a maatregel means for the people involved.
PARENTS_KEEP_GEZAG = {"ots", "vots", "muhp"}  # 000:538-541, 611-612
GEZAG_ELSEWHERE = {"gbm", "voogdij", "tijdelijke_voogdij", "voorlopige_voogdij"}  # 000:574-612
# A maatregel of unknown kind: whether the parents keep gezag depends on which
# one it is (OTS: yes, 000:538-541; GBM or voogdij: no, 000:578-590), so the
# summary says so instead of guessing (issue 13, error 1).
GEZAG_DEPENDS = "gezag_hangt_af"


def _group(maatregel: Optional[str]) -> str:
    if maatregel in PARENTS_KEEP_GEZAG:
        return "gezag_ouders"
    if maatregel in GEZAG_ELSEWHERE:
        return "gezag_voogd"
    if maatregel == SOORT_ONBEKEND:
        return GEZAG_DEPENDS
    return kader_for(maatregel)


ANYONE = None  # key for a person who did not say who they are

# The words of the summary: domain/intake_texts.yml, with their sources.
# Keys as there; `anyone` and `unanswered` become None.
ROLE_SENTENCE = _keyed(TEXTS["role_sentence"])
MAATREGEL_SENTENCE = _keyed(TEXTS["maatregel_sentence"])
NEED_SENTENCE = _keyed(TEXTS["need_sentence"])
KADER_TITLE = TEXTS["kader_title"]
KADER_TEXT = TEXTS["kader_text"]
MAATREGEL_TEXT = TEXTS["maatregel_text"]  # per maatregel answer
MEANING = _pairs(TEXTS["meaning"])  # (group, role) -> text
MEANING_EXTRA = _pairs(TEXTS["meaning_extra"])  # (maatregel, role) -> text
STEPS = TEXTS["steps"]  # per maatregel, else per kader
PROFESSIONAL_STEPS = TEXTS["professional_steps"]  # added for professionals
RIGHTS = _keyed(TEXTS["rights"])  # per role
RIGHTS_EXTRA = _pairs(TEXTS["rights_extra"])  # (role, group) -> texts
NEED_TEXT = _keyed(TEXTS["need_text"])  # per need; volgende_stap per kader
PROFESSIONAL_NEED_TEXT = TEXTS["professional_need_text"]
CLIENTONDERSTEUNING_TEXT = TEXTS["clientondersteuning"]
CLOSING_TEXT = TEXTS["closing"]
UNCHANGED_TEXT = TEXTS["unchanged"]
# (title, payload) as Part.buttons holds them.
CLOSING_BUTTONS = tuple((button["title"], button["payload"]) for button in TEXTS["closing_buttons"])
HANDOFF_BUTTON = (TEXTS["handoff_button"]["title"], TEXTS["handoff_button"]["payload"])
HANDOFF_NEEDS = ("mens_spreken", "klagen")

# -- routes per need ----------------------------------------------------------
# Which national routes (wegwijzer.directory) fit each need. Local routes
# (wijkteam, cliëntondersteuning) depend on the municipality: the person is
# pointed to them without a number.
NEED_ROUTES = {
    "begrijpen": [],
    "volgende_stap": [],
    "steun": ["akj"],
    "klagen": ["akj"],
    "zorgen_melden": ["veilig_thuis"],
    "mens_spreken": ["akj"],
    None: ["akj", "veilig_thuis"],
}
YOUNG_PERSON_ROUTES = ["kindertelefoon"]  # for young people who need support or a person


@dataclass(frozen=True)
class Part:
    """One chat message of the summary."""

    text: str
    buttons: tuple = ()


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _role_key(rol: Optional[str]) -> Optional[str]:
    return rol if rol in ROLES else ANYONE


def situation_text(answers: Answers) -> str:
    sentences = TEXTS["gemeente_sentence"]
    if not answers.gemeente:
        where = sentences["unanswered"]
    elif answers.rol in ("professional", "omstander"):
        where = sentences["family"].format(gemeente=answers.gemeente)
    else:
        where = sentences["own"].format(gemeente=answers.gemeente)
    lines = [
        ROLE_SENTENCE[_role_key(answers.rol)],
        MAATREGEL_SENTENCE.get(answers.maatregel, MAATREGEL_SENTENCE[None]),
        where,
        NEED_SENTENCE.get(answers.hulpvraag, NEED_SENTENCE[None]),
    ]
    return f"**{TEXTS['situation_title']}**\n" + _bullets(lines)


def kader_text(answers: Answers) -> str:
    kader = kader_for(answers.maatregel)
    text = f"**{KADER_TITLE[kader]}**\n{KADER_TEXT[kader]}"
    if answers.maatregel in MAATREGEL_TEXT:
        text += "\n\n" + MAATREGEL_TEXT[answers.maatregel]
    return text


def meaning_text(answers: Answers) -> str:
    role = _role_key(answers.rol)
    lines = [MEANING[(_group(answers.maatregel), role)]]
    extra = MEANING_EXTRA.get((answers.maatregel, role))
    if extra:
        lines.append(extra)
    return f"**{TEXTS['meaning_title']}**\n" + " ".join(lines)


def next_steps(answers: Answers) -> list:
    key = answers.maatregel if answers.maatregel in STEPS else kader_for(answers.maatregel)
    steps = list(STEPS[key])
    if answers.rol == "professional":
        steps += PROFESSIONAL_STEPS.get(key, [])
    return steps


def steps_text(answers: Answers) -> str:
    return f"**{TEXTS['steps_title']}**\n" + _bullets(next_steps(answers))


def rights(answers: Answers) -> list:
    role = _role_key(answers.rol)
    return RIGHTS[role] + RIGHTS_EXTRA.get((role, _group(answers.maatregel)), [])


def rights_text(answers: Answers) -> str:
    titles = TEXTS["rights_title"]
    title = titles["others"] if answers.rol in ("professional", None) else titles["yours"]
    if answers.rol == "omstander":
        title = titles["bystander"]
    return f"**{title}**\n" + _bullets(rights(answers))


RouteLookup = Callable[[str], Sequence[ContactRoute]]


def phone_number(organisation: str, lookup: RouteLookup = national_routes) -> Optional[str]:
    """The first verified phone number of an organisation, from the directory."""
    return next((r.value for r in lookup(organisation) if r.channel == "phone" and r.verified), None)


def route_organisations(answers: Answers) -> list:
    organisations = list(NEED_ROUTES.get(answers.hulpvraag, NEED_ROUTES[None]))
    if answers.rol == "jongere" and answers.hulpvraag in ("steun", "mens_spreken", None):
        organisations += YOUNG_PERSON_ROUTES
    if answers.rol in ("ouder", "professional", None) and answers.hulpvraag == "klagen" \
            and kader_for(answers.maatregel) == GEDWONGEN:
        organisations.append("juridisch_loket")  # hoger beroep, 000:3079-3082
    return organisations


def _need_text(answers: Answers) -> str:
    texts = PROFESSIONAL_NEED_TEXT if answers.rol == "professional" and answers.hulpvraag in PROFESSIONAL_NEED_TEXT \
        else NEED_TEXT
    text = texts.get(answers.hulpvraag, NEED_TEXT[None])
    if isinstance(text, dict):
        text = text[kader_for(answers.maatregel)]
    return text


def routes_part(answers: Answers, lookup: RouteLookup = national_routes) -> str:
    paragraphs = [f"**{TEXTS['routes_title']}**\n" + _need_text(answers)]
    if answers.hulpvraag == "volgende_stap" and kader_for(answers.maatregel) != GEDWONGEN:
        website = TEXTS["wijkteam_website"]
        paragraphs.append(website["known"].format(gemeente=answers.gemeente) if answers.gemeente
                          else website["unanswered"])
    if answers.hulpvraag in ("steun", "klagen") and answers.rol in ("ouder", None):
        paragraphs.append(CLIENTONDERSTEUNING_TEXT)
    if answers.hulpvraag == "zorgen_melden":
        number = phone_number("alarm_112", lookup)
        if number:
            paragraphs.append(TEXTS["danger_now"].format(number=number))
    for organisation in route_organisations(answers):
        text = routes_text(lookup(organisation))
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def summary(answers: Answers, previous: Optional[Mapping] = None,
            lookup: RouteLookup = national_routes) -> list:
    """The tailored summary as chat messages. When only the municipality or the
    need changed since the last summary, only the parts that changed are repeated."""
    parts = [Part(situation_text(answers))]
    unchanged = bool(previous) and previous.get("rol") == answers.rol and previous.get("maatregel") == answers.maatregel
    if unchanged:
        parts.append(Part(UNCHANGED_TEXT))
    else:
        parts += [Part(kader_text(answers) + "\n\n" + meaning_text(answers)), Part(steps_text(answers)),
                  Part(rights_text(answers))]
    handoff = (HANDOFF_BUTTON,) if answers.hulpvraag in HANDOFF_NEEDS else ()
    parts.append(Part(routes_part(answers, lookup), handoff))
    parts.append(Part(CLOSING_TEXT, CLOSING_BUTTONS))
    return parts


def all_texts() -> Iterator[str]:
    """Every text of domain/intake_texts.yml, each once (placeholders unfilled), for the
    readability and content checks: read from the file, so no text can be missed."""
    yield from dict.fromkeys(text for _, text in walk_texts(TEXTS))
