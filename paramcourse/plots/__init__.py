"""Plotting helpers: one function per figure kind, all in one visual style.

The book follows a *compute, plot, explore* convention:

* a ``compute_*`` function is pure NumPy and returns the numbers behind a figure as a ``dict``;
* a ``plot_*(data, ax=None)`` function draws that ``dict`` on the given axes (creating a figure
  only when ``ax`` is ``None``), labels both axes, and returns the axes; it never calls
  ``plt.show()``;
* an ``explore_*`` function in :mod:`paramcourse.widgets` wires sliders to the two.

Style lives here and only here: the colour-blind-safe Okabe-Ito palette (:data:`PALETTE`), font
sizes and the default figure size (:data:`RC`). Every ``plot_*`` function draws inside
:func:`style`, so chapters never set colours or fonts themselves.

The figures are grouped by subject, one small module each: :mod:`~paramcourse.plots.style`,
:mod:`~paramcourse.plots.fits`, :mod:`~paramcourse.plots.surfaces`,
:mod:`~paramcourse.plots.descent`; every public name is available from ``paramcourse.plots``
itself. matplotlib is imported inside the functions, so ``import paramcourse`` does not import
it.

Artists that the explorers update in place carry a ``gid`` (for example the fitted line has
``gid="fit-line"``); :func:`find_artist` looks them up.
"""

from paramcourse.plots.descent import (
    compute_fd_errors,
    compute_gd_runs,
    compute_paths_1d,
    compute_step_size_factors,
    plot_fd_errors,
    plot_loss_curves,
    plot_paths_1d,
    plot_step_size_factors,
)
from paramcourse.plots.fits import (
    compute_line_family,
    compute_line_fit,
    plot_line_family,
    plot_line_fit,
)
from paramcourse.plots.style import (
    CMAP,
    COLORS,
    GREY,
    MODEL_COLORS,
    PALETTE,
    RC,
    find_artist,
    small_multiples,
    style,
    use_style,
)
from paramcourse.plots.surfaces import plot_loss_surface
from paramcourse.plots.capacity import (
    compute_degree_sweep,
    compute_learning_curves,
    plot_bias_variance,
    plot_degree_sweep,
    plot_learning_curves,
    plot_polynomial_fit,
    plot_resampled_fits,
)
from paramcourse.plots.regularization import (
    compute_constraint_region,
    compute_early_stopping,
    compute_regularization_path,
    compute_validation_curve,
    plot_constraint_region,
    plot_early_stopping,
    plot_regularization_path,
    plot_validation_curve,
    plot_weight_bars,
    weights_at,
)
from paramcourse.plots.families import (
    compute_polynomial_fits,
    plot_parameter_traces,
    plot_polynomial_fits,
)
from paramcourse.plots.counting import (
    compute_conv_dense_counts,
    compute_mlp_counts,
    plot_conv_dense_counts,
    plot_mlp_counts,
)
from paramcourse.plots.loss_functions import (
    compute_cross_entropy_curves,
    compute_gaussian_nll,
    compute_location_losses,
    compute_regression_losses,
    plot_cross_entropy_curves,
    plot_gaussian_nll,
    plot_location_losses,
    plot_regression_losses,
)
from paramcourse.plots.optimizers import (
    compute_function_grid,
    compute_optimizer_runs,
    compute_schedules,
    plot_decay_comparison,
    plot_lr_sweep,
    plot_optimizer_losses,
    plot_optimizer_paths,
    plot_path_panels,
    plot_schedules,
)
from paramcourse.plots.initialization import (
    compute_signal_spread,
    compute_spread_table,
    plot_hidden_units,
    plot_signal_spread,
)
from paramcourse.plots.search import (
    compute_bo_snapshot,
    compute_search_layouts,
    compute_search_regret,
    plot_acquisition,
    plot_best_so_far,
    plot_gp_posterior,
    plot_halving_budgets,
    plot_halving_scores,
    plot_k_fold,
    plot_search_layout,
    plot_search_regret,
    plot_selection_bias,
    separable_objective,
)
from paramcourse.plots.preprocessing import (
    compute_preprocessing_choice,
    compute_scaling_bowls,
    plot_leakage,
    plot_preprocessing_choice,
    plot_scaling_bowl,
)
from paramcourse.plots.hyperparameters import (
    plot_lr_range_test,
    plot_sweep_curves,
    plot_sweep_summary,
    plot_training_curves,
    plot_width_depth,
)
from paramcourse.plots.importance import (
    compute_correlation,
    plot_correlation,
    plot_importances,
    plot_pruning_curves,
    plot_removal_check,
    plot_twin_split,
)
from paramcourse.plots.high_dimensional import (
    compute_ball_volume,
    compute_distance_concentration,
    compute_explained_variance,
    compute_saddle_escape,
    compute_underdetermined_fits,
    plot_ball_volume,
    plot_distance_histograms,
    plot_distance_ratio,
    plot_explained_variance,
    plot_loss_slice,
    plot_minimum_fraction,
    plot_saddle_escape,
    plot_underdetermined_fits,
)
from paramcourse.plots.sharing import (
    compute_equivariance,
    compute_sharing_counts,
    plot_bump_signals,
    plot_equivariance,
    plot_position_task,
    plot_sharing_counts,
)

from paramcourse.plots.gradients import (
    compute_graph_layout,
    plot_computation_graph,
    plot_gradient_cost,
    plot_layer_norms,
)
from paramcourse.plots.transfer import (
    compute_adaptation,
    compute_memory_breakdown,
    plot_adaptation,
    plot_memory_breakdown,
    plot_running_statistics,
)
from paramcourse.plots.beliefs import (
    compute_bootstrap_distribution,
    compute_predictive_bands,
    compute_slope_posterior,
    plot_bootstrap_distribution,
    plot_predictive_bands,
    plot_slope_posterior,
)

__all__ = [
    "PALETTE",
    "CMAP",
    "GREY",
    "COLORS",
    "MODEL_COLORS",
    "RC",
    "style",
    "use_style",
    "small_multiples",
    "find_artist",
    "compute_line_fit",
    "plot_line_fit",
    "compute_line_family",
    "plot_line_family",
    "plot_loss_surface",
    "compute_gd_runs",
    "plot_loss_curves",
    "compute_step_size_factors",
    "plot_step_size_factors",
    "compute_paths_1d",
    "plot_paths_1d",
    "compute_fd_errors",
    "plot_fd_errors",
    "compute_degree_sweep",
    "plot_polynomial_fit",
    "plot_degree_sweep",
    "plot_resampled_fits",
    "plot_bias_variance",
    "compute_learning_curves",
    "plot_learning_curves",
    "compute_regularization_path",
    "plot_regularization_path",
    "weights_at",
    "plot_weight_bars",
    "compute_constraint_region",
    "plot_constraint_region",
    "compute_validation_curve",
    "plot_validation_curve",
    "compute_early_stopping",
    "plot_early_stopping",
    "plot_parameter_traces",
    "compute_polynomial_fits",
    "plot_polynomial_fits",
    "compute_mlp_counts",
    "plot_mlp_counts",
    "compute_conv_dense_counts",
    "plot_conv_dense_counts",
    "compute_regression_losses",
    "plot_regression_losses",
    "compute_cross_entropy_curves",
    "plot_cross_entropy_curves",
    "compute_location_losses",
    "plot_location_losses",
    "compute_gaussian_nll",
    "plot_gaussian_nll",
    "compute_optimizer_runs",
    "compute_function_grid",
    "plot_optimizer_paths",
    "plot_optimizer_losses",
    "plot_path_panels",
    "plot_lr_sweep",
    "compute_schedules",
    "plot_schedules",
    "plot_decay_comparison",
    "compute_signal_spread",
    "compute_spread_table",
    "plot_signal_spread",
    "plot_hidden_units",
    "separable_objective",
    "compute_search_layouts",
    "plot_search_layout",
    "compute_search_regret",
    "plot_search_regret",
    "plot_k_fold",
    "compute_bo_snapshot",
    "plot_gp_posterior",
    "plot_acquisition",
    "plot_best_so_far",
    "plot_selection_bias",
    "plot_halving_scores",
    "plot_halving_budgets",
    "compute_correlation",
    "plot_correlation",
    "plot_twin_split",
    "plot_importances",
    "compute_underdetermined_fits",
    "plot_underdetermined_fits",
    "compute_distance_concentration",
    "plot_distance_histograms",
    "plot_distance_ratio",
    "compute_ball_volume",
    "plot_ball_volume",
    "plot_minimum_fraction",
    "compute_saddle_escape",
    "plot_saddle_escape",
    "plot_loss_slice",
    "compute_explained_variance",
    "plot_explained_variance",
    "compute_equivariance",
    "plot_equivariance",
    "compute_sharing_counts",
    "plot_sharing_counts",
    "plot_bump_signals",
    "plot_position_task",
    "plot_lr_range_test",
    "plot_sweep_curves",
    "plot_sweep_summary",
    "plot_training_curves",
    "plot_width_depth",
    "compute_scaling_bowls",
    "plot_scaling_bowl",
    "plot_leakage",
    "compute_preprocessing_choice",
    "plot_preprocessing_choice",
    "compute_graph_layout",
    "plot_computation_graph",
    "plot_gradient_cost",
    "plot_layer_norms",
    "compute_adaptation",
    "compute_memory_breakdown",
    "plot_adaptation",
    "plot_memory_breakdown",
    "plot_running_statistics",
    "compute_bootstrap_distribution",
    "compute_predictive_bands",
    "compute_slope_posterior",
    "plot_bootstrap_distribution",
    "plot_predictive_bands",
    "plot_slope_posterior",
    "plot_pruning_curves",
    "plot_removal_check",
]
