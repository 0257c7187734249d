"""Rasa NLU component: the crisis lexicon decides what is a crisis.

- The detector fires: the intent becomes `noodsituatie` (confidence 1.0),
  whatever the classifiers said. It comes last in config.yml, after the
  FallbackClassifier, so a crisis is never an nlu_fallback. The rule
  "noodsituatie krijgt meteen de noodroutes" then runs action_noodhulp.
- Only the classifier says `noodsituatie`: DIET learns "a family member does
  something" rather than danger, and was confidently wrong on 25% of the
  look-alikes ("mijn kind wil niet slapen", "mijn fiets is vermist": 0.84-1.0).
  With `confirm_classifier: true` (the default) such a message becomes
  nlu_fallback ("niet begrepen, kies een onderwerp") and is logged, so that
  missing lexicon phrases can be found; `false` keeps the classifier's crisis.

The parse data gets `crisis: {kind, rule}` (for audits and tests; never the
user's words).
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

from wegwijzer.safety.detector import detect_crisis
from wegwijzer.safety.normalise import dutch_vocabulary

logger = logging.getLogger(__name__)

CRISIS_INTENT = "noodsituatie"
FALLBACK_INTENT = "nlu_fallback"
CRISIS_KEY = "crisis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisOverride(GraphComponent, IntentClassifier):
    """Sets the intent `noodsituatie` when the crisis lexicon matches."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": CRISIS_INTENT, "confirm_classifier": True}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.intent_name = config.get("intent", CRISIS_INTENT)
        self.confirm_classifier = bool(config.get("confirm_classifier", True))
        dutch_vocabulary()  # load the word list now, not during the first conversation

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
            signal = detect_crisis(message.get(TEXT))
            if signal is None:
                if self.confirm_classifier and (message.get(INTENT) or {}).get("name") == self.intent_name:
                    self._unconfirmed(message)
                continue
            intent = {"name": self.intent_name, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self.intent_name]
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
            message.set(CRISIS_KEY, {"kind": signal.kind, "rule": signal.rule}, add_to_output=True)
        return messages

    def _unconfirmed(self, message: Message) -> None:
        """The classifier alone saw a crisis: not enough for the emergency routes."""
        logger.warning("Classifier predicted %s without a crisis signal from the lexicon: treated as not understood",
                       self.intent_name)
        fallback = {"name": FALLBACK_INTENT, "confidence": 1.0}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK_INTENT]
        message.set(INTENT, fallback, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [fallback] + ranking, add_to_output=True)
        message.set(CRISIS_KEY, {"kind": None, "rule": "classifier_only"}, add_to_output=True)
