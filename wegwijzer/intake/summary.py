"""The tailored summary after the intake: kader, meaning, next steps, rights and the routes that fit the need."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Optional, Sequence

from wegwijzer.directory import ContactRoute, national_routes
from wegwijzer.directory.formatting import routes_text
from wegwijzer.intake.texts import TEXTS, keyed, pairs
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

# The words of the summary: domain/intake_texts.yml, with their sources.
# Keys as there; `anyone` and `unanswered` become None.
ROLE_SENTENCE = keyed(TEXTS["role_sentence"])
MAATREGEL_SENTENCE = keyed(TEXTS["maatregel_sentence"])
NEED_SENTENCE = keyed(TEXTS["need_sentence"])
KADER_TITLE = TEXTS["kader_title"]
KADER_TEXT = TEXTS["kader_text"]
MAATREGEL_TEXT = TEXTS["maatregel_text"]  # per maatregel answer
MEANING = pairs(TEXTS["meaning"])  # (group, role) -> text
MEANING_EXTRA = pairs(TEXTS["meaning_extra"])  # (maatregel, role) -> text
STEPS = TEXTS["steps"]  # per maatregel, else per kader
PROFESSIONAL_STEPS = TEXTS["professional_steps"]  # added for professionals
RIGHTS = keyed(TEXTS["rights"])  # per role
RIGHTS_EXTRA = pairs(TEXTS["rights_extra"])  # (role, group) -> texts
NEED_TEXT = keyed(TEXTS["need_text"])  # per need; volgende_stap per kader
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
