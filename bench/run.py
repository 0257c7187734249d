"""`make bench`: Wegwijzer against a stock `rasa init` assistant, in one run.

Both are trained with this Rasa install (models cached in build/bench/),
started side by side on free ports, and measured over REST with the
conversations in bench/conversations.py:

  - cold start (process start to first reply), training time;
  - one conversation at a time: median and p95 latency;
  - 10 and 50 conversations at the same time: throughput, median and p95;
  - CPU time per message of each assistant's processes (less sensitive to a
    busy machine than latency), resident memory of each process;
  - where a message's time goes (bench/profile_turn.py), for both;
  - what the crisis net adds to a message (bench/crisis_net.py);
  - the daily aggregation of the anonymous figures for a day of 10,000
    conversations (bench/insight_collect.py).

Phases alternate between the two assistants, so that other load on the
machine hits both alike. Prints a table and writes bench/results/latest.md.

    python -m bench [--production] [--retrain] [--skip-profile] [--quick] [--wegwijzer-model PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import crisis_net, insight_collect, load, processes
from bench.conversations import ASSISTANTS
from bench.models import ROOT, TrainedModel, reference_model, wegwijzer_model

RESULTS = ROOT / "bench" / "results" / "latest.md"
PROFILED = ("wegwijzer", "reference")
# Targets of issue 8, all measured against the reference in the same run.
TARGETS = [
    ("throughput at 10 parallel >= 2x the reference", "parallel_10", "throughput", lambda r: r >= 2.0),
    ("p95 at 10 parallel <= half the reference", "parallel_10", "p95_ms", lambda r: r <= 0.5),
    ("single conversation median <= 0.8x the reference", "single", "median_ms", lambda r: r <= 0.8),
]


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def cpu_seconds(assistant: processes.RunningAssistant) -> float:
    """User + system CPU time of all processes of an assistant so far."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in processes.process_tree(assistant):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def measure(assistant: processes.RunningAssistant, parallel: int, rounds: int) -> dict:
    scripts = ASSISTANTS[assistant.conversations]
    cpu_before = cpu_seconds(assistant)
    result = load.run(assistant.url, scripts, parallel, rounds)
    cpu = cpu_seconds(assistant) - cpu_before
    if result.errors:
        examples = "; ".join(sorted(set(result.errors))[:3])
        log(f"{assistant.name}: {len(result.errors)} failed requests at {parallel} parallel ({examples})")
    if result.empty:
        log(f"{assistant.name}: no reply at all to {len(result.empty)} messages: {sorted(set(result.empty))[:3]}")
    return {"parallel": parallel, "messages": result.messages, "errors": len(result.errors),
            "throughput": result.throughput, "median_ms": result.median_ms, "p95_ms": result.p95_ms,
            "cpu_ms_per_message": cpu / max(result.messages, 1) * 1000, "load_average": os.getloadavg()[0]}


def profile(model: TrainedModel) -> dict | None:
    command = [sys.executable, "-m", "bench.profile_turn", "--model", str(model.path), "--assistant", model.name]
    env = {**processes.base_environment()}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        log(f"profile of {model.name} failed:\n{result.stderr[-2000:]}")
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"{cpu}, {os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB RAM, {platform.system()} {platform.release()}"


def git_commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return (result.stdout.strip() or "unknown") + (" + uncommitted changes" if dirty else "")


# --- report ----------------------------------------------------------------------

def ratio(ours: float, reference: float) -> str:
    return f"{ours / reference:.2f}x" if reference else "-"


TITLES = {"wegwijzer": "Wegwijzer (make run)", "production": "Wegwijzer production profile (2 instances)",
          "reference": "stock `rasa init`"}


def table(systems: list[str], results: dict, models: dict[str, TrainedModel], starts: dict, memory: dict) -> list[str]:
    """One column per system, then each system's ratio to the reference."""
    ours = [n for n in systems if n != "reference"]
    rows = ["| measure | " + " | ".join(TITLES[n] for n in systems) + " | " +
            " | ".join(f"{n} / reference" for n in ours) + " |",
            "|---|" + "---:|" * (len(systems) + len(ours))]

    def row(label: str, values: dict[str, float | None], fmt: str = "{:.0f}", ratios: bool = True) -> None:
        cells = [fmt.format(values[n]) if values.get(n) is not None else "-" for n in systems]
        ref = values.get("reference")
        ratio_cells = [f"{values[n] / ref:.2f}x" if ratios and ref and values.get(n) else "" for n in ours]
        rows.append(f"| {label} | " + " | ".join(cells + ratio_cells) + " |")

    for phase, title in (("single", "1 conversation"), ("parallel_10", "10 parallel"), ("parallel_50", "50 parallel")):
        if phase not in results["reference"]:
            continue
        for key, label, fmt in (("median_ms", "median latency (ms)", "{:.0f}"), ("p95_ms", "p95 latency (ms)", "{:.0f}"),
                                ("throughput", "throughput (messages/s)", "{:.1f}"),
                                ("cpu_ms_per_message", "CPU per message, all processes (ms)", "{:.1f}")):
            row(f"{title}: {label}", {n: results[n][phase][key] for n in systems}, fmt)
    row("failed requests", {n: sum(r["errors"] for r in results[n].values()) for n in systems}, ratios=False)
    row("cold start to first reply (s)", starts, "{:.1f}")
    training = {n: models[n].training_seconds or None for n in systems if n != "production"}
    row("training time (s)" + (" (from an earlier run with the same inputs)" if any(
        models[n].cached for n in training) else ""), training)
    for process in sorted({p for n in systems for p in memory[n]}):
        cells = {n: f"{memory[n][process][0]:.0f} / {memory[n][process][1]:.0f}" for n in systems if process in memory[n]}
        rows.append(f"| RSS of {process} (MiB, end / peak) | " + " | ".join(cells.get(n, "-") for n in systems)
                    + " |" * len(ours) + " |")
    row("RSS of all processes (MiB)", {n: sum(r for r, _ in memory[n].values()) for n in systems})
    return rows


def verdicts(systems: list[str], results: dict) -> list[str]:
    lines = []
    for name in systems:
        if name == "reference":
            continue
        for label, phase, key, passes in TARGETS:
            value = results[name][phase][key] / results["reference"][phase][key]
            lines.append(f"- {'PASS' if passes(value) else 'FAIL'} ({TITLES[name]}): {label} (measured {value:.2f}x)")
    return lines


def profile_table(profiles: dict) -> list[str]:
    lines = []
    for name in PROFILED:
        data = profiles.get(name)
        if not data:
            continue
        lines += ["", f"Where a message's time goes, {name} ({data['messages']} messages in-process, no HTTP; "
                      f"{data['wall_ms_per_message']:.1f} ms wall, {data['cpu_ms_per_message']:.1f} ms CPU per message):",
                  "", "| stage | wall ms / message | CPU ms / message |", "|---|---:|---:|"]
        for stage, times in data["stages"].items():
            if times["wall_ms"] >= 0.3 or times["cpu_ms"] >= 0.3:
                lines.append(f"| {stage} | {times['wall_ms']:.1f} | {times['cpu_ms']:.1f} |")
        calls = ", ".join(f"{k} {v}" for k, v in data["calls_per_message"].items())
        lines.append(f"\nCalls per message: {calls}.")
    return lines


def write_report(lines: list[str]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")


# --- main -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--retrain", action="store_true", help="train both models even if cached")
    parser.add_argument("--skip-profile", action="store_true", help="leave out the in-process profile")
    parser.add_argument("--quick", action="store_true", help="fewer messages per phase (a smoke test)")
    parser.add_argument("--production", action="store_true",
                        help="also measure the production profile (scripts/production.sh: nginx, 2 Rasa instances, "
                             "PostgreSQL, Redis; needs root or those Debian packages)")
    parser.add_argument("--wegwijzer-model", type=Path, help="use this trained model (training time not measured)")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    log(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} "
        f"on {os.cpu_count()} cores (the figures are only as quiet as the machine)")
    ours = (TrainedModel("wegwijzer", args.wegwijzer_model.resolve(), ROOT, 0.0, cached=False)
            if args.wegwijzer_model else wegwijzer_model(args.retrain, log))
    models = {"wegwijzer": ours, "production": ours, "reference": reference_model(args.retrain, log)}
    systems = ["wegwijzer", "production", "reference"] if args.production else ["wegwijzer", "reference"]

    # Conversations per simulated person (each about 6 messages).
    rounds = {"single": 3 if args.quick else 12, "parallel_10": 1 if args.quick else 2, "parallel_50": 1}
    phases = [("single", 1), ("parallel_10", 10)] + ([] if args.quick else [("parallel_50", 50)])
    running: dict[str, processes.RunningAssistant] = {}
    results: dict[str, dict] = {name: {} for name in systems}
    with tempfile.TemporaryDirectory(prefix="wegwijzer-bench-") as workdir:
        try:
            for name in systems:
                log(f"starting {TITLES[name]}")
                start = processes.start_production if name == "production" else processes.start
                running[name] = start(models[name], Path(workdir))
                log(f"{name}: first reply after {running[name].cold_start_seconds:.1f} s")
            for name in systems:  # warm-up: first turns build TensorFlow functions
                load.run(running[name].url, ASSISTANTS[running[name].conversations][:2], 2, 1)
            for phase, parallel in phases:
                for name in systems:
                    log(f"{name}: {parallel} parallel conversation(s)")
                    results[name][phase] = measure(running[name], parallel, rounds[phase])
            memory = {name: processes.memory(running[name]) for name in systems}
            starts = {name: running[name].cold_start_seconds for name in systems}
        finally:
            for assistant in running.values():
                assistant.stop()
    profiles = {}
    if not args.skip_profile:
        for name in ("wegwijzer", "reference"):
            log(f"profiling {name}")
            profiles[name] = profile(models[name])

    log("crisis net per message")
    crisis_figures = crisis_net.measure()
    log("insight: collect of one day of 10,000 conversations")
    insight_figures = insight_collect.measure()
    load_after = os.getloadavg()
    lines = [
        "# Benchmark: Wegwijzer against stock Rasa",
        "",
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; commit {git_commit()}; Rasa {models_version()}",
        f"- machine: {machine()}",
        f"- load average (1/5/15 min) before: {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
        f"after: {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}"
        + ("  **(busy machine: latencies are inflated, compare the ratios)**" if load_before[0] > 1.5 else ""),
        "- Wegwijzer as `make run` runs it (launcher: one Rasa process, action server, SQLite tracker store); "
        "the reference as `rasa run` in a `rasa init` project (in-memory tracker store, Rasa defaults)"
        + ("; the production profile as `make production` (nginx, 2 Rasa instances, 2 action servers, "
           "PostgreSQL, Redis), measured through nginx" if args.production else "") + ".",
        f"- conversations of about 6 messages (bench/conversations.py): {rounds['single']} one after another; "
        f"10 at a time, {rounds['parallel_10']} each; 50 at a time, 1 each. Phases alternate between the systems.",
        "",
        *table(systems, results, models, starts, memory),
        "",
        "Targets (issue 8):",
        *verdicts(systems, results),
        *profile_table(profiles),
        *crisis_net.report_lines(crisis_figures),
        *insight_collect.report_lines(insight_figures),
    ]
    write_report(lines)
    print("\n" + "\n".join(lines))
    log(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def models_version() -> str:
    import rasa

    return rasa.__version__


if __name__ == "__main__":
    raise SystemExit(main())
