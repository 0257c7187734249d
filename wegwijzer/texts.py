"""Texts a person reads that the code puts together: domain/<name>.yml.

Content is data: the words live in YAML under domain/, the code only picks
and fills them. A leaf module (no wegwijzer imports), so any module may use it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"


@lru_cache(maxsize=None)
def load_texts(name: str) -> dict:
    """domain/<name>.yml as loaded by yaml.safe_load (cached: read once per process)."""
    return yaml.safe_load((DOMAIN_DIR / f"{name}.yml").read_text(encoding="utf-8")) or {}


def walk_texts(data, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every string in a loaded text file, e.g. ("meaning.vrijwillig.ouder", "...")."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_texts(value, f"{path}[{index}]")
