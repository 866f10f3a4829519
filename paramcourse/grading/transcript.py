"""Transcripts of graded tests: the student's calls recorded in the kernel, replayed outside it.

nbgrader runs the instructor's tests in the student's kernel, where the student's code can
replace anything: NumPy's comparisons, the checks of the assignment's ``checks.py``, the
exception that marks a failure, IPython's error display. So the kernel's verdict is never
used. The kernel only *runs* the student's functions; every call that a check makes through
:func:`paramcourse.grading.compare.call` is written down (:func:`invoke`) as one output of
type :data:`MIME` in the test cell: a fingerprint of the arguments, what the function
returned or raised, how it changed its arguments and the global ``np.random`` state, the
callbacks of the check it called, and any call it made into the course package's own code.

The grader then runs the instructor's test cell again in its own process
(:func:`replay_test`), with each student function replaced by a :class:`StudentFunction`
that answers from the transcript. The checks run there, on plain floats and arrays decoded
from JSON, with the grader's own NumPy: an object with forged operators, a patched
``np.allclose`` or a replaced check has no effect on the verdict. A kernel can still write a
false transcript, but only by claiming return values: to claim the right values for the
hidden inputs it has to compute them.

Values cross the boundary as tagged JSON (:func:`encode`, :func:`decode`). Only exact
built-in types survive (``int``, ``float``, ``str``, ``bool``, ``None``, NumPy real scalars and
arrays, lists, tuples, dicts with string keys, generators); any other object becomes an
:class:`Opaque` stand-in that every converter of :mod:`~paramcourse.grading.compare` refuses,
as it refuses the original. Arrays of more than :data:`INLINE_ITEMS` entries are written to
``.npy`` files beside the notebook instead of into it.

A student function that never returns must not cost the per-cell timeout in every test that
calls it: while grading, :func:`invoke` gives each call a time budget (:data:`CALL_BUDGET`
seconds, or :data:`CALL_BUDGET_ENV`), enforced with ``SIGALRM`` in the kernel's main thread.
A call that runs out of it is recorded as ``"timed_out"`` and raises :class:`StudentTimeout`,
and the kernel remembers the function's name: every later call of a function of that name is
answered at once with the same timeout, without running it (the notebook's global of that name
becomes a stand-in that does the same, for the worked examples that call it directly). The
replay raises :class:`StudentTimeout` for such a record, which the report turns into one hint
naming the function. Code that swallows the alarm is still stopped by the per-cell timeout
(:mod:`.kernel`).
"""

from __future__ import annotations

import ast
import base64
import builtins
import functools
import hashlib
import inspect
import itertools
import json
import math
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "CALL_BUDGET",
    "CALL_BUDGET_ENV",
    "MIME",
    "PACKAGE_DIR",
    "TRANSCRIPT_ENV",
    "Opaque",
    "ReplayError",
    "StudentFunction",
    "StudentTimeout",
    "decode",
    "encode",
    "fingerprint",
    "free_names",
    "invoke",
    "replay_test",
]

#: The output type of one recorded call in a test cell.
MIME = "application/vnd.paramcourse.call+json"
#: Set by the grader for the kernels it starts: the folder for large arrays. Recording is on
#: exactly when it is set, so a student running the tests in JupyterLab records nothing.
TRANSCRIPT_ENV = "PARAMCOURSE_TRANSCRIPT"
#: Arrays up to this many entries are written into the record itself.
INLINE_ITEMS = 2048
#: The course package's own source folder: calls into it from student code are borrowing.
PACKAGE_DIR = str(Path(__file__).resolve().parents[1]) + os.sep
#: Seconds one call of a student function may run while grading (see the module docstring).
CALL_BUDGET = 10.0
#: Environment variable that sets the budget for the kernel instead (``0``: no budget). The
#: grading worker sets it from the per-cell timeout, never longer than that.
CALL_BUDGET_ENV = "PARAMCOURSE_CALL_BUDGET"

_MAX_DEPTH = 12
_MAX_FILE_BYTES = 400_000_000
_MAX_ITEMS = 1_000_000
_FILE_NAME = re.compile(r"^[0-9a-f]{16}-\d+\.npy$")
_REAL_DTYPE_KINDS = "biuf"
_SCALAR_TYPES = frozenset(np.dtype(code).type for code in "?bBhHiIlLqQefdg")
_CO_VARARGS, _CO_VARKEYWORDS = inspect.CO_VARARGS, inspect.CO_VARKEYWORDS


class Opaque:
    """Stands for a value that does not cross the boundary (an object of another type).

    Its class is named after the original type, so that messages such as "got an object of
    type Weights" read the same in the replay as in the kernel.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object>"


_OPAQUE_TYPES: dict[str, type] = {}


def _opaque(name: str) -> Opaque:
    name = name if name.isidentifier() else "object"
    if name not in _OPAQUE_TYPES:
        _OPAQUE_TYPES[name] = type(name, (Opaque,), {"__slots__": ()})
    return _OPAQUE_TYPES[name]()


class ReplayError(BaseException):
    """The transcript cannot answer a call of the replayed test (none, or not this one).

    A ``BaseException``, like :class:`StudentInterrupted`, so that no ``except Exception`` of a
    check turns it into an ordinary failure message.
    """


class StudentTimeout(BaseException):
    """The student's function ``name`` did not return within its budget of ``seconds``.

    Raised in the kernel when a call runs out of its budget (and for every later call of a
    function of that name), and in the replay for a call recorded so. A ``BaseException``, so
    that neither ``compare.call`` nor an ``except Exception`` in the student's loop turns it into
    an ordinary failure.
    """

    def __init__(self, name: str, seconds: float) -> None:
        super().__init__(name, seconds)
        self.name, self.seconds = name, seconds

    def __str__(self) -> str:
        return f"{self.name} did not return within {self.seconds:g} s"


# ------------------------------------------------------------------------------- encoding


class _Store:
    """Where arrays too large for a record go: ``.npy`` files in the transcript folder."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.counter = itertools.count()

    def save(self, array: np.ndarray) -> list[Any] | None:
        if self.folder is None:
            return None
        name = f"{os.urandom(8).hex()}-{next(self.counter)}.npy"
        self.folder.mkdir(parents=True, exist_ok=True)
        np.save(self.folder / name, array, allow_pickle=False)
        return ["npyfile", name]

    def load(self, name: str) -> np.ndarray:
        if self.folder is None or not _FILE_NAME.match(name):
            raise ReplayError(f"the transcript names an array file {name!r} that cannot be read")
        path = self.folder / name
        if not path.is_file() or path.stat().st_size > _MAX_FILE_BYTES:
            raise ReplayError(f"the transcript's array file {name} is missing or too large")
        try:
            array = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as error:
            raise ReplayError(f"the transcript's array file {name} cannot be read ({error})") from None
        if type(array) is not np.ndarray or array.dtype.kind not in _REAL_DTYPE_KINDS:
            raise ReplayError(f"the transcript's array file {name} holds no real array")
        return array


def _array_bytes(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def encode(value: Any, *, store: _Store | None = None, digest: bool = False,
           refs: dict[int, Any] | None = None, depth: int = 0) -> Any:
    """Return ``value`` as tagged JSON (see the module docstring).

    ``digest=True`` replaces array contents by their SHA-256 (for fingerprints); ``refs`` maps
    ``id(obj)`` to a JSON path for objects that must be told by identity (the arguments of the
    call, when the arguments of a callback are encoded).
    """
    if refs is not None and id(value) in refs and not isinstance(value, (int, float, str, bool)):
        path = refs[id(value)]
        if type(value) is np.random.Generator:
            return ["ref", path, encode(value.bit_generator.state, depth=depth + 1)]
        return ["ref", path]
    kind = type(value)
    if value is None:
        return ["none"]
    if kind is bool:
        return ["bool", value]
    if kind is int:
        return ["int", str(value)]
    if kind is float:
        return ["float", repr(value)]
    if kind is str:
        return ["str", value]
    if kind in _SCALAR_TYPES:
        return ["npscalar", np.dtype(kind).str, _array_bytes(np.asarray(value))]
    if kind is np.ndarray:
        if value.dtype.kind not in _REAL_DTYPE_KINDS or value.size > 50 * _MAX_ITEMS:
            return ["opaque", f"ndarray_of_{value.dtype.kind}"]
        if digest:
            data = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
            return ["ndarray#", value.dtype.str, list(value.shape), data]
        if value.size > INLINE_ITEMS and store is not None:
            saved = store.save(value)
            if saved is not None:
                return saved
        return ["ndarray", value.dtype.str, list(value.shape), _array_bytes(value)]
    if kind is np.random.Generator:
        return ["generator", encode(value.bit_generator.state, depth=depth + 1)]
    if isinstance(value, Opaque):
        return ["opaque", kind.__name__]
    if depth >= _MAX_DEPTH:
        return ["opaque", "nested_too_deep"]
    keyword = {"store": store, "digest": digest, "refs": refs, "depth": depth + 1}
    # Subclasses of the containers (a namedtuple, an OrderedDict) travel as the plain container:
    # they are read element by element here, and what arrives is plain.
    if isinstance(value, (list, tuple)):
        if len(value) > _MAX_ITEMS:
            return ["opaque", "too_long"]
        tag = "tuple" if isinstance(value, tuple) else "list"
        return [tag, [encode(item, **keyword) for item in value]]
    if isinstance(value, dict):
        items = list(dict.items(value))
        if len(items) > _MAX_ITEMS or not all(type(key) is str for key, _ in items):
            return ["opaque", "dict_with_other_keys"]
        return ["dict", [[key, encode(item, **keyword)] for key, item in items]]
    if callable(value):
        return ["callable", _callable_name(value)]
    return ["opaque", kind.__name__]


_BUNDLE_MODULE = re.compile(r"^_paramcourse_bundle_(\w+)_(checks|mistakes)_[0-9a-f]{12}$")


def _module_label(module: str) -> str:
    """A module's name for records and messages. A bundle's checks load under a private name
    that carries a digest of their path (:func:`paramcourse.grading.bundle.load_module`), which
    differs between the kernel's copy and the grader's: both read ``<assignment>/checks.py``."""
    match = _BUNDLE_MODULE.match(module)
    return f"{match.group(1)}/{match.group(2)}.py" if match else module


def _callable_name(value: Any) -> str:
    target = value if inspect.isroutine(value) else type(value)
    return f"{_module_label(str(getattr(target, '__module__', '?')))}.{getattr(target, '__qualname__', '?')}"


def decode(data: Any, *, store: _Store | None = None, resolve: Callable[[Any], Any] | None = None) -> Any:
    """Return the plain value that :func:`encode` wrote as ``data``."""
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise ReplayError("the transcript holds a value that is not in the recorded format")
    tag, rest = data[0], data[1:]
    try:
        if tag == "none":
            return None
        if tag == "bool":
            return bool(rest[0]) if type(rest[0]) is bool else _bad(tag)
        if tag == "int":
            return int(rest[0])
        if tag == "float":
            return float(rest[0])
        if tag == "str":
            return str(rest[0])
        if tag in ("npscalar", "ndarray"):
            dtype = np.dtype(rest[0])
            if dtype.kind not in _REAL_DTYPE_KINDS:
                return _bad(tag)
            raw = base64.b64decode(rest[-1])
            if tag == "npscalar":
                return np.frombuffer(raw, dtype=dtype)[0]
            return np.frombuffer(raw, dtype=dtype).reshape([int(n) for n in rest[1]]).copy()
        if tag == "npyfile":
            if store is None:
                return _bad(tag)
            return store.load(str(rest[0]))
        if tag == "generator":
            return _generator(decode(rest[0]))
        if tag in ("list", "tuple"):
            items = [decode(item, store=store, resolve=resolve) for item in rest[0]]
            return items if tag == "list" else tuple(items)
        if tag == "dict":
            return {str(key): decode(item, store=store, resolve=resolve) for key, item in rest[0]}
        if tag == "ref" and resolve is not None:
            target = resolve(rest[0])
            if type(target) is np.random.Generator and len(rest) > 1:
                target.bit_generator.state = decode(rest[1])
            return target
        if tag in ("opaque", "callable"):
            return _opaque(str(rest[0]).rsplit(".", 1)[-1])
    except (IndexError, TypeError, ValueError, KeyError, OverflowError, AttributeError):
        pass
    return _bad(tag)


def _bad(tag: str) -> Any:
    raise ReplayError(f"the transcript holds a malformed value (tag {tag!r})")


def _generator(state: Any) -> np.random.Generator:
    if not isinstance(state, dict) or not hasattr(np.random, str(state.get("bit_generator"))):
        raise ReplayError("the transcript holds a random generator in an unknown state")
    bit_generator = getattr(np.random, state["bit_generator"])()
    bit_generator.state = state
    return np.random.Generator(bit_generator)


def fingerprint(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """A SHA-256 of a call's arguments, the same in the kernel and in the replay."""
    payload = encode([list(args), dict(sorted(kwargs.items()))], digest=True)
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------------- in the kernel


def _argument_slots(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Iterator[tuple[list[Any], Any]]:
    """The arguments and, one level down, the items of list, tuple and dict arguments, with
    their JSON paths: where callbacks and identity references are looked for."""
    for path, value in _top_arguments(args, kwargs):
        yield path, value
        if type(value) in (list, tuple):
            for i, item in enumerate(value):
                yield [*path, i], item
        elif type(value) is dict:
            for key, item in value.items():
                if type(key) is str:
                    yield [*path, key], item


def _callback_code(value: Any) -> tuple[Any, Any] | None:
    """(code object, the ``self`` it runs with or None) of a Python callable, else None."""
    if inspect.isfunction(value):
        return value.__code__, None
    if inspect.ismethod(value) and inspect.isfunction(value.__func__):
        return value.__func__.__code__, value.__self__
    call = getattr(type(value), "__call__", None)
    if inspect.isfunction(call):
        return call.__code__, value
    return None


def _frame_arguments(frame: Any, skip_self: bool) -> tuple[list[Any], dict[str, Any]]:
    code = frame.f_code
    names = code.co_varnames
    values = frame.f_locals
    positional = list(names[: code.co_argcount])
    keyword_only = names[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    index = code.co_argcount + code.co_kwonlyargcount
    args = [values[name] for name in positional[1 if skip_self else 0 :] if name in values]
    if code.co_flags & _CO_VARARGS:
        args += list(values.get(names[index], ()))
        index += 1
    kwargs = {name: values[name] for name in keyword_only if name in values}
    if code.co_flags & _CO_VARKEYWORDS:
        kwargs.update(values.get(names[index], {}))
    return args, kwargs


def _in_package(filename: str) -> bool:
    """Code of the course package, or of the assignment bundles the grader copied for the kernel
    (``checks.py`` holds the references)."""
    if filename.startswith(PACKAGE_DIR):
        return True
    bundles = os.environ.get("PARAMCOURSE_BUNDLES")  # bundle.BUNDLES_ENV (no import: bundle imports us)
    return bool(bundles) and filename.startswith(_folder_prefix(bundles))


@functools.lru_cache(maxsize=8)
def _folder_prefix(folder: str) -> str:
    # Resolved once: the profile hook asks for every call the student's code makes, and a
    # realpath each time made a function that prints 20,000 lines ten times slower.
    return str(Path(folder).resolve()) + os.sep


class _Watch:
    """The profile hook active while a student function runs: notes callbacks and borrowing."""

    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any], store: _Store) -> None:
        self.store = store
        self.refs: dict[int, Any] = {}
        self.callbacks: dict[Any, list[tuple[list[Any], Any]]] = {}
        for path, value in _argument_slots(args, kwargs):
            if not isinstance(value, (int, float, str, bool)) and value is not None:
                self.refs.setdefault(id(value), path)
            found = _callback_code(value)
            if found is not None:
                self.callbacks.setdefault(found[0], []).append((path, found[1]))
        self.calls: list[list[Any]] = []
        self.borrowed: list[str] = []
        self.root: Any = None  # the frame of invoke(), whose direct callee is the student's code

    def __call__(self, frame: Any, event: str, arg: Any) -> None:
        if event != "call":
            return
        caller = frame.f_back
        from_student = caller is not None and (caller is self.root or not _in_package(caller.f_code.co_filename))
        if not from_student:
            return
        code = frame.f_code
        if code in self.callbacks:
            self._callback(frame, code)
        elif _in_package(code.co_filename) and code not in _GRADER_CODE:
            name = f"{_module_label(str(frame.f_globals.get('__name__', '?')))}.{code.co_qualname}"
            if name not in self.borrowed:
                self.borrowed.append(name)

    def _callback(self, frame: Any, code: Any) -> None:
        candidates = self.callbacks[code]
        first = frame.f_locals.get(code.co_varnames[0]) if code.co_argcount else None
        for path, owner in candidates:
            if owner is None or owner is first:
                args, kwargs = _frame_arguments(frame, skip_self=owner is not None)
                encoded = encode([args, kwargs], store=self.store, refs=self.refs)
                self.calls.append([path, encoded])
                return


def _snapshot(value: Any) -> Any:
    if type(value) is np.ndarray:
        return value.copy()
    if type(value) is np.random.Generator:
        return value.bit_generator.state
    if type(value) in (list, dict):
        return json.dumps(encode(value, digest=True))
    return None


def _changed(value: Any, before: Any) -> bool:
    if type(value) is np.ndarray:
        return not (value.shape == before.shape and value.dtype == before.dtype
                    and np.array_equal(value, before, equal_nan=True))
    if type(value) is np.random.Generator:
        return value.bit_generator.state != before
    return json.dumps(encode(value, digest=True)) != before


# The student functions (by name) whose call ran out of its budget in this kernel, with that
# budget: every later call of a function of that name is answered at once (see invoke).
_TIMED_OUT: dict[str, float] = {}


def _call_budget() -> float:
    """Seconds one call may run: :data:`CALL_BUDGET_ENV` when set (0: no limit), else
    :data:`CALL_BUDGET`."""
    try:
        seconds = float(os.environ.get(CALL_BUDGET_ENV) or CALL_BUDGET)
    except ValueError:
        return CALL_BUDGET
    return seconds if math.isfinite(seconds) else CALL_BUDGET


def _function_name(func: Any) -> str:
    try:
        name = getattr(func, "__name__", None)
    except Exception:  # a hostile __getattr__: the type's name will do
        name = None
    return name if type(name) is str else type(func).__name__


class _Alarm:
    """The time budget of one call: ``SIGALRM`` after ``seconds`` raises :class:`StudentTimeout`
    in the student's code, once, while :attr:`running` is set; :attr:`fired` tells afterwards.

    Armed only in the main thread (Python runs signal handlers there and nowhere else) and not
    while another call's alarm is armed (the outer budget covers a nested call). :meth:`disarm`
    puts back the handler and the timer it found, the timer less the time that went by.
    """

    def __init__(self, name: str, seconds: float) -> None:
        self.name, self.seconds = name, seconds
        self.running = False
        self.fired = False
        self._armed = False
        self._previous: Any = None
        self._previous_timer = (0.0, 0.0)
        self._started = 0.0

    def arm(self) -> None:
        if self.seconds <= 0 or threading.current_thread() is not threading.main_thread():
            return
        if isinstance(getattr(signal.getsignal(signal.SIGALRM), "__self__", None), _Alarm):
            return
        self._previous = signal.signal(signal.SIGALRM, self._ring)
        self._started = time.monotonic()
        self._previous_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self._armed = True

    def _ring(self, signum: int, frame: Any) -> None:
        self.fired = True
        if self.running:
            # Once only: the grader's own clean-up after the call must not be interrupted too.
            self.running = False
            raise StudentTimeout(self.name, self.seconds)

    def disarm(self) -> None:
        """Stop the timer and put back what :meth:`arm` found; a second call does nothing."""
        if not self._armed:
            return
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if self._previous is None else self._previous)
        delay, interval = self._previous_timer
        if delay > 0:  # a timer of the notebook's own was running: it goes on with what is left
            left = delay - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), interval)


def _stand_in(name: str, seconds: float) -> Callable[..., Any]:
    """A function called ``name`` that raises :class:`StudentTimeout` at once."""

    def timed_out(*args: Any, **kwargs: Any) -> Any:
        raise StudentTimeout(name, seconds)

    timed_out.__name__ = timed_out.__qualname__ = name
    return timed_out


# The grader's own code that runs inside a student's call (the alarm's handler, the stand-in):
# the profile hook must not take it for borrowed course code.
_GRADER_CODE = frozenset({_Alarm._ring.__code__, _stand_in("", 0.0).__code__})


def _give_up(name: str, func: Any, seconds: float) -> None:
    """Answer every later call of ``name`` at once with a timeout of ``seconds``.

    The notebook's own cells (the worked examples between the tests) call the function
    directly, not through :func:`invoke`; so its global in the notebook, when it still is
    ``func``, is replaced by a stand-in that raises :class:`StudentTimeout` at once instead of
    running until the cell timeout.
    """
    _TIMED_OUT[name] = seconds
    from IPython import get_ipython

    namespace = getattr(get_ipython(), "user_ns", None)
    if isinstance(namespace, dict) and namespace.get(name) is func:
        namespace[name] = _stand_in(name, seconds)


def invoke(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call ``func(*args, **kwargs)``; while grading, also record the call and bound its time
    (module docstring).

    Without :data:`TRANSCRIPT_ENV` in the environment this is a plain call.

    Raises
    ------
    StudentTimeout
        While grading, when the call ran out of its budget, or a function of the same name
        did so earlier in this kernel (then ``func`` is not called at all).
    """
    folder = os.environ.get(TRANSCRIPT_ENV)
    if not folder:
        return func(*args, **kwargs)
    store = _Store(Path(folder))
    record: dict[str, Any] = {"args": fingerprint(args, kwargs)}
    name = _function_name(func)
    if name in _TIMED_OUT:  # it hung before: answer at once rather than wait for it again
        record["timed_out"] = _TIMED_OUT[name]
        publish(record)
        raise StudentTimeout(name, _TIMED_OUT[name])
    watch = _Watch(args, kwargs, store)
    slots = [(path, value, _snapshot(value)) for path, value in _top_arguments(args, kwargs)]
    global_before = np.random.get_state()
    alarm = _Alarm(name, _call_budget())
    alarm.arm()  # before the profile hook, which would take the grader's calls for the student's
    watch.root = sys._getframe()
    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        alarm.running = True
        result = func(*args, **kwargs)
        alarm.running = False
    except BaseException as error:
        alarm.running = False
        sys.setprofile(previous)
        alarm.disarm()
        if not alarm.fired:
            record["raised"] = {
                "type": type(error).__name__,
                "message": str(error)[:2000],
                "check": bool(getattr(error, "_paramcourse_check", False)),
            }
            if isinstance(error, StudentTimeout):  # it called a function that had hung before
                record["raised"].update(function=error.name, seconds=error.seconds)
            _finish(record, watch, slots, global_before, store)
            raise
        result = None
    else:
        sys.setprofile(previous)
        alarm.disarm()
    if alarm.fired:  # out of its budget, whether the student's code let the alarm through or not
        record["timed_out"] = alarm.seconds
        _give_up(name, func, alarm.seconds)
        _finish(record, watch, slots, global_before, store)
        raise StudentTimeout(name, alarm.seconds)
    record["result"] = encode(result, store=store)
    _finish(record, watch, slots, global_before, store)
    return result


def _top_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[tuple[list[Any], Any]]:
    return [(["arg", i], v) for i, v in enumerate(args)] + [(["kwarg", k], v) for k, v in kwargs.items()]


def _finish(record: dict[str, Any], watch: _Watch, slots: list[tuple[list[Any], Any, Any]],
            global_before: Any, store: _Store) -> None:
    record["callbacks"] = watch.calls
    record["borrowed"] = watch.borrowed
    record["mutated"] = [
        [path, encode(value, store=store)]
        for path, value, before in slots
        if before is not None and _changed(value, before)
    ]
    after = np.random.get_state()
    changed = not (after[0] == global_before[0] and np.array_equal(after[1], global_before[1])
                   and after[2:] == global_before[2:])
    record["global_rng"] = encode(after) if changed else None
    publish(record)


def publish(record: dict[str, Any]) -> None:
    """Show ``record`` as an output of the running cell (nothing outside IPython)."""
    from IPython import get_ipython
    from IPython.display import display

    if get_ipython() is not None:
        display({MIME: record}, raw=True)


# ------------------------------------------------------------------------- in the grader


class _Tape:
    """The records of one test cell, consumed in order by the replayed calls."""

    def __init__(self, records: list[dict[str, Any]], store: _Store) -> None:
        self.records = records
        self.store = store
        self.position = 0
        self.last_name: str | None = None

    def next(self, name: str) -> dict[str, Any]:
        self.last_name = name
        if self.position >= len(self.records):
            raise ReplayError(f"no recorded call of {name} for this step of the test")
        record = self.records[self.position]
        self.position += 1
        if not isinstance(record, dict):
            raise ReplayError("the transcript holds a malformed record")
        return record


def _locate(args: list[Any], kwargs: dict[str, Any], path: Any) -> Any:
    if not isinstance(path, list) or len(path) < 2 or path[0] not in ("arg", "kwarg"):
        raise ReplayError("the transcript names an argument that does not exist")
    try:
        target = args[int(path[1])] if path[0] == "arg" else kwargs[str(path[1])]
        for step in path[2:]:
            target = target[step]
    except (IndexError, KeyError, TypeError, ValueError):
        raise ReplayError("the transcript names an argument that does not exist") from None
    return target


def _assign(args: list[Any], kwargs: dict[str, Any], path: Any, value: Any) -> None:
    target = _locate(args, kwargs, path)
    if type(target) is np.ndarray and type(value) is np.ndarray and target.shape == value.shape:
        np.copyto(target, value, casting="unsafe")
    elif type(target) is np.random.Generator and type(value) is np.random.Generator:
        target.bit_generator.state = value.bit_generator.state
    elif type(target) is list and type(value) is list:
        target[:] = value
    elif type(target) is dict and type(value) is dict:
        target.clear()
        target.update(value)


class StudentInterrupted(BaseException):
    """The student's function was interrupted in the kernel (the per-cell time limit)."""


class StudentExit(BaseException):
    """The student's function raised ``SystemExit`` (``sys.exit``) in the kernel."""


_RAISED_BUILTINS = {name: getattr(builtins, name) for name in (
    "NotImplementedError", "MemoryError", "RecursionError", "ZeroDivisionError", "OverflowError")}


class StudentFunction:
    """Stands for the student's function ``name`` in a replayed test cell.

    Each call takes the next record of the cell's transcript, checks that the arguments are
    the ones the kernel saw, raises :class:`StudentTimeout` when the call ran out of its time
    budget there, replays the check's callbacks with the arguments the student's
    code gave them (so that the check's recorders fill in this process), applies the recorded
    changes to the arguments and to ``np.random``'s global state, and returns the recorded
    result as a plain value (or raises what the function raised).
    """

    def __init__(self, name: str, tape: _Tape) -> None:
        self.__name__ = self.__qualname__ = name
        self._tape = tape

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from paramcourse.grading.compare import fail

        tape, name = self._tape, self.__name__
        record = tape.next(name)
        if record.get("args") != fingerprint(args, kwargs):
            raise ReplayError(
                f"the recorded call of {name} had other arguments than the test's: code in the "
                "notebook interfered with the test"
            )
        if "timed_out" in record:  # first: a call that never returned has nothing else to tell
            raise StudentTimeout(name, _seconds(record["timed_out"]))
        arguments, keywords = list(args), dict(kwargs)

        def resolve(path: Any) -> Any:
            return _locate(arguments, keywords, path)

        for entry in record.get("callbacks") or []:
            path, encoded = entry
            target = resolve(path)
            callback_args, callback_kwargs = decode(encoded, store=tape.store, resolve=resolve)
            target(*callback_args, **callback_kwargs)  # a check's failure raises here, as in the kernel
        borrowed = record.get("borrowed") or []
        if borrowed:
            fail(
                f"{name} calls the course's own code ({', '.join(map(str, borrowed[:3]))}) instead of "
                "computing the result itself.",
                "graded functions must be your own implementation with NumPy; remove the calls into "
                "the paramcourse package.",
            )
        for path, encoded in record.get("mutated") or []:
            _assign(arguments, keywords, path, decode(encoded, store=tape.store))
        if record.get("global_rng") is not None:
            np.random.set_state(decode(record["global_rng"]))
        if "raised" in record:
            _raise(name, record["raised"])
        if "result" not in record:
            raise ReplayError(f"the recorded call of {name} has no result")
        return decode(record["result"], store=tape.store)


def _seconds(value: Any) -> float:
    """The time budget a record names, checked."""
    if type(value) not in (int, float) or not 0 < value < math.inf:
        raise ReplayError("the transcript holds a malformed time limit")
    return float(value)


def _raise(name: str, raised: Any) -> None:
    from paramcourse.grading.compare import fail

    kind = str(raised.get("type", "Exception")) if isinstance(raised, dict) else "Exception"
    message = str(raised.get("message", "")) if isinstance(raised, dict) else ""
    if kind == "AssertionError" and raised.get("check"):
        fail(message)
    if kind == "StudentTimeout":  # it called a student function that had run out of its budget
        raise StudentTimeout(str(raised.get("function") or name), _seconds(raised.get("seconds")))
    if kind == "KeyboardInterrupt":
        raise StudentInterrupted(name)
    if kind == "SystemExit":
        raise StudentExit(name)
    if kind in _RAISED_BUILTINS:
        raise _RAISED_BUILTINS[kind](message)
    if not kind.isidentifier():
        kind = "Exception"
    raise type(kind, (Exception,), {})(message)


def free_names(source: str) -> set[str]:
    """Names a test cell reads but neither defines nor imports, builtins excluded: the student's
    functions it calls."""
    tree = ast.parse(source)
    bound: set[str] = set()
    loaded: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return loaded - bound - set(dir(builtins))


# Replays change np.random's global state (the checks seed it to see whether the student's
# code uses it): one replay at a time in a process.
_REPLAY_LOCK = threading.Lock()


def replay_test(source: str, records: list[dict[str, Any]], folder: Path | None) -> str | None:
    """Run the instructor's test cell ``source`` against the transcript ``records``.

    Returns
    -------
    str or None
        The name of the last student function the test called (for hints); the test passed
        when this returns.

    Raises
    ------
    AssertionError, NotImplementedError, StudentInterrupted, StudentExit, StudentTimeout, ReplayError
        What the check raised in the replay: the test failed. The exception's
        ``student_function`` attribute names the last student function called.
    """
    tape = _Tape(list(records), _Store(folder))
    namespace: dict[str, Any] = {"__name__": "__paramcourse_replay__"}
    for name in free_names(source):
        namespace[name] = StudentFunction(name, tape)
    code = compile(source, "<instructor's test cell>", "exec")
    with _REPLAY_LOCK:
        saved = np.random.get_state()
        try:
            exec(code, namespace)  # the instructor's own test code, never the student's
        except BaseException as error:
            try:
                error.student_function = tape.last_name  # type: ignore[attr-defined]
            except AttributeError:
                pass
            raise
        finally:
            np.random.set_state(saved)
    return tape.last_name
