"""Rasa NLU component: every crisis detector decides, and any one of them is enough.

- `assess` (assess.py) runs the lexicon and the distress score. Either says
  crisis: the intent becomes `noodsituatie` (confidence 1.0), whatever the
  classifiers said. This component comes last in config.yml, after the
  FallbackClassifier, so a crisis is never an nlu_fallback; the rule
  "noodsituatie krijgt meteen de noodroutes" then runs action_noodhulp.
- Rasa's intent classifier (DIET) says `noodsituatie` and no other detector
  does: level `signal`, not a crisis. Measured on the development set, DIET
  alone caught 2 of 420 crisis messages and raised 26 false alarms on 300
  look-alikes (it learns "a family member does something", not danger); the
  trained crisis classifier (classifier.py) does that job better. Its
  noodsituatie becomes nlu_fallback, whose answer offers the emergency numbers,
  and the input channel adds "Is er nu gevaar? Bel 112.".
- The score sees a sign of violence or distress that is not clearly now: also
  `signal`; the intent stays what it was (a real question keeps its answer).

The parse data gets `crisis: {level, kind, detectors, rule, language}` (for the
actions, the desk and audits; never the user's words).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from wegwijzer.language import message_language
from wegwijzer.safety.assess import CRISIS, SIGNAL, Assessment, assess, warm_up

logger = logging.getLogger(__name__)

CRISIS_INTENT = "noodsituatie"
FALLBACK_INTENT = "nlu_fallback"
CRISIS_KEY = "crisis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisOverride(GraphComponent, IntentClassifier):
    """Sets the intent `noodsituatie` when any crisis detector fires."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": CRISIS_INTENT}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.intent_name = config.get("intent", CRISIS_INTENT)
        warm_up()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisOverride":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            verdict = self._verdict(message)
            if verdict.level == CRISIS:
                self._set_intent(message, self.intent_name)
            elif (message.get(INTENT) or {}).get("name") == self.intent_name:
                self._set_intent(message, FALLBACK_INTENT)  # DIET alone: not understood, with the emergency button
            message.set(CRISIS_KEY, verdict.as_parse_data(), add_to_output=True)
        return messages

    def _verdict(self, message: Message) -> Assessment:
        verdict = assess(message.get(TEXT))
        diet_says_crisis = (message.get(INTENT) or {}).get("name") == self.intent_name
        if diet_says_crisis and verdict.level is None:
            logger.info("DIET alone predicted %s: a signal, not a crisis", self.intent_name)
            return Assessment(SIGNAL, "acuut", (), "diet", message_language(message.get(TEXT)))
        return verdict

    @staticmethod
    def _set_intent(message: Message, name: str) -> None:
        intent = {"name": name, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
