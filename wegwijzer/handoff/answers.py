"""Understanding the person's answers in the handoff forms: free text or a
button, without relying on intents (a form question can be answered in any words)."""
from __future__ import annotations

import re
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

# What the person allows the advisor to see (the slot handoff_toestemming).
ALL, SUMMARY, NOTHING, CANCEL = "alles", "samenvatting", "niets", "annuleren"

# Dutch, and the English words of the English variations ("yes, summary, nothing or stop").
_CANCEL = re.compile(r"\b(toch (geen|niet)|stop|annuleer|laat (maar|ook maar)|geen gesprek|hoeft niet|verder met (de|jou)|wil (ik )?niet (meer )?(wachten|praten)|cancel|no chat|never ?mind)\b")
_SUMMARY = re.compile(r"\b(alleen|enkel|slechts|only|just)\b.*\b(samenvatting|summary)\b|^(samenvatting|summary)\b|\bsamenvatting (is|mag) (goed|prima|ok)")
_NOTHING = re.compile(r"\b(niets|niks|nee|neen|liever niet|geen toestemming|nope|nothing|no)\b")
_ALL = re.compile(r"\b(ja|jawel|jazeker|prima|goed|ok|oke|oké|okay|akkoord|allebei|beide|alles|mag|natuurlijk|zeker|yes|yep|graag|is goed|both|everything|sure)\b")


def consent_choice(text: Optional[str]) -> Optional[str]:
    """alles | samenvatting | niets | annuleren, or None when the answer is unclear."""
    said = " ".join((text or "").lower().split())
    if not said:
        return None
    if _CANCEL.search(said):
        return CANCEL
    if _SUMMARY.search(said):
        return SUMMARY
    if _NOTHING.search(said):
        return NOTHING
    if _ALL.search(said):
        return ALL
    return None


_NO_CONTACT = re.compile(r"\b(nee|neen|geen|niet|liever niet|hoeft niet|nope|no)\b")


def contact_choice(text: Optional[str]) -> tuple[str, Optional[str]]:
    """("telefoon"|"email", normalised value), ("geen", None), or ("onduidelijk", None)."""
    said = (text or "").strip()
    email = re.search(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", said)
    if email:
        try:
            return "email", validate_email(email.group(0), check_deliverability=False).normalized
        except EmailNotValidError:
            return "onduidelijk", None
    for match in phonenumbers.PhoneNumberMatcher(said, "NL"):
        if phonenumbers.is_valid_number(match.number):
            return "telefoon", phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if _NO_CONTACT.search(said.lower()):
        return "geen", None
    return "onduidelijk", None


# Where the input channel puts contact details it found, encrypted, before it
# redacts the text (see seal_contact); the contact form reads them from here.
SEALED_CONTACT_KEY = "handoff_contact"


def seal_contact(text: str, config=None) -> Optional[str]:
    """For the input channel, before redaction: the phone number or e-mail address
    in `text`, encrypted for the AKJ desk; None when there is none.

    Rasa then only ever sees "[telefoon]" in the text and this token in the
    message metadata; the contact form uses it when the person chose to be reached."""
    kind, value = contact_choice(text)
    if not value:
        return None
    from wegwijzer.handoff.client import encrypt_contact  # the channel loads this lazily

    return encrypt_contact(value, config)
