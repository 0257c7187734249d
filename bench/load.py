"""The load driver: conversations over Rasa's REST channel, on asyncio + aiohttp.

Every simulated person sends the messages of a conversation one after another
(the next one when the reply has come). `parallel` people talk at the same
time; each runs `rounds` conversations. The number of messages is fixed, so a
run always ends; each request also has a time limit.
"""
from __future__ import annotations

import asyncio
import itertools
import statistics
import time
import uuid
from dataclasses import dataclass

import aiohttp

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=120)


@dataclass
class LoadResult:
    parallel: int
    latencies: list[float]   # seconds, one per message
    seconds: float           # wall time of the whole run
    errors: list[str]        # what went wrong, one entry per failed message
    empty: list[str]         # messages answered with no bot message at all (a content gap, not a failure)

    @property
    def messages(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


async def _person(session: aiohttp.ClientSession, url: str, conversations: list[list[str]], label: str,
                  latencies: list[float], errors: list[str], empty: list[str]) -> None:
    for conversation in conversations:
        sender = f"bench-{label}-{uuid.uuid4().hex[:8]}"
        for text in conversation:
            started = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                        timeout=REQUEST_TIMEOUT) as response:
                    body = await response.json()
                    if response.status != 200:
                        errors.append(f"HTTP {response.status} for {text!r}")
                        continue
                    if not body:
                        empty.append(text)
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                errors.append(f"{type(error).__name__} for {text!r}")
                continue
            latencies.append(time.perf_counter() - started)


async def _run(url: str, scripts: list[list[str]], parallel: int, rounds: int) -> LoadResult:
    script_cycle = itertools.cycle(scripts)
    plans = [[next(script_cycle) for _ in range(rounds)] for _ in range(parallel)]
    latencies: list[float] = []
    errors: list[str] = []
    empty: list[str] = []
    connector = aiohttp.TCPConnector(limit=parallel)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(_person(session, url, plan, f"{parallel}x{i}", latencies, errors, empty)
                               for i, plan in enumerate(plans)))
        seconds = time.perf_counter() - started
    return LoadResult(parallel, latencies, seconds, errors, empty)


def run(url: str, scripts: list[list[str]], parallel: int, rounds: int) -> LoadResult:
    return asyncio.run(_run(url, scripts, parallel, rounds))
