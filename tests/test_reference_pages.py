"""The reference pages of the book (issue 13): the one-page summary, the mathematics appendix, the
notation page and the start page.

The summary's table of library defaults quotes scikit-learn; every quoted default is compared with
``inspect.signature`` of the installed scikit-learn, and the page must show it, as code, in the row
of its estimator. The claims the table makes about what a default *means* (the batch size
``'auto'``, the initialization of an MLP, how ``Ridge`` and ``Lasso`` scale the penalty) are
checked against scikit-learn's documentation or against an independent closed form. The pages
must only use labels, pages, glossary terms and citations that exist, and state no computed
decimal by hand (the rule of ``tests/test_glue.py``).
"""

from __future__ import annotations

import importlib
import inspect
import re
import warnings

import numpy as np
import pytest

from conftest import REPO_ROOT
from test_glue import _NUMBER, prose

BOOK = REPO_ROOT / "book"
PAGES = ["summary.md", "appendix_math.md", "notation.md", "intro.md"]

# (scikit-learn object, name in the table, argument, default) -- mirrors the summary's tables.
SKLEARN_DEFAULTS = [
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "solver", "adam"),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "momentum", 0.9),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "nesterovs_momentum", True),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "learning_rate_init", 0.001),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "beta_1", 0.9),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "beta_2", 0.999),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "epsilon", 1e-08),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "alpha", 0.0001),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "batch_size", "auto"),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "max_iter", 200),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "early_stopping", False),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "validation_fraction", 0.1),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "hidden_layer_sizes", (100,)),
    ("sklearn.neural_network.MLPClassifier", "MLPClassifier", "activation", "relu"),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "eta0", 0.01),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "learning_rate", "invscaling"),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "power_t", 0.25),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "loss", "squared_error"),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "penalty", "l2"),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "alpha", 0.0001),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "max_iter", 1000),
    ("sklearn.linear_model.SGDRegressor", "SGDRegressor", "tol", 0.001),
    ("sklearn.linear_model.Ridge", "Ridge", "alpha", 1.0),
    ("sklearn.linear_model.Lasso", "Lasso", "alpha", 1.0),
    ("sklearn.linear_model.LogisticRegression", "LogisticRegression", "C", 1.0),
    ("sklearn.linear_model.LogisticRegression", "LogisticRegression", "l1_ratio", 0.0),
    ("sklearn.linear_model.LogisticRegression", "LogisticRegression", "solver", "lbfgs"),
    ("sklearn.linear_model.LogisticRegression", "LogisticRegression", "max_iter", 100),
    ("sklearn.neighbors.KNeighborsClassifier", "KNeighborsClassifier", "n_neighbors", 5),
    ("sklearn.tree.DecisionTreeClassifier", "DecisionTreeClassifier", "max_depth", None),
    ("sklearn.ensemble.RandomForestRegressor", "RandomForestRegressor", "n_estimators", 100),
    ("sklearn.ensemble.RandomForestRegressor", "RandomForestRegressor", "max_features", 1.0),
    ("sklearn.model_selection.KFold", "KFold", "n_splits", 5),
    ("sklearn.model_selection.KFold", "KFold", "shuffle", False),
    ("sklearn.model_selection.cross_val_score", "cross_val_score", "cv", None),
    ("sklearn.model_selection.GridSearchCV", "GridSearchCV", "cv", None),
    ("sklearn.inspection.permutation_importance", "permutation_importance", "n_repeats", 5),
    ("sklearn.inspection.permutation_importance", "permutation_importance", "scoring", None),
]


def _page(name: str) -> str:
    return (BOOK / name).read_text(encoding="utf-8")


def _object(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _default(dotted: str, argument: str):
    return inspect.signature(_object(dotted)).parameters[argument].default


@pytest.mark.parametrize(("dotted", "row", "argument", "value"), SKLEARN_DEFAULTS,
                         ids=[f"{row}-{arg}" for _, row, arg, _ in SKLEARN_DEFAULTS])
def test_every_scikit_learn_default_of_the_summary_is_the_installed_one(dotted, row, argument, value):
    installed = _default(dotted, argument)
    assert type(installed) is type(value) and installed == value, (
        f"{row}({argument}=...) defaults to {installed!r} in the installed scikit-learn; "
        f"the summary says {value!r}"
    )
    shown = f"`{argument}={value!r}`"
    rows = [line for line in _page("summary.md").splitlines()
            if line.startswith("|") and re.search(rf"`{row}\b", line)]
    assert rows, f"the summary has no table row for {row}"
    assert any(shown in line for line in rows), f"no row of {row} in the summary shows {shown}"


def test_mlp_regressor_shares_the_defaults_quoted_for_mlp_classifier():
    for dotted, row, argument, value in SKLEARN_DEFAULTS:
        if row == "MLPClassifier":
            assert _default("sklearn.neural_network.MLPRegressor", argument) == value, argument


def test_the_documented_meanings_of_the_quoted_defaults():
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.neural_network import MLPClassifier
    from sklearn.tree import DecisionTreeClassifier

    flat = lambda text: " ".join(text.split())  # noqa: E731
    assert "batch_size=min(200, n_samples)" in flat(MLPClassifier.__doc__)
    assert "divided by the sample size" in flat(MLPClassifier.__doc__)
    assert "setting `l1_ratio=0` a pure L2-penalty" in flat(LogisticRegression.__doc__)
    assert "default 5-fold cross validation" in flat(cross_val_score.__doc__)
    assert "The default of 1.0 is equivalent to bagged trees" in flat(RandomForestRegressor.__doc__)
    assert "expanded until all leaves are pure" in flat(DecisionTreeClassifier.__doc__)


def test_mlp_initialization_is_glorot_uniform_for_weights_and_biases():
    """The summary's row "dense-layer initialization" for scikit-learn: weights and biases from
    U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). One epoch with a negligible learning rate
    leaves the initial values in place, so the fitted arrays show the draw."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 50)), rng.normal(size=40)
    net = MLPRegressor(hidden_layer_sizes=(200,), solver="sgd", learning_rate_init=1e-300,
                       max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        net.fit(X, y)
    for W, b in zip(net.coefs_, net.intercepts_):
        fan_in, fan_out = W.shape
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        assert np.abs(W).max() <= bound and np.abs(b).max() <= bound
        assert np.abs(W).max() > 0.98 * bound          # the whole range is used: uniform, not normal
        assert abs(W.std() - bound / np.sqrt(3)) < 0.05 * bound


def test_ridge_alpha_is_n_times_the_books_lambda():
    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(1)
    n, lam = 30, 0.2
    X, y = rng.normal(size=(n, 4)), rng.normal(size=n)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w_book = np.linalg.solve(Xc.T @ Xc + n * lam * np.eye(4), Xc.T @ yc)   # MSE + lam ||w||^2
    np.testing.assert_allclose(Ridge(alpha=n * lam).fit(X, y).coef_, w_book, rtol=1e-8, atol=1e-10)


def test_lasso_alpha_is_half_the_books_lambda():
    """On centred orthogonal features with X_c^T X_c = n I, the book's lasso (MSE + lam ||w||_1)
    is solved by the soft threshold S_{lam/2} of the least-squares weights."""
    from sklearn.linear_model import Lasso

    rng = np.random.default_rng(2)
    n, lam = 40, 0.6
    G = rng.normal(size=(n, 3))
    X = np.linalg.qr(G - G.mean(axis=0))[0] * np.sqrt(n)   # centred columns with X^T X = n I
    assert np.allclose(X.mean(axis=0), 0.0, atol=1e-12) and np.allclose(X.T @ X, n * np.eye(3))
    y = X @ np.array([1.0, -0.2, 0.5]) + 0.1 * rng.normal(size=n)
    w_ls = X.T @ (y - y.mean()) / n
    w_book = np.sign(w_ls) * np.maximum(np.abs(w_ls) - lam / 2, 0.0)
    fitted = Lasso(alpha=lam / 2, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    np.testing.assert_allclose(fitted, w_book, atol=1e-8)
    assert (w_book == 0).any() and (w_book != 0).any()      # the check covers both cases


def test_the_summary_names_the_library_versions_and_the_conventions_of_the_table():
    text = _page("summary.md")
    for library in ("scikit-learn `", "PyTorch `", "Keras `"):
        assert library in text, f"the summary does not name the version of {library.strip(' `')}"
    assert "`momentum=0.1`" in text and "`momentum=0.99`" in text
    assert "`eps=1e-05`" in text and "`epsilon=0.001`" in text


def test_the_appendix_defines_the_labels_other_pages_link_to():
    lines = _page("appendix_math.md").splitlines()
    for label in ("math-vectors", "math-eigen", "math-svd", "math-gradients", "math-gaussians"):
        assert f"({label})=" in lines, f"appendix_math.md lacks the label ({label})="
        following = lines[lines.index(f"({label})=") + 1]
        assert following.startswith("## "), f"({label})= must stand right before a section heading"


def test_every_appendix_section_ends_with_the_chapters_that_use_it():
    sections = re.split(r"^\(math-[\w-]+\)=\n", _page("appendix_math.md"), flags=re.M)[1:]
    assert len(sections) == 5
    for section in sections:
        last = section.strip().split("\n\n")[-1]
        assert last.startswith("Used in:") and "{doc}`" in last, section.splitlines()[0]


def _targets(role: str, text: str) -> list[str]:
    found = []
    for inner in re.findall(r"\{" + role + r"\}`([^`]+)`", text):
        match = re.search(r"<([^>]+)>\s*$", inner)
        found.append((match.group(1) if match else inner).strip())
    return found


@pytest.mark.parametrize("page", PAGES)
def test_links_terms_and_citations_exist(page):
    text = _page(page)
    missing_docs = [t for t in _targets("doc", text)
                    if not any((BOOK / f"{t}{ext}").exists() for ext in (".md", ".ipynb"))]
    assert not missing_docs, f"{page} links to pages that do not exist: {missing_docs}"

    glossary = _page("glossary.md")
    terms = {line.strip().lower() for line in glossary.splitlines()
             if line and not line.startswith((" ", "`", "#", "Every")) and line.strip()}
    missing_terms = [t for t in _targets("term", text) if t.lower() not in terms]
    assert not missing_terms, f"{page} uses terms missing from the glossary: {missing_terms}"

    keys = set(re.findall(r"^@\w+\{([^,]+),", _page("references.bib"), flags=re.M))
    cited = [k.strip() for group in re.findall(r"\{cite:[tp]\}`([^`]+)`", text) for k in group.split(",")]
    missing_keys = [k for k in cited if k not in keys]
    assert not missing_keys, f"{page} cites keys missing from references.bib: {missing_keys}"

    labels = set()
    for path in list(BOOK.glob("*.md")):
        labels |= set(re.findall(r"^\(([\w-]+)\)=$", path.read_text(encoding="utf-8"), flags=re.M))
    missing_refs = [t for t in _targets("ref", text) if t not in labels]
    assert not missing_refs, f"{page} refers to labels that no page defines: {missing_refs}"


@pytest.mark.parametrize("page", ["summary.md", "appendix_math.md"])
def test_no_number_is_stated_by_hand_in_the_prose(page):
    text = _page(page).split("## Further reading")[0]        # section numbers of books are fine
    stray = _NUMBER.findall(prose(text))
    assert not stray, f"{page} states numbers in plain prose: {stray}; write them as math or code"


def test_notation_warns_about_the_two_conventions_for_lambda():
    text = _page("notation.md")
    assert "two conventions for $\\lambda$" in text
    assert "2\\lambda \\mathbf{w}" in text and "\\frac{\\lambda}{2} \\lVert \\theta \\rVert^2" in text
    assert "`weight_decay`" in text
    assert "CV}(\\theta)" not in text, "theta is reserved for parameters, not hyperparameter settings"


def test_the_start_page_states_the_real_prerequisites():
    text = _page("intro.md")
    assert "high-school algebra" not in text
    for topic in ("NumPy", "eigenvalues", "singular value decomposition", "chain rule", "Gaussian"):
        assert topic in text, topic
    assert "{doc}`appendix_math`" in text
