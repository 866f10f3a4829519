"""The package as a whole: light to import, lazily loaded submodules, documented public API."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

import pytest

import paramcourse

CORE = ["data", "losses", "gradcheck", "linear", "optim", "initializers"]
HEAVY = ["matplotlib", "sklearn", "ipywidgets", "nbgrader", "scipy", "pandas"]


def test_importing_the_core_loads_nothing_heavy():
    code = (
        "import sys, paramcourse\n"
        + "".join(f"import paramcourse.{m}\n" for m in CORE)
        + f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        + "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"importing the core pulled in: {out.stdout.strip()}"


def test_submodules_load_on_first_attribute_access():
    module = paramcourse.linear
    assert module is importlib.import_module("paramcourse.linear")
    assert "linear" in dir(paramcourse)


def test_unknown_attribute_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        paramcourse.nonexistent  # noqa: B018


def _all_modules() -> list[str]:
    names = ["paramcourse"]
    for info in pkgutil.walk_packages(paramcourse.__path__, "paramcourse."):
        names.append(info.name)
    return names


def test_every_listed_module_exists():
    modules = set(_all_modules())
    assert {f"paramcourse.{m}" for m in CORE + ["plots", "widgets"]} <= modules


@pytest.mark.parametrize("name", _all_modules())
def test_public_functions_and_classes_are_documented(name):
    module = importlib.import_module(name)
    assert module.__doc__ and module.__doc__.strip(), f"{name} has no module docstring"
    undocumented = [
        attr
        for attr, obj in vars(module).items()
        if not attr.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and getattr(obj, "__module__", None) == module.__name__
        and not (obj.__doc__ and obj.__doc__.strip())
    ]
    assert not undocumented, f"{name}: add docstrings to {undocumented}"
