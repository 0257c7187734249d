"""The project's YAML files and Rasa domain, each read once per test run and shared
by the test modules that check them. What these return is shared: read it, never
change it.

libyaml's loader gives the same data as yaml.safe_load in a tenth of the time.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from wegwijzer.texts import variation_text
from wegwijzer.yaml_files import read_yaml

from conftest import ROOT


@lru_cache(maxsize=None)
def load_yaml(path: Path) -> Any:
    """A YAML file as yaml.safe_load reads it (None for an empty file)."""
    return read_yaml(path)


def yaml_files(folder: str) -> list[tuple[Path, dict]]:
    """(path, content) of every *.yml under ROOT/folder, in path order; {} for an empty file."""
    return [(path, load_yaml(path) or {}) for path in sorted((ROOT / folder).rglob("*.yml"))]


def filled(variations: list) -> list:
    """Response variations as a person reads them: the facts ({plan_termijn}) filled in,
    in each variation's language (domain/facts.yml)."""
    return [{**variation, "text": variation_text(variation)}
            if isinstance(variation, dict) and variation.get("text") else variation
            for variation in variations or []]


def responses(folder: str = "domain") -> dict[str, list[dict]]:
    """Every response of the domain files under ROOT/folder: name -> variations, facts filled in."""
    found: dict[str, list[dict]] = {}
    for _, content in yaml_files(folder):
        found.update({name: filled(variations) for name, variations in (content.get("responses") or {}).items()})
    return found


def nlu_blocks(folder: str = "data") -> list[dict]:
    """Every block of the `nlu:` sections under ROOT/folder (intents, lookup tables)."""
    return [block for _, content in yaml_files(folder) for block in content.get("nlu") or []]


@lru_cache(maxsize=1)
def rasa_domain() -> dict:
    """The domain as Rasa loads it and sends it to the actions: the files merged the
    way Domain.from_directory merges them. Domain.load itself also checks every file
    against Rasa's schema, which took 8 s here; `rasa data validate` (slow tier) does
    that check. Only the order of `actions` and `entities` differs from Domain.load."""
    from rasa.shared.core.domain import ALL_DOMAIN_KEYS, Domain

    combined: dict = {}
    for _, content in yaml_files("domain"):
        if any(key in content for key in ALL_DOMAIN_KEYS):  # as Domain.is_domain_file: not the *_texts.yml
            combined = Domain.merge_domain_dicts(content, combined)
    return Domain.from_dict(combined).as_dict()
