"""paramcourse.plots.gradients: the layout of a computation graph follows its edges (every arrow
points right, one entry per parent), and the plots draw labelled axes with the given numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from paramcourse import plots  # noqa: E402
from paramcourse.autodiff import Value  # noqa: E402

pytestmark = pytest.mark.filterwarnings("error")


def _example():
    x1, x2 = Value(0.5, "x1"), Value(2.0, "x2")
    f = x1 * x2 + x1.exp() / x2
    f.label = "f"
    f.backward()
    return f


def test_layout_has_one_edge_per_operand_and_every_edge_points_right():
    layout = plots.compute_graph_layout(_example())
    assert len(layout["x"]) == 6 and len(layout["edges"]) == 7
    for i, j in layout["edges"]:
        assert layout["x"][j] > layout["x"][i]
    assert layout["kinds"].count("input") == 2 and layout["names"][-1] == "f"
    # the local derivative of x1 * x2 with respect to x1 is x2 = 2
    k = layout["names"].index("×")
    assert 2.0 in [g for (i, j), g in zip(layout["edges"], layout["local_grads"]) if j == k]
    assert "grad 2.82" in layout["texts"][layout["names"].index("x1")]


def test_constants_sit_left_of_their_use():
    x = Value(1.0, "x")
    y = x * 3.0
    layout = plots.compute_graph_layout(y, show_grad=False)
    assert layout["kinds"] == ["input", "constant", "operation"]
    assert layout["x"][1] < layout["x"][2] and "grad" not in layout["texts"][0]


def test_plot_computation_graph_draws_every_node():
    layout = plots.compute_graph_layout(_example())
    ax = plots.plot_computation_graph(layout)
    assert plots.find_artist(ax, "node:x1").get_text().startswith("x1")
    assert plots.find_artist(ax, "node:f") is not None and not ax.axison


def test_plot_gradient_cost_draws_log_axes_with_the_numbers():
    n = np.array([2, 8, 32])
    ax = plots.plot_gradient_cost(n, {"reverse mode": [1.3, 1.4, 1.3], "count:finite differences": 2 * n})
    assert ax.get_xscale() == ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    np.testing.assert_allclose(plots.find_artist(ax, "cost:finite differences").get_ydata(), 2 * n)
    assert plots.find_artist(ax, "cost:finite differences").get_linestyle() == "--"
    with pytest.raises(ValueError, match="ratios"):
        plots.plot_gradient_cost(n, {"bad": [1.0, 2.0]})


def test_plot_layer_norms_draws_the_median_over_seeds():
    norms = np.array([[1.0, 0.1, 0.01], [3.0, 0.3, 0.03], [2.0, 0.2, 0.02]])
    ax = plots.plot_layer_norms({"gain 0.5": norms}, ylabel="‖δ‖")
    np.testing.assert_allclose(plots.find_artist(ax, "norms:gain 0.5").get_ydata(), [2.0, 0.2, 0.02])
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel() == "‖δ‖"
    with pytest.raises(ValueError, match="n_seeds"):
        plots.plot_layer_norms({"bad": [1.0, 2.0]})
