"""Rasa's DIETClassifier, trained on at most a fixed number of phrasings per answer.

DIET only has to tell the intent `faq` from the other intents; which answer a
question gets is the QuestionSelector's job (question_selector.py), and it keeps
learning from every phrasing. With 20-60 phrasings per answer in two languages, the
faq phrasings were nine tenths of DIET's training data and most of `make test`'s
training time; a fixed sample per answer keeps DIET's share of them at about what it
was before the English phrasings doubled (docs/benchmarks.md, "Training time").
"""
from __future__ import annotations

import random
from collections import defaultdict
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MAX_PER_ANSWER = "max_phrasings_per_answer"


def sample_per_answer(examples: List[Message], limit: int, seed: int) -> List[Message]:
    """Every example that is no retrieval-intent phrasing, and at most `limit` of each
    answer's phrasings (the same ones every training: a seeded sample, in data order)."""
    by_answer: Dict[Text, List[int]] = defaultdict(list)
    for index, example in enumerate(examples):
        if example.get(INTENT_RESPONSE_KEY):
            by_answer[example.get(INTENT_RESPONSE_KEY)].append(index)
    chooser, kept = random.Random(seed), set()
    for answer in sorted(by_answer):
        indices = by_answer[answer]
        kept.update(indices if len(indices) <= limit else chooser.sample(indices, limit))
    return [example for index, example in enumerate(examples)
            if not example.get(INTENT_RESPONSE_KEY) or index in kept]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class SampledDIETClassifier(DIETClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DIETClassifier.get_default_config(), MAX_PER_ANSWER: None}

    def train(self, training_data: TrainingData) -> Resource:
        limit = self.component_config.get(MAX_PER_ANSWER)
        if limit:
            training_data = TrainingData(
                training_examples=sample_per_answer(training_data.training_examples, int(limit),
                                                    int(self.component_config.get("random_seed") or 0)),
                entity_synonyms=training_data.entity_synonyms, regex_features=training_data.regex_features,
                lookup_tables=training_data.lookup_tables, responses=training_data.responses)
        return super().train(training_data)
