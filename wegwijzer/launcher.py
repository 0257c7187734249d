"""Start the action server, the Rasa server and the web server; stop them all
on Ctrl-C or SIGTERM. Used by `make run` and by the end-to-end tests.

    python -m wegwijzer.launcher [--rasa-port 5005] [--action-port 5055] [--web-port 8080]
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import requests

from wegwijzer import settings

ROOT = settings.ROOT
BIN = Path(sys.executable).parent
# Processes whose end does not stop the others.
OPTIONAL = {"handoff"}


def child_environment(args: argparse.Namespace, token: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        TF_CPP_MIN_LOG_LEVEL=env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        # Two cores: one TensorFlow thread pool each way is faster than oversubscribing.
        TF_NUM_INTRAOP_THREADS=env.get("TF_NUM_INTRAOP_THREADS", "1"),
        TF_NUM_INTEROP_THREADS=env.get("TF_NUM_INTEROP_THREADS", "1"),
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_AUTH_TOKEN=token,
        RASA_PORT=str(args.rasa_port),
        ACTION_PORT=str(args.action_port),
        WEB_PORT=str(args.web_port),
        ACTION_SERVER_URL=f"http://localhost:{args.action_port}/webhook",
        RASA_URL=f"http://localhost:{args.rasa_port}",
        HANDOFF_PORT=str(args.handoff_port),
        HANDOFF_URL=env.get("HANDOFF_URL") or f"http://localhost:{args.handoff_port}",
    )
    if args.data_dir:
        env["DATA_DIR"] = str(args.data_dir)
    return env


def commands(args: argparse.Namespace, token: str) -> dict[str, list[str]]:
    cors = " ".join(settings.CORS_ORIGINS if not args.web_port else
                    sorted(set(settings.CORS_ORIGINS) | {f"http://localhost:{args.web_port}", f"http://127.0.0.1:{args.web_port}"}))
    return {
        "actions": [str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(args.action_port)],
        "rasa": [
            str(BIN / "rasa"), "run", "--model", str(args.model), "--enable-api",
            "--auth-token", token, "--cors", *cors.split(), "--port", str(args.rasa_port),
            "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            "--log-file", str((args.data_dir or settings.DATA_DIR) / "rasa.log"),
        ],
        "web": [str(BIN / "python"), "-m", "wegwijzer.web.server", "--port", str(args.web_port)],
        # Handoff service and advisor desk; optional: when it stops, the assistant keeps working.
        **({"handoff": [str(BIN / "python"), "-m", "wegwijzer.handoff", "serve", "--port", str(args.handoff_port)]}
           if args.handoff_port else {}),
        # Deletes conversations after RETENTION_DAYS; runs every RETENTION_CHECK_MINUTES.
        "retention": [str(BIN / "python"), "-m", "wegwijzer.privacy", "schedule"],
    }


def wait_until_up(url: str, timeout: float, processes: dict[str, subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped with exit code {process.returncode}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def stop(processes: dict[str, subprocess.Popen], timeout: float = 15) -> None:
    """SIGTERM to each process group, SIGKILL to those still running after `timeout` s."""
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa-port", type=int, default=settings.RASA_PORT)
    parser.add_argument("--action-port", type=int, default=settings.ACTION_PORT)
    parser.add_argument("--web-port", type=int, default=settings.WEB_PORT)
    parser.add_argument("--handoff-port", type=int, default=settings.HANDOFF_PORT,
                        help="advisor desk; 0: do not start it (a handoff then gives the AKJ routes)")
    parser.add_argument("--model", type=Path, default=ROOT / "models", help="model file or folder (newest is used)")
    parser.add_argument("--data-dir", type=Path, default=None, help="tracker database and logs (default: DATA_DIR)")
    parser.add_argument("--startup-timeout", type=float, default=180)
    args = parser.parse_args(argv)

    (args.data_dir or settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    token = settings.RASA_AUTH_TOKEN or secrets.token_urlsafe(24)
    if not settings.RASA_AUTH_TOKEN:
        print("==> RASA_AUTH_TOKEN is not set: using a random token for this run (set it in .env to keep one).")
    env = child_environment(args, token)
    processes: dict[str, subprocess.Popen] = {}

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for name, command in commands(args, token).items():
            # Own process group, so that stopping also stops their children.
            processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        critical = {name: process for name, process in processes.items() if name not in OPTIONAL}
        wait_until_up(f"http://localhost:{args.action_port}/health", args.startup_timeout, critical)
        wait_until_up(f"http://localhost:{args.web_port}/", args.startup_timeout, critical)
        wait_until_up(f"http://localhost:{args.rasa_port}/", args.startup_timeout, critical)
        if "handoff" in processes:
            try:
                wait_until_up(f"http://localhost:{args.handoff_port}/health", 30, {"handoff": processes["handoff"]})
            except (RuntimeError, TimeoutError) as error:
                print(f"==> advisor desk not available ({error}); a handoff gives the AKJ routes", file=sys.stderr)
        print(
            "\nWegwijzer Jeugdbescherming is running:\n"
            f"  web page          http://localhost:{args.web_port}\n"
            f"  Rasa REST channel http://localhost:{args.rasa_port}/webhooks/rest/webhook\n"
            f"  Rasa socket.io    http://localhost:{args.rasa_port}/socket.io\n"
            f"  Rasa HTTP API     http://localhost:{args.rasa_port} (token required)\n"
            f"  action server     http://localhost:{args.action_port}/webhook\n"
            f"  advisor desk      {f'http://localhost:{args.handoff_port}/desk/' if args.handoff_port else 'not started'}\n"
            "Press Ctrl-C to stop.\nREADY",
            flush=True,
        )
        stopped_optional: set[str] = set()
        while all(process.poll() is None for name, process in processes.items() if name not in OPTIONAL):
            for name in (OPTIONAL & processes.keys()) - stopped_optional:
                if processes[name].poll() is not None:
                    stopped_optional.add(name)
                    print(f"==> {name} stopped: the assistant keeps working (the handoff gives the AKJ routes)", file=sys.stderr)
            time.sleep(0.5)
        failed = [name for name, process in processes.items() if process.poll() is not None]
        print(f"==> {', '.join(failed)} stopped; stopping the rest", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n==> stopping", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1
    finally:
        stop(processes)


if __name__ == "__main__":
    raise SystemExit(main())
