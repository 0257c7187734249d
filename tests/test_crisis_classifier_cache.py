"""The fitted crisis classifier is kept under build/ and reused only while
everything it was fitted from is unchanged (wegwijzer.safety.classifier)."""
from __future__ import annotations

from wegwijzer.safety import classifier

EXAMPLES = [("hij slaat me nu help", 1), ("ik heb net pillen genomen", 1), ("papa heeft een mes", 1),
            ("mama ligt op de grond en wordt niet wakker", 1),
            ("hoe lang duurt een ots", 0), ("wat doet de gezinsvoogd", 0), ("mijn fiets is kwijt", 0),
            ("waar kan ik klagen over jeugdzorg", 0)]


KEY = classifier.fingerprint(f"{label}\t{text}".encode() for text, label in EXAMPLES)


def fit(examples: list[tuple[str, int]], cache_dir, key: str = KEY):
    return classifier.fitted(lambda: examples, key, cache_dir)


def probabilities(model) -> list[float]:
    return list(model.predict_proba(["help hij slaat", "hoe lang duurt het"])[:, 1])


def test_a_second_process_loads_the_same_model(tmp_path):
    first = fit(EXAMPLES, tmp_path)
    [cached] = tmp_path.glob("*.pickle")
    again = fit(EXAMPLES, tmp_path)
    assert again is not first, "read from the file, not the same object"
    assert probabilities(again) == probabilities(first)
    assert list(tmp_path.glob("*.pickle")) == [cached]


def test_other_examples_fit_again_and_replace_the_old_file(tmp_path):
    fit(EXAMPLES, tmp_path)
    [old] = tmp_path.glob("*.pickle")
    changed = EXAMPLES + [("hij staat met een mes voor de deur", 1)]
    changed_key = classifier.fingerprint(f"{label}\t{text}".encode() for text, label in changed)
    assert changed_key != KEY
    fit(changed, tmp_path, changed_key)
    [new] = tmp_path.glob("*.pickle")
    assert new != old and new.stem == changed_key


def test_a_damaged_file_is_fitted_again(tmp_path):
    path = tmp_path / f"{KEY}.pickle"
    path.write_bytes(b"not a pickle")
    model = fit(EXAMPLES, tmp_path)
    assert probabilities(model)[0] > probabilities(model)[1]
    assert path.read_bytes() != b"not a pickle", "the good model replaced it"


def test_an_unwritable_cache_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    model = fit(EXAMPLES, blocked / "cache")
    assert probabilities(model)[0] > probabilities(model)[1]
