"""Rasa's own checks: data validation, conversation tests, NLU evaluation on
the held-out test set (tests/nlu_test.yml is never used for training)."""
from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import yaml

from conftest import ARTIFACTS, ROOT, VENV_BIN, rasa_env
from project_files import load_yaml, rasa_domain

# Held-out NLU test set: intent macro F1 must stay at or above this (docs/testing.md).
MIN_INTENT_MACRO_F1 = 0.90
MIN_INTENT_F1 = 0.75


def rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "rasa"), *args], cwd=ROOT, env=rasa_env(),
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow  # runs `rasa data validate`
def test_training_data_is_valid_with_rasas_default_paths():
    """Plain `rasa data validate`: Rasa's defaults (domain.yml, data/, config.yml) are
    this project's files; domain.yml links to the domain folder, split per topic."""
    result = rasa("data", "validate")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Project validation completed with errors" not in result.stdout + result.stderr


def test_domain_yml_is_the_domain_folder():
    """Rasa reads domain.yml by default; it is a link to domain/, which Rasa loads as one domain."""
    assert (ROOT / "domain.yml").is_symlink() and (ROOT / "domain.yml").resolve() == (ROOT / "domain").resolve()


@pytest.mark.slow  # Domain.load checks every file against Rasa's schema: about 8 s
def test_the_tests_domain_is_the_one_rasa_loads():
    """project_files.rasa_domain() merges the files without Rasa's schema check, to keep
    the fast tier fast; it must give what Domain.load gives (order of lists aside)."""
    from rasa.shared.core.domain import Domain

    def comparable(domain: dict) -> dict:
        return {key: sorted(map(str, value)) if key in ("actions", "entities") else value
                for key, value in domain.items()}

    assert comparable(rasa_domain()) == comparable(Domain.load(str(ROOT / "domain")).as_dict())


def test_nlu_test_set_is_not_in_training_data():
    def examples(path):
        found = set()
        for block in (load_yaml(path) or {}).get("nlu", []):
            if "intent" not in block:
                continue  # a lookup table lists names, it teaches no intent
            for line in str(block.get("examples", "")).splitlines():
                found.add(line.lstrip("- ").strip().lower())
        return found - {""}

    training = set().union(*(examples(p) for p in (ROOT / "data").rglob("*.yml")))
    overlap = examples(ROOT / "tests" / "nlu_test.yml") & training
    assert not overlap, f"test examples copied from training data: {sorted(overlap)[:10]}"


def test_municipality_lookup_table_matches_the_directory():
    from wegwijzer.nlp.lookup_tables import lookup_file_text, LOOKUP_FILE

    assert LOOKUP_FILE.read_text(encoding="utf-8") == lookup_file_text(), \
        "run: python -m wegwijzer.nlp.lookup_tables"
    assert "- Nijmegen\n" in lookup_file_text() and "- Best\n" not in lookup_file_text()


def test_conversation_stories(stack):
    """`rasa test core --fail-on-prediction-errors` on every file of conversation tests, run by
    the running assistant: Rasa's /model/test/stories runs the same evaluation on the loaded
    agent instead of a second copy of the model. One request for all files, because each
    request writes and rereads the whole domain first (about 15 s)."""
    stories = [story for path in sorted((ROOT / "tests").glob("test_stories*.yml"))
               for story in load_yaml(path)["stories"]]
    body = yaml.safe_dump({"version": "3.1", "stories": stories}, allow_unicode=True, sort_keys=False)
    response = requests.post(f"{stack.rasa_url}/model/test/stories", params={"token": stack.token},
                             data=body.encode("utf-8"), headers={"Content-Type": "application/x-yaml"},
                             timeout=600)
    assert response.status_code == 200, response.text[-3000:]
    predictions = response.json()["actions"]
    wrong = [p for p in predictions if p["action"] != p["predicted"]]
    written = sum(1 for story in stories for step in story["steps"] if "action" in step)
    assert len(predictions) >= written, "not every story was evaluated"
    assert not wrong, f"{len(wrong)} of {len(predictions)} actions mispredicted: {wrong[:20]}"


@pytest.fixture(scope="module")
def intent_report(stack) -> dict:
    """The intent report `rasa test nlu` writes (sklearn's classification_report of the
    held-out set's intents against the predicted ones), with the messages parsed by the
    running assistant's NLU (/model/parse) instead of a second copy of the model
    loaded by `rasa test nlu`: a minute less in `make test`."""
    from rasa.model_testing import get_evaluation_metrics
    from rasa.nlu.classifiers.fallback_classifier import is_fallback_classifier_prediction, undo_fallback_prediction
    from rasa.shared.nlu.training_data.loading import load_data

    examples = load_data(str(ROOT / "tests" / "nlu_test.yml")).intent_examples

    def predicted(message) -> str:
        response = requests.post(f"{stack.rasa_url}/model/parse", params={"token": stack.token},
                                 json={"text": message.get("text")}, timeout=60)
        response.raise_for_status()
        result = response.json()
        if is_fallback_classifier_prediction(result):  # as `rasa test nlu`: the intent behind the fallback
            result = undo_fallback_prediction(result)
        return result["intent"]["name"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        predictions = list(pool.map(predicted, examples))
    targets = [message.get("intent") for message in examples]
    report, *_ = get_evaluation_metrics(targets, predictions, output_dict=True)
    (ARTIFACTS / "nlu").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "nlu" / "intent_report.json").write_text(json.dumps(report, indent=2))
    return report


def test_intent_macro_f1_on_held_out_set(intent_report):
    macro = intent_report["macro avg"]["f1-score"]
    print(f"NLU held-out intent macro F1 = {macro:.3f}, accuracy = {intent_report['accuracy']:.3f}")
    assert macro >= MIN_INTENT_MACRO_F1


def test_no_intent_below_minimum_f1(intent_report):
    weak = {name: round(v["f1-score"], 2) for name, v in intent_report.items()
            if isinstance(v, dict) and "f1-score" in v and name not in ("macro avg", "weighted avg", "micro avg")
            and round(v["f1-score"], 6) < MIN_INTENT_F1}  # 2 * 0.6 / 1.6 is 0.7499999999999999 in floats
    assert not weak, f"intents below {MIN_INTENT_F1}: {weak}"
