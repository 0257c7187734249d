"""Train the two assistants for the benchmark, with the same Rasa install.

Training takes minutes, so each model is kept in build/bench/ under a hash of
everything it was trained from, together with how long that training took;
a later run with unchanged inputs reuses both (`--retrain` forces training).
Nothing is written to models/.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import rasa

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "bench"
BIN = Path(sys.executable).parent
# Inputs of our model: Rasa project files and the code of custom components.
WEGWIJZER_INPUTS = ["config.yml", "domain", "data", "wegwijzer/nlp", "build/spacy_nl"]
# The project `rasa init` copies, shipped inside the Rasa package.
REFERENCE_TEMPLATE = Path(rasa.__file__).parent / "cli" / "initial_project"


@dataclass
class TrainedModel:
    name: str
    path: Path
    project: Path          # folder to run `rasa run` in
    training_seconds: float
    cached: bool           # True: training time measured in an earlier run


def files_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256(rasa.__version__.encode())
    for base in paths:
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT if file.is_relative_to(ROOT) else base.parent)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def train(name: str, project: Path, command_args: list[str], inputs_hash: str, retrain: bool, log) -> TrainedModel:
    out = CACHE / "models" / name
    stamp = out / f"{inputs_hash}.json"
    model = out / f"{name}-{inputs_hash}.tar.gz"
    if stamp.exists() and model.exists() and not retrain:
        seconds = json.loads(stamp.read_text())["training_seconds"]
        log(f"{name}: reusing model trained from the same inputs ({seconds:.0f} s to train)")
        return TrainedModel(name, model, project, seconds, cached=True)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    log(f"{name}: training (this takes a few minutes)")
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / "rasa"), "train", *command_args, "--out", str(out), "--fixed-model-name", model.name[:-7]],
        cwd=project, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode != 0 or not model.exists():
        raise RuntimeError(f"training {name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    stamp.write_text(json.dumps({"training_seconds": round(seconds, 1), "trained_at": time.strftime("%Y-%m-%d %H:%M")}))
    return TrainedModel(name, model, project, seconds, cached=False)


def wegwijzer_model(retrain: bool, log) -> TrainedModel:
    inputs_hash = files_hash([ROOT / p for p in WEGWIJZER_INPUTS])
    # The same command as scripts/train.sh.
    return train("wegwijzer", ROOT, ["--domain", "domain", "--data", "data", "--config", "config.yml",
                                     "--num-threads", "2"], inputs_hash, retrain, log)


def reference_model(retrain: bool, log) -> TrainedModel:
    project = CACHE / "reference"
    if not (project / "config.yml").exists():
        # What `rasa init --no-prompt` creates, without its built-in training run.
        shutil.copytree(REFERENCE_TEMPLATE, project, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    inputs_hash = files_hash([REFERENCE_TEMPLATE])
    return train("reference", project, ["--num-threads", "2"], inputs_hash, retrain, log)
