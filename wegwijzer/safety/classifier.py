"""The trained crisis classifier: crisis or not, learned from examples.

    >>> crisis_probability("sta nu op het dak van de parkeergarage") > 0.5
    True

Learns from the crisis development set (examples.yml: crisis messages and
look-alikes) and from the assistant's own NLU training data (noodsituatie
against every other intent). Character n-grams of the normalised text survive
typos, spreektaal and the other languages; logistic regression keeps it small
and fast (well under a millisecond a message). It is trained from those files
(about 5 seconds, deterministic) and kept in build/crisis_classifier/ under a
hash of everything it depends on (the examples, the safety code and cues, the
library versions), so the next process loads it in milliseconds and a change in
any of them trains it again. No model file is committed or downloaded; it runs
in the input channels as well as in Rasa's NLU pipeline.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from wegwijzer.safety.normalise import normalise
from wegwijzer.yaml_files import read_yaml

EXAMPLES = Path(__file__).with_name("examples.yml")
NLU_DATA = Path(__file__).resolve().parents[2] / "data" / "nlu"
CRISIS_INTENT = "noodsituatie"
CACHE_DIR = Path(__file__).resolve().parents[2] / "build" / "crisis_classifier"
# What the fitted model depends on besides its examples: this folder's code and
# cues (normalisation, features) and the versions of the libraries that fit and
# normalise (a pickle from another scikit-learn version must not be loaded).
SAFETY_DIR = Path(__file__).resolve().parent
LIBRARIES = ("scikit-learn", "rapidfuzz", "spacy-lookups-data")

logger = logging.getLogger(__name__)


def _nlu_examples() -> Iterator[tuple[str, int]]:
    for path in sorted(NLU_DATA.rglob("*.yml")):
        for block in (read_yaml(path) or {}).get("nlu") or []:
            if "intent" not in block or not isinstance(block.get("examples"), str):
                continue
            label = int(block["intent"] == CRISIS_INTENT)
            for line in block["examples"].splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    yield text, label


def training_examples() -> list[tuple[str, int]]:
    data = read_yaml(EXAMPLES)
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


def fingerprint(data: Iterable[bytes]) -> str:
    """What a fitted model depends on: the library versions, this folder's code, cues
    and examples, and the given data (the NLU files as they are on disk)."""
    digest = hashlib.sha256()
    for library in LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}\n".encode())
    for path in sorted(SAFETY_DIR.glob("*.py")) + sorted(SAFETY_DIR.glob("*.yml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for part in data:
        digest.update(part + b"\0")
    return digest.hexdigest()[:32]


def fitted(examples: Callable[[], list[tuple[str, int]]], key: str, cache_dir: Path = CACHE_DIR) -> Pipeline:
    """The model kept under `key` (a fingerprint of what it is fitted from), else one
    fitted from examples() and kept. The examples are read only when fitting: parsing
    the NLU files took longer than loading the model."""
    path = cache_dir / f"{key}.pickle"
    try:
        return pickle.loads(path.read_bytes())  # our own build output, like build/spacy_nl
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a damaged cache file is refitted, never fatal
        logger.warning("Crisis classifier cache %s unreadable; fitting again", path.name)
    model = build(examples())
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache_dir, suffix=".tmp", delete=False) as handle:
            handle.write(pickle.dumps(model))
        os.chmod(handle.name, 0o644)  # readable by the other services' users, like build/spacy_nl
        os.replace(handle.name, path)  # atomic: processes starting together never read half a file
        for old in cache_dir.glob("*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as problem:  # read-only install: fit in every process, as before
        logger.info("Crisis classifier not cached (%s)", problem)
    return model


@lru_cache(maxsize=1)
def model() -> Pipeline:
    nlu_files = sorted(NLU_DATA.rglob("*.yml"))
    return fitted(training_examples, fingerprint(f"{path.relative_to(NLU_DATA)}\0".encode() + path.read_bytes()
                                                 for path in nlu_files))


def crisis_probability(text: str) -> float:
    return float(model().predict_proba([normalise(text)])[0][1])


if __name__ == "__main__":  # `make setup`: fit it once here, so no test or server start pays for it
    model()
    print(f"==> crisis classifier ready ({CACHE_DIR.relative_to(CACHE_DIR.parents[1])})")
