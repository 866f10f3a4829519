"""Transcripts: a check replayed from what the kernel recorded reaches the verdict it reaches
when it calls the function directly, for every correct variant and every catalogued mistake;
forged values do not survive the boundary; the recorded calls must match the test's.

The "kernel" here is this process with recording switched on and the records collected instead
of displayed; tests/test_grading_hostile.py runs real kernels.
"""

from __future__ import annotations

import numpy as np
import pytest

from paramcourse.grading import bundle, transcript
from paramcourse.grading.transcript import ReplayError, decode, encode, replay_test

from catalogue import ASSIGNMENTS, ROOT, checks, mistakes, variants
from test_grading_compare import AlwaysEqual, LyingFloat


def _params(kind) -> list:
    return [pytest.param(name, entry, id=f"{name}-{entry.func.__name__}") for name in ASSIGNMENTS for entry in kind(name)]


@pytest.fixture(autouse=True)
def _preloaded(monkeypatch):
    """The replay finds each assignment's full checks as the grader preloads them."""
    for name in ASSIGNMENTS:
        monkeypatch.setitem(bundle._PRELOADED, name, checks(name))


@pytest.fixture
def recorder(tmp_path, monkeypatch):
    """Switch recording on; return the list the records land in and the array folder."""
    records: list[dict] = []
    monkeypatch.setenv(transcript.TRANSCRIPT_ENV, str(tmp_path))
    monkeypatch.setattr(transcript, "publish", records.append)
    return records, tmp_path


def _direct(check, func) -> str | None:
    try:
        check(func)
    except AssertionError as error:
        return str(error)
    return None


def _source(assignment: str, check_name: str, target: str) -> str:
    return (f"from paramcourse.grading.bundle import load_checks\nchecks = load_checks({assignment!r})\n"
            f"checks.{check_name}({target})\n")


def _replayed(assignment: str, check_name: str, target: str, records: list[dict], folder) -> str | None:
    source = _source(assignment, check_name, target)
    try:
        replay_test(source, records, folder)
    except AssertionError as error:
        return str(error)
    return None


def _agree(assignment: str, entry, recorder, monkeypatch) -> None:
    records, folder = recorder
    module = checks(assignment)
    for name in module.CHECKS[entry.target]:
        records.clear()
        direct = _direct(getattr(module, name), entry.func)
        monkeypatch.delenv(transcript.TRANSCRIPT_ENV)
        replayed = _replayed(assignment, name, entry.target, list(records), folder)
        monkeypatch.setenv(transcript.TRANSCRIPT_ENV, str(folder))
        assert replayed == direct, f"{name}: replay {replayed!r} != direct {direct!r}"


@pytest.mark.parametrize(("assignment", "entry"), _params(variants))
def test_replay_passes_every_correct_variant(assignment, entry, recorder, monkeypatch):
    _agree(assignment, entry, recorder, monkeypatch)


@pytest.mark.parametrize(("assignment", "entry"), _params(mistakes))
def test_replay_gives_each_mistake_its_hint(assignment, entry, recorder, monkeypatch):
    _agree(assignment, entry, recorder, monkeypatch)


def test_without_records_the_replayed_test_fails():
    with pytest.raises(ReplayError, match="no recorded call of mse_loss"):
        replay_test(_source("gradient_descent", "check_mse_loss_values", "mse_loss"), [], None)


def test_records_of_other_arguments_are_refused(recorder, monkeypatch):
    records, folder = recorder
    correct = variants("gradient_descent")[0].func
    checks("gradient_descent").check_mse_loss_values(correct)
    first = dict(records[0], args="0" * 64)
    source = _source("gradient_descent", "check_mse_loss_values", "f")
    with pytest.raises(ReplayError, match="other arguments"):
        replay_test(source, [first, *records[1:]], folder)


@pytest.mark.parametrize("forged", [AlwaysEqual(), LyingFloat(3.0), np.zeros(3).view(type("Sub", (np.ndarray,), {}))])
def test_forged_objects_arrive_as_opaque(forged):
    value = decode(encode(forged))
    assert isinstance(value, transcript.Opaque)
    assert type(value).__name__ == type(forged).__name__


def test_plain_values_round_trip_exactly(tmp_path):
    store = transcript._Store(tmp_path)
    rng = np.random.default_rng(3)
    value = {
        "a": [1, 2.5, np.float32(1.5), np.int64(-4), True, None, "x"],
        "big": rng.normal(size=(60, 70)),
        "small": np.arange(6, dtype=np.int32).reshape(2, 3),
        "pair": (np.nan, float("inf")),
        "rng": np.random.default_rng(5),
    }
    back = decode(encode(value, store=store), store=store)
    assert list(tmp_path.glob("*.npy")), "a large array goes to a file"
    assert type(back["a"][2]) is np.float32 and type(back["a"][3]) is np.int64 and back["a"][4] is True
    np.testing.assert_array_equal(back["big"], value["big"])
    assert back["small"].dtype == np.int32 and back["small"].shape == (2, 3)
    assert np.isnan(back["pair"][0]) and back["pair"][1] == np.inf and type(back["pair"]) is tuple
    assert back["rng"].normal() == np.random.default_rng(5).normal()


def test_an_array_file_outside_the_folder_is_refused(tmp_path):
    store = transcript._Store(tmp_path)
    with pytest.raises(ReplayError):
        decode(["npyfile", "../../etc/passwd"], store=store)


def test_calls_into_the_checks_are_recorded_as_borrowed(recorder, monkeypatch):
    """In a grading kernel the bundles' folder counts as the course's own code."""
    records, folder = recorder
    module = checks("gradient_descent")
    monkeypatch.setenv(bundle.BUNDLES_ENV, str(ROOT / "solutions"))

    def borrowing(w, b, X, y):  # the grader's own reference answer
        return module._mse(w, b, X, y)

    module.check_mse_loss_values(borrowing)
    assert records and all(r["borrowed"] == ["gradient_descent/checks.py._mse"] for r in records)
    monkeypatch.delenv(transcript.TRANSCRIPT_ENV)
    message = _replayed("gradient_descent", "check_mse_loss_values", "mse_loss", records, folder)
    assert message is not None and "course's own code" in message and "_mse" in message
