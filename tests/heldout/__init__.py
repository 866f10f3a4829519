"""Held-out mistakes: plausible wrong answers written without looking at the grader's own catalogue
(solutions/<name>/mistakes.py) or its checks, to audit that no hint names a wrong cause."""
from __future__ import annotations
from collections.abc import Callable
from typing import NamedTuple

class HeldOut(NamedTuple):
    target: str        # the contract function it implements wrongly
    func: Callable     # the wrong implementation, with the contract's signature
    cause: str         # the true cause, in one sentence, as a teacher would tell the student
    same_as: tuple[str, ...] = ()  # catalogued mistakes judged to be the same mistake (SAME_AS)

def held_out(target: str, cause: str):
    def register(func):
        func._held_out = HeldOut(target, func, cause)
        return func
    return register

def collect(namespace: dict) -> list[HeldOut]:
    """The registered mistakes of a module, with the equivalences of its ``SAME_AS`` dict (function
    name -> names of catalogued mistakes that are the same mistake, judged by reading the hints)."""
    same = namespace.get("SAME_AS", {})
    return [v._held_out._replace(same_as=tuple(same.get(v.__name__, ())))
            for v in list(namespace.values()) if hasattr(v, "_held_out")]
