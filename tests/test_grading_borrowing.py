"""The source scan for borrowed answers: what it flags in student code, what it lets through."""

from __future__ import annotations

import pytest

from paramcourse.grading.borrowing import findings, student_sources


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\nnp.random.default_rng(0)\n",
        "import paramcourse\nx = paramcourse.data.make_regression()\n",
        "from paramcourse import data, plots\nfrom paramcourse.widgets import explore_line_fit\n",
        "from paramcourse.grading import self_check\nself_check('gradient_descent.ipynb')\n",
        "import sys\nprint(sys.argv, file=sys.stderr)\n",
        "%matplotlib inline\n!ls\nimport math\n",
        "def broken(:\n    pass\n",  # a syntax error is the kernel's to report
    ],
    ids=["numpy", "data", "plots-widgets", "self-check", "sys", "magics", "syntax-error"],
)
def test_honest_code_has_no_findings(source):
    assert findings([(1, source)]) == []


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["from paramcourse.linear import Ridge"], "from paramcourse.linear import Ridge"),
        (["import paramcourse.optim as opt"], "import paramcourse.optim"),
        (["import paramcourse\nw = paramcourse.linear.ridge_path(X, y, 1)"], "paramcourse.linear.ridge_path"),
        (["import paramcourse as pc", "def f():\n    return pc.grading.bundle.load_checks('x')"],
         "paramcourse.grading.bundle.load_checks"),
        (["from checks import _mse"], "from checks import _mse"),
        (["import mistakes"], "import mistakes"),
        (["from paramcourse import grading as g"], "from paramcourse import grading"),
        (["import sys as s\ns.setprofile(None)"], "sys.setprofile"),
        (["from sys import settrace"], "from sys import settrace"),
        (["import gc\ngc.get_objects()"], "import gc"),
        (["import ctypes"], "import ctypes"),
        (["from importlib import import_module"], "from importlib import import_module"),
        (["m = __import__('paramcourse.linear')"], "__import__"),
        (["g = globals()"], "globals"),
    ],
    ids=["from-import", "import-as", "attribute", "alias-across-cells", "bundle-checks", "bundle-mistakes",
         "from-package", "sys-alias",
         "from-sys", "gc", "ctypes", "importlib", "dunder-import", "globals"],
)
def test_reaching_for_the_package_or_the_interpreter_is_flagged(cells, expected):
    found = findings(list(enumerate(cells, start=3)))
    assert any(item.endswith(expected) for item in found), found
    assert all(item.startswith("cell ") for item in found)


def test_only_the_students_cells_are_read():
    instructor = {"cells": [
        {"cell_type": "code", "source": "import paramcourse.linear  # instructor's own cell", "metadata": {}},
        {"cell_type": "markdown", "source": "from paramcourse.linear import x", "metadata": {}},
    ]}
    submitted = {"cells": [
        {"cell_type": "code", "source": "import paramcourse.linear  # instructor's own cell", "metadata": {}},
        {"cell_type": "code", "source": "import paramcourse.linear as mine", "metadata": {}},
        {"cell_type": "code", "source": "from paramcourse.grading.bundle import load_checks",
         "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": "test_x"}}},
        {"cell_type": "markdown", "source": "import gc", "metadata": {}},
        "not a cell",
    ]}
    assert student_sources(submitted, [instructor]) == [(2, "import paramcourse.linear as mine")]
    assert findings(student_sources(submitted, [instructor])) == ["cell 2: import paramcourse.linear"]
