"""The trained crisis classifier: crisis or not, learned from examples.

    >>> crisis_probability("sta nu op het dak van de parkeergarage") > 0.5
    True

Learns from the crisis development set (examples.yml: crisis messages and
look-alikes) and from the assistant's own NLU training data (noodsituatie
against every other intent). Character n-grams of the normalised text survive
typos, spreektaal and the other languages; logistic regression keeps it small
and fast (well under a millisecond a message). It is trained once per process
from those files (a few seconds, deterministic), so it needs no model file and
runs in the input channels as well as in Rasa's NLU pipeline.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from wegwijzer.safety.normalise import normalise

EXAMPLES = Path(__file__).with_name("examples.yml")
NLU_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
CRISIS_INTENT = "noodsituatie"


def _load(path: Path) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the 5,500 examples in 0.3 s, not 3 s
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}


def _nlu_examples() -> Iterator[tuple[str, int]]:
    for path in sorted(NLU_DATA.rglob("*.yml")):
        for block in _load(path).get("nlu") or []:
            if "intent" not in block or not isinstance(block.get("examples"), str):
                continue
            label = int(block["intent"] == CRISIS_INTENT)
            for line in block["examples"].splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    yield text, label


def training_examples() -> list[tuple[str, int]]:
    data = _load(EXAMPLES)
    examples = [(item["text"], 1) for item in data["crisis"]] + [(item["text"], 0) for item in data["look_alikes"]]
    return examples + list(_nlu_examples())


def build(examples: list[tuple[str, int]]) -> Pipeline:
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
    ])
    model = Pipeline([("features", features),
                      ("classify", LogisticRegression(C=16.0, class_weight="balanced", max_iter=2000))])
    texts, labels = zip(*examples)
    model.fit([normalise(t) for t in texts], list(labels))
    return model


@lru_cache(maxsize=1)
def model() -> Pipeline:
    return build(training_examples())


def crisis_probability(text: str) -> float:
    return float(model().predict_proba([normalise(text)])[0][1])
