"""Reading the project's YAML files: one loader for all of them.

libyaml's safe loader when PyYAML has it (about ten times faster: the crisis
examples in 0.3 s instead of 3 s), PyYAML's own safe loader otherwise; the
result is the same. A leaf module (no wegwijzer imports).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The file's content as yaml.safe_load gives it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
