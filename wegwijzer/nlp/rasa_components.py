"""Rasa NLU components built on the project's spaCy pipeline."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor


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
