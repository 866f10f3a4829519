"""Practice of chapter 14, *Hyperparameter search*: reading the best setting off a table of
validation scores, drawing penalties log-uniformly, and the schedule of successive halving.
"""

from __future__ import annotations

import numpy as np

from paramcourse.grading.diagnosis import Case, Mistake
from paramcourse.practice.core import Exercise

__all__ = ["EXERCISES"]

_rng = np.random.default_rng(1414)

# ------------------------------------------------------------------------- best_grid_setting


def best_grid_setting(val_scores, degrees, lams):
    """The degree, the penalty and the score of the cell of val_scores with the lowest validation MSE."""
    i, j = np.unravel_index(np.argmin(val_scores), val_scores.shape)
    return degrees[i], lams[j], val_scores[i, j]


def _best_grid_highest(val_scores, degrees, lams):
    i, j = np.unravel_index(np.argmax(val_scores), val_scores.shape)
    return degrees[i], lams[j], val_scores[i, j]


def _best_grid_axes_swapped(val_scores, degrees, lams):
    i, j = np.unravel_index(np.argmin(val_scores), val_scores.shape)
    return degrees[j % len(degrees)], lams[i % len(lams)], val_scores[i, j]


def _best_grid_best_row_and_column_apart(val_scores, degrees, lams):
    i = np.argmin(val_scores.mean(axis=1))
    j = np.argmin(val_scores.mean(axis=0))
    return degrees[i], lams[j], val_scores[i, j]


def _best_grid_first_column_only(val_scores, degrees, lams):
    i = np.argmin(val_scores[:, 0])
    return degrees[i], lams[0], val_scores[i, 0]


def _scores(shape, where):
    table = _rng.uniform(0.3, 2.0, size=shape)
    table[where] = 0.12  # a clear winner, away from the first row and column
    return table


_BEST_CASES = [
    Case("a 3 x 4 table, degrees [1, 2, 4], four penalties",
         (_scores((3, 4), (2, 1)), [1, 2, 4], [1e-6, 1e-4, 1e-2, 1.0])),
    Case("a 4 x 3 table, degrees [2, 3, 6, 9], three penalties",
         (_scores((4, 3), (1, 2)), [2, 3, 6, 9], [1e-3, 0.1, 10.0])),
    Case("a 2 x 5 table, degrees [5, 8], five penalties",
         (_scores((2, 5), (1, 3)), [5, 8], [1e-8, 1e-6, 1e-4, 1e-2, 1.0])),
]

# ------------------------------------------------------------------------ log_uniform_draws


def log_uniform_draws(low, high, size, rng):
    """size values between low and high whose base-10 logarithm is uniform (drawn with rng.uniform)."""
    return 10 ** rng.uniform(np.log10(low), np.log10(high), size)


def _log_uniform_on_the_linear_scale(low, high, size, rng):
    return rng.uniform(low, high, size)


def _log_uniform_exponents_only(low, high, size, rng):
    return rng.uniform(np.log10(low), np.log10(high), size)


def _log_uniform_natural_log(low, high, size, rng):
    return 10 ** rng.uniform(np.log(low), np.log(high), size)


_LOG_CASES = [
    Case("low = 1e-6, high = 1, 5 draws", (1e-6, 1.0, 5, np.random.default_rng(3))),
    Case("low = 1, high = 1000 (integers), 5 draws", (1, 1000, 5, np.random.default_rng(4))),
    Case("low = 0.01, high = 100, 5 draws", (0.01, 100.0, 5, np.random.default_rng(5))),
]

# --------------------------------------------------------------------------- halving_schedule


def halving_schedule(n0, b0, eta):
    """The rounds of successive halving: one row (settings, budget each) per round, while a setting is left."""
    rounds = []
    r = 0
    while n0 // eta**r >= 1:
        rounds.append((n0 // eta**r, b0 * eta**r))
        r += 1
    return np.array(rounds)


def _halving_stops_early(n0, b0, eta):
    rounds, r = [], 0
    while n0 // eta ** (r + 1) >= 1:
        rounds.append((n0 // eta**r, b0 * eta**r))
        r += 1
    return np.array(rounds)


def _halving_budget_divided(n0, b0, eta):
    rounds, r = [], 0
    while n0 // eta**r >= 1:
        rounds.append((n0 // eta**r, b0 / eta**r))
        r += 1
    return np.array(rounds)


def _halving_budget_added(n0, b0, eta):
    rounds, r = [], 0
    while n0 // eta**r >= 1:
        rounds.append((n0 // eta**r, b0 + eta * r))
        r += 1
    return np.array(rounds)


def _halving_always_halves(n0, b0, eta):
    rounds, r = [], 0
    while n0 // 2**r >= 1:
        rounds.append((n0 // 2**r, b0 * 2**r))
        r += 1
    return np.array(rounds)


_HALVING_CASES = [
    Case("n0 = 27 settings, b0 = 9, eta = 3 (the chapter's run)", (27, 9, 3)),
    Case("n0 = 10, b0 = 1, eta = 2", (10, 1, 2)),
    Case("n0 = 64, b0 = 2, eta = 4", (64, 2, 4)),
    Case("n0 = 30, b0 = 5, eta = 3", (30, 5, 3)),
]

EXERCISES = (
    Exercise(
        name="best_grid_setting",
        solution=best_grid_setting,
        cases=_BEST_CASES,
        formula="(i, j) = np.unravel_index(np.argmin(val_scores), val_scores.shape), the row i for degrees[i] "
                "and the column j for lams[j]; return (degrees[i], lams[j], val_scores[i, j])",
        mistakes=[
            Mistake("best_grid_setting", _best_grid_highest,
                    "you picked the highest validation score: these are errors (MSE), so the best setting has "
                    "the lowest one (np.argmin)."),
            Mistake("best_grid_setting", _best_grid_axes_swapped,
                    "you swapped the axes: rows of val_scores belong to degrees and columns to lams, so the "
                    "row index i goes with degrees[i] and the column index j with lams[j]."),
            Mistake("best_grid_setting", _best_grid_best_row_and_column_apart,
                    "you chose the degree and the penalty separately (the best row on average, the best column "
                    "on average): hyperparameters interact, so take the single best cell with np.argmin over "
                    "the whole table and np.unravel_index."),
            Mistake("best_grid_setting", _best_grid_first_column_only,
                    "you searched only the first column: np.argmin over the whole table gives a flat index; "
                    "turn it into (row, column) with np.unravel_index."),
        ],
        arg_names=("val_scores", "degrees", "lams"),
    ),
    Exercise(
        name="log_uniform_draws",
        solution=log_uniform_draws,
        cases=_LOG_CASES,
        formula="10 ** rng.uniform(np.log10(low), np.log10(high), size): the exponent is uniform, one "
                "call to rng.uniform",
        mistakes=[
            Mistake("log_uniform_draws", _log_uniform_on_the_linear_scale,
                    "you drew uniformly between low and high, so almost every draw lands in the top decade: "
                    "draw the exponent uniformly between np.log10(low) and np.log10(high), then raise 10 to it."),
            Mistake("log_uniform_draws", _log_uniform_exponents_only,
                    "you returned the exponents log10(value): raise 10 to them."),
            Mistake("log_uniform_draws", _log_uniform_natural_log,
                    "you mixed the bases of the logarithm: with 10 ** ... take np.log10 of low and high (or "
                    "use np.log with np.exp)."),
        ],
        arg_names=("low", "high", "size", "rng"),
    ),
    Exercise(
        name="halving_schedule",
        solution=halving_schedule,
        cases=_HALVING_CASES,
        formula="round r = 0, 1, ... has n_r = n0 // eta**r settings with budget b_r = b0 * eta**r each; "
                "stop after the round with n_r = 1; return an array of shape (rounds, 2)",
        mistakes=[
            Mistake("halving_schedule", _halving_stops_early,
                    "you stopped one round early: the last round trains the single survivor, so keep going "
                    "while n0 // eta**r is at least 1."),
            Mistake("halving_schedule", _halving_budget_divided,
                    "you divided the budget by eta**r: the survivors get more budget each round, "
                    "b_r = b0 * eta**r."),
            Mistake("halving_schedule", _halving_budget_added,
                    "you added to the budget instead of multiplying it: b_r = b0 * eta**r grows by the factor "
                    "eta every round."),
            Mistake("halving_schedule", _halving_always_halves,
                    "you halved the settings and doubled the budget whatever eta is: the factor of each round "
                    "is eta (n0 // eta**r settings, b0 * eta**r budget)."),
        ],
        arg_names=("n0", "b0", "eta"),
    ),
)
