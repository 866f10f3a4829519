r"""Figures of data preprocessing (chapter 13): how standardizing features changes the shape of the
least-squares bowl and the speed of gradient descent, how preprocessing fitted on all the data
leaks into cross-validation, and how the choice of preprocessing is made on validation data.

The science is in the concept modules: the scalers, :func:`~paramcourse.preprocessing.make_scaler`
and :func:`~paramcourse.preprocessing.condition_number` in :mod:`paramcourse.preprocessing`, the
exact step count of gradient descent in :func:`paramcourse.optim.gd_steps_to_tolerance`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from paramcourse._validation import as_xy, check_count
from paramcourse.plots.style import COLORS, GREY, PALETTE, _new_axes, style
from paramcourse.preprocessing import SCALERS, make_scaler


def compute_scaling_bowls(X, y, n_steps: int = 30, resolution: int = 121) -> dict[str, Any]:
    r"""The MSE over two weights, raw and standardized, with gradient-descent paths.

    The intercept is at its best value for every ``w`` (the data are centred), so the loss is
    :math:`\frac1n \lVert y_c - X_c w \rVert^2`, a function of ``w = (w1, w2)`` alone. Each path
    runs ``n_steps`` of gradient descent with :math:`\eta = 1/L` from ``w = 0``.

    Returns
    -------
    dict with ``raw`` and ``standardized``, each a dict with ``surface``
    (``{"w", "b", "loss"}`` for :func:`paramcourse.plots.plot_loss_surface`, ``w`` being
    ``w1`` and ``b`` being ``w2``), ``path`` (n_steps + 1, 2), ``minimum`` (2,),
    ``condition`` (:math:`\kappa` of :math:`X_c^\top X_c`) and ``final_excess`` (excess loss after the steps).
    """
    from paramcourse.preprocessing import Standardizer

    X, y = as_xy(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2) to draw the bowl over two weights; got {X.shape}")
    n_steps = check_count(n_steps, "n_steps")
    resolution = check_count(resolution, "resolution", minimum=5)
    out: dict[str, Any] = {}
    for name, Z in (("raw", X), ("standardized", Standardizer().fit_transform(X))):
        Zc, yc = Z - Z.mean(axis=0), y - y.mean()
        n = len(yc)
        H = 2.0 * Zc.T @ Zc / n
        eig = np.linalg.eigvalsh(H)
        w_star = np.linalg.solve(Zc.T @ Zc, Zc.T @ yc)
        path = [np.zeros(2)]
        for _ in range(n_steps):
            w = path[-1]
            path.append(w - (1.0 / eig[-1]) * (2.0 / n) * Zc.T @ (Zc @ w - yc))
        path = np.array(path)
        span = 1.25 * np.max(np.abs(np.vstack([path, [[0.0, 0.0]]]) - w_star), axis=0).max()
        g1 = np.linspace(w_star[0] - span, w_star[0] + span, resolution)
        g2 = np.linspace(w_star[1] - span, w_star[1] + span, resolution)
        W1, W2 = np.meshgrid(g1, g2)
        W = np.stack([W1.ravel(), W2.ravel()], axis=1)
        loss = np.mean((Zc @ W.T - yc[:, None]) ** 2, axis=0).reshape(W1.shape)
        min_loss = np.mean((Zc @ w_star - yc) ** 2)
        final = np.mean((Zc @ path[-1] - yc) ** 2) - min_loss
        out[name] = {"surface": {"w": g1, "b": g2, "loss": loss}, "path": path, "minimum": w_star,
                     "condition": float(eig[-1] / eig[0]), "final_excess": max(float(final), 0.0),
                     "min_loss": float(min_loss)}
    return out


def plot_scaling_bowl(panel: Mapping[str, Any], ax=None, *, title: str | None = None, xlabel: str = "weight w₁",
                      ylabel: str = "weight w₂"):
    """One bowl of :func:`compute_scaling_bowls` (equal axis scales) with its gradient-descent path."""
    from paramcourse.plots.surfaces import plot_loss_surface

    ax = _new_axes(ax)
    plot_loss_surface(panel["surface"], ax, trajectories={"gradient descent": panel["path"]},
                      minimum=tuple(panel["minimum"]), colorbar=False, title=title, xlabel=xlabel,
                      ylabel=ylabel, equal_aspect=True)
    return ax


# --------------------------------------------------------------------------------- leakage


def plot_leakage(data: Mapping[str, Any], ax=None, *, title: str | None = "Cross-validation on pure noise"):
    """Fold accuracies (dots) and their means (bars), with the chance level.

    ``data`` is a dict with ``wrong`` and ``right`` (the fold accuracies of feature selection on
    all rows and inside each fold) and ``chance`` (the accuracy of always predicting the most
    common class).
    """
    ax = _new_axes(ax)
    labels = ["selection on all data\n(wrong)", "selection inside each fold\n(right)"]
    colors = [PALETTE["vermillion"], PALETTE["blue"]]
    with style():
        for i, key in enumerate(("wrong", "right")):
            scores = np.asarray(data[key])
            ax.bar(i, scores.mean(), width=0.55, color=colors[i], alpha=0.35, gid=f"bar-{key}")
            jitter = np.linspace(-0.12, 0.12, scores.size)
            ax.plot(i + jitter, scores, "o", color=colors[i], gid=f"folds-{key}",
                    label=f"{key}: mean accuracy {scores.mean():.2f}")
        ax.axhline(data["chance"], color=GREY, linestyle="--", label="chance level", gid="chance")
        ax.set_xticks([0, 1])
        ax.set_xticklabels(labels)
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(0.0, 1.05)
        ax.set_xlabel("where the features are selected")
        ax.set_ylabel("cross-validated accuracy per fold")
        if title:
            ax.set_title(title)
        ax.legend(loc="upper right")
    return ax


# ------------------------------------------------------------------- preprocessing as a choice


def compute_preprocessing_choice(X_train, y_train, X_val, y_val, lams, scalers: Sequence[str] = SCALERS) -> dict[str, Any]:
    """Validation MSE of ridge regression over ``lams`` after each preprocessing of the features.

    Each scaler is fitted on the training rows only and applied to both sets; then
    :func:`paramcourse.plots.compute_validation_curve` fits ridge for every penalty.

    Returns
    -------
    dict with ``scalers`` (list), ``lams`` (m,), ``val_mse`` (len(scalers), m), ``train_mse``
    (same shape), and ``best`` (the ``(scaler, lam)`` pair of smallest validation MSE) and
    ``best_val_mse``.
    """
    from paramcourse.plots.regularization import compute_validation_curve

    X_train, y_train = as_xy(X_train, y_train)
    X_val, y_val = as_xy(X_val, y_val)
    names = list(scalers)
    curves = []
    for name in names:
        scaler = make_scaler(name)
        if scaler is None:
            A, B = X_train, X_val
        else:
            scaler.fit(X_train)
            A, B = scaler.transform(X_train), scaler.transform(X_val)
        curves.append(compute_validation_curve(A, y_train, B, y_val, lams, kind="ridge"))
    val = np.array([c["val_mse"] for c in curves])
    i, j = np.unravel_index(np.argmin(val), val.shape)
    return {"scalers": names, "lams": curves[0]["lams"], "val_mse": val,
            "train_mse": np.array([c["train_mse"] for c in curves]),
            "best": (names[i], float(curves[0]["lams"][j])), "best_val_mse": float(val[i, j])}


def plot_preprocessing_choice(data: Mapping[str, Any], ax=None, *,
                              title: str | None = "Preprocessing and λ, chosen together"):
    """Validation MSE against λ (log scale), one line per preprocessing; the best pair starred."""
    ax = _new_axes(ax)
    styles = ("-", "--", "-.", ":")
    with style():
        for i, name in enumerate(data["scalers"]):
            ax.plot(data["lams"], data["val_mse"][i], color=COLORS[i % len(COLORS)],
                    linestyle=styles[i % len(styles)], label=name, gid=f"scaler-{name}")
        name, lam = data["best"]
        ax.plot([lam], [data["best_val_mse"]], marker="*", markersize=14, color=PALETTE["black"],
                linestyle="none", label=f"best: {name}, λ = {lam:.2g}", gid="best")
        ax.set_xscale("log")
        ax.set_xlabel("ridge penalty λ (log scale)")
        ax.set_ylabel("validation mean squared error")
        if title:
            ax.set_title(title)
        ax.legend(loc="best")
    return ax
