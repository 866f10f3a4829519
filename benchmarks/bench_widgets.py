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
        "explore_optimizers: learning rate": redraw_times_ms(
            widgets.explore_optimizers().controls["learning_rate"], np.geomspace(0.002, 2.0, MOVES)
        ),
        "explore_initialization: scale": redraw_times_ms(
            widgets.explore_initialization(depth=50).controls["scale"], np.geomspace(0.2, 5.0, MOVES)
        ),
        "explore_polynomial_degree: degree": redraw_times_ms(
            widgets.explore_polynomial_degree(
                *data.make_polynomial_data(30, rng=np.random.default_rng(0)),
                *data.make_polynomial_data(15, rng=np.random.default_rng(1)),
            ).controls["degree"],
            np.resize(np.r_[2:16, 14:0:-1], MOVES),
        ),
        "explore_regularization: log lambda": redraw_times_ms(
            widgets.explore_regularization(
                (lambda X_: (X_ - X_.mean(axis=0)) / X_.std(axis=0))(data.load_diabetes()[0]),
                data.load_diabetes()[1],
            ).controls["log_lambda"],
            np.linspace(-2.0, 2.5, MOVES),
        ),
        "explore_equivariance: shift": redraw_times_ms(
            widgets.explore_equivariance(
                np.maximum(0.0, 1.0 - np.abs(np.arange(30) - 14.0) / 3.0),
                [-1.0, 2.0, -1.0], rng=np.random.default_rng(0),
            ).controls["shift"],
            np.resize(np.r_[-10:11, 9:-10:-1], MOVES),
        ),
    }
    for name, times in cases.items():
        print(
            f"{name:<40} median {statistics.median(times):5.1f} ms   worst {max(times):5.1f} ms"
            "   (target <= 50 ms)"
        )


if __name__ == "__main__":
    main()
