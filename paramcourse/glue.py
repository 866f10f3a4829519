"""Hand a computed value to the book's text: ``glue(name, value)`` in a chapter's code, and
``{glue:text}`name:.2f``` in its prose, so that no number is typed by hand.

The output is exactly what myst-nb's ``myst_nb.glue`` writes (a display of the value's mime
bundle under ``application/papermill.record/``, with ``scrapbook`` metadata naming it), which
myst-nb's ``{glue}`` roles read when the book is built. It is written here rather than imported
because ``myst_nb.glue`` imports nbformat and with it jsonschema's format checkers, which costs
seconds in every chapter's kernel (``tests/test_glue.py`` checks the outputs are identical).
"""

from __future__ import annotations

from typing import Any

__all__ = ["GLUE_PREFIX", "glue"]

#: The mime-type prefix myst-nb reads glued values from (a hidden output).
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = False) -> None:
    """Record ``variable`` under ``name`` for the book's ``{glue}`` roles.

    Parameters
    ----------
    name : str
        Unique within the chapter; the book prefixes it with the chapter (``"ch05-steps"``).
    variable : object
        Anything IPython can display; a number is formatted by the role (``{glue:text}`name:.3f```).
        A NumPy scalar is stored as the Python number it holds.
    display : bool
        Also show the value in the notebook (default ``False``: the text shows it).
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display as show

    if getattr(variable, "shape", None) == () and hasattr(variable, "item"):
        # A NumPy scalar displays as "np.float64(0.5)", which the {glue:text} role cannot format.
        variable = variable.item()
    mimebundle, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    show({prefix + key: value for key, value in mimebundle.items()}, raw=True, metadata=metadata)
