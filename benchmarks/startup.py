#!/usr/bin/env python3
"""Benchmark: process start → the login window's first paint (issue 12).

Three programs, each started ``--runs`` times (default 10) in turn, one of each per round
so that a busy moment of the machine hits them alike, on Qt's offscreen platform:

  bare     a tiny PySide6 script that shows an empty ``QMainWindow``
  module   ``python -m kawebb_desktop --data-dir DIR`` on a demo store
  frozen   the one-folder bundle ``dist/kawebb/kawebb --data-dir DIR`` (skipped, with a
           note, when it has not been built: ``make build``)

"Shown" is the window's first paint: the app is started with ``KAWEBB_STARTUP_PROBE=1``
(``kawebb_desktop.app.run``), which prints ``kawebb-shown <time.time_ns()>`` to stderr at
the first paint of the login window (in its *Startar…* state), then ``kawebb-ready <ns>``
when the store is open and the services are attached (the login usable), and quits; the
bare script prints the shown line and quits. The times are taken from just before the
process is started to those stamps. One unmeasured round first (the disk
cache, and the compiled modules, kept in the run's folder through PYTHONPYCACHEPREFIX).
The demo store is made once in a temporary folder (``kawebb demo``) unless
``--data-dir`` names one.

Usage:
  .venv/bin/python benchmarks/startup.py [--runs 10] [--frozen dist/kawebb/kawebb]
      [--data-dir DIR]

Prints one JSON object: the median (and min, max) ms of each program to the first paint,
for the app also to "ready" (``ready_median_ms`` …), and the median CPU ms (user +
system of the whole process: to the exit right after the paint for the bare window, after
"ready" for the app — steadier than the wall clock on a busy machine, but not a figure of
the paint alone), and the ratios module/bare and frozen/bare (the target: the first
paint within 1.5x of the bare window's; ``ready_ratio_*``: "ready" against the bare
window's paint). A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOWN_MARK = "kawebb-shown"
READY_MARK = "kawebb-ready"
BARE_SCRIPT = f"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            now, cpu = time.time_ns(), time.process_time_ns()
            print("{SHOWN_MARK}", now, cpu, file=sys.stderr, flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(800, 600)
probe = FirstPaint(window)
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
"""


def _cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def time_to_shown(
    command: list[str], env: dict[str, str]
) -> tuple[float, float | None, float, float | None]:
    """Milliseconds from just before ``command`` starts to its ``kawebb-shown`` stamp and
    to its ``kawebb-ready`` stamp (``None`` when it prints none: the bare window), the
    CPU milliseconds (user + system) the process used in all (it quits then), and the
    CPU milliseconds it had used at the ``kawebb-shown`` stamp (the stamp's third field;
    ``None`` if it has none)."""
    cpu = _cpu_of_children()
    start = time.time_ns()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    cpu = _cpu_of_children() - cpu
    stamps: dict[str, float] = {}
    paint_cpu: float | None = None
    for line in done.stderr.splitlines():
        mark, *fields = line.split()
        if mark in (SHOWN_MARK, READY_MARK) and mark not in stamps and fields:
            stamps[mark] = (int(fields[0]) - start) / 1e6
            if mark == SHOWN_MARK and len(fields) > 1:
                paint_cpu = int(fields[1]) / 1e6
    if done.returncode != 0 or SHOWN_MARK not in stamps:
        raise SystemExit(
            f"{command[0]} did not show its window (status {done.returncode}):\n{done.stderr}"
        )
    return stamps[SHOWN_MARK], stamps.get(READY_MARK), cpu * 1000, paint_cpu


def summary(
    times: list[float], ready: list[float], cpu: list[float], paint_cpu: list[float]
) -> dict[str, float]:
    result = {
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
    }
    if ready:
        result |= {
            "ready_median_ms": round(statistics.median(ready), 1),
            "ready_min_ms": round(min(ready), 1),
            "ready_max_ms": round(max(ready), 1),
        }
    result["cpu_median_ms"] = round(statistics.median(cpu), 1)
    if paint_cpu:
        result["paint_cpu_median_ms"] = round(statistics.median(paint_cpu), 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "kawebb" / "kawebb")
    parser.add_argument("--data-dir", type=Path, help="a demo store's folder (else made)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="kawebb-startup-") as tmp:
        # Compiled modules are kept (as an installed program has them), in the run's
        # folder: PYTHONDONTWRITEBYTECODE would compile every module at every start.
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KAWEBB_STARTUP_PROBE="1")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        data = args.data_dir or Path(tmp) / "data"
        logs = ["--log-dir", str(Path(tmp) / "logs")]
        if args.data_dir is None:
            subprocess.run(
                [sys.executable, "-m", "kawebb_desktop", "demo", "--data-dir", str(data), *logs],
                env=env,
                check=True,
                capture_output=True,
            )
        programs = {
            "bare": [sys.executable, "-c", BARE_SCRIPT],
            "module": [sys.executable, "-m", "kawebb_desktop", "--data-dir", str(data), *logs],
        }
        notes = []
        if args.frozen.is_file():
            programs["frozen"] = [str(args.frozen), "--data-dir", str(data), *logs]
        else:
            notes.append(f"frozen skipped: {args.frozen} not built (make build)")
        times: dict[str, list[float]] = {name: [] for name in programs}
        ready: dict[str, list[float]] = {name: [] for name in programs}
        cpu: dict[str, list[float]] = {name: [] for name in programs}
        paint_cpu: dict[str, list[float]] = {name: [] for name in programs}
        for round_ in range(args.runs + 1):
            for name, command in programs.items():
                ms, ready_ms, cpu_ms, paint_cpu_ms = time_to_shown(command, env)
                if round_ > 0:  # the first round warms the disk cache
                    times[name].append(ms)
                    if ready_ms is not None:
                        ready[name].append(ready_ms)
                    cpu[name].append(cpu_ms)
                    if paint_cpu_ms is not None:
                        paint_cpu[name].append(paint_cpu_ms)
    result: dict[str, object] = {
        "runs": args.runs,
        "platform": "offscreen",
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    for name, values in times.items():
        result[name] = summary(values, ready[name], cpu[name], paint_cpu[name])
    bare = statistics.median(times["bare"])
    bare_cpu = statistics.median(cpu["bare"])
    for name in ("module", "frozen"):
        if name in times:
            result[f"ratio_{name}"] = round(statistics.median(times[name]) / bare, 2)
            if ready[name]:
                result[f"ready_ratio_{name}"] = round(statistics.median(ready[name]) / bare, 2)
            result[f"cpu_ratio_{name}"] = round(statistics.median(cpu[name]) / bare_cpu, 2)
            if paint_cpu[name] and paint_cpu["bare"]:
                result[f"paint_cpu_ratio_{name}"] = round(
                    statistics.median(paint_cpu[name]) / statistics.median(paint_cpu["bare"]), 2
                )
    result["target_ratio"] = 1.5
    if notes:
        result["notes"] = notes
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
