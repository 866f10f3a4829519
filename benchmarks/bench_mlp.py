"""Time one training step of ``paramcourse.mlp.MLPClassifier`` against the checked public path.

Usage::

    python benchmarks/bench_mlp.py [--repeat 5] [--batch-size 32]

The baseline, measured in the same run, is what ``fit`` did per mini-batch before it used the
unchecked kernels: the public ``mlp.loss_and_grads`` (which validates the parameters, the batch
and the labels at every call) and ``mlp.params_to_dict``, then the same optimizer update. The
figure is the ratio of the two per-step times (lower is better), for the chapter 12 network on
the digits, and the time of a whole ``fit``. Both paths give the same numbers bit for bit
(tests/test_mlp.py checks it).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from paramcourse import data, mlp, optim


def _steps(X, y, batch_size: int, checked: bool) -> float:
    """Seconds per step of one epoch of Adam on (X, y), through the checked or the unchecked path."""
    params = mlp.init_mlp([X.shape[1], 32, 10], np.random.default_rng(0))
    opt = optim.adam(0.01)
    tree = mlp.params_to_dict(params)
    state = opt.init(tree)
    order = np.random.default_rng(1).permutation(len(y))
    n_steps = 0
    started = time.perf_counter()
    for start in range(0, len(y), batch_size):
        idx = order[start:start + batch_size]
        current = mlp.params_from_dict(tree)
        if checked:
            _, grads = mlp.loss_and_grads(current, X[idx], y[idx])
            grad_tree = mlp.params_to_dict(grads)
        else:
            _, grads = mlp._loss_and_grads(current, X[idx], y[idx], "relu", 0.0, None, 0.0)
            grad_tree = mlp._to_dict(grads)
        updates, state = opt.update(grad_tree, state, tree)
        tree = optim.apply_updates(tree, updates)
        n_steps += 1
    return (time.perf_counter() - started) / n_steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    X, y = data.load_digits()
    y = y.astype(int)
    checked = min(_steps(X, y, args.batch_size, True) for _ in range(args.repeat))
    unchecked = min(_steps(X, y, args.batch_size, False) for _ in range(args.repeat))
    print(f"one Adam step, batch {args.batch_size}, 64-32-10 network (best of {args.repeat} epochs):")
    print(f"  checked public path (baseline): {1e3 * checked:.3f} ms")
    print(f"  unchecked kernels (fit):        {1e3 * unchecked:.3f} ms   ratio {unchecked / checked:.2f}")
    fits = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        mlp.MLPClassifier(hidden_sizes=(32,), optimizer="adam", learning_rate=0.01, n_epochs=10,
                          batch_size=args.batch_size, random_state=0).fit(X, y)
        fits.append(time.perf_counter() - started)
    print(f"MLPClassifier.fit, 10 epochs on {len(y)} digits: median {statistics.median(fits):.2f} s")


if __name__ == "__main__":
    main()
