r"""A tiny reverse-mode automatic differentiation on scalars.

A :class:`Value` holds one number. Arithmetic on Values (``+``, ``-``, ``*``, ``/``, ``**`` with a
constant exponent, :meth:`Value.tanh`, :meth:`Value.exp`, :meth:`Value.log`, :meth:`Value.relu`)
returns a new Value that remembers its *parents* (the Values it was computed from) and the
*local derivatives* :math:`\partial v / \partial u` of its value with respect to each parent,
evaluated at the current numbers. Together the Values form a **computation graph**, a directed
acyclic graph from the inputs to the output.

The chain rule on such a graph says that the derivative of the output :math:`f` with respect to
any node :math:`u` is the sum, over the nodes :math:`v` that use :math:`u`, of the local
derivative times the derivative of :math:`f` with respect to :math:`v`:

.. math:: \bar u = \frac{\partial f}{\partial u} = \sum_{v \,:\, u \to v} \frac{\partial v}{\partial u}\, \bar v,
          \qquad \bar f = 1 .

:meth:`Value.backward` evaluates these *adjoints* :math:`\bar u` for every node in one sweep,
visiting the nodes in reverse topological order (every node after all the nodes that use it):
**reverse mode**, of which backpropagation is the special case for neural networks.
:func:`forward_derivative` sweeps the same graph the other way, inputs first, and carries one
*tangent* :math:`\dot u = \sum_{w \to u} (\partial u / \partial w)\, \dot w` per node: **forward
mode**, which gives one directional derivative per sweep. Both sweeps do one multiply-add per
edge of the graph; forward mode needs one sweep per input to assemble a gradient, reverse mode
one sweep for all of them.

The design follows the spirit of Karpathy's *micrograd* (a scalar ``Value`` with a ``backward``
over a topological order); here each node stores its local derivatives instead of a closure, so
that both modes can sweep the same graph.

For arrays of Values (NumPy object arrays, on which ``@``, ``+`` and ``.sum()`` work elementwise
with Python arithmetic), :func:`as_values` wraps numbers and :func:`data_of` / :func:`grad_of`
read them back. Backpropagation in matrix form (a layer at a time, with matrix products) is
:func:`paramcourse.mlp.backward`.

Examples
--------
>>> x, y = Value(2.0), Value(3.0)
>>> f = x * y + x.exp() / y
>>> f.backward()
>>> round(x.grad, 6), round(y.grad, 6)       # y + exp(x) / y and x - exp(x) / y**2
(5.463019, 1.178994)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real
from typing import Any, Union

import numpy as np

from ._validation import as_array, as_vector

__all__ = [
    "Value",
    "as_values",
    "count_operations",
    "data_of",
    "forward_derivative",
    "forward_mode_gradient",
    "grad_of",
    "gradient",
    "topological_order",
]

Number = Union[int, float]


def _as_number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        raise ValueError(f"{name} must be a real number or a Value; got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{name} must be finite; got {out}")
    return out


class Value:
    r"""One scalar in a computation graph: its value, its gradient and how it was computed.

    Parameters
    ----------
    data : float
        The number.
    label : str, optional
        A name for figures and messages (``"x1"``, ``"w"``...).

    Attributes
    ----------
    data : float
        The value computed in the forward pass.
    grad : float
        :math:`\partial f / \partial(\text{this node})` after ``f.backward()`` was called on an
        output ``f`` that depends on this node; 0 before.
    parents : tuple of Value
        The operands this Value was computed from (empty for an input).
    local_grads : tuple of float
        :math:`\partial(\text{this}) / \partial(\text{parent})` for each parent, at the current numbers.
    op : str
        The operation (``""`` for an input, else ``"+"``, ``"*"``, ``"tanh"``...).
    """

    __slots__ = ("data", "grad", "parents", "local_grads", "op", "label")

    def __init__(self, data: Number, label: str = "", *, _parents: tuple = (), _local: tuple = (),
                 _op: str = "") -> None:
        self.data = _as_number(data, "data")
        self.grad = 0.0
        self.parents: tuple[Value, ...] = _parents
        self.local_grads: tuple[float, ...] = _local
        self.op = _op
        self.label = label

    # ------------------------------------------------------------------ building the graph

    @staticmethod
    def _lift(other: Any) -> Value:
        return other if isinstance(other, Value) else Value(_as_number(other, "operand"))

    def __add__(self, other: Any) -> Value:
        other = self._lift(other)
        return Value(self.data + other.data, _parents=(self, other), _local=(1.0, 1.0), _op="+")

    def __mul__(self, other: Any) -> Value:
        other = self._lift(other)
        return Value(self.data * other.data, _parents=(self, other), _local=(other.data, self.data), _op="*")

    def __pow__(self, exponent: Number) -> Value:
        """``x ** k`` for a constant real ``k`` (not a Value): local derivative ``k x^(k-1)``."""
        if isinstance(exponent, Value):
            raise ValueError("the exponent of ** must be a number, not a Value; write (k * x.log()).exp() "
                             "for x ** k with a variable k")
        k = _as_number(exponent, "exponent")
        if self.data == 0.0 and k < 1.0:
            raise ValueError(f"x ** {k} has no derivative at x = 0")
        if self.data < 0.0 and not float(k).is_integer():
            raise ValueError(f"x ** {k} is not real for x = {self.data} < 0")
        return Value(self.data**k, _parents=(self,), _local=(k * self.data ** (k - 1),), _op=f"**{k:g}")

    def __neg__(self) -> Value:
        return Value(-self.data, _parents=(self,), _local=(-1.0,), _op="neg")

    def __sub__(self, other: Any) -> Value:
        other = self._lift(other)
        return Value(self.data - other.data, _parents=(self, other), _local=(1.0, -1.0), _op="-")

    def __truediv__(self, other: Any) -> Value:
        r"""``a / b``: local derivatives :math:`1/b` and :math:`-a/b^2`."""
        other = self._lift(other)
        if other.data == 0.0:
            raise ValueError("division by a Value that is 0")
        quotient = self.data / other.data
        return Value(quotient, _parents=(self, other), _local=(1.0 / other.data, -quotient / other.data), _op="/")

    def __radd__(self, other: Any) -> Value:
        return self + other

    def __rmul__(self, other: Any) -> Value:
        return self * other

    def __rsub__(self, other: Any) -> Value:
        return self._lift(other) - self

    def __rtruediv__(self, other: Any) -> Value:
        return self._lift(other) / self

    def tanh(self) -> Value:
        r"""``tanh(x)``: local derivative :math:`1 - \tanh(x)^2`."""
        t = math.tanh(self.data)
        return Value(t, _parents=(self,), _local=(1.0 - t * t,), _op="tanh")

    def exp(self) -> Value:
        r"""``exp(x)``: local derivative :math:`e^x`, the output itself."""
        e = math.exp(self.data)
        return Value(e, _parents=(self,), _local=(e,), _op="exp")

    def log(self) -> Value:
        r"""The natural logarithm, for ``x > 0``: local derivative :math:`1/x`."""
        if self.data <= 0.0:
            raise ValueError(f"log needs a positive Value; got {self.data}")
        return Value(math.log(self.data), _parents=(self,), _local=(1.0 / self.data,), _op="log")

    def relu(self) -> Value:
        r"""``max(x, 0)``: local derivative 1 for ``x > 0`` and 0 otherwise (0 at the kink, as in PyTorch)."""
        return Value(max(self.data, 0.0), _parents=(self,), _local=(1.0 if self.data > 0 else 0.0,), _op="relu")

    # ------------------------------------------------------------------------ reverse mode

    def backward(self) -> None:
        r"""Reverse mode: set ``grad`` of every node of the graph to :math:`\partial\,\text{self} / \partial\,\text{node}`.

        One sweep in reverse topological order: ``self.grad = 1``, then each node passes
        ``local_grad * node.grad`` to each of its parents, which add up what they receive (a node
        used twice gets two contributions). Every ``grad`` of the graph is reset to 0 first, so
        calling ``backward`` twice gives the same result (PyTorch instead accumulates into
        ``.grad`` until it is zeroed).
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad

    def __repr__(self) -> str:
        name = f"{self.label}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"


def _check_value(output: Any, name: str = "output") -> Value:
    if not isinstance(output, Value):
        raise ValueError(f"{name} must be a Value (the result of arithmetic on Values); got {type(output).__name__}")
    return output


def topological_order(output: Value) -> list[Value]:
    """Every node ``output`` depends on, each listed after all of its parents (``output`` last).

    A depth-first search, written with an explicit stack so that deep graphs (a sum of thousands
    of terms is a chain of thousands of nodes) do not hit Python's recursion limit.
    """
    output = _check_value(output)
    order: list[Value] = []
    seen: set[int] = {id(output)}
    stack: list[tuple[Value, int]] = [(output, 0)]
    while stack:
        node, i = stack.pop()
        if i < len(node.parents):
            stack.append((node, i + 1))
            parent = node.parents[i]
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, 0))
        else:
            order.append(node)
    return order


def _check_inputs(inputs: Sequence[Value]) -> list[Value]:
    inputs = list(np.ravel(np.asarray(inputs, dtype=object))) if isinstance(inputs, np.ndarray) else list(inputs)
    for i, v in enumerate(inputs):
        _check_value(v, f"inputs[{i}]")
    return inputs


def gradient(output: Value, inputs: Sequence[Value]) -> np.ndarray:
    r"""The gradient :math:`(\partial f/\partial x_1, \dots, \partial f/\partial x_n)` by one reverse sweep.

    Parameters
    ----------
    output : Value
        :math:`f`.
    inputs : sequence of Value (or an object array of Values)
        :math:`x_1, \dots, x_n`; an input ``output`` does not depend on gets 0.

    Returns
    -------
    ndarray of shape (n,)
    """
    output = _check_value(output)
    inputs = _check_inputs(inputs)
    for v in inputs:
        v.grad = 0.0  # inputs outside the graph are not reset by backward
    output.backward()
    return np.array([v.grad for v in inputs], dtype=float)


def forward_derivative(output: Value, inputs: Sequence[Value], direction) -> float:
    r"""Forward mode: the directional derivative :math:`\nabla f \cdot v` by one sweep from the inputs.

    Each input :math:`x_j` starts with the tangent :math:`\dot x_j = v_j`, every other leaf with 0;
    then, in topological order, each node gets :math:`\dot u = \sum_{w \to u} (\partial u /
    \partial w)\, \dot w` from its parents' tangents and the stored local derivatives. The tangent
    of the output is :math:`\dot f = \sum_j (\partial f / \partial x_j)\, v_j`.

    Parameters
    ----------
    output : Value
    inputs : sequence of Value, length n
    direction : array_like of shape (n,)

    Returns
    -------
    float
    """
    output = _check_value(output)
    inputs = _check_inputs(inputs)
    v = as_vector(direction, "direction", len(inputs), "len(inputs)")
    tangent: dict[int, float] = {}
    for x, vj in zip(inputs, v):
        tangent[id(x)] = tangent.get(id(x), 0.0) + float(vj)
    for node in topological_order(output):
        if node.parents:
            tangent[id(node)] = sum(local * tangent.get(id(p), 0.0) for p, local in zip(node.parents, node.local_grads))
    return float(tangent.get(id(output), 0.0))


def forward_mode_gradient(output: Value, inputs: Sequence[Value]) -> np.ndarray:
    r"""The gradient by forward mode: one sweep per input, along each unit vector :math:`e_j`.

    Gives the same numbers as :func:`gradient` at ``len(inputs)`` times the cost of one sweep.

    Returns
    -------
    ndarray of shape (n,)
    """
    inputs = _check_inputs(inputs)
    eye = np.eye(len(inputs))
    return np.array([forward_derivative(output, inputs, eye[j]) for j in range(len(inputs))])


def count_operations(output: Value) -> dict[str, int]:
    """The size of the graph behind ``output``: what one evaluation and one sweep cost.

    Returns
    -------
    dict
        ``nodes`` (all Values), ``leaves`` (inputs and constants), ``operations`` (the nodes
        computed by an operation: the cost of evaluating :math:`f` in elementary operations) and
        ``edges`` (parent-child links: the multiply-adds of one forward or one reverse sweep).
    """
    order = topological_order(output)
    leaves = sum(1 for node in order if not node.parents)
    return {
        "nodes": len(order),
        "leaves": leaves,
        "operations": len(order) - leaves,
        "edges": sum(len(node.parents) for node in order),
    }


# ------------------------------------------------------------------------- arrays of Values


def as_values(array, label: str = "") -> np.ndarray:
    """Wrap every number of ``array`` in its own :class:`Value` (an object array of the same shape).

    With ``label="W"`` the entries are labelled ``W[0,0]``, ``W[0,1]``, ...

    Examples
    --------
    >>> W = as_values([[1.0, 2.0], [3.0, 4.0]], "W")
    >>> x = np.array([1.0, -1.0])
    >>> out = (x @ W).sum()              # NumPy's @ and sum use the Values' + and *
    >>> out.backward(); grad_of(W)
    array([[ 1.,  1.],
           [-1., -1.]])
    """
    arr = as_array(array, "array")
    out = np.empty(arr.shape, dtype=object)
    for index in np.ndindex(arr.shape):
        name = f"{label}[{','.join(map(str, index))}]" if label else ""
        out[index] = Value(float(arr[index]), name)
    return out


def _map(values, fn: Callable[[Value], float], name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=object)
    out = np.empty(arr.shape, dtype=float)
    for index in np.ndindex(arr.shape):
        out[index] = fn(_check_value(arr[index], f"{name}{list(index)}"))
    return out


def data_of(values) -> np.ndarray:
    """The numbers of an array of Values, as a float array of the same shape."""
    return _map(values, lambda v: v.data, "values")


def grad_of(values) -> np.ndarray:
    """The ``grad`` of every Value of an array, as a float array of the same shape."""
    return _map(values, lambda v: v.grad, "values")
