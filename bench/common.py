"""What every benchmark shares: timing, the floor it is compared with, and one row format.

A benchmark here is never a test: these machines are shared and noisy, so each figure is
reported next to its *floor* — the bare library doing the same work, measured in the same
run — and the ratio between the two is what the goals speak about.
"""

from __future__ import annotations

import gc
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))
SOURCES = REPO / "tests" / "data" / "sources"


@dataclass
class Row:
    """One measured figure, its floor, and whether it meets its goal."""

    what: str
    value: str
    floor: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""


@dataclass
class Section:
    """A benchmark's rows, with the reasons for any missed goal written beside it."""

    title: str
    description: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", self.description, "",
                 "| measure | Reply Desk | floor (bare library) | ratio | goal | met | notes |",
                 "| --- | ---: | ---: | ---: | --- | :---: | --- |"]
        for row in self.rows:
            ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
            met = {True: "yes", False: "**no**", None: ""}[row.met]
            lines.append(f"| {row.what} | {row.value} | {row.floor} | {ratio} | {row.goal} | {met} | {row.note} |")
        if self.notes:
            lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"


def seed_paragraphs(min_length: int = 60) -> list[str]:
    """Real answer text: the paragraphs of Denmark's filled 2014 Global Alliance form."""
    text = (SOURCES / "global-alliance-2014-reporting-form-denmark.txt").read_text(encoding="utf-8")
    lines = [re.sub(r"</?u>", "", line).strip() for line in text.splitlines()]
    return [line for line in lines
            if len(line) > min_length and not line.startswith(("Policy Target", "- ", "A)", "B)"))]


def long_answer(index: int, pool: list[str], words: int) -> str:
    """Markdown of about ``words`` words: paragraphs from ``pool``, a bullet list, a bold phrase."""
    parts: list[str] = []
    count = step = 0
    while count < words:
        text = pool[(index * 7 + step) % len(pool)]
        if step % 4 == 2:
            text = f"- {text[:160]}\n- **Measure {step + 1}**: {text[160:260] or text[:80]}"
        parts.append(text)
        count += len(text.split())
        step += 1
    return "\n\n".join(parts)


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call takes, after a collection so earlier garbage is not billed to it."""
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def best_of(action: Callable[[], Any], repeat: int) -> float:
    """The least of ``repeat`` timings: the run the machine disturbed least."""
    return min(timed(action)[0] for _ in range(repeat))


def compare(ours: Callable[[], Any], floor: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best times of ``ours`` and ``floor``, run alternately so a busy spell on the machine hits both."""
    ours_times, floor_times = [], []
    for _ in range(repeat):
        ours_times.append(timed(ours)[0])
        floor_times.append(timed(floor)[0])
    return min(ours_times), min(floor_times)


def median_of(action: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timed(action)[0] for _ in range(repeat))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def peak_mb(action: Callable[[], Any]) -> float:
    """Peak Python heap during one call (tracemalloc), in MB; run apart from the timed pass."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def machine() -> str:
    """The facts that make figures from two runs comparable, or not."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    versions = []
    for name in ("PySide6", "openpyxl", "docx", "sqlmodel"):
        try:
            module = __import__(name)
            versions.append(f"{name} {getattr(module, '__version__', '?')}")
        except ImportError:
            pass
    import sqlite3

    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {', '.join(versions)}; "
            f"commit {commit}")
