"""The project's YAML files and Rasa domain, each read once per test run and shared
by the test modules that check them. What these return is shared: read it, never
change it.

libyaml's loader gives the same data as yaml.safe_load in a tenth of the time;
Rasa's Domain.load takes 2 s, which two modules used to pay each.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from wegwijzer.yaml_files import read_yaml

from conftest import ROOT


@lru_cache(maxsize=None)
def load_yaml(path: Path) -> Any:
    """A YAML file as yaml.safe_load reads it (None for an empty file)."""
    return read_yaml(path)


def yaml_files(folder: str) -> list[tuple[Path, dict]]:
    """(path, content) of every *.yml under ROOT/folder, in path order; {} for an empty file."""
    return [(path, load_yaml(path) or {}) for path in sorted((ROOT / folder).rglob("*.yml"))]


def responses(folder: str = "domain") -> dict[str, list[dict]]:
    """Every response of the domain files under ROOT/folder: name -> variations."""
    found: dict[str, list[dict]] = {}
    for _, content in yaml_files(folder):
        found.update(content.get("responses") or {})
    return found


def nlu_blocks(folder: str = "data") -> list[dict]:
    """Every block of the `nlu:` sections under ROOT/folder (intents, lookup tables)."""
    return [block for _, content in yaml_files(folder) for block in content.get("nlu") or []]


@lru_cache(maxsize=1)
def rasa_domain() -> dict:
    """The domain as Rasa loads it (Domain.load of domain/) and sends it to the actions."""
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain")).as_dict()
