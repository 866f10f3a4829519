"""Shared test settings: a headless matplotlib backend and the repository root."""

from __future__ import annotations

import os
import pathlib

import pytest

# Set before any test imports matplotlib: tests never open windows.
os.environ.setdefault("MPLBACKEND", "Agg")

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    """The root of the course repository (where _config.yml lives)."""
    return REPO_ROOT
