"""scripts/execute_book.py: the chapters of the table of contents, run as the build runs them, with
failures reported rather than raised. Its speed is measured by benchmarks/bench_book.py."""

from __future__ import annotations

import sys

import nbformat
import pytest

from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts"))
import execute_book  # noqa: E402


def test_it_runs_every_notebook_of_the_table_of_contents_in_order():
    found = execute_book.notebooks()
    chapters = sorted(p.name for p in (REPO_ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in found) == chapters
    names = [p.stem for p in found]
    assert names.index("05_gradient_descent") + 1 == names.index("16_computing_gradients")


@pytest.mark.parametrize(("code", "fails"), [("x = 1 + 1\nprint(x)", False), ("1 / 0", True)])
def test_a_notebook_runs_in_its_folder_and_an_error_is_returned_not_raised(tmp_path, code, fails):
    path = tmp_path / "page.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    _, notebook, seconds, error = execute_book._execute(str(path), timeout=60)
    assert seconds > 0
    if fails:
        assert "ZeroDivisionError" in error
    else:
        assert error is None and notebook.cells[0].outputs[0]["text"] == "2\n"


def test_the_kernel_log_shows_errors_only_and_cell_stderr_stays_in_the_notebook(tmp_path, capfd):
    path = tmp_path / "page.ipynb"
    code = "import sys\nprint('a warning of the chapter', file=sys.stderr)"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    _, notebook, _, error = execute_book._execute(str(path), timeout=60)
    assert error is None
    assert [o.get("name") for o in notebook.cells[0].outputs] == ["stderr"]  # the build fails on it
    assert "WARNING" not in capfd.readouterr().err  # ipykernel's notices stay out of the terminal
