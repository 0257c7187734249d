"""Remove personal data from text before it is stored, logged or shown to a
desk advisor. Each kind has its own method and placeholder:

| kind                 | method                                                     | placeholder  |
|----------------------|------------------------------------------------------------|--------------|
| e-mail address       | pattern                                                    | [e-mail]     |
| IBAN                 | pattern + ISO 13616 mod-97 check (python-stdnum); NL shape always | [iban]  |
| phone number         | libphonenumber (phonenumbers), region NL, valid numbers    | [telefoon]   |
| BSN                  | 8-9 digits that pass the 11-proef (python-stdnum nl.bsn)   | [bsn]        |
| postcode + huisnummer| pattern "1234 AB 12", street name + number ("Kerkstraat 12") | [adres]    |
| postcode alone       | pattern "1234AB" / "1234 AB"                               | [postcode]   |
| date of birth        | "geboren op 1-2-2013", "geboortedatum ..."                 | [geboortedatum] |
| person name          | first-name list + cues + surname (names.py)                | [naam]       |

Public numbers and addresses from the contact directory (112, 0800-2000,
info@akj.nl) are kept: they are not personal data.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from functools import lru_cache
from typing import Any

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from wegwijzer.privacy.names import name_spans

DIRECTORY_ROUTES = Path(__file__).resolve().parents[2] / "directory" / "routes.csv"

# Bounded repeats keep every pattern linear on long input (no catastrophic backtracking).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}", re.UNICODE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", re.IGNORECASE)
NL_IBAN_SHAPE = re.compile(r"^NL\d{2}[A-Z]{4}\d{10}$")
BSN_CANDIDATE = re.compile(r"(?<![\w.,-])\d(?:[ .-]?\d){7,8}(?![\w]|[.,-]\d)")
# Postcode: 4 digits (not starting with 0) and 2 letters (never SA, SD or SS).
POSTCODE = re.compile(
    r"\b(?P<code>[1-9]\d{3}(?P<space> ?)(?!SA|SD|SS|sa|sd|ss)[A-Za-z]{2})\b(?P<number>,?\s*(?:nr\.?\s*)?\d{1,5}\s?(?:[a-zA-Z]\b|-\d+)?)?"
)
# "2019 op vakantie" is no postcode: with a space, lower-case letters must not be a word.
TWO_LETTER_WORDS = {"op", "in", "en", "de", "te", "om", "al", "na", "zo", "ik", "je", "we", "ze", "is", "of", "nu",
                    "er", "ga", "at", "an", "am", "as", "be", "by", "do", "go", "he", "if", "it", "me", "my", "no",
                    "on", "or", "so", "to", "up", "us", "uw", "du", "la", "le", "et", "un", "pm", "km", "cm", "mm",
                    "kg", "uu", "ja", "nee", "eh", "oh", "hè", "ok", "xl", "tv", "pc", "ma", "di", "wo", "do", "vr", "za", "zo"}
STREET = re.compile(
    r"\b[A-Za-zÀ-ÿ'-]{2,40}?(?:straat|weg|laan|plein|gracht|kade|singel|dreef|hof|pad|dijk|steeg|park|plantsoen|"
    r"markt|baan|ring|erf|wal|veld|akker|hoeve|dam|haven|kanaal|boulevard|allee|lei|dreef|burcht|hoek|"
    r"straatweg|wijk|oord|polder|kamp|berg|bos|zijde|poort|tuin|donk|rode|horst|wetering|vaart|stede|hove)"
    r"\s+\d{1,5}(?:\s?[a-zA-Z]\b|-\d+\b|\s?(?:hoog|bis|huis|rd|zw)\b)?",
    re.IGNORECASE,
)
BIRTH_DATE = re.compile(
    r"\b(?:geboren(?:\s+op)?|geb\.?|geboortedatum\s*:?)\s*\d{1,2}[-/. ]\s?(?:\d{1,2}|[a-z]{3,9})[-/. ]\s?\d{2,4}",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def public_contacts() -> frozenset[str]:
    """Phone numbers (digits only) and e-mail addresses of organisations in the directory."""
    kept = {"112"}
    try:
        with DIRECTORY_ROUTES.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                value = (row.get("value") or "").strip().lower()
                if row.get("channel") == "phone":
                    kept.add(re.sub(r"\D", "", value))
                elif row.get("channel") == "email":
                    kept.add(value)
    except OSError:
        pass
    return frozenset(kept)


def _email_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), "[e-mail]") for m in EMAIL.finditer(text) if m.group().lower() not in public_contacts()]


def _iban_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in IBAN.finditer(text):
        compact = re.sub(r"\s", "", match.group()).upper()
        if stdnum_iban.is_valid(compact) or NL_IBAN_SHAPE.match(compact):
            spans.append((match.start(), match.end(), "[iban]"))
    return spans


def _phone_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    try:
        matches = list(phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID))
    except Exception:  # noqa: BLE001 - libphonenumber must never stop redaction of the rest
        matches = []
    for match in matches:
        national = str(match.number.national_number)
        digits = re.sub(r"\D", "", match.raw_string)
        if digits in public_contacts() or ("0" + national) in public_contacts() or national in public_contacts():
            continue
        spans.append((match.start, match.end, "[telefoon]"))
    return spans


def _bsn_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in BSN_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) in (8, 9) and stdnum_bsn.is_valid(digits.zfill(9)) and digits not in public_contacts():
            spans.append((match.start(), match.end(), "[bsn]"))
    return spans


def _address_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in POSTCODE.finditer(text):
        letters = match.group("code")[-2:]
        if match.group("space") and letters.lower() == letters and letters in TWO_LETTER_WORDS:
            continue
        if match.group("space") and letters.lower() == letters and not match.group("number"):
            continue  # "1234 ab" without a house number: too ambiguous in lower case
        label = "[adres]" if match.group("number") else "[postcode]"
        end = match.end() if match.group("number") else match.end("code")
        spans.append((match.start(), end, label))
    spans += [(m.start(), m.end(), "[adres]") for m in STREET.finditer(text)]
    spans += [(m.start(), m.end(), "[geboortedatum]") for m in BIRTH_DATE.finditer(text)]
    return spans


def personal_data_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, placeholder) spans, in text order."""
    found = (_email_spans(text) + _iban_spans(text) + _phone_spans(text) + _bsn_spans(text)
             + _address_spans(text) + [(s, e, "[naam]") for s, e in name_spans(text)])
    # Longest first wins where spans overlap (an e-mail contains a "name").
    found.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    merged: list[tuple[int, int, str]] = []
    for span in found:
        if merged and span[0] < merged[-1][1]:
            if span[1] > merged[-1][1]:
                start, _, label = merged[-1]
                merged[-1] = (start, span[1], label)
            continue
        merged.append(span)
    return merged


def redact(text: Any) -> Any:
    """`text` with personal data replaced by placeholders; non-text is returned as is."""
    if not isinstance(text, str) or not text:
        return text
    return _redact_text(text)


# The tracker store redacts every event of every save and the log filter every
# record: the same bot texts and intent names come by again and again (half of
# a save's time before this cache; bench/profile_turn.py). Bounded, in memory only.
@lru_cache(maxsize=2048)
def _redact_text(text: str) -> str:
    parts, last = [], 0
    for start, end, label in personal_data_spans(text):
        parts += [text[last:start], label]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def redact_data(value: Any) -> Any:
    """Redact every string inside nested dicts and lists (metadata, slot values)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_data(item) for item in value]
    return value
