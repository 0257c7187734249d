"""Where a message's time goes: NLU components, policies, action server calls,
tracker store, and the rest of Rasa's processing.

Loads the model in this process with the project's endpoints (SQLite tracker
store, an action server started here), sends the benchmark conversations
through `Agent.handle_message` (what the REST channel calls, without HTTP),
and times every graph node, every call to the action server and every tracker
store load and save. Prints one JSON object.

    python -m bench.profile_turn --model build/bench/models/wegwijzer/....tar.gz [--assistant reference]
"""
from __future__ import annotations

import argparse
import os
import sys

# Wegwijzer gets the launcher's TensorFlow settings (before TensorFlow loads);
# the reference keeps Rasa's defaults.
if "reference" not in sys.argv:
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

import requests  # noqa: E402

from bench.conversations import ASSISTANTS  # noqa: E402
from bench.processes import BIN, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OTHER = "other Rasa processing (events, responses, ensemble)"
# Wall time and CPU time (this process, all threads) per label. On a busy
# machine wall time mostly measures the neighbours; CPU time does not.
timings: dict[str, float] = defaultdict(float)
cpu_timings: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)
active: set[str] = set()  # labels being timed: nested calls (store wrappers) count once


def nested(label: str) -> bool:
    """Already inside a timed call of this label, or a tracker store call inside
    another (creating a tracker saves it): count the outer one only."""
    return label in active or (label.startswith("tracker store") and any(a.startswith("tracker store") for a in active))


@contextlib.contextmanager
def measured(label: str):
    """Adds the time spent inside to the label's figures."""
    active.add(label)
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        active.discard(label)
        timings[label] += time.perf_counter() - started
        cpu_timings[label] += time.process_time() - cpu_started
        calls[label] += 1


def timed(label_of):
    """Wrap a (sync or async) function so that its time adds to timings[label]."""
    def decorate(function):
        if asyncio.iscoroutinefunction(function):
            @functools.wraps(function)
            async def async_wrapper(*args, **kwargs):
                label = label_of(*args)
                if nested(label):
                    return await function(*args, **kwargs)
                with measured(label):
                    return await function(*args, **kwargs)
            return async_wrapper

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            label = label_of(*args)
            if nested(label):
                return function(*args, **kwargs)
            with measured(label):
                return function(*args, **kwargs)
        return wrapper
    return decorate


def instrument() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.core.tracker_store import TrackerStore
    from rasa.engine.graph import GraphNode

    GraphNode.__call__ = timed(lambda node, *a: f"graph: {node._node_name}")(GraphNode.__call__)
    RemoteAction.run = timed(lambda *a: "action server call")(RemoteAction.run)
    MessageProcessor.handle_message = timed(lambda *a: "total")(MessageProcessor.handle_message)
    # Wrap the concrete store's methods (subclasses override them).
    for cls in {TrackerStore, *all_subclasses(TrackerStore)}:
        for name, label in (("retrieve", "tracker store: load (or create)"),
                            ("retrieve_full_tracker", "tracker store: load (or create)"),
                            ("save", "tracker store: save")):
            if name in vars(cls):
                setattr(cls, name, timed(lambda *a, _l=label: _l)(vars(cls)[name]))


def all_subclasses(cls) -> set:
    found = set(cls.__subclasses__())
    return found.union(*(all_subclasses(c) for c in found)) if found else found


def group(label: str) -> str:
    """Graph nodes by role: NLU components, policies, the rest of the graph."""
    if not label.startswith("graph: "):
        return label
    node = label[len("graph: "):]
    policies = ("Policy", "select_prediction", "rule_only_data_provider", "domain_provider")
    if any(p in node for p in policies):
        return f"policies: {node}"
    return f"NLU: {node}"


async def profile(model: Path, assistant: str, endpoints: Path | None) -> dict:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.utils import AvailableEndpoints

    instrument()
    agent = await load_agent(model_path=str(model), endpoints=AvailableEndpoints.read_endpoints(
        str(endpoints)) if endpoints else AvailableEndpoints())
    scripts = ASSISTANTS[assistant]
    # Warm-up conversation: first calls build TensorFlow functions and caches.
    for text in scripts[0]:
        await agent.handle_message(UserMessage(text, CollectingOutputChannel(), "profile-warmup"))
    for table in (timings, cpu_timings, calls):
        table.clear()
    messages = 0
    # At least 30 measured messages.
    repeat = max(1, -(-30 // sum(len(conversation) for conversation in scripts)))
    for n, conversation in enumerate(scripts * repeat):
        for text in conversation:
            await agent.handle_message(UserMessage(text, CollectingOutputChannel(), f"profile-{n}"))
            messages += 1

    def per_message(table: dict[str, float]) -> tuple[float, dict[str, float]]:
        stages: dict[str, float] = defaultdict(float)
        for label, seconds in table.items():
            stages[group(label)] += seconds
        total = stages.pop("total")
        stages[OTHER] = total - sum(stages.values())
        return total / messages * 1000, {k: v / messages * 1000 for k, v in stages.items()}

    wall_total, wall = per_message(timings)
    cpu_total, cpu = per_message(cpu_timings)
    order = sorted(wall, key=lambda k: -cpu[k])
    return {
        "assistant": assistant,
        "messages": messages,
        "wall_ms_per_message": round(wall_total, 2),
        "cpu_ms_per_message": round(cpu_total, 2),
        "stages": {k: {"wall_ms": round(wall[k], 2), "cpu_ms": round(cpu[k], 2)} for k in order},
        "calls_per_message": {k: round(calls[k] / messages, 2) for k in ("action server call",
                                                                          "tracker store: load (or create)",
                                                                          "tracker store: save")},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--assistant", choices=sorted(ASSISTANTS), default="wegwijzer")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Rasa's debug events would be printed (and timed) otherwise

    actions = None
    endpoints = None
    with tempfile.TemporaryDirectory(prefix="wegwijzer-profile-") as tmp:
        if args.assistant == "wegwijzer":
            port = free_port()
            os.environ.update(DATA_DIR=tmp, ACTION_SERVER_URL=f"http://127.0.0.1:{port}/webhook")
            # wegwijzer.settings was read at import (bench.processes): point it at
            # the fresh directory too, so that no earlier run's conversations (or
            # the user's var/tracker.db) are loaded and measured.
            from wegwijzer import settings

            settings.DATA_DIR = Path(tmp)
            settings.TRACKER_STORE_URL = f"sqlite:///{Path(tmp) / 'tracker.db'}"
            actions = subprocess.Popen([str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                                        "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
            endpoints = ROOT / "endpoints.yml"
            wait_for(f"http://127.0.0.1:{port}/health", actions)
        try:
            result = asyncio.run(profile(args.model, args.assistant, endpoints))
        finally:
            if actions:
                actions.terminate()
                actions.wait(timeout=30)
    print(json.dumps(result))
    return 0


def wait_for(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


if __name__ == "__main__":
    raise SystemExit(main())
