"""The five content errors of issue 13 ("errors a parent would act on"), one
test each. Every test fails on the old texts. No servers: the tests read the
domain YAML and the directory CSV files and call wegwijzer.intake directly.

Sources (../shared/): seed 000:538-541 (OTS: ouders houden het gezag),
000:560-564 (uithuisplaatsing bij een OTS met een machtiging), 000:574-590
(GBM, voogdij), 000:840-841 (toestemming JBT, regio Utrecht), 000:854-857
(verzoek tot raadsonderzoek, werkwijze regio Utrecht), 001:88-92 (de
inspecties), 001:319-331 (Briedis: beëindigingscertificaat 12-4-2021),
001:603-610 (wachtlijst na de intake), 002:73-75 (evaluatie 8 weken: één
casus), 002:2416-2454 (JBT in Centraal Gelderland: 12 jaar, terugmelding).
"""
from __future__ import annotations

import csv
import itertools
import re

from conftest import ROOT
from project_files import load_yaml
from wegwijzer.directory import importer
from wegwijzer.directory.lookup import Directory
from wegwijzer.intake import summary, vocabulary
from wegwijzer.intake.texts import all_texts
from wegwijzer.knowledge.facts import with_facts

Answers = vocabulary.Answers
ROLES = (*vocabulary.ROLES, None)


def knowledge_texts(parents_only: bool = False) -> dict[str, str]:
    """Every Dutch faq answer text (label -> text); with parents_only, the variations
    a parent, young person or bystander sees (not the professional ones). The
    English variations (taal=en) have their own words for these rules."""
    responses = load_yaml(ROOT / "domain" / "knowledge.yml")["responses"]
    found = {}
    for name, variations in responses.items():
        for index, variation in enumerate(variations):
            conditions = {c.get("name"): c.get("value") for c in variation.get("condition") or []}
            if conditions.get("taal") == "en" or (parents_only and conditions.get("rol") == "professional"):
                continue
            found[f"{name}[{index}]"] = with_facts(variation["text"], "nl")
    return found


def summary_text(answers: Answers) -> str:
    return "\n\n".join(part.text for part in summary.summary(answers, lookup=lambda _: []))


def all_summaries(roles=ROLES) -> dict[str, str]:
    answers = itertools.product(roles, (*vocabulary.MAATREGEL_ANSWERS, None), (*vocabulary.NEEDS, None))
    return {f"summary{a}": summary_text(Answers(*a[:2], "Utrecht", a[2])) for a in answers}


def every_text() -> dict[str, str]:
    texts = knowledge_texts()
    texts.update({f"triage[{i}]": text for i, text in enumerate(all_texts())})
    return texts


def lines_of(texts: dict[str, str]):
    for label, text in texts.items():
        for line in text.splitlines():
            if line.strip():
                yield label, line


# --------------------------------------------------------------------------
# 1. A maatregel of unknown kind: "Je houdt het gezag" is false with a GBM or voogdij
# --------------------------------------------------------------------------

def test_unknown_maatregel_does_not_say_you_keep_gezag_or_give_ots_only_rights():
    assert vocabulary.SOORT_ONBEKEND not in summary.PARENTS_KEEP_GEZAG
    ots_only_rights = set(summary.RIGHTS_EXTRA[("ouder", "gezag_ouders")])
    for role in ROLES:
        answers = Answers(role, vocabulary.SOORT_ONBEKEND, None, None)
        text = summary_text(answers)
        assert "Je houdt het gezag" not in text, role
        assert "houden de ouders het gezag" not in text, role
        assert not ots_only_rights & set(summary.rights(answers)), role
        # honest: it depends on the maatregel; with an OTS gezag stays, with voogdij a voogd decides
        assert "hangt af van de maatregel" in text, role
        assert "voogd" in text and "OTS" in text, role
        # and where to find which one it is
        assert "beschikking" in text and "kinderrechter" in text, role
    parent = summary_text(Answers("ouder", vocabulary.SOORT_ONBEKEND, None, None))
    assert "Bij een ondertoezichtstelling (OTS) houd je het gezag" in parent
    assert "Je mag met je familie een familiegroepsplan maken" not in parent
    # the known maatregelen are unchanged
    assert "Je houdt het gezag" in summary_text(Answers("ouder", "ots", None, None))
    assert "Je houdt het gezag" not in summary_text(Answers("ouder", "gbm", None, None))


# --------------------------------------------------------------------------
# 2. Briedis lost its certificate in April 2021 (001:328-331): not a GI of Utrecht-Flevoland
# --------------------------------------------------------------------------

def test_briedis_is_not_shown_as_a_gi_of_utrecht_flevoland(tmp_path):
    with (ROOT / "directory" / "regions.csv").open(encoding="utf-8", newline="") as handle:
        regions = {row["key"]: row for row in csv.DictReader(handle)}
    gis = regions["jbr_utrecht_flevoland"]["organisations"].split("|")
    assert "briedis" not in gis and {"save", "wsg", "ljr"} <= set(gis)
    with (ROOT / "directory" / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        organisations = list(csv.DictReader(handle))
    assert not [row for row in organisations if "briedis" in (row["key"] + row["name"]).lower()]
    # what people are shown: the region's GIs from the built directory
    url = f"sqlite:///{tmp_path / 'directory.db'}"
    importer.build(url=url)
    for municipality in ("Utrecht", "Amersfoort", "Almere"):
        info = Directory(url).municipality(municipality)
        region = info.region("jeugdbescherming")
        assert region and "SAVE Jeugdbescherming" in region.organisations, municipality
        assert not [name for name in region.organisations if "Briedis" in name], municipality


# --------------------------------------------------------------------------
# 3. Uithuisplaatsing is not "alleen binnen een OTS" (000:560-564, 574-580)
# --------------------------------------------------------------------------

def test_uithuisplaatsing_is_not_said_to_exist_only_within_an_ots():
    for label, text in every_text().items():
        assert not re.search(r"alleen binnen een (OTS|ondertoezichtstelling)", text, re.IGNORECASE), label
    professional = knowledge_texts()["utter_faq/maatregel_algemeen[0]"]
    line = next(line for line in professional.splitlines() if "Uithuisplaatsing" in line)
    assert "OTS" in line and "machtiging" in line and "GBM" in line, line


# --------------------------------------------------------------------------
# 4. Regional agreements name their region; one wording for the age rule
# --------------------------------------------------------------------------

# (what the line says, the region it must name)
REGIONAL_FACTS = [
    # toestemming for a jeugdbeschermingstafel by children of 12 and older: regio Utrecht (000:840-841)
    (lambda line: "toestemming" in line and "12" in line, "Utrecht"),
    # informed about a verzoek tot raadsonderzoek unless it harms safety: regio Utrecht (000:854-857)
    (lambda line: "proces en inhoud" in line
     or "raadsonderzoek" in line and re.search(r"\b(hoor|horen|informatie)\b", line), "Utrecht"),
    # terugmelding within 3 months after the JBT: Centraal Gelderland (002:2444-2454)
    (lambda line: "3 maanden" in line and re.search(r"terugmeld|weer meld", line), "Centraal Gelderland"),
    # children of 12 and older invited to the JBT: Centraal Gelderland (002:2424, 2516-2519)
    (lambda line: "12" in line and "uitgenodigd" in line, "Centraal Gelderland"),
    # evaluation 8 weeks before the end of an OTS: one case in Centraal Gelderland (002:73-75)
    (lambda line: "8 weken" in line, "Centraal Gelderland"),
]
OTHER_AGE_WORDINGS = re.compile(r"ouder dan (12|twaalf)|vanaf (12|twaalf)|boven de (12|twaalf)|\b12 of ouder",
                                re.IGNORECASE)


def test_regional_agreements_are_not_stated_as_general_rules():
    texts = every_text()
    texts.update(all_summaries())
    for label, line in lines_of(texts):
        for says, region in REGIONAL_FACTS:
            if says(line):
                assert region in line, f"{label}: region {region!r} missing in {line!r}"
        assert not OTHER_AGE_WORDINGS.search(line), f"{label}: say '12 jaar of ouder': {line!r}"
        assert not re.search(r"altijd informatie", line), f"{label}: {line!r}"
    jbt = knowledge_texts()["utter_faq/jeugdbeschermingstafel[0]"]
    assert "12 jaar of ouder" in jbt and "Utrecht" in jbt and "Centraal Gelderland" in jbt


# --------------------------------------------------------------------------
# 5. Words a parent does not know: de inspecties, beschikking, policy-report sentences
# --------------------------------------------------------------------------

EXPLAINS_BESCHIKKING = re.compile(r"(besluit|beslissing)\b[^.?!]*\bbeschikking|beschikking \((het|de) (besluit|beslissing)",
                                  re.IGNORECASE)
POLICY_REPORT = re.compile(r"telt niet als (gestart|start)|na de intake|gedragen koers", re.IGNORECASE)


def test_parent_texts_explain_inspecties_and_beschikking_and_avoid_policy_language():
    texts = knowledge_texts(parents_only=True)
    texts.update(all_summaries(roles=("ouder", "jongere", "omstander", None)))
    for label, text in texts.items():
        if re.search(r"\binspecties\b", text, re.IGNORECASE):
            assert "Inspectie Gezondheidszorg en Jeugd" in text and "Inspectie Justitie en Veiligheid" in text, label
        if re.search(r"\bbeschikking\b", text, re.IGNORECASE):
            assert EXPLAINS_BESCHIKKING.search(text), label
        assert not POLICY_REPORT.search(text), f"{label}: {POLICY_REPORT.search(text).group()!r}"
    waiting = [text for label, text in knowledge_texts().items() if label.startswith("utter_faq/wachten_op_hulp[")][-1]
    assert "Staat je kind na het eerste gesprek op een wachtlijst? Dan is de hulp nog niet gestart." in waiting
