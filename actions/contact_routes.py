"""How do I reach X: routes from the contact directory (wegwijzer.directory).

Local organisations (wijkteam, onafhankelijke cliëntondersteuning) need the
municipality: from this message (also with typos), the `gemeente` slot, or the
website's widget metadata; otherwise the action asks for it, and a person may
skip the question. Without a local route it falls back to the municipality's
general contact and national routes. Every number comes from the directory;
if the directory cannot be read, the built-in emergency routes are given.
The words around the routes live in domain/contact_texts.yml (English:
contact_texts.en.yml), in the conversation's language (slot `taal`).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.as_question import as_question
from actions.language import answer_language
from wegwijzer.directory import fallback_routes, find_municipality_in_text, resolve_municipality
from wegwijzer.directory.formatting import emergency_text, route_line, routes_text
from wegwijzer.directory.hours import now_in_amsterdam
from wegwijzer.directory.lookup import get_directory
from wegwijzer.directory.municipalities import default_index
from wegwijzer.knowledge.followups import followups
from wegwijzer.texts import load_texts

logger = logging.getLogger(__name__)

# Organisations whose route depends on the municipality (no national number).
LOCAL_ORGANISATIONS = {"wijkteam", "clientondersteuning"}
# The national route given next to the local advice.
NATIONAL_ALTERNATIVE = {"wijkteam": "veilig_thuis", "clientondersteuning": "akj"}
ANSWER_INTENTS = {"geef_gemeente", "nlu_fallback"}  # replies to "in welke gemeente woon je?"
SKIP_INTENT = "gemeente_overslaan"
METADATA_KEYS = ("gemeente", "municipality")


def requested_organisation(tracker: Tracker) -> Optional[Text]:
    """The organisation named in this message, else the one talked about before."""
    return next(tracker.get_latest_entity_values("organisatie"), None) or tracker.get_slot("organisatie")


def _organisation_for_a_young_person(tracker: Tracker) -> Optional[Text]:
    """A young person who names no organisation ("ik ben 15, wie kan ik bellen"): De Kindertelefoon."""
    rules = followups()
    text = (tracker.latest_message or {}).get("text") or ""
    if tracker.get_slot("rol") == "jongere" or rules.is_young_person(text):
        return rules.young_person_organisation
    return None


def _latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def municipality_from_conversation(tracker: Tracker) -> tuple[Optional[str], bool, Optional[str]]:
    """(official name or None, whether this message named one, a name wrongly taken from an everyday word)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = _latest_intent(tracker)
    asked = bool(tracker.get_slot("gemeente_gevraagd"))
    answering = intent == "geef_gemeente" or (asked and intent in ANSWER_INTENTS)
    common_words = default_index().common_words
    rejected = None
    for entity in message.get("entities") or []:
        if entity.get("entity") != "gemeente":
            continue
        name = resolve_municipality(str(entity.get("value") or ""))
        typed = text[entity["start"]:entity["end"]] if "start" in entity and "end" in entity else ""
        # "mijn buren" is no municipality; "Buren" as an answer or with a capital is.
        if name and (name not in common_words or answering or typed[:1].isupper()):
            return name, True, None
        rejected = name
    if answering:
        return resolve_municipality(text), True, None
    found = find_municipality_in_text(text)
    if found:
        return found, True, rejected
    remembered = tracker.get_slot("gemeente")
    if remembered and rejected and resolve_municipality(str(remembered)) == rejected:
        remembered = None  # Rasa filled the slot from "mijn buren": not the municipality Buren
    if remembered and resolve_municipality(str(remembered)):
        # What the person said (or corrected) wins over the website's default.
        return resolve_municipality(str(remembered)), False, rejected
    for key in METADATA_KEYS:
        from_site = (message.get("metadata") or {}).get(key)
        if from_site and resolve_municipality(str(from_site)):
            return resolve_municipality(str(from_site)), False, rejected
    return None, False, rejected


def _stop_asking(tracker: Tracker) -> List[Dict[Text, Any]]:
    return [SlotSet("gemeente_gevraagd", False)] if tracker.get_slot("gemeente_gevraagd") else []


def _asks_what_it_is(tracker: Tracker) -> bool:
    """"wat is een clientondersteuner", taken for a request for a route: the person asks
    what it is, and gets the answer (the answer adds the route where it is the next step)."""
    message = tracker.latest_message or {}
    text = (message.get("text") or "").lower()
    rules = followups()
    return ((message.get("intent") or {}).get("name") == "vraag_contact"
            and bool(rules.asks_what_it_is.search(text)) and not rules.asks_for_contact(text)
            and rules.aspect_of(text) is None)  # "wat is het nummer" asks for the route


class ActionGeefContact(Action):
    def name(self) -> Text:
        return "action_geef_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if _asks_what_it_is(tracker):
            return as_question(tracker, understood=True)
        language = answer_language(tracker)
        try:
            return self._answer(dispatcher, tracker, language)
        except Exception:  # noqa: BLE001 - a directory fault must still give the safe routes
            logger.exception("Contact directory unreachable; giving the built-in emergency routes")
            dispatcher.utter_message(text=load_texts("contact_texts", language)["directory_down"] + "\n"
                                     + emergency_text(fallback_routes(), language=language))
            return _stop_asking(tracker)

    def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: Optional[str]
                ) -> List[Dict[Text, Any]]:
        texts = load_texts("contact_texts", language)
        organisation = requested_organisation(tracker) or _organisation_for_a_young_person(tracker)
        municipality, named, rejected = municipality_from_conversation(tracker)
        skipped = _latest_intent(tracker) == SKIP_INTENT or bool(tracker.get_slot("gemeente_overgeslagen"))
        events: List[Dict[Text, Any]] = []
        if municipality and municipality != tracker.get_slot("gemeente"):
            events.append(SlotSet("gemeente", municipality))
        elif rejected and not municipality and tracker.get_slot("gemeente"):
            events.append(SlotSet("gemeente", None))
        if _latest_intent(tracker) == SKIP_INTENT:
            events.append(SlotSet("gemeente_overgeslagen", True))

        if not organisation:
            if municipality and named:
                dispatcher.utter_message(text=texts["municipality_noted"].format(municipality=municipality))
            dispatcher.utter_message(response="utter_vraag_welke_organisatie")
            return events + _stop_asking(tracker)
        events.append(SlotSet("organisatie", organisation))
        # "en zijn ze 's nachts open?" is then a follow-up about this organisation.
        events.append(SlotSet("onderwerp", followups().topic_of_organisation(organisation)))

        directory = get_directory()
        now = now_in_amsterdam()
        if organisation in LOCAL_ORGANISATIONS:
            if not municipality and not skipped:
                if named and tracker.get_slot("gemeente_gevraagd"):
                    dispatcher.utter_message(text=texts["unknown_municipality"])
                dispatcher.utter_message(response="utter_vraag_gemeente")
                return events + [SlotSet("gemeente_gevraagd", True)]
            dispatcher.utter_message(text=self.local_text(directory, organisation, municipality, now, language))
            return events + _stop_asking(tracker)

        routes = directory.national_routes(organisation)
        if not routes:
            lines = [texts["no_routes"]]
            info = directory.municipality(municipality) if municipality else None
            if organisation == "gecertificeerde_instelling" and info:
                gis = [name for region in info.regions if region.kind != "veilig_thuis" for name in region.organisations]
                if gis:
                    lines.append(texts["region_gis"].format(municipality=municipality,
                                                            organisations=", ".join(dict.fromkeys(gis))))
            dispatcher.utter_message(text=" ".join(lines))
            dispatcher.utter_message(response="utter_vraag_welke_organisatie")
            return events + _stop_asking(tracker)
        lines = [routes_text(routes, now, language=language)]
        if organisation == "veilig_thuis" and municipality:
            info = directory.municipality(municipality)
            region = info.region("veilig_thuis") if info else None
            if region:
                lines.append(texts["veilig_thuis_region"].format(municipality=municipality, region=region.name))
        dispatcher.utter_message(text="\n".join(lines))
        return events + _stop_asking(tracker)

    @staticmethod
    def local_text(directory, organisation: str, municipality: Optional[str], now, language: Optional[str]) -> str:
        texts = load_texts("contact_texts", language)
        words = texts["local"][organisation]
        label, ask_for = words["label"], words["ask_for"]
        lines = [words.get("explanation")]
        if municipality:
            local = directory.local_routes(organisation, municipality)
            if local:
                name = local[0].organisation_name
                if name != directory.organisation_name(organisation):
                    lines.append(texts["local_name"].format(municipality=municipality, name=name))
                heading = texts["local_heading"].format(label=label, municipality=municipality)
                lines.append(routes_text(local, now, heading=heading, language=language))
                return "\n".join(filter(None, lines))
            lines.append(texts["no_local_number"].format(label=label, municipality=municipality, ask_for=ask_for))
            general = directory.local_routes("gemeente", municipality)
            if general:
                heading = texts["municipality_heading"].format(municipality=municipality)
                lines.append(routes_text(general, now, heading=heading, language=language))
            else:
                lines.append(texts["municipality_website"].format(municipality=municipality))
        else:
            lines.append(texts["skipped_municipality"].format(ask_for=ask_for))
        lines.append(ActionGeefContact._national_alternative(directory, organisation, now, language))
        return "\n".join(filter(None, lines))

    @staticmethod
    def _national_alternative(directory, organisation: str, now, language: Optional[str]) -> str:
        """One national route that always works, next to the local advice."""
        key = NATIONAL_ALTERNATIVE[organisation]
        lead = load_texts("contact_texts", language)["national_lead"][key]
        phones = [r for r in directory.national_routes(key) if r.channel == "phone" and r.verified]
        return f"{lead}\n{route_line(phones[0], now, language)}" if phones else ""
