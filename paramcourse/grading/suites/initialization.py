r"""Checks of the ``initialization`` assignment: Xavier/Glorot and He/Kaiming initializers and
the layer-by-layer spread of activations.

Contract (design.md): each initializer returns an array of shape ``(fan_in, fan_out)`` drawn
with the given ``rng`` only; ``xavier_uniform`` is ``U(-a, a)`` with
``a = gain * sqrt(6 / (fan_in + fan_out))``, ``xavier_normal`` is ``N(0, std^2)`` with
``std = gain * sqrt(2 / (fan_in + fan_out))``, ``he_uniform`` has ``a = sqrt(6 / fan_in)`` and
``he_normal`` has ``std = sqrt(2 / fan_in)``.

A random initializer is judged by its distribution, never by its exact numbers, so that
``rng.uniform(-a, a, ...)``, ``a * (2 * rng.random(...) - 1)``, ``rng.normal(0, std, ...)`` and
``std * rng.standard_normal(...)`` all pass. With ``N = fan_in * fan_out = 120 000`` draws each
statistic is tested against a tolerance of at least six standard errors, so a correct answer
fails with a probability below one in a hundred million per statistic (and the seeds are fixed,
so a given answer always gets the same verdict), while every catalogued mistake is off by far
more (a wrong fan is 15 % off in spread, a uniform has kurtosis 1.8 against a normal's 3).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from ..compare import (
    assert_close,
    assert_unchanged,
    call,
    close,
    diagnose,
    fail,
    fmt,
    to_array,
)

__all__ = [
    "CHECKS",
    "check_activation_stds_hidden",
    "check_activation_stds_values",
    "check_he_normal_distribution",
    "check_he_normal_hidden",
    "check_he_normal_rng",
    "check_he_uniform_distribution",
    "check_he_uniform_hidden",
    "check_he_uniform_rng",
    "check_xavier_normal_distribution",
    "check_xavier_normal_hidden",
    "check_xavier_normal_rng",
    "check_xavier_uniform_distribution",
    "check_xavier_uniform_hidden",
    "check_xavier_uniform_rng",
]

FAN_IN, FAN_OUT = 400, 300  # 120 000 draws; not square, so a transposed result is caught
_SEED = 2024

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


def _spread_variants(rule: Rule, fan_in: int, fan_out: int, gain: float) -> list[tuple[float, str]]:
    """Known wrong standard deviations of one entry, each with the mistake it reveals."""
    to_std = (lambda a: a / math.sqrt(3.0)) if rule.family == "uniform" else (lambda s: s)
    total = fan_in + fan_out
    out: list[tuple[float, str]] = []
    if rule.name.startswith("xavier"):
        base = 6.0 if rule.family == "uniform" else 2.0
        other = 2.0 if rule.family == "uniform" else 6.0
        out += [
            (to_std(gain * math.sqrt(base / fan_in)), "you used fan_in alone (the He rule): Xavier "
             "uses fan_in + fan_out."),
            (to_std(gain * math.sqrt(base / fan_out)), "you used fan_out alone: Xavier uses fan_in + "
             "fan_out."),
            (to_std(gain * base / total), "you used the variance as the scale: take the square "
             "root, " + rule.formula + "."),
            (to_std(gain * math.sqrt(other / total)), "the constant under the square root is "
             f"{base:g} for the {rule.family} version ({rule.formula}); "
             + ("the bound of a uniform is sqrt(3) times its standard deviation."
                if rule.family == "uniform" else "sqrt(6 / ...) is the uniform bound, not the std.")),
            (to_std(gain * math.sqrt(base / (2 * total))), f"the constant is {base:g}, not "
             f"{base / 2:g}: {rule.formula}."),
            (to_std(gain * math.sqrt(1.0 / total)), f"{rule.formula}."),
        ]
        if gain != 1.0:
            out += [
                (to_std(math.sqrt(base / total)), "gain was ignored: multiply the scale by gain."),
                (to_std(gain**2 * math.sqrt(base / total)), "multiply by gain, not gain squared."),
                (to_std(math.sqrt(gain * base / total)), "multiply the scale by gain, not the "
                 "quantity under the square root."),
            ]
    else:
        base = 6.0 if rule.family == "uniform" else 2.0
        other = 2.0 if rule.family == "uniform" else 6.0
        out += [
            (to_std(math.sqrt(base / fan_out)), "you used fan_out instead of fan_in: He "
             "initialization keeps the forward signal's variance, which depends on fan_in."),
            (to_std(math.sqrt(base / total)), "that is the Xavier rule (fan_in + fan_out): He "
             "uses fan_in alone."),
            (to_std(base / fan_in), "you used the variance as the scale: take the square root, "
             + rule.formula + "."),
            (to_std(math.sqrt(base / 2 / fan_in)), f"the factor 2 for ReLU is missing "
             f"({rule.formula}); sqrt({base / 2:g} / fan_in) is LeCun's rule."),
            (to_std(math.sqrt(other / fan_in)), "the constant under the square root is "
             f"{base:g} for the {rule.family} version ({rule.formula}); "
             + ("the bound of a uniform is sqrt(3) times its standard deviation."
                if rule.family == "uniform" else "sqrt(6 / fan_in) is the uniform bound, not the std.")),
        ]
    return out


# ----------------------------------------------------------------------------- statistics


def _draw(func: Callable, rule: Rule, fan_in: int, fan_out: int, seed: int, gain: float | None) -> tuple[np.ndarray, str]:
    rng = np.random.default_rng(seed)
    args = f"fan_in={fan_in}, fan_out={fan_out}, rng=np.random.default_rng({seed})"
    if gain is None:
        what = f"{rule.name}({args})"
        result = call(func, fan_in, fan_out, rng, what=what)
    else:
        what = f"{rule.name}({args}, gain={fmt(gain)})"
        result = call(func, fan_in, fan_out, rng, gain=gain, what=what)
    W = to_array(result, f"the result of {what}", (fan_in, fan_out), "(fan_in, fan_out)")
    return W, what


def _check_distribution(func: Callable, rule: Rule, fan_in: int, fan_out: int, seed: int,
                        gain: float | None) -> None:
    """Shape, centre, symmetry, spread and family of one large sample."""
    W, what = _draw(func, rule, fan_in, fan_out, seed, gain)
    g = 1.0 if gain is None else gain
    values = W.ravel()
    N = values.size
    std_expected = rule.std(fan_in, fan_out, g)
    scale = rule.scale(fan_in, fan_out, g)
    family = _family_text(rule)
    if not np.all(np.isfinite(values)):
        fail(f"{what} contains NaN or inf.", family + ".")
    if np.unique(values).size < 0.99 * N:
        fail(f"{what} repeats values: only {np.unique(values).size} distinct entries out of {N}.",
             "draw every entry independently with one call of size (fan_in, fan_out); do not "
             "repeat one row or column.")

    mean = float(values.mean())
    std = float(values.std())
    if abs(mean) > 6.0 * std_expected / math.sqrt(N):
        fail(f"the entries of {what} have mean {mean:.4g}, but they should be centred on 0 "
             f"(tolerance {6.0 * std_expected / math.sqrt(N):.2g}).",
             "the distribution must be symmetric around 0: " + family
             + (" (not rng.uniform(0, a), and not rng.random() * a)." if rule.family == "uniform" else "."))
    positive = float(np.mean(values > 0))
    skew = float(np.mean((values - mean) ** 3)) / std**3 if std > 0 else 0.0
    if abs(positive - 0.5) > 6 * 0.5 / math.sqrt(N) or abs(skew) > 6 * math.sqrt(6.0 / N):
        fail(f"the entries of {what} are not symmetric around 0 (fraction positive {positive:.4f}, "
             f"skewness {skew:.3f}).", family + ".")

    # Spread: the relative standard error of a sample std is sqrt((kurtosis - 1) / (4 N)).
    kurt_expected = 1.8 if rule.family == "uniform" else 3.0
    rel_tol = 6.0 * math.sqrt((kurt_expected - 1.0) / (4.0 * N)) + 1e-3
    if abs(std / std_expected - 1.0) > rel_tol:
        hint = f"the standard deviation of the entries is set by the scale: {rule.formula}."
        for wrong_std, text in _spread_variants(rule, fan_in, fan_out, g):
            if abs(std / wrong_std - 1.0) <= 3 * rel_tol:
                hint = text
                break
        else:
            if rule.family == "uniform" and abs(std / scale - 1.0) <= 3 * rel_tol:
                hint = ("your entries have standard deviation a: that is a normal with std a, or "
                        "a bound that is sqrt(3) too large; " + family + ".")
        fail(f"the entries of {what} have standard deviation {std:.5g}, expected "
             f"{std_expected:.5g} (relative tolerance {rel_tol:.2%}).", hint)

    # Family: a uniform is bounded by a and reaches it; a normal has kurtosis 3.
    kurt = float(np.mean((values - mean) ** 4)) / std**4
    largest = float(np.max(np.abs(values)))
    if rule.family == "uniform":
        if largest > scale * (1 + 1e-12):
            fail(f"{what} has an entry of size {largest:.5g}, beyond the bound a = {scale:.5g}.",
                 "a uniform U(-a, a) never leaves [-a, a]; entries beyond it mean another "
                 "distribution (a normal?): " + family + ".")
        if largest < 0.99 * scale or abs(kurt - 1.8) > 0.1:
            fail(f"the entries of {what} do not fill [-a, a] evenly (largest |entry| {largest:.5g} "
                 f"for a = {scale:.5g}, kurtosis {kurt:.3f} where a uniform has 1.8).", family + ".")
    else:
        if abs(kurt - 3.0) > 6.0 * math.sqrt(24.0 / N) + 0.02:
            looks = " (about 1.8: a uniform)" if abs(kurt - 1.8) < 0.2 else ""
            fail(f"the entries of {what} have kurtosis {kurt:.3f}{looks}, but a normal "
                 "distribution has 3.", "draw from a normal (Gaussian), not a uniform or a "
                 "truncated distribution: " + family + ".")


def _check_rng_use(func: Callable, rule: Rule) -> None:
    """Reproducible with the same seed, different with another, and the global state untouched."""
    fan_in, fan_out = 30, 20
    gain = 1.0 if rule.has_gain else None
    saved = np.random.get_state()
    try:
        np.random.seed(12345)
        before = np.random.get_state()
        first, what = _draw(func, rule, fan_in, fan_out, 7, gain)
        after = np.random.get_state()
        changed = not (before[0] == after[0] and np.array_equal(before[1], after[1])
                       and before[2:] == after[2:])
    finally:
        np.random.set_state(saved)
    if changed:
        fail(f"{what} changed the global np.random state.",
             "use the rng argument for every random draw (rng.uniform, rng.normal, "
             "rng.standard_normal, rng.random), never np.random.uniform / np.random.randn, which "
             "use the global generator and break reproducibility.")
    second, _ = _draw(func, rule, fan_in, fan_out, 7, gain)
    if not np.array_equal(first, second):
        fail(f"two calls of {what} with fresh generators of the same seed gave different arrays.",
             "the result must be reproducible: draw with the rng argument only, not with a new "
             "np.random.default_rng() or other unseeded randomness.")
    third, other = _draw(func, rule, fan_in, fan_out, 8, gain)
    if np.array_equal(first, third):
        fail(f"{what} and {other} gave the same array: the result does not depend on rng.",
             "use the rng argument you are given; do not create your own generator (e.g. "
             "np.random.default_rng(0)) inside the function.")
    rng = np.random.default_rng(9)
    state = rng.bit_generator.state
    call(func, fan_in, fan_out, rng, what=f"{rule.name}(..., rng)")
    if rng.bit_generator.state == state:
        fail(f"{rule.name} did not draw anything from the rng it was given.",
             "use the rng argument for the random draws.")


def _check_small_shapes(func: Callable, rule: Rule) -> None:
    gain = 1.0 if rule.has_gain else None
    for fan_in, fan_out in ((1, 1), (3, 2), (2, 5)):
        W, what = _draw(func, rule, fan_in, fan_out, 11, gain)
        if rule.family == "uniform":
            bound = rule.scale(fan_in, fan_out)
            if np.max(np.abs(W)) > bound * (1 + 1e-12):
                fail(f"{what} has an entry beyond the bound a = {bound:.5g}: {fmt(W)}.",
                     _family_text(rule) + ".")


def _distribution_check(name: str) -> Callable[[Callable], None]:
    rule = RULES[name]

    def check(func: Callable) -> None:
        _check_distribution(func, rule, FAN_IN, FAN_OUT, _SEED, None)

    check.__name__ = f"check_{name}_distribution"
    check.__qualname__ = check.__name__
    check.__doc__ = (f"``{name}(400, 300, rng)``: shape (fan_in, fan_out), centred, symmetric, "
                     f"the right spread ({rule.formula}) and the {rule.family} family.")
    return check


def _rng_check(name: str) -> Callable[[Callable], None]:
    rule = RULES[name]

    def check(func: Callable) -> None:
        _check_rng_use(func, rule)

    check.__name__ = f"check_{name}_rng"
    check.__qualname__ = check.__name__
    check.__doc__ = (f"``{name}`` draws with the given rng only: reproducible with the same seed, "
                     "different with another, the global np.random state unchanged.")
    return check


def _hidden_check(name: str) -> Callable[[Callable], None]:
    rule = RULES[name]

    def check(func: Callable) -> None:
        if rule.has_gain:
            _check_distribution(func, rule, 300, 500, _SEED + 1, 2.0)
            _check_distribution(func, rule, 600, 250, _SEED + 2, math.sqrt(2.0))
        else:
            _check_distribution(func, rule, 300, 500, _SEED + 1, None)
            _check_distribution(func, rule, 1200, 100, _SEED + 2, None)
        _check_small_shapes(func, rule)

    check.__name__ = f"check_{name}_hidden"
    check.__qualname__ = check.__name__
    check.__doc__ = (f"``{name}`` on other fans" + (" and gains" if rule.has_gain else "")
                     + ", and tiny shapes such as (1, 1).")
    return check


check_xavier_uniform_distribution = _distribution_check("xavier_uniform")
check_xavier_uniform_rng = _rng_check("xavier_uniform")
check_xavier_uniform_hidden = _hidden_check("xavier_uniform")
check_xavier_normal_distribution = _distribution_check("xavier_normal")
check_xavier_normal_rng = _rng_check("xavier_normal")
check_xavier_normal_hidden = _hidden_check("xavier_normal")
check_he_uniform_distribution = _distribution_check("he_uniform")
check_he_uniform_rng = _rng_check("he_uniform")
check_he_uniform_hidden = _hidden_check("he_uniform")
check_he_normal_distribution = _distribution_check("he_normal")
check_he_normal_rng = _rng_check("he_normal")
check_he_normal_hidden = _hidden_check("he_normal")

# ---------------------------------------------------------------------------- activation_stds

_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda h: h,
    "tanh": np.tanh,
    "relu": lambda h: np.maximum(h, 0.0),
}
STDS_FORMULA = ("start from h = X; for each W in weights set h = activation(h @ W) and record the "
                "standard deviation of all entries of h (np.std(h)) after the activation")


def _propagate(X, weights, activation, *, before: bool = False, ddof: int = 0, variance: bool = False,
               per_unit: bool = False, include_input: bool = False, ignore_activation: bool = False,
               ) -> np.ndarray:
    """Reference spreads; the keyword flags build in one known mistake each."""
    act = activation if callable(activation) else _ACTIVATIONS[activation]
    if ignore_activation:
        act = _ACTIVATIONS["linear"]
    h = X
    out = [float(np.std(h, ddof=ddof))] if include_input else []
    for W in weights:
        z = h @ W
        h = act(z)
        target = z if before else h
        if per_unit:
            value = float(np.mean(np.std(target, axis=0, ddof=ddof)))
        else:
            value = float(np.std(target, ddof=ddof))
        out.append(value**2 if variance else value)
    return np.array(out)


def _layers(sizes: list[int], seed: int, scale: str) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        std = math.sqrt(2.0 / fan_in) if scale == "he" else math.sqrt(2.0 / (fan_in + fan_out))
        layers.append(rng.normal(0.0, std, size=(fan_in, fan_out)))
    return layers


def _check_stds_case(activation_stds: Callable, X: np.ndarray, weights: list[np.ndarray],
                     activation, label: str) -> None:
    act_text = activation if isinstance(activation, str) else "a callable"
    what = f"activation_stds(X, weights, {act_text!r}) on {label}" if isinstance(activation, str) \
        else f"activation_stds(X, weights, activation) with {act_text} on {label}"
    result = call(activation_stds, X.copy(), [W.copy() for W in weights], activation, what=what)
    if type(result) not in (list, tuple, np.ndarray):
        fail(f"{what} should return a list of floats; got {fmt(result)}.",
             "collect one standard deviation per layer in a list and return it.")
    n_layers = len(weights)
    if type(result) in (list, tuple) and len(result) != n_layers:
        hint = (f"return one entry per layer ({n_layers} layers), starting after the first layer; "
                "do not include the spread of X itself." if len(result) == n_layers + 1
                else f"return one entry per layer: {STDS_FORMULA}.")
        fail(f"{what} returned {len(result)} values for {n_layers} layers.", hint)
    got = to_array(result, f"the result of {what}", (n_layers,), "one entry per layer")
    expected = _propagate(X, weights, activation)
    if close(got, _propagate(X, weights, activation, ddof=1), rtol=1e-7):
        return  # np.std(h, ddof=1) is an equally valid estimate of the spread
    variants = [
        (_propagate(X, weights, activation, before=True), "you recorded the spread before the "
         "activation: apply the activation first, then take the standard deviation of h."),
        (_propagate(X, weights, activation, variance=True), "you recorded the variance: take the "
         "standard deviation (np.std), not np.var."),
        (_propagate(X, weights, activation, per_unit=True), "take the standard deviation of all "
         "entries of h (np.std(h)), not the average of per-unit standard deviations."),
        (_propagate(X, weights, activation, ignore_activation=True), "the activation was not "
         "applied: h = activation(h @ W), with 'tanh' -> np.tanh and 'relu' -> max(h, 0)."),
        (_propagate(X, weights, activation, include_input=True)[:-1], "the list is shifted by one "
         "layer: record the spread after each layer, not the input's."),
    ]
    hint = diagnose(got, variants, f"{STDS_FORMULA}.", rtol=1e-6)
    assert_close(got, expected, what, hint, rtol=1e-7, atol=1e-12)


def _example() -> tuple[np.ndarray, list[np.ndarray]]:
    X = np.random.default_rng(31).standard_normal((200, 64))
    return X, _layers([64, 64, 64, 64, 64], 32, "he")


def check_activation_stds_values(activation_stds: Callable) -> None:
    """Four He-initialized layers of width 64 on standard-normal inputs, with ``"relu"``,
    ``"tanh"`` and ``"linear"``: one standard deviation per layer, after the activation."""
    X, weights = _example()
    for activation in ("relu", "tanh", "linear"):
        _check_stds_case(activation_stds, X, weights, activation, "4 layers of width 64")


def check_activation_stds_hidden(activation_stds: Callable) -> None:
    """A callable activation, layers of changing width, one layer, one sample; ``X`` and the
    weights are not modified."""
    rng = np.random.default_rng(33)
    X = rng.standard_normal((150, 40))
    weights = _layers([40, 80, 20, 10], 34, "xavier")

    def leaky(h):
        return np.where(h > 0, h, 0.1 * h)

    _check_stds_case(activation_stds, X, weights, leaky, "layers of widths 40 -> 80 -> 20 -> 10 (hidden)")
    _check_stds_case(activation_stds, X, weights, "relu", "layers of widths 40 -> 80 -> 20 -> 10 (hidden)")
    _check_stds_case(activation_stds, X, weights[:1], "tanh", "a single layer (hidden)")
    _check_stds_case(activation_stds, X[:1], weights, "linear", "a single sample (hidden)")
    X_private = X.copy()
    weights_private = [W.copy() for W in weights]
    call(activation_stds, X_private, weights_private, "relu", what="activation_stds on a hidden case")
    assert_unchanged(X, X_private, "X", "activation_stds")
    for index, (W, W_private) in enumerate(zip(weights, weights_private)):
        assert_unchanged(W, W_private, f"weights[{index}]", "activation_stds")


#: The checks of each contract function, in the order the notebook's test cells call them.
CHECKS: dict[str, tuple[Callable[[Callable], None], ...]] = {
    "xavier_uniform": (check_xavier_uniform_distribution, check_xavier_uniform_rng, check_xavier_uniform_hidden),
    "xavier_normal": (check_xavier_normal_distribution, check_xavier_normal_rng, check_xavier_normal_hidden),
    "he_uniform": (check_he_uniform_distribution, check_he_uniform_rng, check_he_uniform_hidden),
    "he_normal": (check_he_normal_distribution, check_he_normal_rng, check_he_normal_hidden),
    "activation_stds": (check_activation_stds_values, check_activation_stds_hidden),
}
