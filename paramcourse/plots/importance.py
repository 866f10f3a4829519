r"""Figures of chapter 15, reading trained parameters: the correlation matrix of the features,
how least squares, ridge and the lasso split a feature's weight with a near-copy of it,
importances with error bars (permutation importance over repeats, impurity importance over
trees), and the importance of a network's own weights (the loss change of removing one weight
against its estimates, accuracy against the fraction of weights pruned); the numbers come from
:mod:`paramcourse.importance`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import (
    as_matrix,
    as_vector,
    check_choice,
)
from paramcourse.importance import TWIN_KINDS
from paramcourse.plots.style import CMAP, GREY, PALETTE, _new_axes, style


def _names(names, d: int) -> list[str]:
    if names is None:
        return [f"x{j + 1}" for j in range(d)]
    names = [str(n) for n in names]
    if len(names) != d:
        raise ValueError(f"names must hold one name per feature ({d}); got {len(names)}")
    return names


# --------------------------------------------------------------------------------------------
# Correlation matrix
# --------------------------------------------------------------------------------------------


def compute_correlation(X, names: Sequence[str] | None = None) -> dict[str, Any]:
    r"""Pearson correlations :math:`r_{jk} = \frac{\sum_i (x_{ij} - \bar x_j)(x_{ik} - \bar x_k)}
    {\sqrt{\sum_i (x_{ij} - \bar x_j)^2 \sum_i (x_{ik} - \bar x_k)^2}}` of the columns of ``X``.

    Parameters
    ----------
    X : array of shape (n, d)
    names : sequence of d str, optional

    Returns
    -------
    dict with ``corr`` (d, d), ``names`` and ``strongest``: the pair ``(name_j, name_k, r)``
    with the largest :math:`\lvert r_{jk} \rvert` off the diagonal.
    """
    X = as_matrix(X, "X")
    if X.shape[0] < 2:
        raise ValueError(f"X must have at least 2 rows to correlate its columns; got {X.shape}")
    std = X.std(axis=0)
    if np.any(std == 0):
        raise ValueError(f"X has constant columns {np.flatnonzero(std == 0).tolist()}: no correlation")
    names = _names(names, X.shape[1])
    Z = (X - X.mean(axis=0)) / std
    corr = np.clip(Z.T @ Z / X.shape[0], -1.0, 1.0)
    off = np.abs(corr - np.eye(corr.shape[0]))
    j, k = np.unravel_index(np.argmax(off), off.shape)
    return {"corr": corr, "names": names, "strongest": (names[j], names[k], float(corr[j, k]))}


def plot_correlation(corr: Mapping[str, Any], ax=None, *, annotate: bool = True,
                     title: str | None = "Correlation between features"):
    """Draw the correlation matrix of :func:`compute_correlation` as a heat map (-1 to 1).

    With ``annotate`` every cell shows its value. The image has ``gid="correlation"``.
    """
    C = np.asarray(corr["corr"])
    names = corr["names"]
    ax = _new_axes(ax, figsize=(6.4, 5.4))
    with style():
        image = ax.imshow(C, cmap=CMAP, vmin=-1.0, vmax=1.0, gid="correlation")
        ticks = np.arange(len(names))
        ax.set_xticks(ticks, names, rotation=90 if len(names) > 12 else 0, fontsize=9)
        ax.set_yticks(ticks, names, fontsize=9)
        ax.grid(False)
        if annotate:
            for (j, k), r in np.ndenumerate(C):
                # viridis is dark below about 0.3 of its range: white text there, black above
                colour = "white" if (r + 1) / 2 < 0.55 else "black"
                ax.text(k, j, f"{r:.1f}".replace("-0.0", "0.0"), ha="center", va="center",
                        fontsize=7.5, color=colour)
        ax.set_xlabel("feature")
        ax.set_ylabel("feature")
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label="correlation r (no unit)")
        if title:
            ax.set_title(title)
    return ax


# --------------------------------------------------------------------------------------------
# Twins: a feature and a noisy copy of it share the weight
# --------------------------------------------------------------------------------------------


def plot_twin_split(split: Mapping[str, Any], ax=None, *, kind: str = "least squares",
                    legend: bool = True):
    """Bars of the weights of a feature and its twin for each draw, for one kind of fit.

    ``split`` holds ``kinds`` (:data:`paramcourse.importance.TWIN_KINDS`), ``coefs`` (3, n_draws, 2):
    the weights of the feature and of its twin per kind and draw, ``alone`` (3,): the feature's
    weight fitted without a twin, and ``name`` (chapter 15 fits them). Black diamonds mark the sum of the
    two weights (``gid="twin-sum"``); the dashed line is the weight without a twin
    (``gid="twin-alone"``).
    """
    kind = check_choice(kind, "kind", TWIN_KINDS)
    m = TWIN_KINDS.index(kind)
    coefs = np.asarray(split["coefs"])[m]
    name = split["name"]
    draws = np.arange(1, coefs.shape[0] + 1)
    ax = _new_axes(ax)
    with style():
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        ax.axhline(split["alone"][m], color=PALETTE["black"], linewidth=1.2, linestyle=(0, (4, 2)),
                   gid="twin-alone", label=f"{name} alone")
        ax.bar(draws - 0.19, coefs[:, 0], width=0.38, color=PALETTE["blue"], label=name,
               edgecolor=PALETTE["black"], linewidth=0.5, gid="twin-original")
        ax.bar(draws + 0.19, coefs[:, 1], width=0.38, color=PALETTE["orange"], label=f"twin of {name}",
               edgecolor=PALETTE["black"], linewidth=0.5, hatch="//", gid="twin-copy")
        ax.plot(draws, coefs.sum(axis=1), linestyle="none", marker="D", color=PALETTE["black"],
                markersize=5, label="sum of the two", gid="twin-sum")
        ax.set_xticks(draws)
        ax.set_xlabel("draw of the twin's noise")
        ax.set_ylabel("weight (per standard deviation)")
        ax.set_title(kind.capitalize() if kind != "least squares" else "Least squares")
        if legend:
            ax.legend(fontsize=8.5, loc="best")
    return ax


# --------------------------------------------------------------------------------------------
# Importances with error bars
# --------------------------------------------------------------------------------------------


def plot_importances(
    result: Mapping[str, Any],
    names: Sequence[str] | None = None,
    ax=None,
    *,
    highlight: Sequence[str] = (),
    sort: bool = False,
    xlabel: str = "importance: drop in R² (no unit)",
    title: str | None = None,
):
    """Horizontal bars of ``importances_mean`` with error bars of one ``importances_std``.

    ``result`` is a dict from :func:`paramcourse.importance.permutation_importance` or
    :func:`paramcourse.importance.impurity_importance` (or scikit-learn's result, which has the
    same keys); without an ``importances_std`` entry (for example drop-column importances,
    ``{"importances_mean": res["importances"]}``) no error bars are drawn. Features named in ``highlight`` are drawn in vermillion with hatching, the
    others in blue. With ``sort`` the largest importance is at the top; otherwise the first
    feature is. Bar ``j`` has ``gid="importance:" + names[j]``.
    """
    mean = as_vector(result["importances_mean"], "importances_mean")
    std = result.get("importances_std")
    if std is not None:
        std = as_vector(std, "importances_std", mean.size, "importances_mean")
    names = _names(names, mean.size)
    order = np.argsort(mean) if sort else np.arange(mean.size)[::-1]
    ax = _new_axes(ax)
    with style():
        ax.axvline(0.0, color=GREY, linewidth=0.8)
        rows = np.arange(mean.size)
        for row, j in zip(rows, order):
            marked = names[j] in highlight
            ax.barh(row, mean[j], xerr=None if std is None else std[j], height=0.7,
                    color=PALETTE["vermillion"] if marked else PALETTE["blue"],
                    hatch="//" if marked else None, edgecolor=PALETTE["black"], linewidth=0.5,
                    error_kw={"ecolor": PALETTE["black"], "capsize": 3, "elinewidth": 1.0},
                    gid="importance:" + names[j])
        ax.set_yticks(rows, [names[j] for j in order], fontsize=9)
        ax.set_ylim(-0.6, mean.size - 0.4)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("feature")
        if title:
            ax.set_title(title)
    return ax



# --------------------------------------------------------------------------------------------
# The importance of parameters: removing weights
# --------------------------------------------------------------------------------------------

#: What :func:`plot_removal_check` can put on the horizontal axis, with its label.
REMOVAL_PREDICTORS: dict[str, str] = {
    "magnitude": "size of the weight |w| (no unit)",
    "estimate": "second-order estimate −g w + ½ H w² (nats)",
}


def _decade_ticks(axis, linthresh: float, largest: float) -> None:
    """Ticks at 0 and at plus and minus powers of ten above ``linthresh`` up to ``largest``: every
    one, or every second one (counted down from the largest) when they span more than three."""
    from matplotlib.ticker import FixedLocator, NullLocator

    low = int(np.ceil(np.log10(linthresh))) + 1
    high = int(np.ceil(np.log10(max(largest, linthresh))))
    step = 2 if high - low >= 3 else 1
    powers = 10.0 ** np.arange(high, low - 1, -step)[::-1]
    axis.set_major_locator(FixedLocator(np.concatenate([-powers[::-1], [0.0], powers])))
    axis.set_minor_locator(NullLocator())


def plot_removal_check(check: Mapping[str, Any], ax=None, *, against: str = "estimate",
                       title: str | None = None):
    """Scatter of the actual change of the training loss when one weight is set to 0 (vertical)
    against a predictor of it (horizontal), one dot per weight.

    ``check`` holds arrays of one length: ``actual`` (the loss change), ``magnitude``
    (:math:`\\lvert w \\rvert`), ``estimate`` (the second-order estimate) and optionally ``unused``
    (bool: removing the weight changes nothing, because its input is always 0 or its unit is never
    active); unused weights are drawn as vermillion crosses (``gid="removal-unused"``), the others as blue
    dots (``gid="removal-used"``). With ``against="estimate"`` the dashed diagonal
    (``gid="removal-diagonal"``) marks a perfect estimate. Both axes are symmetric-log, linear
    within the smallest fifth of a decade of the nonzero changes around 0.
    """
    against = check_choice(against, "against", tuple(REMOVAL_PREDICTORS))
    actual = as_vector(check["actual"], "actual")
    x = as_vector(check[against], against, actual.size, "actual")
    unused = np.asarray(check.get("unused", np.zeros(actual.size, bool)), dtype=bool)
    if unused.shape != actual.shape:
        raise ValueError(f"unused must have shape {actual.shape} like actual; got {unused.shape}")
    nonzero = np.abs(actual[actual != 0])
    linthresh = float(np.quantile(nonzero, 0.2)) if nonzero.size else 1e-6
    ax = _new_axes(ax)
    with style():
        ax.axhline(0.0, color=GREY, linewidth=0.8)
        if against == "estimate":
            span = np.array([min(x.min(), actual.min()), max(x.max(), actual.max())])
            ax.plot(span, span, color=PALETTE["black"], linestyle=(0, (4, 2)), linewidth=1.0,
                    gid="removal-diagonal", label="estimate = actual")
        ax.scatter(x[~unused], actual[~unused], s=14, color=PALETTE["blue"], alpha=0.75,
                   edgecolor="none", gid="removal-used", label="weight")
        if unused.any():
            ax.scatter(x[unused], actual[unused], s=22, marker="x", color=PALETTE["vermillion"],
                       linewidth=1.0, gid="removal-unused", label="weight that does nothing")
        ax.set_yscale("symlog", linthresh=linthresh)
        _decade_ticks(ax.yaxis, linthresh, np.abs(actual).max())
        if against == "estimate":
            ax.set_xscale("symlog", linthresh=linthresh)
            _decade_ticks(ax.xaxis, linthresh, np.abs(x).max())
        ax.set_xlabel(REMOVAL_PREDICTORS[against])
        ax.set_ylabel("actual rise of the training loss\nwhen the weight is set to 0 (nats)")
        if title:
            ax.set_title(title)
        ax.legend(fontsize=8.5, loc="upper left")
    return ax


def plot_pruning_curves(curves: Mapping[str, Any], ax=None, *, title: str | None = None):
    """Test accuracy against the fraction of weights set to 0, one line per pruning criterion.

    ``curves`` holds ``fractions`` (m,), ``accuracy``: a dict mapping a criterion's name to an
    array of shape (n_seeds, m) (one row per trained network), and optionally ``chance``. Each line
    is the mean over the rows, with a band of plus or minus one standard deviation; line ``k`` has
    ``gid="pruning:" + name``. The dotted line (``gid="pruning-chance"``) is the accuracy of
    guessing.
    """
    fractions = as_vector(curves["fractions"], "fractions")
    accuracy = curves["accuracy"]
    if not isinstance(accuracy, Mapping) or not accuracy:
        raise ValueError("accuracy must map each criterion's name to an array of shape (n_seeds, len(fractions))")
    ax = _new_axes(ax)
    with style():
        for k, (name, values) in enumerate(accuracy.items()):
            values = np.atleast_2d(np.asarray(values, dtype=float))
            if values.shape[1] != fractions.size:
                raise ValueError(f"accuracy[{name!r}] must have shape (n_seeds, {fractions.size}); "
                                 f"got {values.shape}")
            mean, std = values.mean(axis=0), values.std(axis=0)
            colour = (PALETTE["blue"], PALETTE["orange"], PALETTE["green"], PALETTE["purple"])[k % 4]
            marker = ("o", "s", "^", "D")[k % 4]
            ax.fill_between(fractions, mean - std, mean + std, color=colour, alpha=0.2, linewidth=0)
            ax.plot(fractions, mean, color=colour, marker=marker, markersize=4, label=name,
                    gid="pruning:" + name)
        if curves.get("chance") is not None:
            ax.axhline(curves["chance"], color=GREY, linestyle=":", linewidth=1.2, gid="pruning-chance",
                       label="guessing")
        ax.set_xlabel("fraction of the weights set to 0")
        ax.set_ylabel("test accuracy (fraction correct)")
        ax.set_ylim(0.0, 1.02)
        if title:
            ax.set_title(title)
        ax.legend(fontsize=8.5, loc="lower left")
    return ax
