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

Every fact is traceable to the domain briefs in ../shared/domain/. Comments
cite seed lines: "000:536-546" means lines 536-546 of ../shared/seeds/000_*.txt.
Phone numbers and addresses only ever come from the contact directory
(wegwijzer.directory); no text in this module contains one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Optional, Sequence

from wegwijzer.directory import ContactRoute, national_routes, resolve_municipality
from wegwijzer.directory.formatting import routes_text

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
                      r"\bwat nu\b", r"\bhoe (gaat het )?(nu )?verder", r"\bwat (gebeurt|komt) er\b"),
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


@dataclass
class Turn:
    """What the form does with one message."""

    updates: dict = field(default_factory=dict)  # slot name -> new value
    say: list = field(default_factory=list)  # short texts to send before the next question
    reject: bool = False  # not an answer: let the other rules handle it (crisis, question)


# Intents that interrupt the form when the message does not answer the question.
INTERRUPTIONS = {"noodsituatie", "faq", "vraag_contact", "bedanken", "afscheid", "opnieuw_beginnen", "groet",
                 "mens_spreken", "vraag_achterlaten"}

NOT_UNDERSTOOD = {
    "rol": "Dat begreep ik niet goed. Kies een van de knoppen. Of typ bijvoorbeeld: ik ben ouder.",
    "maatregel_antwoord": "Ik herken geen maatregel in je antwoord. Kies een knop. Of typ: weet ik niet.",
    "gemeente": "Die gemeente ken ik niet. Kijk of de naam goed geschreven is. Je mag deze vraag ook overslaan.",
    "hulpvraag": "Dat begreep ik niet goed. Kies wat het beste past. Of typ het in je eigen woorden.",
    WHICH_ANSWER: "Dat begreep ik niet goed.",
}
START_TEXT = "Ik help je op weg. Ik stel je een paar korte vragen. Elke vraag mag je overslaan."
CHANGED_TEXT = "Ik heb je antwoord veranderd."


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

# What the person told, as one short sentence per answer (None: skipped).
ROLE_SENTENCE = {
    "ouder": "Je bent ouder.",
    "jongere": "Je bent een jongere.",
    "professional": "Je bent professional.",
    "omstander": "Je bent iemand anders, zoals een buur of familielid.",
    None: "Wie je bent, weet ik niet.",
}
MAATREGEL_SENTENCE = {
    "ots": "Er is een ondertoezichtstelling (OTS).",
    "vots": "Er is een voorlopige ondertoezichtstelling (VOTS).",
    "muhp": "Er is een machtiging uithuisplaatsing.",
    "gbm": "Er is een gezagsbeëindigende maatregel (GBM).",
    "voogdij": "Er is voogdij.",
    "tijdelijke_voogdij": "Er is tijdelijke voogdij.",
    "voorlopige_voogdij": "Er is voorlopige voogdij.",
    GEEN: "Er is geen maatregel.",
    WEET_NIET: "Je weet niet of er een maatregel is.",
    SOORT_ONBEKEND: "Er is een maatregel, maar je weet niet welke.",
    None: "Of er een maatregel is, weet ik niet.",
}
NEED_SENTENCE = {
    "begrijpen": "Je wilt begrijpen wat er gebeurt.",
    "volgende_stap": "Je wilt weten wat de volgende stap is.",
    "steun": "Je zoekt steun.",
    "klagen": "Je wilt klagen.",
    "zorgen_melden": "Je wilt zorgen melden.",
    "mens_spreken": "Je wilt een mens spreken.",
    None: "Wat je nodig hebt, weet ik niet.",
}

# -- kader (000:689-716) --------------------------------------------------
KADER_TITLE = {GEDWONGEN: "Gedwongen kader", VRIJWILLIG: "Vrijwillig kader", ONBEKEND: "Vrijwillig of gedwongen?"}
KADER_TEXT = {
    # 000:705-713
    VRIJWILLIG: "Er is geen maatregel van de kinderrechter. Dan heet het **vrijwillig kader**. "
    "De hulp is vrijwillig. Het wijkteam heeft de regie, samen met de ouders. "
    "Regie betekent: de leiding over de hulp.",
    # 000:714-716, 892-897, 914-916
    GEDWONGEN: "De kinderrechter heeft een maatregel opgelegd. Dan heet het **gedwongen kader**. "
    "Een gecertificeerde instelling (GI) voert de maatregel uit. Dat is een organisatie voor jeugdbescherming. "
    "De GI heeft nu de regie. Regie betekent: de leiding over de hulp. Het wijkteam blijft ook betrokken.",
    # 000:530-532, 689-692
    ONBEKEND: "Alleen de kinderrechter kan een maatregel opleggen. Is er geen maatregel? "
    "Dan is de hulp vrijwillig. Dat heet **vrijwillig kader**. Is er wel een maatregel? "
    "Dan heet het **gedwongen kader**. Vraag het na bij je hulpverlener, bijvoorbeeld het wijkteam.",
}

# -- what each maatregel is (000:536-612) ----------------------------------
MAATREGEL_TEXT = {
    # 000:536-546
    "ots": "Bij een **ondertoezichtstelling (OTS)** krijgt het kind een gezinsvoogd. "
    "Die begeleidt het gezin en helpt bij problemen. Een OTS duurt maximaal 12 maanden. "
    "De kinderrechter kan de OTS steeds met maximaal 1 jaar verlengen.",
    # 000:553-558
    "vots": "Een **voorlopige ondertoezichtstelling (VOTS)** is een OTS bij spoed. "
    "De rechter kiest hiervoor als de situatie acuut is. Een VOTS duurt maximaal 3 maanden. "
    "In die tijd onderzoekt de Raad voor de Kinderbescherming de situatie.",
    # 000:560-570
    "muhp": "Bij een **machtiging uithuisplaatsing** woont het kind een tijd ergens anders. "
    "Bijvoorbeeld in een pleeggezin of in een instelling. De kinderrechter geeft daar toestemming voor, bij een OTS. "
    "De machtiging duurt maximaal 1 jaar. Het doel is altijd dat het kind weer naar huis kan.",
    # 000:574-582
    "gbm": "Bij een **gezagsbeëindigende maatregel (GBM)** hebben de ouders geen gezag meer. "
    "Gezag betekent: beslissen over het kind. Het kind krijgt een voogd. "
    "De maatregel duurt tot het kind 18 jaar is.",
    # 000:584-590
    "voogdij": "Bij **voogdij** heeft iemand anders dan een ouder het gezag. Die persoon heet de voogd. "
    "Gezag betekent: beslissen over het kind. Gewone voogdij duurt in principe tot het kind volwassen is.",
    # 000:592-597
    "tijdelijke_voogdij": "Bij **tijdelijke voogdij** kan een ouder even niet zelf beslissen over het kind. "
    "Bijvoorbeeld omdat de ouder zelf jonger is dan 18. Een voogd heeft dan het gezag. "
    "Gezag betekent: beslissen over het kind.",
    # 000:604-612
    "voorlopige_voogdij": "**Voorlopige voogdij** is voogdij bij spoed. "
    "Het gezag van de ouders is dan bijna altijd geschorst. Dat betekent: tijdelijk gestopt. "
    "Een voogd beslist dan over het kind. Dit duurt maximaal 3 maanden.",
    # 000:543-544 (the beschikking states the maatregel)
    SOORT_ONBEKEND: "Je weet niet welke maatregel het is. Dat staat in de beslissing van de kinderrechter. "
    "Die beslissing heet een beschikking. Je kan het ook vragen aan de gezinsvoogd of de voogd.",
}

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

# -- what it means for you, per group and role ------------------------------
MEANING = {
    ("gezag_ouders", "ouder"):
    # 000:538-541, 923-937
    "Je houdt het gezag. Je blijft dus verantwoordelijk voor je kind. Je moet wel meewerken met de gezinsvoogd. "
    "De gezinsvoogd beslist welke jeugdhulp je kind krijgt. Hulp voor jezelf vraag je zelf aan, "
    "bijvoorbeeld bij het wijkteam.",
    ("gezag_ouders", "jongere"):
    # 000:536-541, 3102-3239
    "Je hebt een gezinsvoogd. Die let op hoe het met je gaat en helpt jou en je ouders. "
    "Je ouders beslissen nog steeds over jou. Ze moeten wel meewerken met de gezinsvoogd.",
    ("gezag_ouders", "professional"):
    # 000:906-937, 914-916, 3278-3283
    "De GI heeft de regie. De gezinsvoogd maakt een plan van aanpak en bepaalt welke jeugdhulp nodig is. "
    "Dat gebeurt in overleg met ouders en wijkteam. De gezinsvoogd geeft zelf geen jeugdhulp. "
    "Het wijkteam blijft betrokken en helpt ouders met hulp voor henzelf.",
    ("gezag_ouders", "omstander"):
    # 000:538-541, 749-750
    "Een gezinsvoogd begeleidt het gezin. De ouders houden het gezag. "
    "Maak je je zorgen over de veiligheid van het kind? Vraag dan advies aan Veilig Thuis. Dat mag anoniem.",
    ("gezag_ouders", ANYONE):
    # 000:538-541, 934-937
    "Bij deze maatregel houden de ouders het gezag. Ze moeten wel meewerken met de gezinsvoogd. "
    "De gezinsvoogd bepaalt welke jeugdhulp nodig is.",
    ("gezag_voogd", "ouder"):
    # 000:578-582, 628-637
    "Een voogd beslist nu over je kind. Je kind heeft wel recht op contact met jou, ook zonder gezag. "
    "Behalve als dat niet goed is voor je kind.",
    ("gezag_voogd", "jongere"):
    # 000:580, 628-637, 3102-3239
    "Je hebt een voogd. Die beslist over belangrijke dingen in je leven. "
    "Je hebt recht op contact met je ouders. Behalve als dat niet goed voor je is. "
    "Je mag altijd zeggen wat je ervan vindt.",
    ("gezag_voogd", "professional"):
    # 000:578-590, 628-637
    "De voogd heeft het gezag. Ouders mogen dan geen beslissingen meer nemen over het kind. "
    "Het kind houdt recht op contact met de ouders, als dat goed is voor het kind.",
    ("gezag_voogd", "omstander"):
    # 000:580, 749-750
    "Een voogd beslist over het kind. Maak je je zorgen over de veiligheid van het kind? "
    "Vraag dan advies aan Veilig Thuis. Dat mag anoniem.",
    ("gezag_voogd", ANYONE):
    # 000:580, 628-637
    "Bij deze maatregel beslist een voogd over het kind. Het kind heeft wel recht op contact met de ouders. "
    "Behalve als dat niet goed is voor het kind.",
    (GEZAG_DEPENDS, "ouder"):
    # 000:538-541, 578-590
    "Of je het gezag houdt, hangt af van de maatregel. Gezag betekent: beslissen over je kind. "
    "Bij een ondertoezichtstelling (OTS) houd je het gezag. Je moet dan wel meewerken met de gezinsvoogd. "
    "Bij een gezagsbeëindigende maatregel (GBM) of bij voogdij beslist een voogd over je kind.",
    (GEZAG_DEPENDS, "jongere"):
    # 000:538-541, 578-590, 3102-3239
    "Wie over jou beslist, hangt af van de maatregel. Bij een ondertoezichtstelling (OTS) beslissen je "
    "ouders nog steeds. Bij voogdij beslist een voogd. Vraag je gezinsvoogd of voogd welke maatregel het is. "
    "Je mag altijd zeggen wat je ervan vindt.",
    (GEZAG_DEPENDS, "professional"):
    # 000:538-541, 578-590, 611-612
    "Of de ouders het gezag houden, hangt af van de maatregel. Bij een (V)OTS houden ze het gezag. "
    "Bij een GBM of voogdij heeft een voogd het gezag. Ga na welke maatregel het is.",
    (GEZAG_DEPENDS, "omstander"):
    # 000:538-541, 580, 749-750
    "Wie over het kind beslist, hangt af van de maatregel: de ouders of een voogd. "
    "Maak je je zorgen over de veiligheid van het kind? Vraag dan advies aan Veilig Thuis. Dat mag anoniem.",
    (GEZAG_DEPENDS, ANYONE):
    # 000:538-541, 578-590
    "Of de ouders het gezag houden, hangt af van de maatregel. Bij een ondertoezichtstelling (OTS) houden ze "
    "het gezag. Bij een gezagsbeëindigende maatregel (GBM) of bij voogdij beslist een voogd over het kind.",
    (VRIJWILLIG, "ouder"):
    # 000:705-713, 742-748, 3278-3280
    "Jij houdt samen met het wijkteam de regie. Je beslist mee over de hulp. "
    "Je kind beslist ook mee, afhankelijk van de leeftijd. Zorgen over je kind gaan alleen met jouw "
    "toestemming naar het wijkteam. Zonder toestemming kan een melding bij Veilig Thuis volgen.",
    (VRIJWILLIG, "jongere"):
    # 000:3278-3280, 3102-3239
    "Je ouders en het wijkteam beslissen samen over de hulp. Jij beslist ook mee. "
    "Hoe ouder je bent, hoe meer. Je mag altijd zeggen wat je ervan vindt.",
    (VRIJWILLIG, "professional"):
    # 000:709-713, 785-786, 814-841
    "Het wijkteam heeft de regie, samen met de ouders. Zijn er zorgen over de veiligheid? "
    "Volg de meldcode en vraag advies aan Veilig Thuis. Je kan ook de GI om een consult vragen. "
    "Dat heet preventieve jeugdbescherming.",
    (VRIJWILLIG, "omstander"):
    # 000:705-713, 749-750
    "Er is geen maatregel van de rechter. Hulp is dan vrijwillig. "
    "Maak je je zorgen over een kind? Vraag dan advies aan Veilig Thuis. Dat mag anoniem.",
    (VRIJWILLIG, ANYONE):
    # 000:705-713
    "De hulp is vrijwillig. De ouders beslissen mee over de hulp. Dat doen ze samen met het wijkteam.",
    (ONBEKEND, "ouder"):
    # 000:854-857
    "Je mag altijd uitleg vragen aan je hulpverlener. Vraag: is er een maatregel? En wie heeft de regie?",
    (ONBEKEND, "jongere"):
    # 000:3102-3239
    "Vraag het aan je ouders of aan je hulpverlener. Je mag altijd vragen wat er besloten is.",
    (ONBEKEND, "professional"):
    # 000:705-716
    "Kijk in het dossier of de kinderrechter een maatregel heeft opgelegd. "
    "Daarvan hangt af wie de regie heeft: het wijkteam of de GI.",
    (ONBEKEND, "omstander"):
    # 000:749-750
    "Dat is niet erg. Maak je je zorgen over een kind? Vraag dan advies aan Veilig Thuis. Dat mag anoniem.",
    (ONBEKEND, ANYONE):
    # 000:854-857
    "Je mag altijd uitleg vragen aan je hulpverlener. Vraag: is er een maatregel? En wie heeft de regie?",
}

# Extra lines for one maatregel, added to the meaning.
MEANING_EXTRA = {
    ("muhp", "ouder"): "Je kind mag contact met je houden. Behalve als de gezinsvoogd vindt dat het even beter "
    "zonder kan. De GI maakt de afspraken over contact.",  # 000:567-568, 2994-2996
    ("muhp", "jongere"): "Je mag contact houden met je ouders. Behalve als de gezinsvoogd vindt dat het even "
    "beter zonder kan.",  # 000:567-568
    ("muhp", "professional"): "De GI maakt de afspraken over contact tussen kind en ouders.",  # 000:2994-2996
    ("gbm", "ouder"): "Je houdt recht op informatie over je kind.",  # 000:580-581
    ("tijdelijke_voogdij", "ouder"): "Kan je weer zelf beslissen? Dan kan je het gezag terugvragen bij de "
    "rechtbank.",  # 000:595-596
}

# -- next steps with their time limits --------------------------------------
# Norms of the inspections for every child with a maatregel (001:459-466,
# 001:508-516, 001:600-610) and the plan van aanpak (000:906-911).
# Who "de inspecties" are (001:88-92); they supervise the GIs (000:374, 001:91-92).
INSPECTIES_TEXT = ("De inspecties controleren de jeugdbescherming. Dat zijn de Inspectie Gezondheidszorg en Jeugd "
                   "en de Inspectie Justitie en Veiligheid.")
_OTS_NORMS = [
    "Het gezin krijgt binnen 5 werkdagen een vaste gezinsvoogd. Dat is een regel van de inspecties.",  # 001:465-466
    INSPECTIES_TEXT,
    "Binnen 6 weken maakt de gezinsvoogd een plan van aanpak. Daarin staan de doelen.",  # 000:906-908
    "Binnen 3 maanden moet de hulp starten die past bij het kind. Staat het kind na het eerste gesprek op een "
    "wachtlijst? Dan is de hulp nog niet gestart.",  # 001:603-610
]
# 000:1085-1090 (doorbraaktafel, Amersfoort), 001 (doorbraakaanpak Utrecht/Flevoland)
_DOORBRAAK = ("Wacht het kind lang op hulp? Op sommige plekken is een doorbraaktafel. Daar zoeken jeugdbescherming, "
              "wijkteam en jeugdhulp samen naar hulp die binnen 3 maanden kan starten.")
STEPS = {
    "ots": _OTS_NORMS + [
        "Een OTS duurt maximaal 12 maanden. Daarna beslist de kinderrechter: stoppen of verlengen. "
        "Verlengen kan steeds met maximaal 1 jaar.",  # 000:544-546, 967-970
        _DOORBRAAK,
        "Stopt de OTS? Dan draagt de GI het gezin over aan het wijkteam.",  # 000:980-984
    ],
    "vots": [
        "Een VOTS duurt maximaal 3 maanden. In die tijd doet de Raad voor de Kinderbescherming onderzoek.",  # 000:556-557
        "Daarna stopt de VOTS. Of de kinderrechter maakt er een OTS van, als de Raad daarom vraagt.",  # 000:557-558
    ],
    "muhp": _OTS_NORMS + [
        "De machtiging duurt maximaal 1 jaar. De gezinsvoogd kan de rechter vragen om verlenging.",  # 000:568-571
        "Duurt de uithuisplaatsing langer dan 2 jaar? Dan geeft de Raad voor de Kinderbescherming eerst "
        "advies aan de rechter.",  # 000:571-572
        "Er wordt steeds bekeken of het kind weer naar huis kan.",  # 000:565-570, 3102-3239
    ],
    "gbm": [
        "De maatregel duurt tot het kind 18 jaar is.",  # 000:582
        "De voogd beslist over het kind. Contact met de ouders kan, als dat veilig genoeg is.",  # 000:578-582
    ],
    "voogdij": [
        "Gewone voogdij duurt in principe tot het kind volwassen is.",  # 000:589-590
    ],
    "tijdelijke_voogdij": [
        "De tijdelijke voogdij stopt als de ouder het gezag terugvraagt. Dat doet de ouder bij de rechtbank.",  # 000:595-596
    ],
    "voorlopige_voogdij": [
        "De voorlopige voogdij duurt maximaal 3 maanden.",  # 000:609-610
        "Vraagt de Raad voor de Kinderbescherming binnen die 3 maanden om een vaste regeling? "
        "Dan loopt de voogdij door tot de rechter beslist.",  # 000:610-611
    ],
    SOORT_ONBEKEND: [
        "Vraag de gezinsvoogd of voogd welke maatregel het is. Vraag ook hoe lang die duurt.",  # 000:543-544
        "Is er een OTS? Dan maakt de gezinsvoogd binnen 6 weken een plan van aanpak.",  # 000:906-908
    ],
    VRIJWILLIG: [
        "Het wijkteam helpt het gezin. Is meer hulp nodig? Dan verwijst het wijkteam naar andere "
        "jeugdhulp.",  # 000:2725-2751
        "Zijn er zorgen over de veiligheid? Dan kan Veilig Thuis erbij komen. Bij acuut gevaar gaat Veilig Thuis "
        "meteen naar het gezin. Veilig Thuis blijft dan maximaal 10 werkdagen betrokken.",  # 000:793-796
        "Helpt vrijwillige hulp niet genoeg? Dan kan er een gesprek komen aan de jeugdbeschermingstafel. "
        "In de regio Utrecht geven ouders en kinderen van 12 jaar of ouder daar toestemming voor.",
        # 000:801-812; consent: 000:840-841 (regio Utrecht)
        "Daarna kan de Raad voor de Kinderbescherming een onderzoek doen. Alleen de kinderrechter kan een "
        "maatregel opleggen. Dat doet de rechter na dat onderzoek.",  # 000:842-857, 530-532
    ],
    ONBEKEND: [
        "Vraag je hulpverlener of er een maatregel is.",
        "Is er een OTS? Dan maakt de gezinsvoogd binnen 6 weken een plan van aanpak.",  # 000:906-908
        "Is er geen maatregel? Dan heeft het wijkteam de regie, samen met de ouders.",  # 000:709-713
    ],
}
# The gezinsvoogd evaluates the plan van aanpak (000:911-912). "8 weeks before
# the end of the OTS" comes from one case in Centraal Gelderland (002:73-75),
# not from a rule: it is given as that example only.
_EVALUATION = ("De gezinsvoogd evalueert het plan van aanpak. Een vaste termijn voor het einde van de OTS ken ik "
               "niet. In een voorbeeld uit een rapport over Centraal Gelderland was dat 8 weken van tevoren.")
# Procedure that only professionals need.
PROFESSIONAL_STEPS = {
    "ots": [
        _EVALUATION,
        "Stopt de OTS? De Raad voor de Kinderbescherming toetst dat besluit.",  # 000:972-974
        "Kan de hulp daarna vrijwillig verder? Dan hoort het wijkteam dat 3 tot 6 maanden van tevoren.",  # 000:3273-3276
    ],
    "muhp": [
        _EVALUATION,
    ],
    VRIJWILLIG: [
        "Twijfel je? Vraag de Raad voor de Kinderbescherming om een consult. Dat kan anoniem.",  # 000:859-866
        "In regio Utrecht vraagt de GI namens de gemeente een raadsonderzoek aan.",  # 000:849-852
        "Bleef de hulp na de jeugdbeschermingstafel vrijwillig? Dan kan in Centraal Gelderland deze afspraak volgen. "
        "Worden de zorgen groter? Dan mag de melder het binnen 3 maanden weer melden.",  # 002:2444-2454
    ],
}

# -- rights ------------------------------------------------------------------
RIGHTS = {
    "ouder": [
        "Je mag altijd uitleg vragen. De doelen van de hulp moeten voor jou duidelijk zijn.",  # 001:530-532
        "Vraagt iemand een raadsonderzoek aan? In de regio Utrecht is afgesproken dat je dat hoort. En waar het "
        "over gaat. Behalve als dat de veiligheid van je kind schaadt.",  # 000:854-857 (regio Utrecht)
        "Je hebt recht op een gratis onafhankelijke cliëntondersteuner. Die denkt met je mee. "
        "Vraag ernaar bij je gemeente.",  # 000:284-289; shared/domain/contacts.md
        "Je mag een vertrouwenspersoon van het AKJ vragen. Die helpt je ook als je wilt klagen.",  # 000:986-1006
    ],
    "jongere": [
        "Je mag zeggen wat je vindt. Je mening moet serieus genomen worden.",  # 000:3102-3239
        "Je hebt recht op contact met je ouders, ook als je ergens anders woont. Behalve als dat niet goed "
        "voor je is.",  # 000:567-568, 628-637
        "Je mag een vertrouwenspersoon van het AKJ vragen. Dat is gratis.",  # 000:986-1006; contacts.md
    ],
    "professional": [
        "De doelen van de hulp moeten voor ouders en jongeren duidelijk zijn.",  # 001:530-532
        "Vraagt iemand een raadsonderzoek aan? In de regio Utrecht horen ouders en jongeren dat, en waar het "
        "over gaat. Behalve als dat de veiligheid van het kind schaadt.",  # 000:854-857 (regio Utrecht)
        "Ouders mogen een cliëntondersteuner vragen. Die denkt met hen mee. Dat is gratis. Wijs ouders "
        "daarop.",  # 000:284-289
        "Ouders en jongeren mogen een vertrouwenspersoon van het AKJ vragen. Ook als ze willen klagen.",  # 000:986-1006
        "Doe je een melding bij Veilig Thuis? Dan hoor je wat Veilig Thuis ermee deed.",  # 002:1839
    ],
    "omstander": [
        "Je mag advies vragen bij Veilig Thuis. Dat mag anoniem. Anoniem betekent: je zegt je naam niet.",  # 000:749-750
        "Je mag ook een melding doen bij Veilig Thuis. Ook dat mag anoniem.",  # contacts.md
    ],
    ANYONE: [
        "De doelen van de hulp moeten voor ouders en jongeren duidelijk zijn.",  # 001:530-532
        "Ouders mogen een cliëntondersteuner vragen. Die denkt gratis met hen mee.",  # 000:284-289
        "Ouders en jongeren mogen een vertrouwenspersoon van het AKJ vragen.",  # 000:986-1006
    ],
}
# Consent for a jeugdbeschermingstafel: a regio Utrecht agreement (000:840-841,
# "boven de twaalf jaar"), not a national rule.
_JBT_CONSENT_YOUNG = ("Woon je in de regio Utrecht? En ben je 12 jaar of ouder? Dan geef je zelf toestemming "
                      "voor een gesprek aan de jeugdbeschermingstafel.")
# Extra rights per role and group.
RIGHTS_EXTRA = {
    ("ouder", "gezag_ouders"): [
        "Je mag meedenken over het plan van aanpak. Je mag je mening aan het plan toevoegen.",  # 000:908-911
        "Je mag met je familie een familiegroepsplan maken. Dat is een plan dat je zelf maakt, met mensen om "
        "je heen.",  # 000:942-944 (a right for parents with gezag)
        "Ben je het niet eens met de beslissing van de rechter over een OTS of uithuisplaatsing? Dan kan je in "
        "hoger beroep gaan. Het Juridisch Loket geeft gratis juridisch advies.",  # 000:3079-3082; contacts.md
    ],
    ("ouder", VRIJWILLIG): [
        "Je mag met je familie een familiegroepsplan maken. Dat is een plan dat je zelf maakt, met mensen om "
        "je heen.",  # 000:942-944
    ],
    ("ouder", "gezag_voogd"): [
        "Je kind heeft recht op contact met jou. Ook als je geen gezag hebt.",  # 000:628-630
    ],
    # Maatregel of unknown kind: only what holds for every maatregel, and the
    # OTS rights as "is het een OTS?" (000:538-541, 628-630, 906-911; contacts.md).
    ("ouder", GEZAG_DEPENDS): [
        "Welke rechten je nog meer hebt, hangt af van de maatregel. Is het een OTS? Dan mag je meedenken over "
        "het plan van aanpak.",  # 000:906-911
        "Je kind heeft recht op contact met jou, ook als je geen gezag hebt. Behalve als dat niet goed is "
        "voor je kind.",  # 000:628-637
        "Ben je het niet eens met het besluit van de rechter? Het Juridisch Loket geeft gratis juridisch "
        "advies.",  # contacts.md
    ],
    ("jongere", VRIJWILLIG): [_JBT_CONSENT_YOUNG],
    ("jongere", ONBEKEND): [_JBT_CONSENT_YOUNG],
    ("professional", GEZAG_DEPENDS): [
        "Welke rechten ouders hebben, hangt af van de maatregel. Bij een OTS denken ouders mee over het plan "
        "van aanpak.",  # 000:538-541, 906-911
        "Heeft een voogd het gezag? Dan houdt het kind recht op contact met de ouders. Behalve als dat niet "
        "goed is voor het kind.",  # 000:578-582, 628-637
    ],
    ("professional", "gezag_ouders"): [
        "Ouders denken mee over het plan van aanpak. Ze mogen hun mening toevoegen.",  # 000:908-911
        "Ouders met gezag mogen een familiegroepsplan maken. Het plan van aanpak sluit daarop aan.",  # 000:942-944
    ],
    ("professional", VRIJWILLIG): [
        "Gaat de zaak in de regio Utrecht naar de jeugdbeschermingstafel? Dan moeten de ouders het goed vinden. "
        "En kinderen van 12 jaar of ouder ook.",  # 000:840-841 (regio Utrecht)
    ],
}

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
NEED_TEXT = {
    "begrijpen": "Stel mij gerust je vragen. Ik leg uit wie wat doet, wat een maatregel is en wat je rechten zijn. "
    "Wil je dat iemand met je meedenkt? Vraag je gemeente naar een onafhankelijke cliëntondersteuner.",  # 000:284-289
    "volgende_stap": {
        GEDWONGEN: "Vraag je gezinsvoogd wat de volgende stap is. Vraag ook naar het plan van aanpak.",  # 000:906-912
        VRIJWILLIG: "Het wijkteam helpt je verder. Het wijkteam heeft de regie, samen met de ouders.",  # 000:709-713
        ONBEKEND: "Het wijkteam van je gemeente kan je verder helpen. Is er een gezinsvoogd? Vraag het dan aan "
        "de gezinsvoogd.",  # 000:709-716
    },
    "steun": "Een vertrouwenspersoon van het AKJ luistert naar je en helpt je. Het AKJ is onafhankelijk en "
    "gratis.",  # 000:986-1006
    "klagen": "Wil je klagen? Een vertrouwenspersoon van het AKJ helpt je daarbij. Dat kan over het wijkteam, "
    "Veilig Thuis, de Raad voor de Kinderbescherming of de GI. Het AKJ is onafhankelijk en gratis.",  # 000:986-1006
    "zorgen_melden": "Maak je je zorgen over een kind? Bel Veilig Thuis. Je kan advies vragen of een melding doen. "
    "Dat mag anoniem.",  # 000:749-759; contacts.md
    "mens_spreken": "Ik ben een computer. Wil je met een mens praten? Een vertrouwenspersoon van het AKJ kan je "
    "helpen. Die is onafhankelijk en gratis.",  # 000:986-1006
    None: "Hier kan je terecht met vragen, zorgen of klachten.",
}
PROFESSIONAL_NEED_TEXT = {
    "steun": "Wijs ouders en jongeren op de vertrouwenspersoon van het AKJ. Die is onafhankelijk en gratis.",
    "zorgen_melden": "Volg de meldcode. Vraag Veilig Thuis om advies of doe een melding.",  # 000:785-786
    "volgende_stap": {
        GEDWONGEN: "Overleg met de gezinsvoogd van de GI. De GI heeft de regie.",  # 000:714-716
        VRIJWILLIG: "Overleg met Veilig Thuis of vraag de GI om een consult. Helpt vrijwillige hulp niet genoeg? "
        "Meld de zaak dan aan bij de jeugdbeschermingstafel.",  # 000:801-841; 002:2416-2432
        ONBEKEND: "Ga eerst na of er een maatregel is. Die bepaalt wie de regie heeft.",  # 000:705-716
    },
}
YOUNG_PERSON_ROUTES = ["kindertelefoon"]  # for young people who need support or a person
CLIENTONDERSTEUNING_TEXT = ("Wil je dat iemand met je meedenkt? Vraag je gemeente naar een cliëntondersteuner. "
                            "Die is gratis en onafhankelijk.")  # 000:284-289; contacts.md


@dataclass(frozen=True)
class Part:
    """One chat message of the summary."""

    text: str
    buttons: tuple = ()


CLOSING_BUTTONS = (
    ("Antwoord veranderen", "Ik wil mijn antwoord veranderen"),
    ("Opnieuw beginnen", "Opnieuw beginnen"),
    ("Vrijwillig of gedwongen kader", "Wat is het verschil tussen vrijwillig en gedwongen kader?"),
)
CLOSING_TEXT = "Klopt er iets niet? Dan kan je een antwoord veranderen. Of stel mij een vraag."
# The handoff to an AKJ advisor is its own flow (domain/handoff.yml): this
# button asks for it in the words that flow listens to.
HANDOFF_BUTTON = ("Een adviseur spreken", "Ik wil een mens spreken")
HANDOFF_NEEDS = ("mens_spreken", "klagen")
UNCHANGED_TEXT = "De rest van je overzicht blijft hetzelfde."


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _role_key(rol: Optional[str]) -> Optional[str]:
    return rol if rol in ROLES else ANYONE


def situation_text(answers: Answers) -> str:
    if not answers.gemeente:
        where = "Je gemeente weet ik niet."
    elif answers.rol in ("professional", "omstander"):
        where = f"Het gezin woont in {answers.gemeente}."
    else:
        where = f"Je woont in {answers.gemeente}."
    lines = [
        ROLE_SENTENCE[_role_key(answers.rol)],
        MAATREGEL_SENTENCE.get(answers.maatregel, MAATREGEL_SENTENCE[None]),
        where,
        NEED_SENTENCE.get(answers.hulpvraag, NEED_SENTENCE[None]),
    ]
    return "**Dit heb ik van je gehoord**\n" + _bullets(lines)


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
    return "**Wat betekent dit voor jou?**\n" + " ".join(lines)


def next_steps(answers: Answers) -> list:
    key = answers.maatregel if answers.maatregel in STEPS else kader_for(answers.maatregel)
    steps = list(STEPS[key])
    if answers.rol == "professional":
        steps += PROFESSIONAL_STEPS.get(key, [])
    return steps


def steps_text(answers: Answers) -> str:
    return "**De volgende stappen**\n" + _bullets(next_steps(answers))


def rights(answers: Answers) -> list:
    role = _role_key(answers.rol)
    return RIGHTS[role] + RIGHTS_EXTRA.get((role, _group(answers.maatregel)), [])


def rights_text(answers: Answers) -> str:
    title = "**Rechten van ouders en jongeren**" if answers.rol in ("professional", None) else "**Jouw rechten**"
    if answers.rol == "omstander":
        title = "**Wat mag jij?**"
    return title + "\n" + _bullets(rights(answers))


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
    paragraphs = ["**Wie kan je helpen?**\n" + _need_text(answers)]
    if answers.hulpvraag == "volgende_stap" and kader_for(answers.maatregel) != GEDWONGEN:
        where = f"de gemeente {answers.gemeente}" if answers.gemeente else "je gemeente"
        paragraphs.append(f"Kijk op de website van {where} hoe je het wijkteam bereikt. "
                          "Of vraag het mij: hoe bereik ik het wijkteam?")
    if answers.hulpvraag in ("steun", "klagen") and answers.rol in ("ouder", None):
        paragraphs.append(CLIENTONDERSTEUNING_TEXT)
    if answers.hulpvraag == "zorgen_melden":
        number = phone_number("alarm_112", lookup)
        if number:
            paragraphs.append(f"Is er nu direct gevaar? Bel dan {number}.")
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
    """Every fixed text of the triage, for readability checks."""
    yield START_TEXT
    yield CHANGED_TEXT
    yield CLOSING_TEXT
    yield UNCHANGED_TEXT
    yield CLIENTONDERSTEUNING_TEXT
    yield from NOT_UNDERSTOOD.values()
    for sentences in (ROLE_SENTENCE, MAATREGEL_SENTENCE, NEED_SENTENCE):
        yield from sentences.values()
    yield from KADER_TEXT.values()
    yield from MAATREGEL_TEXT.values()
    yield from MEANING.values()
    yield from MEANING_EXTRA.values()
    for steps in (*STEPS.values(), *PROFESSIONAL_STEPS.values(), *RIGHTS.values(), *RIGHTS_EXTRA.values()):
        yield from steps
    for texts in (NEED_TEXT, PROFESSIONAL_NEED_TEXT):
        for text in texts.values():
            yield from (text.values() if isinstance(text, dict) else [text])
