"""Plot colours a reader with a colour-vision deficiency can tell apart.

The reference is the Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), written
out here independently of ``paramcourse.plots``. Fast tests check the palette, the colour cycle
that :func:`paramcourse.plots.style` installs and the colour map. A slow test runs every chapter
notebook and records the colours of every figure that is drawn (through a hook on
``Figure.draw``): each one must be an Okabe-Ito colour, a grey, or a sample of a perceptually
uniform, colour-blind-safe colour map, and colour-mapped artists must use such a map.

(Alt text, heading order and keyboard use of the explorers are checked in the browser:
test_site_browser.py and test_jupyterlab_live.py.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import matplotlib
import nbformat
import pytest

from conftest import REPO_ROOT

#: Okabe-Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}

#: Colour maps that are perceptually uniform and readable with the common colour-vision
#: deficiencies (matplotlib's viridis family and cividis), and plain greys.
SAFE_CMAPS = {"viridis", "cividis", "magma", "inferno", "plasma", "Greys", "gray", "binary",
              "viridis_r", "cividis_r", "magma_r", "inferno_r", "plasma_r", "Greys_r", "gray_r"}


def _hex(color) -> str:
    return matplotlib.colors.to_hex(color, keep_alpha=False).lower()


def _on_safe_cmap(color, tolerance: float = 1.5 / 255) -> bool:
    """Whether ``color`` is a sample of one of :data:`SAFE_CMAPS` (contour labels and lines
    take their colours from the map)."""
    import numpy as np

    rgb = np.array(matplotlib.colors.to_rgb(color))
    for name in SAFE_CMAPS:
        samples = matplotlib.colormaps[name](np.linspace(0, 1, 256))[:, :3]
        if np.abs(samples - rgb).max(axis=1).min() <= tolerance:
            return True
    return False


def _is_grey(color, tolerance: float = 0.02) -> bool:
    r, g, b = matplotlib.colors.to_rgb(color)
    return max(r, g, b) - min(r, g, b) <= tolerance


def test_palette_is_okabe_ito():
    from paramcourse import plots

    assert {_hex(c) for c in plots.PALETTE.values()} == OKABE_ITO


def test_style_cycles_through_okabe_ito_colours_only():
    import matplotlib.pyplot as plt

    from paramcourse import plots

    with plots.style():
        cycle = [_hex(c) for c in plt.rcParams["axes.prop_cycle"].by_key()["color"]]
        cmap = plt.rcParams["image.cmap"]
    assert cycle and set(cycle) <= OKABE_ITO, f"colours outside Okabe-Ito: {set(cycle) - OKABE_ITO}"
    assert len(set(cycle)) == len(cycle), "a colour repeats in the cycle"
    assert cmap in SAFE_CMAPS, cmap
    assert plots.CMAP in SAFE_CMAPS, plots.CMAP
    assert _is_grey(plots.GREY)


# --- every figure the chapters draw ------------------------------------------------------------

# Runs first in each chapter's kernel: wraps Figure.draw so that every figure drawn (inline
# output, widget image, savefig) reports the colours of its artists.
_HOOK = '''
import json as _pc_json
from matplotlib.figure import Figure as _PcFigure
from matplotlib.lines import Line2D as _PcLine2D
from matplotlib.colors import ListedColormap as _PcListed, to_hex as _pc_hex, to_rgba_array as _pc_rgba
_pc_found = {"colors": {}, "cmaps": {}}
def _pc_note(color, what):
    for rgba in _pc_rgba(color):
        if rgba[3] > 0:
            _pc_found["colors"].setdefault(_pc_hex(rgba, keep_alpha=False), what)
def _pc_collect(fig):
    for artist in fig.findobj():
        try:
            _pc_artist(artist)
        except Exception as exc:  # an artist without the usual getters: note it, go on
            _pc_found.setdefault("skipped", {})[type(artist).__name__] = repr(exc)
_PC_NO_LINE = ("None", "none", "", " ")
def _pc_line(artist, what):
    """The colours a Line2D paints: its line, and its markers' edge and (if filled) face."""
    if artist.get_linestyle() not in _PC_NO_LINE:
        _pc_note(artist.get_color(), what)
    if artist.get_marker() not in (None,) + _PC_NO_LINE:
        _pc_note(artist.get_markeredgecolor(), what)
        if artist._marker.is_filled():
            _pc_note(artist.get_markerfacecolor(), what)
def _pc_artist(artist):
    if not artist.get_visible():
        return
    axes = getattr(artist, "axes", None)
    where = f"axes {axes.get_title() or axes.get_ylabel()!r}" if axes is not None else "figure"
    what = f"{type(artist).__name__} {artist.get_label() or artist.get_gid() or ''} in {where}"
    if hasattr(artist, "get_array") and hasattr(artist, "get_cmap") and artist.get_array() is not None:
        # Colours come from the colour map (contour lines, colour-coded points, images); a
        # short list of explicit colours (contour(..., colors=...)) is checked colour by colour.
        cmap = artist.get_cmap()
        if isinstance(cmap, _PcListed) and cmap.N <= 16:
            _pc_note(cmap.colors, what)
        else:
            _pc_found["cmaps"].setdefault(cmap.name, what)
        return
    if isinstance(artist, _PcLine2D):
        _pc_line(artist, what)
        return
    for getter in ("get_color", "get_facecolor", "get_edgecolor", "get_markerfacecolor",
                   "get_markeredgecolor"):
        if hasattr(artist, getter):
            try:
                _pc_note(getattr(artist, getter)(), what)
            except (ValueError, TypeError):
                pass
_pc_draw = _PcFigure.draw
def _pc_hooked_draw(self, renderer):
    _pc_collect(self)
    return _pc_draw(self, renderer)
_PcFigure.draw = _pc_hooked_draw
'''
_REPORT = 'print("PARAMCOURSE-COLOURS " + _pc_json.dumps(_pc_found))'


def _chapters() -> list[Path]:
    return sorted((REPO_ROOT / "book").glob("*.ipynb"))


def _colours_drawn(path: Path) -> dict:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_HOOK))
    nb.cells.append(nbformat.v4.new_code_cell(_REPORT))
    saved = {k: os.environ.pop(k) for k in ("MPLBACKEND", "PARAMCOURSE_GRADING") if k in os.environ}
    try:
        NotebookClient(
            nb, timeout=300, kernel_name="python3", skip_cells_with_tag="paramcourse-never-skip",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        os.environ.update(saved)
    for output in nb.cells[-1].outputs:
        text = output.get("text", "")
        if text.startswith("PARAMCOURSE-COLOURS "):
            return json.loads(text.split(" ", 1)[1])
    raise AssertionError(f"{path.name}: the colour report was not printed")


@pytest.mark.slow
@pytest.mark.parametrize("chapter", _chapters(), ids=lambda p: p.stem)
def test_chapter_figures_use_colour_blind_safe_colours(chapter):
    found = _colours_drawn(chapter)
    odd = {
        c: what for c, what in found["colors"].items()
        if c not in OKABE_ITO and not _is_grey(c) and not _on_safe_cmap(c)
    }
    assert not odd, f"{chapter.name}: colours outside Okabe-Ito, greys and safe colour maps: {odd}"
    maps = {name: what for name, what in found["cmaps"].items() if name not in SAFE_CMAPS}
    assert not maps, f"{chapter.name}: colour maps that are not colour-blind safe: {maps}"
