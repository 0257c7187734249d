"""The tailored summary after the intake: kader, meaning, next steps, rights and the routes that fit the need.

Every function takes the conversation's language (slot `taal`: "nl" or "en"); the
words come from domain/intake_texts.yml or its English intake_texts.en.yml."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Optional, Sequence

from wegwijzer.directory import ContactRoute, national_routes
from wegwijzer.directory.formatting import routes_text
from wegwijzer.intake.texts import intake_texts, keyed_texts, paired_texts
from wegwijzer.intake.vocabulary import GEDWONGEN, ROLES, SOORT_ONBEKEND, Answers, kader_for

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

# The words of the summary: domain/intake_texts.yml (English: intake_texts.en.yml),
# with their sources. Keys as there; keyed_texts/paired_texts make `anyone` and
# `unanswered` None: role_sentence, maatregel_sentence, need_sentence, rights (per
# role), need_text (per need; volgende_stap per kader) keyed; meaning ((group, role)),
# meaning_extra ((maatregel, role)) and rights_extra ((role, group)) paired.
# steps: per maatregel, else per kader; professional_steps are added for professionals.
HANDOFF_NEEDS = ("mens_spreken", "klagen")


def _button(button: Mapping) -> tuple:
    """(title, payload) as Part.buttons holds them; the payload is Dutch in every language."""
    return button["title"], button["payload"]


def closing_buttons(language: str = "nl") -> tuple:
    return tuple(_button(button) for button in intake_texts(language)["closing_buttons"])


def handoff_button(language: str = "nl") -> tuple:
    return _button(intake_texts(language)["handoff_button"])


# The Dutch words some callers and tests name.
RIGHTS_EXTRA = paired_texts("rights_extra")
UNCHANGED_TEXT = intake_texts()["unchanged"]
HANDOFF_BUTTON = handoff_button()

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


def situation_text(answers: Answers, language: str = "nl") -> str:
    texts = intake_texts(language)
    sentences = texts["gemeente_sentence"]
    if not answers.gemeente:
        where = sentences["unanswered"]
    elif answers.rol in ("professional", "omstander"):
        where = sentences["family"].format(gemeente=answers.gemeente)
    else:
        where = sentences["own"].format(gemeente=answers.gemeente)
    role_sentence, maatregel_sentence, need_sentence = (
        keyed_texts(name, language) for name in ("role_sentence", "maatregel_sentence", "need_sentence"))
    lines = [
        role_sentence[_role_key(answers.rol)],
        maatregel_sentence.get(answers.maatregel, maatregel_sentence[None]),
        where,
        need_sentence.get(answers.hulpvraag, need_sentence[None]),
    ]
    return f"**{texts['situation_title']}**\n" + _bullets(lines)


def kader_text(answers: Answers, language: str = "nl") -> str:
    texts = intake_texts(language)
    kader = kader_for(answers.maatregel)
    text = f"**{texts['kader_title'][kader]}**\n{texts['kader_text'][kader]}"
    if answers.maatregel in texts["maatregel_text"]:
        text += "\n\n" + texts["maatregel_text"][answers.maatregel]
    return text


def meaning_text(answers: Answers, language: str = "nl") -> str:
    role = _role_key(answers.rol)
    lines = [paired_texts("meaning", language)[(_group(answers.maatregel), role)]]
    extra = paired_texts("meaning_extra", language).get((answers.maatregel, role))
    if extra:
        lines.append(extra)
    return f"**{intake_texts(language)['meaning_title']}**\n" + " ".join(lines)


def next_steps(answers: Answers, language: str = "nl") -> list:
    texts = intake_texts(language)
    key = answers.maatregel if answers.maatregel in texts["steps"] else kader_for(answers.maatregel)
    steps = list(texts["steps"][key])
    if answers.rol == "professional":
        steps += texts["professional_steps"].get(key, [])
    return steps


def steps_text(answers: Answers, language: str = "nl") -> str:
    return f"**{intake_texts(language)['steps_title']}**\n" + _bullets(next_steps(answers, language))


def rights(answers: Answers, language: str = "nl") -> list:
    role = _role_key(answers.rol)
    extra = paired_texts("rights_extra", language).get((role, _group(answers.maatregel)), [])
    return keyed_texts("rights", language)[role] + extra


def rights_text(answers: Answers, language: str = "nl") -> str:
    titles = intake_texts(language)["rights_title"]
    title = titles["others"] if answers.rol in ("professional", None) else titles["yours"]
    if answers.rol == "omstander":
        title = titles["bystander"]
    return f"**{title}**\n" + _bullets(rights(answers, language))


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


def _need_text(answers: Answers, language: str = "nl") -> str:
    need_text, professional = keyed_texts("need_text", language), intake_texts(language)["professional_need_text"]
    texts = professional if answers.rol == "professional" and answers.hulpvraag in professional else need_text
    text = texts.get(answers.hulpvraag, need_text[None])
    if isinstance(text, dict):
        text = text[kader_for(answers.maatregel)]
    return text


def routes_part(answers: Answers, lookup: RouteLookup = national_routes, language: str = "nl") -> str:
    texts = intake_texts(language)
    paragraphs = [f"**{texts['routes_title']}**\n" + _need_text(answers, language)]
    if answers.hulpvraag == "volgende_stap" and kader_for(answers.maatregel) != GEDWONGEN:
        website = texts["wijkteam_website"]
        paragraphs.append(website["known"].format(gemeente=answers.gemeente) if answers.gemeente
                          else website["unanswered"])
    if answers.hulpvraag in ("steun", "klagen") and answers.rol in ("ouder", None):
        paragraphs.append(texts["clientondersteuning"])
    if answers.hulpvraag == "zorgen_melden":
        number = phone_number("alarm_112", lookup)
        if number:
            paragraphs.append(texts["danger_now"].format(number=number))
    for organisation in route_organisations(answers):
        text = routes_text(lookup(organisation), language=language)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def summary(answers: Answers, previous: Optional[Mapping] = None,
            lookup: RouteLookup = national_routes, language: str = "nl") -> list:
    """The tailored summary as chat messages in `language` ("nl" or "en"). When only the
    municipality or the need changed since the last summary, only the parts that changed are repeated."""
    texts = intake_texts(language)
    parts = [Part(situation_text(answers, language))]
    unchanged = bool(previous) and previous.get("rol") == answers.rol and previous.get("maatregel") == answers.maatregel
    if unchanged:
        parts.append(Part(texts["unchanged"]))
    else:
        parts += [Part(kader_text(answers, language) + "\n\n" + meaning_text(answers, language)),
                  Part(steps_text(answers, language)), Part(rights_text(answers, language))]
    handoff = (handoff_button(language),) if answers.hulpvraag in HANDOFF_NEEDS else ()
    parts.append(Part(routes_part(answers, lookup, language), handoff))
    parts.append(Part(texts["closing"], closing_buttons(language)))
    return parts
