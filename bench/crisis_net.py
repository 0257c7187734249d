"""What the crisis net adds to each message: the three detectors on their own,
over the messages of the blind crisis set (timed only, never judged here)."""
from __future__ import annotations

import statistics
import time

from bench.models import ROOT
from wegwijzer.yaml_files import read_yaml

MESSAGES = ROOT / "tests" / "crisis_blind_set.yml"


def measure() -> dict:
    from wegwijzer.safety.assess import assess, warm_up  # loads the classifier and word lists

    data = read_yaml(MESSAGES)
    texts = [item["text"] + " " for item in data["crisis"] + data["look_alikes"]]  # no cached verdicts
    warm_up()
    timings = []
    for text in texts:
        start = time.perf_counter()
        assess(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"messages": len(timings), "median_ms": statistics.median(timings),
            "p95_ms": timings[int(len(timings) * 0.95)]}


def report_lines(figures: dict) -> list[str]:
    return ["", f"Crisis net (lexicon, distress score, classifier; wegwijzer/safety) per message, over "
                f"{figures['messages']} messages: median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms."]
