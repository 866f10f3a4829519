r"""Checks of the ``initialization`` assignment: ``xavier_uniform``, ``xavier_normal``,
``he_uniform``, ``he_normal`` and ``activation_stds``.

Contract (design.md): each initializer returns an array of shape ``(fan_in, fan_out)`` drawn
with the given ``rng`` only; ``xavier_uniform`` is ``U(-a, a)`` with
``a = gain * sqrt(6 / (fan_in + fan_out))``, ``xavier_normal`` is ``N(0, std^2)`` with
``std = gain * sqrt(2 / (fan_in + fan_out))``, ``he_uniform`` has ``a = sqrt(6 / fan_in)`` and
``he_normal`` has ``std = sqrt(2 / fan_in)``. ``activation_stds(X, weights, activation)`` pushes
``X`` through the layers ``h = activation(h @ W)`` and returns ``np.std(h)`` after each layer.

Each ``check_*`` takes the student's function, calls it on a few inputs of different shapes and
fails with one paragraph ending in ``Hint: ...`` when the behaviour is wrong. A hint names a
cause only when a mistake of ``mistakes.py`` reproduces the student's results on every input of
the check (:mod:`paramcourse.grading.diagnosis`); otherwise it says what was observed.

A random initializer is judged by its distribution, never by its exact numbers, so that
``rng.uniform(-a, a, ...)``, ``a * (2 * rng.random(...) - 1)``, ``rng.normal(0, std, ...)`` and
``std * rng.standard_normal(...)`` all pass. With tens of thousands of draws each statistic is
tested against a tolerance of at least six standard errors, so a correct answer fails with a
probability below one in a hundred million per statistic (and the seeds are fixed, so a given
answer always gets the same verdict). The diagnosis, though, is exact: a case holds a seeded
generator that is copied with its state, so a catalogued mistake run on the case draws the same
numbers the student's code drew, and it is named only when it reproduces every array.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from paramcourse.grading.bundle import mistakes_beside
from paramcourse.grading.compare import (
    call,
    check_cases,
    close,
    describe,
    fail,
    fmt,
    to_array,
)
from paramcourse.grading.diagnosis import Case, explain, run_case

MISTAKES = mistakes_beside(__file__)


class Layer(NamedTuple):
    """The fans of one layer and the seed of the generator its weights are drawn with."""

    fan_in: int
    fan_out: int
    seed: int


#: The worked example of the notebook: a 400 x 300 layer (120 000 draws; not square, so a
#: transposed result is caught), drawn with ``np.random.default_rng(2024)``.
EXAMPLE = Layer(fan_in=400, fan_out=300, seed=2024)
#: A second visible layer of another shape: a cause is named only when it explains both.
SECOND = Layer(fan_in=250, fan_out=160, seed=2030)
VISIBLE = (EXAMPLE, SECOND)

# ------------------------------------------------------------------------- the four rules


class Rule(NamedTuple):
    """One initializer of the contract: its family and its scale as a function of the fans."""

    name: str
    family: str  # "uniform" (scale is the bound a) or "normal" (scale is the std)
    has_gain: bool
    formula: str

    def scale(self, fan_in: int, fan_out: int, gain: float = 1.0) -> float:
        """The bound ``a`` of a uniform rule or the standard deviation of a normal one."""
        # Variance 2 / fans in both families; a uniform's bound is sqrt(3) times its std.
        base = 6.0 if self.family == "uniform" else 2.0
        if self.name.startswith("xavier"):
            return gain * math.sqrt(base / (fan_in + fan_out))
        return math.sqrt(base / fan_in)

    def std(self, fan_in: int, fan_out: int, gain: float = 1.0) -> float:
        """Standard deviation of one entry: a / sqrt(3) for U(-a, a)."""
        scale = self.scale(fan_in, fan_out, gain)
        return scale / math.sqrt(3.0) if self.family == "uniform" else scale


RULES = {
    "xavier_uniform": Rule("xavier_uniform", "uniform", True, "a = gain * sqrt(6 / (fan_in + fan_out))"),
    "xavier_normal": Rule("xavier_normal", "normal", True, "std = gain * sqrt(2 / (fan_in + fan_out))"),
    "he_uniform": Rule("he_uniform", "uniform", False, "a = sqrt(6 / fan_in)"),
    "he_normal": Rule("he_normal", "normal", False, "std = sqrt(2 / fan_in)"),
}


def _family_text(rule: Rule) -> str:
    if rule.family == "uniform":
        return f"draw from U(-a, a) with {rule.formula}, e.g. rng.uniform(-a, a, size=(fan_in, fan_out))"
    return f"draw from N(0, std^2) with {rule.formula}, e.g. rng.normal(0.0, std, size=(fan_in, fan_out))"


def _case(rule: Rule, fan_in: int, fan_out: int, seed: int, gain: float | None = None) -> Case:
    """``rule.name(fan_in, fan_out, rng)`` with a fresh generator of ``seed`` (the label is the call)."""
    shown = f", gain={fmt(float(gain))}" if gain is not None else ""
    label = f"{rule.name}({fan_in}, {fan_out}, rng=np.random.default_rng({seed}){shown})"
    return Case(label, (fan_in, fan_out, np.random.default_rng(seed)), {} if gain is None else {"gain": gain})


def _visible_cases(rule: Rule) -> list[Case]:
    return [_case(rule, layer.fan_in, layer.fan_out, layer.seed) for layer in VISIBLE]


def _gain(case: Case) -> float:
    return float(case.kwargs.get("gain", 1.0))


# ----------------------------------------------------------------------------- judging draws


def _call_all(func: Callable, cases: Sequence[Case]) -> list[Any]:
    """The student's ``func`` on every case (fresh copies of the arguments), in order."""
    outputs = []
    for case in cases:
        args, kwargs = case.fresh()
        outputs.append(call(func, *args, what=case.label, **kwargs))
    return outputs


def _diagnosed(judge: Callable[[Rule, Case, Any], Any], rule: Rule, cases: Sequence[Case],
               outputs: Sequence[Any], run: Callable[[Callable, Case], Any] = run_case) -> list[Any]:
    """Judge every output in order; at the first failure, the hint names a catalogued mistake
    of ``rule.name`` when one reproduces every output exactly (same seeds, same draws), else it
    stays the observation the judge made. Returns what the judge returned for each output."""
    judged = []
    for case, output in zip(cases, outputs):
        try:
            judged.append(judge(rule, case, output))
        except AssertionError as error:
            cause = explain(cases, outputs, MISTAKES, rule.name, run=run)
            if cause is None:
                raise
            fail(getattr(error, "message", str(error)), cause.hint, cause=cause.name)
    return judged


def _judge_shape(rule: Rule, case: Case, output: Any) -> np.ndarray:
    """The output as a finite float array of shape ``(fan_in, fan_out)``."""
    fan_in, fan_out = case.args[:2]
    W = to_array(output, f"the result of {case.label}", (fan_in, fan_out), "(fan_in, fan_out)")
    if not np.all(np.isfinite(W)):
        fail(f"{case.label} contains NaN or inf.", _family_text(rule) + ".")
    return W


def _judge_tiny(rule: Rule, case: Case, output: Any) -> np.ndarray:
    """:func:`_judge_shape`, and within ``[-a, a]`` for a uniform."""
    W = _judge_shape(rule, case, output)
    if rule.family == "uniform" and W.size:
        bound = rule.scale(*case.args[:2], _gain(case))
        largest = float(np.max(np.abs(W)))
        if largest > bound * (1 + 1e-12):
            fail(f"{case.label} has an entry of size {largest:.5g}, beyond the bound a = {bound:.5g}: {fmt(W)}.",
                 f"a uniform U(-a, a) never leaves [-a, a]: {_family_text(rule)}.")
    return W


def _judge_distribution(rule: Rule, case: Case, output: Any) -> np.ndarray:
    """Shape, centre, symmetry, spread and family of one large sample."""
    fan_in, fan_out = case.args[:2]
    what = case.label
    W = to_array(output, f"the result of {what}", (fan_in, fan_out), "(fan_in, fan_out)")
    gain = _gain(case)
    values = W.ravel()
    N = values.size
    std_expected = rule.std(fan_in, fan_out, gain)
    scale = rule.scale(fan_in, fan_out, gain)
    family = _family_text(rule)
    if not np.all(np.isfinite(values)):
        fail(f"{what} contains NaN or inf.", family + ".")
    distinct = np.unique(values).size
    if distinct < 0.99 * N:
        fail(f"{what} repeats values: only {distinct} distinct entries out of {N}.",
             f"every entry must be an independent draw: {family}.")

    mean = float(values.mean())
    std = float(values.std())
    tolerance = 6.0 * std_expected / math.sqrt(N)
    if abs(mean) > tolerance:
        fail(f"the entries of {what} have mean {mean:.4g}, but they should be centred on 0 "
             f"(tolerance {tolerance:.2g} for {N} draws of standard deviation {std_expected:.4g}).",
             f"the distribution must be symmetric around 0: {family}.")
    positive = float(np.mean(values > 0))
    skew = float(np.mean((values - mean) ** 3)) / std**3 if std > 0 else 0.0
    if abs(positive - 0.5) > 6 * 0.5 / math.sqrt(N) or abs(skew) > 6 * math.sqrt(6.0 / N):
        fail(f"the entries of {what} are not symmetric around 0 (fraction positive {positive:.4f}, "
             f"skewness {skew:.3f}).", family + ".")

    # Spread: the relative standard error of a sample std is sqrt((kurtosis - 1) / (4 N)).
    kurt_expected = 1.8 if rule.family == "uniform" else 3.0
    rel_tol = 6.0 * math.sqrt((kurt_expected - 1.0) / (4.0 * N)) + 1e-3
    ratio = std / std_expected
    if abs(ratio - 1.0) > rel_tol:
        if rule.family == "uniform":
            spread = (f"U(-a, a) has standard deviation a / sqrt(3); with {rule.formula} = {scale:.5g} "
                      f"here, the entries should have standard deviation {std_expected:.5g}")
        else:
            spread = (f"the entries of N(0, std^2) have standard deviation {rule.formula} = "
                      f"{std_expected:.5g} here; rng.normal(loc, scale) takes the standard deviation as scale")
        fail(f"the entries of {what} have standard deviation {std:.5g}, expected {std_expected:.5g}: "
             f"{ratio:.4g} times the expected value (the ratio of the variances is {ratio**2:.4g}; "
             f"relative tolerance {rel_tol:.2%}).", f"{spread}.")

    # Family: a uniform is bounded by a and reaches it; a normal has kurtosis 3.
    kurt = float(np.mean((values - mean) ** 4)) / std**4
    largest = float(np.max(np.abs(values)))
    if rule.family == "uniform":
        if largest > scale * (1 + 1e-12):
            fail(f"{what} has an entry of size {largest:.5g}, beyond the bound a = {scale:.5g} (the "
                 f"kurtosis of the entries is {kurt:.3f}; a uniform has 1.8, a normal 3).",
                 f"a uniform U(-a, a) never leaves [-a, a]: {family}.")
        if largest < 0.99 * scale or abs(kurt - 1.8) > 0.1:
            fail(f"the entries of {what} do not fill [-a, a] evenly (largest |entry| {largest:.5g} "
                 f"for a = {scale:.5g}, kurtosis {kurt:.3f} where a uniform has 1.8).", family + ".")
    else:
        tolerance = 6.0 * math.sqrt(24.0 / N) + 0.02
        if abs(kurt - 3.0) > tolerance:
            fail(f"the entries of {what} have kurtosis {kurt:.3f}, but a normal distribution has 3 "
                 f"(tolerance {tolerance:.2f}; a uniform has 1.8).", family + ".")
    return W


def _check_distribution(func: Callable, rule: Rule, cases: Sequence[Case]) -> None:
    """Call ``func`` on every case, then judge the distribution of each sample."""
    _diagnosed(_judge_distribution, rule, cases, _call_all(func, cases))


# ------------------------------------------------------------------------------ using rng only

#: The fans of the rng checks (two shapes, so that a cause can be named) and the seed the check
#: gives np.random's global state before each call, to see whether the call draws from it.
RNG_SHAPES = ((30, 20), (12, 45))
GLOBAL_SEED = 12345
GLOBAL_HINT = ("draw with the rng argument only (rng.uniform, rng.normal, rng.standard_normal, rng.random); "
               "np.random.uniform, np.random.randn and the like draw from NumPy's global generator, "
               "which breaks reproducibility.")


def _global_changed(before: tuple, after: tuple) -> bool:
    return not (before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:])


def _seeded_run(func: Callable, case: Case) -> Any:
    """Run a catalogued mistake as the check ran the student's code: with np.random's global
    state seeded to ``GLOBAL_SEED`` (and restored afterwards)."""
    saved = np.random.get_state()
    np.random.seed(GLOBAL_SEED)
    try:
        return run_case(func, case)
    finally:
        np.random.set_state(saved)


def _check_rng_use(func: Callable, rule: Rule) -> None:
    """Reproducible with the same seed, different with another, drawing from the given rng, and
    the global state untouched."""
    gain = 1.0 if rule.has_gain else None
    cases = [_case(rule, fan_in, fan_out, 7, gain) for fan_in, fan_out in RNG_SHAPES]
    saved = np.random.get_state()
    first: list[Any] = []
    changed: Case | None = None
    try:
        for case in cases:
            np.random.seed(GLOBAL_SEED)
            before = np.random.get_state()
            args, kwargs = case.fresh()
            first.append(call(func, *args, what=case.label, **kwargs))
            if changed is None and _global_changed(before, np.random.get_state()):
                changed = case
    finally:
        np.random.set_state(saved)
    if changed is not None:
        cause = explain(cases, first, MISTAKES, rule.name, run=_seeded_run)
        fail(f"{changed.label} changed the global np.random state.", cause.hint if cause else GLOBAL_HINT,
             cause=cause.name if cause else None)
    arrays = _diagnosed(_judge_shape, rule, cases, first)

    again = _call_all(func, cases)
    for case, array, output in zip(cases, arrays, again):
        if not np.array_equal(array, to_array(output, f"the result of {case.label}"), equal_nan=True):
            fail(f"two calls of {case.label}, each with a fresh generator of the same seed, gave different "
                 "arrays: the result is not reproducible.",
                 "every draw must come from the rng argument (no np.random.default_rng() without a seed, no "
                 "other source of randomness), so that the same seed always gives the same weights.")

    others = [_case(rule, fan_in, fan_out, 8, gain) for fan_in, fan_out in RNG_SHAPES]
    third = _call_all(func, others)
    for case, other, array, output in zip(cases, others, arrays, third):
        if np.array_equal(array, to_array(output, f"the result of {other.label}"), equal_nan=True):
            cause = explain([*cases, *others], [*first, *third], MISTAKES, rule.name)
            fail(f"{case.label} and {other.label} gave the same array: the result does not depend on rng.",
                 cause.hint if cause else "every draw must come from the rng argument: generators with "
                 "different seeds must give different weights.", cause=cause.name if cause else None)

    fan_in, fan_out = RNG_SHAPES[0]
    rng = np.random.default_rng(9)
    state = rng.bit_generator.state
    call(func, fan_in, fan_out, rng, what=f"{rule.name}({fan_in}, {fan_out}, rng)")
    if rng.bit_generator.state == state:
        fail(f"{rule.name}({fan_in}, {fan_out}, rng) left the state of rng unchanged: it drew nothing "
             "from the generator it was given.",
             "draw with the rng argument itself (rng.uniform(...), rng.normal(...)), so that successive "
             "calls continue its stream of numbers.")


# ------------------------------------------------------------------------------ xavier_uniform


def check_xavier_uniform_distribution(xavier_uniform: Callable) -> None:
    """``xavier_uniform(400, 300, rng)`` and ``(250, 160)``: shape (fan_in, fan_out), centred,
    symmetric, the right spread (a = gain * sqrt(6 / (fan_in + fan_out))) and uniform."""
    rule = RULES["xavier_uniform"]
    _check_distribution(xavier_uniform, rule, _visible_cases(rule))


def check_xavier_uniform_rng(xavier_uniform: Callable) -> None:
    """``xavier_uniform`` draws with the given rng only: reproducible with the same seed,
    different with another, the global np.random state unchanged."""
    _check_rng_use(xavier_uniform, RULES["xavier_uniform"])


# ------------------------------------------------------------------------------- xavier_normal


def check_xavier_normal_distribution(xavier_normal: Callable) -> None:
    """``xavier_normal(400, 300, rng)`` and ``(250, 160)``: shape, centred, symmetric, the right
    spread (std = gain * sqrt(2 / (fan_in + fan_out))) and normal tails."""
    rule = RULES["xavier_normal"]
    _check_distribution(xavier_normal, rule, _visible_cases(rule))


def check_xavier_normal_rng(xavier_normal: Callable) -> None:
    """``xavier_normal`` draws with the given rng only: reproducible with the same seed,
    different with another, the global np.random state unchanged."""
    _check_rng_use(xavier_normal, RULES["xavier_normal"])


# --------------------------------------------------------------------------------- he_uniform


def check_he_uniform_distribution(he_uniform: Callable) -> None:
    """``he_uniform(400, 300, rng)`` and ``(250, 160)``: shape, centred, symmetric, the right
    spread (a = sqrt(6 / fan_in)) and uniform."""
    rule = RULES["he_uniform"]
    _check_distribution(he_uniform, rule, _visible_cases(rule))


def check_he_uniform_rng(he_uniform: Callable) -> None:
    """``he_uniform`` draws with the given rng only: reproducible with the same seed, different
    with another, the global np.random state unchanged."""
    _check_rng_use(he_uniform, RULES["he_uniform"])


# ---------------------------------------------------------------------------------- he_normal


def check_he_normal_distribution(he_normal: Callable) -> None:
    """``he_normal(400, 300, rng)`` and ``(250, 160)``: shape, centred, symmetric, the right
    spread (std = sqrt(2 / fan_in)) and normal tails."""
    rule = RULES["he_normal"]
    _check_distribution(he_normal, rule, _visible_cases(rule))


def check_he_normal_rng(he_normal: Callable) -> None:
    """``he_normal`` draws with the given rng only: reproducible with the same seed, different
    with another, the global np.random state unchanged."""
    _check_rng_use(he_normal, RULES["he_normal"])


# ---------------------------------------------------------------------------- activation_stds


class Network(NamedTuple):
    """An input batch ``X`` and the weight matrices of a bias-free network."""

    X: np.ndarray
    weights: list[np.ndarray]
    label: str


_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda h: h,
    "tanh": np.tanh,
    "relu": lambda h: np.maximum(h, 0.0),
}
STDS_FORMULA = ("start from h = X; for each W in weights set h = activation(h @ W) and record the "
                "standard deviation of all entries of h (np.std(h)) after the activation; one entry per "
                "layer, the input's not included")


def _layers(sizes: list[int], seed: int, scale: str) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        std = math.sqrt(2.0 / fan_in) if scale == "he" else math.sqrt(2.0 / (fan_in + fan_out))
        layers.append(rng.normal(0.0, std, size=(fan_in, fan_out)))
    return layers


#: The worked example of ``activation_stds`` (``X_example``, ``weights_example`` in the notebook):
#: 200 standard-normal samples of width 64 through four He-initialized layers of width 64.
NETWORK_EXAMPLE = Network(np.random.default_rng(31).standard_normal((200, 64)), _layers([64] * 5, 32, "he"),
                          "the example network (X_example of shape (200, 64), four layers of width 64)")
#: A second visible network of another shape: 30 samples of width 8, layers 8 -> 16 -> 12.
NETWORK_SECOND = Network(np.random.default_rng(35).standard_normal((30, 8)), _layers([8, 16, 12], 36, "he"),
                         "a second network (X of shape (30, 8), layers 8 -> 16 -> 12)")


def _propagate(X: np.ndarray, weights: Sequence[np.ndarray], activation: Any, ddof: int = 0) -> np.ndarray:
    """The reference: ``np.std(h, ddof=ddof)`` after each layer."""
    act = activation if callable(activation) else _ACTIVATIONS[activation]
    h, out = X, []
    for W in weights:
        h = act(h @ W)
        out.append(float(np.std(h, ddof=ddof)))
    return np.array(out)


def _stds_case(network: Network, activation: Any, X: np.ndarray | None = None,
               weights: list[np.ndarray] | None = None, label: str | None = None) -> Case:
    shown = f"activation={activation!r}" if isinstance(activation, str) else "a callable activation (a leaky ReLU)"
    X = network.X if X is None else X
    weights = network.weights if weights is None else weights
    return Case(f"{label or network.label} with {shown}", (X, weights, activation))


def _convert_stds(result: Any, case: Case, what: str) -> np.ndarray:
    """One float per layer; ``np.std(h, ddof=1)`` is accepted as an equally valid estimate."""
    X, weights, activation = case.args
    n_layers = len(weights)
    if type(result) not in (list, tuple, np.ndarray):
        fail(f"{what} should return a list of floats; got {describe(result)}.",
             "collect one standard deviation per layer in a list and return it.")
    length = len(result) if type(result) in (list, tuple) else (result.shape[0] if np.ndim(result) == 1 else None)
    if length is not None and length != n_layers:
        fail(f"{what} returned {length} values for {n_layers} layers.", f"{STDS_FORMULA}.")
    got = to_array(result, f"the result of {what}", (n_layers,), "one entry per layer")
    if close(got, _propagate(X, weights, activation, ddof=1), rtol=1e-7, atol=1e-12):
        return _propagate(X, weights, activation)  # the sample standard deviation is fine too
    return got


def _check_stds(activation_stds: Callable, cases: Sequence[Case]) -> None:
    check_cases(activation_stds, "activation_stds", cases, lambda c: _propagate(*c.args),
                formula=STDS_FORMULA, catalogue=MISTAKES, convert=_convert_stds, rtol=1e-7, atol=1e-12)


def check_activation_stds_values(activation_stds: Callable) -> None:
    """The example network (four He-initialized layers of width 64 on standard-normal inputs)
    with ``"relu"``, ``"tanh"`` and ``"linear"``, and a smaller second network: one standard
    deviation per layer, after the activation."""
    cases = [_stds_case(NETWORK_EXAMPLE, activation) for activation in ("relu", "tanh", "linear")]
    cases += [_stds_case(NETWORK_SECOND, activation) for activation in ("relu", "tanh")]
    _check_stds(activation_stds, cases)




#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[str, ...]] = {
    "xavier_uniform": ("check_xavier_uniform_distribution", "check_xavier_uniform_rng", "check_xavier_uniform_hidden"),
    "xavier_normal": ("check_xavier_normal_distribution", "check_xavier_normal_rng", "check_xavier_normal_hidden"),
    "he_uniform": ("check_he_uniform_distribution", "check_he_uniform_rng", "check_he_uniform_hidden"),
    "he_normal": ("check_he_normal_distribution", "check_he_normal_rng", "check_he_normal_hidden"),
    "activation_stds": ("check_activation_stds_values", "check_activation_stds_hidden"),
}
