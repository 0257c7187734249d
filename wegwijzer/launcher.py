"""Start the action server, the Rasa server and the web server; stop them all
on Ctrl-C or SIGTERM. Used by `make run` and by the end-to-end tests.

    python -m wegwijzer.launcher [--rasa-port 5005] [--action-port 5055] [--web-port 8080]

Only the web entry points listen beyond this machine (PUBLIC_BIND, default all
addresses): the web pages and Rasa, which carries the widget's socket.io. The
action server and the desk listen on 127.0.0.1.

Secrets fail closed: a configured secret that is a placeholder or shorter than
32 characters stops the launcher at once (wegwijzer.secret_check). Unset
tokens get a random value for this run. Each process gets only the secrets it
uses, in its environment: none is on a command line.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import requests

from wegwijzer import secret_check, settings

ROOT = settings.ROOT
BIN = Path(sys.executable).parent
# Processes whose end does not stop the others.
OPTIONAL = {"handoff"}
# Tokens made for this run when unset (each process gets those it uses, below).
RUN_TOKENS = ("RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "HANDOFF_API_TOKEN")
# Every secret any process may hold; a configured one must be strong. Names ending in
# _URL: the password in that database URL.
SECRETS = (*RUN_TOKENS, "CONVERSATION_ID_SECRET", "REST_TOKEN", "HANDOFF_PRIVATE_KEY", "HANDOFF_WEBHOOK_TOKEN")
DATABASE_URLS = ("TRACKER_STORE_URL", "HANDOFF_DATABASE_URL", "DATABASE_URL", "REDIS_URL")
# Which secrets each process holds: only what it uses. Rasa calls the action server;
# the actions call the desk (or the webhook); the desk calls Rasa's HTTP API and alone
# opens sealed contact details.
SECRETS_OF = {
    "actions": {"ACTION_SERVER_TOKEN", "HANDOFF_API_TOKEN", "HANDOFF_WEBHOOK_TOKEN"},
    "rasa": {"RASA_AUTH_TOKEN", "ACTION_SERVER_TOKEN", "CONVERSATION_ID_SECRET", "REST_TOKEN"},
    "handoff": {"HANDOFF_API_TOKEN", "RASA_AUTH_TOKEN", "HANDOFF_PRIVATE_KEY"},
    "web": set(),
    "retention": set(),
}


def run_secrets(environ: Optional[dict[str, str]] = None) -> dict[str, str]:
    """The configured secrets, and a random token for each of RUN_TOKENS that is unset."""
    env = os.environ if environ is None else environ
    found = {name: env.get(name, "").strip() for name in SECRETS if env.get(name, "").strip()}
    for name in RUN_TOKENS:
        found.setdefault(name, secrets.token_urlsafe(32))
    return found


def child_environment(args: argparse.Namespace, run: dict[str, str], name: str = "") -> dict[str, str]:
    """The environment of process `name`: the launcher's, without any secret but its own."""
    env = {key: value for key, value in os.environ.items() if key not in SECRETS}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        TF_CPP_MIN_LOG_LEVEL=env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        # Two cores: one TensorFlow thread pool each way is faster than oversubscribing.
        TF_NUM_INTRAOP_THREADS=env.get("TF_NUM_INTRAOP_THREADS", "1"),
        TF_NUM_INTEROP_THREADS=env.get("TF_NUM_INTEROP_THREADS", "1"),
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_PORT=str(args.rasa_port),
        ACTION_PORT=str(args.action_port),
        WEB_PORT=str(args.web_port),
        ACTION_SERVER_URL=f"http://127.0.0.1:{args.action_port}/webhook",
        RASA_URL=f"http://127.0.0.1:{args.rasa_port}",
        HANDOFF_PORT=str(args.handoff_port),
        HANDOFF_URL=env.get("HANDOFF_URL") or f"http://127.0.0.1:{args.handoff_port}",
    )
    env.update({key: value for key, value in run.items() if key in SECRETS_OF.get(name, set(SECRETS))})
    if args.data_dir:
        env["DATA_DIR"] = str(args.data_dir)
    return env


def commands(args: argparse.Namespace) -> dict[str, list[str]]:
    cors = " ".join(settings.CORS_ORIGINS if not args.web_port else
                    sorted(set(settings.CORS_ORIGINS) | {f"http://localhost:{args.web_port}", f"http://127.0.0.1:{args.web_port}"}))
    return {
        # Loopback only, and a bearer token from Rasa (endpoints.yml).
        "actions": [str(BIN / "python"), "-m", "wegwijzer.action_server", "--actions", "actions",
                    "--host", "127.0.0.1", "--port", str(args.action_port)],
        # `rasa run`, its token from RASA_AUTH_TOKEN (not on this command line).
        "rasa": [
            str(BIN / "python"), "-m", "wegwijzer.rasa_server", "--model", str(args.model), "--enable-api",
            "--cors", *cors.split(), "--interface", args.public_host, "--port", str(args.rasa_port),
            "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
            "--log-file", str((args.data_dir or settings.DATA_DIR) / "rasa.log"),
        ],
        "web": [str(BIN / "python"), "-m", "wegwijzer.web.server", "--host", args.public_host,
                "--port", str(args.web_port)],
        # Handoff service and advisor desk (127.0.0.1, HANDOFF_BIND); optional: when it
        # stops, the assistant keeps working.
        **({"handoff": [str(BIN / "python"), "-m", "wegwijzer.handoff", "serve", "--port", str(args.handoff_port)]}
           if args.handoff_port else {}),
        # Deletes conversations after RETENTION_DAYS; runs every RETENTION_CHECK_MINUTES,
        # each time after keeping the anonymous figures of the finished days (wegwijzer.insight).
        "retention": [str(BIN / "python"), "-m", "wegwijzer.privacy", "schedule",
                      "--first", f"{shlex.quote(str(BIN / 'python'))} -m wegwijzer.insight collect"],
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
    parser.add_argument("--public-host", default=settings.PUBLIC_BIND,
                        help="where the web pages and Rasa (socket.io) listen; the rest is on 127.0.0.1")
    parser.add_argument("--startup-timeout", type=float, default=180)
    args = parser.parse_args(argv)

    # Before anything starts: a placeholder or short secret stops here (exit 2), naming it.
    try:
        secret_check.require_strong(*SECRETS, *DATABASE_URLS)
    except secret_check.WeakSecret as weak:
        return weak.code
    (args.data_dir or settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    run = run_secrets()
    made = [name for name in RUN_TOKENS if not os.environ.get(name, "").strip()]
    if made:
        print(f"==> {', '.join(made)} not set: using random tokens for this run (set them in .env to keep them).")
    processes: dict[str, subprocess.Popen] = {}

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for name, command in commands(args).items():
            # Own process group, so that stopping also stops their children.
            processes[name] = subprocess.Popen(command, cwd=ROOT, env=child_environment(args, run, name),
                                               start_new_session=True)
        critical = {name: process for name, process in processes.items() if name not in OPTIONAL}
        wait_until_up(f"http://127.0.0.1:{args.action_port}/health", args.startup_timeout, critical)
        wait_until_up(f"http://127.0.0.1:{args.web_port}/", args.startup_timeout, critical)
        wait_until_up(f"http://127.0.0.1:{args.rasa_port}/", args.startup_timeout, critical)
        if "handoff" in processes:
            try:
                wait_until_up(f"http://127.0.0.1:{args.handoff_port}/health", 30, {"handoff": processes["handoff"]})
            except (RuntimeError, TimeoutError) as error:
                print(f"==> advisor desk not available ({error}); a handoff gives the AKJ routes", file=sys.stderr)
        print(
            "\nWegwijzer Jeugdbescherming is running:\n"
            f"  web page          http://localhost:{args.web_port}\n"
            f"  Rasa REST channel http://localhost:{args.rasa_port}/webhooks/rest/webhook\n"
            f"  Rasa socket.io    http://localhost:{args.rasa_port}/socket.io\n"
            f"  Rasa HTTP API     http://localhost:{args.rasa_port} (token required)\n"
            f"  action server     http://127.0.0.1:{args.action_port}/webhook (token required)\n"
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
