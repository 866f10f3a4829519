"""Redraw time of the explorers: how long one slider change takes, from setting the value to a
new PNG in the widget (the target of issue 4 is at most 50 ms).

Prints the median and the worst of many slider moves per explorer. Usage:
python benchmarks/bench_widgets.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

from paramcourse import data, widgets  # noqa: E402

MOVES = 40


def redraw_times_ms(slider, values) -> list[float]:
    """Milliseconds of each assignment ``slider.value = v`` (the observers redraw synchronously)."""
    times = []
    for value in values:
        start = time.perf_counter()
        slider.value = float(value)
        times.append(1000 * (time.perf_counter() - start))
    return times


def main() -> None:
    X, y = data.make_linear_regression(n_samples=50, rng=np.random.default_rng(0))
    line = widgets.explore_line_fit(X, y)
    rate = widgets.explore_learning_rate(X, y)
    cases = {
        "explore_line_fit: slope": redraw_times_ms(
            line.controls["slope"], np.linspace(-0.5, 4.5, MOVES)
        ),
        "explore_learning_rate: learning rate": redraw_times_ms(
            rate.controls["learning_rate"], np.linspace(0.05, 1.15, MOVES) * 2 / rate.L
        ),
    }
    for name, times in cases.items():
        print(
            f"{name:<40} median {statistics.median(times):5.1f} ms   worst {max(times):5.1f} ms"
            "   (target <= 50 ms)"
        )


if __name__ == "__main__":
    main()
