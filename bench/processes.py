"""Start and stop the assistants under test, and measure their cold start and memory.

Wegwijzer runs exactly as `make run` runs it (wegwijzer.launcher: action
server, Rasa with the SQLite tracker store, web server). The reference runs as
a stock `rasa run` in its project folder (in-memory tracker store, no action
server, Rasa's default settings).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.models import ROOT, TrainedModel
from wegwijzer.launcher import stop as stop_processes

BIN = Path(sys.executable).parent
# Our own tuning lives in the launcher; the reference must not inherit it.
TUNING_VARIABLES = ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS",
                    "TF_INTRA_OP_PARALLELISM_THREADS", "TF_INTER_OP_PARALLELISM_THREADS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningAssistant:
    name: str                # wegwijzer, production or reference
    process: subprocess.Popen | None
    url: str
    cold_start_seconds: float = 0.0
    log_path: Path = field(default=Path("/dev/null"))
    prod_env: dict[str, str] | None = None  # the production profile's settings

    @property
    def conversations(self) -> str:
        """Which conversation scripts it gets (bench/conversations.py)."""
        return "reference" if self.name == "reference" else "wegwijzer"

    def root_pids(self) -> list[int]:
        if self.process:
            return [self.process.pid]
        prod_dir = Path(self.prod_env["PROD_DIR"])
        pid_files = [*sorted((prod_dir / "run").glob("*.pid")), prod_dir / "nginx" / "nginx.pid",
                     prod_dir / "postgres" / "postmaster.pid"]
        return [int(f.read_text().split()[0]) for f in pid_files if f.exists()]

    def stop(self) -> None:
        if self.prod_env:
            subprocess.run(["bash", "scripts/production.sh", "stop"], cwd=ROOT, env=self.prod_env,
                           capture_output=True, timeout=180)
        elif self.process:
            stop_processes({self.name: self.process}, timeout=30)


def base_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TUNING_VARIABLES}
    env.update(PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
    return env


def start(model: TrainedModel, workdir: Path, timeout: float = 300) -> RunningAssistant:
    """Start an assistant; cold start = from process start to its first reply."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = workdir / f"{model.name}.log"
    if model.name == "wegwijzer":
        command = [str(BIN / "python"), "-m", "wegwijzer.launcher", "--model", str(model.path),
                   "--rasa-port", str(port), "--action-port", str(free_port()), "--web-port", str(free_port()),
                   "--handoff-port", str(free_port()), "--data-dir", str(workdir / "wegwijzer-data")]
        env = {**base_environment(), "RASA_AUTH_TOKEN": "bench"}
    else:
        command = [str(BIN / "rasa"), "run", "--model", str(model.path), "--port", str(port),
                   "--enable-api", "--auth-token", "bench"]
        env = base_environment()
    started = time.monotonic()
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=model.project, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    assistant = RunningAssistant(model.name, process, f"http://127.0.0.1:{port}", log_path=log_path)
    return wait_for_first_reply(assistant, started, timeout)


def start_production(model: TrainedModel, workdir: Path, timeout: float = 600) -> RunningAssistant:
    """The production profile (scripts/production.sh) on free ports; cold start
    includes creating and starting PostgreSQL, Redis and nginx."""
    prod_dir = workdir / "production"
    prod_dir.mkdir(parents=True)
    for folder in (workdir, prod_dir):  # as root, PostgreSQL runs as `postgres` and must get in
        folder.chmod(0o755)
    port = free_port()
    env = {**base_environment(), "PROD_DIR": str(prod_dir), "PROD_PORT": str(port), "PROD_MODEL": str(model.path),
           "PROD_RASA_PORTS": f"{free_port()} {free_port()}", "PROD_ACTION_PORTS": f"{free_port()} {free_port()}",
           "PROD_ACTION_PROXY_PORT": str(free_port()), "PROD_PG_PORT": str(free_port()),
           "PROD_REDIS_PORT": str(free_port()), "RASA_AUTH_TOKEN": "bench"}
    started = time.monotonic()
    assistant = RunningAssistant("production", None, f"http://127.0.0.1:{port}", prod_env=env,
                                 log_path=prod_dir / "logs" / "rasa-0.log")
    result = subprocess.run(["bash", "scripts/production.sh", "start"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"production profile did not start:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return wait_for_first_reply(assistant, started, timeout)


def wait_for_first_reply(assistant: RunningAssistant, started: float, timeout: float) -> RunningAssistant:
    log_path = assistant.log_path
    process = assistant.process
    deadline = started + timeout
    while time.monotonic() < deadline:
        if process and process.poll() is not None:
            raise RuntimeError(f"{assistant.name} stopped:\n{log_path.read_text()[-3000:]}")
        try:
            reply = requests.post(f"{assistant.url}/webhooks/rest/webhook",
                                  json={"sender": "bench-cold-start", "message": "hallo"}, timeout=30)
            if reply.ok:
                assistant.cold_start_seconds = time.monotonic() - started
                return assistant
        except requests.RequestException:
            pass
        time.sleep(0.25)
    assistant.stop()
    raise TimeoutError(f"{assistant.name} gave no reply within {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")


# --- memory --------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def _status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _label(pid: int) -> str:
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    text = " ".join(a.decode(errors="replace") for a in argv)
    for needle, label in (("rasa_sdk", "action server"), ("wegwijzer.web", "web server"),
                          ("wegwijzer.handoff", "handoff service"), ("wegwijzer.privacy", "retention job"),
                          ("wegwijzer.launcher", "launcher"), (" run ", "rasa"), ("redis-server", "redis")):
        if needle in text:
            return label
    for prefix in ("postgres", "nginx"):
        if text.startswith(prefix):
            return prefix
    return Path(argv[0].decode()).name


def process_tree(assistant: RunningAssistant) -> list[int]:
    pids, pending = [], list(assistant.root_pids())
    while pending:
        pid = pending.pop()
        pids.append(pid)
        pending.extend(_children(pid))
    return pids


def memory(assistant: RunningAssistant) -> dict[str, tuple[float, float]]:
    """RSS now and peak RSS (VmHWM), in MiB, of the assistant's processes,
    summed per kind ("rasa x2" for two Rasa processes)."""
    totals: dict[str, list[float]] = {}
    for pid in process_tree(assistant):
        try:
            status = _status(pid)
            label = _label(pid)
        except OSError:
            continue
        entry = totals.setdefault(label, [0.0, 0.0, 0])
        entry[0] += int(status["VmRSS"].split()[0]) / 1024
        entry[1] += int(status["VmHWM"].split()[0]) / 1024
        entry[2] += 1
    return {(f"{label} x{n}" if n > 1 else label): (rss, peak) for label, (rss, peak, n) in totals.items()}
