"""How do I reach X: routes from the contact directory (wegwijzer.directory).

Local organisations (wijkteam, onafhankelijke cliëntondersteuning) need the
municipality: from this message (also with typos), the `gemeente` slot, or the
website's widget metadata; otherwise the action asks for it, and a person may
skip the question. Without a local route it falls back to the municipality's
general contact and national routes. Every number comes from the directory;
if the directory cannot be read, the built-in emergency routes are given.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from wegwijzer.directory import fallback_routes, find_municipality_in_text, resolve_municipality
from wegwijzer.directory.formatting import emergency_text, route_line, routes_text
from wegwijzer.directory.hours import now_in_amsterdam
from wegwijzer.directory.lookup import get_directory
from wegwijzer.directory.municipalities import default_index

logger = logging.getLogger(__name__)

# Organisations whose route depends on the municipality (no national number).
LOCAL_ORGANISATIONS = {"wijkteam", "clientondersteuning"}
LOCAL_LABEL = {"wijkteam": "het wijkteam", "clientondersteuning": "onafhankelijke cliëntondersteuning"}
ANSWER_INTENTS = {"geef_gemeente", "nlu_fallback"}  # replies to "in welke gemeente woon je?"
SKIP_INTENT = "gemeente_overslaan"
METADATA_KEYS = ("gemeente", "municipality")

CLIENTONDERSTEUNING_UITLEG = (
    "Een onafhankelijke cliëntondersteuner denkt met je mee over hulp. Dat is gratis. De gemeente regelt dit."
)


def requested_organisation(tracker: Tracker) -> Optional[Text]:
    """The organisation named in this message, else the one talked about before."""
    return next(tracker.get_latest_entity_values("organisatie"), None) or tracker.get_slot("organisatie")


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


class ActionGeefContact(Action):
    def name(self) -> Text:
        return "action_geef_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            return self._answer(dispatcher, tracker)
        except Exception:  # noqa: BLE001 - a directory fault must still give the safe routes
            logger.exception("Contact directory unreachable; giving the built-in emergency routes")
            dispatcher.utter_message(
                text="Ik kan de lijst met contactgegevens nu niet lezen. Deze nummers werken altijd:\n"
                + emergency_text(fallback_routes())
            )
            return _stop_asking(tracker)

    def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
        organisation = requested_organisation(tracker)
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
                dispatcher.utter_message(text=f"Dank je. Ik weet nu dat het om de gemeente {municipality} gaat.")
            dispatcher.utter_message(response="utter_vraag_welke_organisatie")
            return events + _stop_asking(tracker)
        events.append(SlotSet("organisatie", organisation))

        directory = get_directory()
        now = now_in_amsterdam()
        if organisation in LOCAL_ORGANISATIONS:
            if not municipality and not skipped:
                if named and tracker.get_slot("gemeente_gevraagd"):
                    dispatcher.utter_message(text="Die gemeente ken ik niet. Kijk of de naam goed geschreven is.")
                dispatcher.utter_message(response="utter_vraag_gemeente")
                return events + [SlotSet("gemeente_gevraagd", True)]
            dispatcher.utter_message(text=self._local_text(directory, organisation, municipality, now))
            return events + _stop_asking(tracker)

        routes = directory.national_routes(organisation)
        if not routes:
            lines = ["Daarvan heb ik geen contactgegevens."]
            info = directory.municipality(municipality) if municipality else None
            if organisation == "gecertificeerde_instelling" and info:
                gis = [name for region in info.regions if region.kind != "veilig_thuis" for name in region.organisations]
                if gis:
                    lines.append(f"In de regio van {municipality} werken deze jeugdbeschermers (GI's): "
                                 + ", ".join(dict.fromkeys(gis)) + ".")
            dispatcher.utter_message(text=" ".join(lines))
            dispatcher.utter_message(response="utter_vraag_welke_organisatie")
            return events + _stop_asking(tracker)
        lines = [routes_text(routes, now)]
        if organisation == "veilig_thuis" and municipality:
            info = directory.municipality(municipality)
            region = info.region("veilig_thuis") if info else None
            if region:
                lines.append(f"Bel je vanuit {municipality}? Dan kom je bij {region.name}.")
        dispatcher.utter_message(text="\n".join(lines))
        return events + _stop_asking(tracker)

    @staticmethod
    def _local_text(directory, organisation: str, municipality: Optional[str], now) -> str:
        label = LOCAL_LABEL[organisation]
        lines = [CLIENTONDERSTEUNING_UITLEG] if organisation == "clientondersteuning" else []
        if municipality:
            local = directory.local_routes(organisation, municipality)
            if local:
                name = local[0].organisation_name
                if name != directory.organisation_name(organisation):
                    lines.append(f"In {municipality} heet dit: {name}.")
                lines.append(routes_text(local, now, heading=f"Zo bereik je {label} in {municipality}:"))
                return "\n".join(lines)
            ask_for = "het wijkteam" if organisation == "wijkteam" else "een cliëntondersteuner"
            lines.append(f"Ik heb geen eigen nummer voor {label} in {municipality}. "
                         f"Neem contact op met de gemeente {municipality} en vraag naar {ask_for}.")
            general = directory.local_routes("gemeente", municipality)
            if general:
                lines.append(routes_text(general, now, heading=f"Zo bereik je de gemeente {municipality}:"))
            else:
                lines.append(f"Kijk op de website van de gemeente {municipality}.")
        else:
            lines.append("Dat is goed. Elke gemeente regelt dit zelf. Kijk op de website van je gemeente. "
                         "Of bel je gemeente en vraag naar "
                         + ("het wijkteam." if organisation == "wijkteam" else "een cliëntondersteuner."))
        lines.append(ActionGeefContact._national_alternative(directory, organisation, now))
        return "\n".join(filter(None, lines))

    @staticmethod
    def _national_alternative(directory, organisation: str, now) -> str:
        """One national route that always works, next to the local advice."""
        if organisation == "wijkteam":
            key, lead = "veilig_thuis", "Maak je je zorgen over de veiligheid van een kind? Bel Veilig Thuis:"
        else:
            key, lead = "akj", "Heb je een vraag of klacht over jeugdhulp? Het AKJ helpt je gratis:"
        phones = [r for r in directory.national_routes(key) if r.channel == "phone" and r.verified]
        return f"{lead}\n{route_line(phones[0], now)}" if phones else ""
