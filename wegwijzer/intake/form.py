"""The intake form's state: what one message means for the form, and which question comes next."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

from wegwijzer.directory import resolve_municipality
from wegwijzer.intake.reading import (Message, base_intent, corrected_values, field_named, is_dont_know, is_question,
                                      is_skip, read_answer, sounds_like_correction, values_said_in_passing)
from wegwijzer.intake.texts import TEXTS, intake_texts
from wegwijzer.intake.vocabulary import MAATREGELEN, WEET_NIET

# The form's questions, in the order they are asked (= domain/triage.yml).
QUESTIONS = ("rol", "maatregel_antwoord", "gemeente", "hulpvraag")
# Asked only after "ik wil mijn antwoord veranderen" without saying which.
WHICH_ANSWER = "welk_antwoord"


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
    language: str = "nl"  # the language of what the form says (slot `taal`); answers are read in Dutch and English


@dataclass
class Turn:
    """What the form does with one message."""

    updates: dict = field(default_factory=dict)  # slot name -> new value
    say: list = field(default_factory=list)  # short texts to send before the next question
    reject: bool = False  # not an answer: let the other rules handle it (crisis, question)


# Intents that interrupt the form when the message does not answer the question.
INTERRUPTIONS = {"noodsituatie", "faq", "vraag_contact", "bedanken", "afscheid", "opnieuw_beginnen", "groet",
                 "mens_spreken", "vraag_achterlaten"}

# What the form says, in the conversation's language (FormState.language): "start",
# "changed" and "not_understood" (per question, and WHICH_ANSWER "welk_antwoord").
# The Dutch ones by name, for callers and tests:
START_TEXT = TEXTS["start"]
CHANGED_TEXT = TEXTS["changed"]


def _not_understood(state: FormState, question: Optional[str]) -> str:
    texts = intake_texts(state.language)["not_understood"]
    return texts.get(question, texts["hulpvraag"])


def is_change_request(message: Message, state: FormState) -> bool:
    """'Ik wil mijn antwoord veranderen', or a correction of an earlier answer
    such as 'mijn gemeente is toch Zeist'."""
    if not any(state.answers.get(q) is not None for q in QUESTIONS) and not state.skipped:
        return False  # nothing to change yet
    if base_intent(message.intent) == "wijzig_antwoord":
        return True
    if not sounds_like_correction(message.text):
        return False
    values = corrected_values(message, field_named(message.text))
    return any(state.answers.get(name) not in (None, value) for name, value in values.items())


def _set(turn: Turn, state: FormState, name: str, value: object) -> None:
    turn.updates[name] = value
    if name == "maatregel_antwoord":
        # The shared `maatregel` slot only ever holds a real maatregel.
        turn.updates["maatregel"] = value if value in MAATREGELEN else None
    skipped = turn.updates.get("overgeslagen", state.skipped)
    if name in skipped:
        turn.updates["overgeslagen"] = [s for s in skipped if s != name]


def _change(message: Message, state: FormState, turn: Turn) -> None:
    """'Ik wil mijn antwoord veranderen', 'mijn gemeente is toch Zeist', ..."""
    named = field_named(message.text)
    values = corrected_values(message, named)
    if named in values or (values and named is None):
        for name, value in values.items() if named is None else [(named, values[named])]:
            _set(turn, state, name, value)
        turn.updates["wil_wijzigen"] = None
        turn.say.append(intake_texts(state.language)["changed"])
    elif named:
        # Ask that question again: forget the old answer.
        _set(turn, state, named, None)
        turn.updates["wil_wijzigen"] = None
    elif state.requested == WHICH_ANSWER and (is_skip(message.text, message.intent) or message.intent == "ontkennen"):
        turn.updates["wil_wijzigen"] = None  # never mind
    elif state.requested == WHICH_ANSWER:
        turn.updates[WHICH_ANSWER] = None
        turn.say.append(_not_understood(state, WHICH_ANSWER))
    else:
        turn.updates["wil_wijzigen"] = True


def read_turn(message: Message, state: FormState) -> Turn:
    """Decide what one message means for the form.

    `state.requested` is None when the form starts with this message.
    """
    turn = Turn()
    intent = base_intent(message.intent)
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
        turn.say.insert(0, intake_texts(state.language)["start"])
    return turn


def _only_skip(message: Message, state: FormState) -> bool:
    """'Sla over' answers the question; it is not a change request."""
    return state.requested in QUESTIONS and is_skip(message.text, message.intent)


def _read_opening(message: Message, state: FormState, turn: Turn) -> None:
    """The message that started the form may already answer questions."""
    for name, value in values_said_in_passing(message).items():
        _set(turn, state, name, value)


def _answer_question(message: Message, state: FormState, turn: Turn) -> None:
    question = state.requested
    intent = base_intent(message.intent)
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
    in_passing = {name: value for name, value in values_said_in_passing(message).items()
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
    turn.say.append(_not_understood(state, question))


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
