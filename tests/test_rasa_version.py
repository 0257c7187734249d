"""Rasa's internals that this project replaces are only safe on the pinned Rasa."""
from __future__ import annotations

import re
import subprocess
import time

import pytest

from conftest import ROOT, VENV_BIN, rasa_env
from wegwijzer import rasa_version

# Rasa's server entry point with the installed version reported as another one.
ANOTHER_RASA = """
import sys
from importlib import metadata
real = metadata.version
metadata.version = lambda name: "3.7.0" if name == "rasa" else real(name)
from wegwijzer.rasa_server import main
sys.exit(main(["--model", "models", "--port", "1"]))
"""


def test_the_pin_is_the_one_in_requirements():
    pinned = re.search(r"^rasa==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    assert rasa_version.PINNED == pinned
    rasa_version.require_pinned()  # the installed Rasa is the pinned one


def test_another_version_is_refused_naming_the_pinned_one():
    with pytest.raises(rasa_version.WrongRasaVersion, match=re.escape("needs Rasa 3.6.21")):
        rasa_version.require_pinned("3.7.0")


def test_rasa_does_not_start_on_another_version():
    started = time.monotonic()
    result = subprocess.run([str(VENV_BIN / "python"), "-c", ANOTHER_RASA], cwd=ROOT, env=rasa_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Rasa 3.7.0 is installed" in result.stderr and "rasa==3.6.21" in result.stderr
    assert time.monotonic() - started < 30
