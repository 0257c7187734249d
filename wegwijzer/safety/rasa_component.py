"""Rasa NLU component: when the crisis detector fires, the intent becomes
`noodsituatie` (confidence 1.0), whatever the classifiers said. It comes last in
config.yml, after the FallbackClassifier, so a crisis is never an nlu_fallback.

The rule "noodsituatie krijgt meteen de noodroutes" then runs action_noodhulp.
The parse data gets `crisis: {kind, rule}` (for audits and tests; never the
user's words).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from wegwijzer.safety.detector import detect_crisis

CRISIS_INTENT = "noodsituatie"
CRISIS_KEY = "crisis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisOverride(GraphComponent, IntentClassifier):
    """Sets the intent `noodsituatie` when the crisis lexicon matches."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": CRISIS_INTENT}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.intent_name = config.get("intent", CRISIS_INTENT)

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
                continue
            intent = {"name": self.intent_name, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != self.intent_name]
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
            message.set(CRISIS_KEY, {"kind": signal.kind, "rule": signal.rule}, add_to_output=True)
        return messages
