"""Handoff settings: the `handoff` group of wegwijzer.settings (defaults and .env there).

Read at call time (not import time) so that each process and each test can run
with its own environment.
"""
from __future__ import annotations

from wegwijzer.settings import HandoffConfig, load

__all__ = ["HandoffConfig", "load_config"]


def load_config() -> HandoffConfig:
    return load().handoff
