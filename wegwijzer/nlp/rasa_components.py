"""Rasa NLU components built on the project's spaCy pipeline."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
from rasa.shared.nlu.constants import ENTITIES, RESPONSE, TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.nlu.training_data.message import Message

from wegwijzer.language import conversation_language
from wegwijzer.nlp.role_cues import role_cue

ROLE_CUE_ENTITY = "rol_zelf"
LANGUAGE_ENTITY = "taal"


# Registered as a featurizer only so that the recipe runs it on the training data, first.
@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class AnswerTextRemover(GraphComponent):
    """Removes the answer text Rasa attaches to every training example of a retrieval
    intent (attribute `response`, the answer's first variation).

    Only Rasa's ResponseSelector learns from it; the QuestionSelector learns from the
    questions alone. Left in, every tokenizer and featurizer also processed one long
    answer per faq phrasing (thousands), which took minutes of each training and made
    no difference to the model (docs/benchmarks.md, "Training time").
    """

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AnswerTextRemover":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            example.data.pop(RESPONSE, None)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    is_trainable=False,
    model_from="SpacyNLP",
)
class DomainTermExtractor(SpacyEntityExtractor):
    """Rasa's SpacyEntityExtractor, but reporting the entity ruler's canonical id.

    "ondertoezichtstelling", "OTS" and "onder toezicht" all become `ots`, so slots
    and actions see one value per term (ids come from wegwijzer/nlp/terms.yml and
    directory/municipalities.csv).
    """

    @staticmethod
    def _extract_entities(doc: Any) -> List[Dict[Text, Any]]:
        return [
            {
                "entity": ent.label_,
                "value": ent.ent_id_ or ent.text,
                "start": ent.start_char,
                "end": ent.end_char,
                "confidence": None,
            }
            for ent in doc.ents
        ]


class RuleEntityExtractor(GraphComponent, EntityExtractorMixin):
    """An entity extractor without training: a rule reads each message (found())."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RuleEntityExtractor":
        return cls()

    def found(self, message: Message) -> Optional[Dict[Text, Any]]:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entity = self.found(message)
            if entity is not None:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name([{**entity, "confidence": None}]),
                            add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class RoleCueExtractor(RuleEntityExtractor):
    """Entity `rol_zelf`: who is writing, when the message says so in passing
    ("ik ben 14", "mijn zoon"; wegwijzer/nlp/role_cues.py). It fills slot `rol` in any
    turn (domain/core.yml), so an answer's variant for young people, parents or
    professionals is chosen without asking "wie ben je?" first."""

    def found(self, message: Message) -> Optional[Dict[Text, Any]]:
        cue = role_cue(message.get(TEXT) or "")
        return None if cue is None else {"entity": ROLE_CUE_ENTITY, "value": cue.role, "start": cue.start,
                                          "end": cue.end}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageExtractor(RuleEntityExtractor):
    """Entity `taal` (nl / en), which fills slot `taal` (domain/language.yml), which
    chooses the answers' language: only when the person chose a language in the
    widget or wrote a message clearly in Dutch or English; a short message or a
    button's payload keeps the conversation's language (wegwijzer.language)."""

    def found(self, message: Message) -> Optional[Dict[Text, Any]]:
        text = message.get(TEXT) or ""
        language = conversation_language(text, message.get("metadata"))
        return None if language is None else {"entity": LANGUAGE_ENTITY, "value": language, "start": 0,
                                              "end": len(text)}
