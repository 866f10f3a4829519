"""The ``paramcourse`` command: ``check`` a notebook, ``grade`` a class, ``release`` exercises,
scaffold a ``new`` assignment.

Exit status: 0 at full marks (or success), 1 when points are missing, 2 when the
input cannot be graded at all; the reason is one line on stderr. Also runs as
``python -m paramcourse.cli``. Imports stay inside the commands so that ``--help``
answers at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

EXIT_OK, EXIT_POINTS_MISSING, EXIT_UNGRADABLE = 0, 1, 2


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of jobs, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 job, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``paramcourse`` command."""
    from paramcourse.grading.kernel import DEFAULT_MEMORY_MB
    from paramcourse.grading.runner import DEFAULT_CELL_TIMEOUT, DEFAULT_TIMEOUT

    def add_memory_limit(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--memory-mb", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
            help=f"address-space limit of the notebook's kernel in MiB, 0 for none (default {DEFAULT_MEMORY_MB})",
        )

    from paramcourse import __version__

    parser = argparse.ArgumentParser(
        prog="paramcourse",
        description="Self-check and grade the assignments of the paramcourse textbook (nbgrader underneath).",
    )
    parser.add_argument("--version", action="version", version=f"paramcourse {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="grade one notebook and show points and hints",
        description=(
            "Grade one notebook with the instructor's tests (hidden ones included) in a temporary "
            "course directory. Where no course is found (Colab, a downloaded notebook), the released "
            "exercise's visible tests run in this process instead. "
            "Exit status: 0 full marks, 1 points missing, 2 cannot be graded."
        ),
    )
    check.add_argument("notebook", type=Path, metavar="NOTEBOOK", help="the .ipynb file (save it first)")
    check.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    check.add_argument("--course", type=Path, metavar="DIR", help="the course directory (default: searched upward)")
    check.add_argument(
        "--assignment", metavar="NAME", help="the assignment (default: from the file name or its test cells)"
    )
    check.add_argument(
        "--timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="S",
        help=f"time limit of the whole check in seconds (default {DEFAULT_TIMEOUT})",
    )
    check.add_argument(
        "--cell-timeout", type=_positive, default=DEFAULT_CELL_TIMEOUT, metavar="S",
        help=f"time limit of one cell in seconds (default {DEFAULT_CELL_TIMEOUT})",
    )
    add_memory_limit(check)

    grade = commands.add_parser(
        "grade",
        help="grade a class folder into a CSV",
        description=(
            "Grade SUBMISSIONS_DIR/<student>/<NAME>.ipynb for every student, in parallel and each in "
            "isolation, into a CSV with one row per student (sorted by student; a submission that cannot "
            "be graded gets a row with the reason). Exit status 0 once the CSV is complete, 2 when the "
            "folder or the assignment is unknown or the gradebook database cannot be used."
        ),
    )
    grade.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR", help="one folder per student")
    grade.add_argument("--assignment", required=True, metavar="NAME", help="the assignment to grade")
    grade.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="notebooks graded at once (default 1)")
    grade.add_argument(
        "--out", type=Path, default=Path("grades.csv"), metavar="CSV", help="the grades CSV (default grades.csv)"
    )
    # One database per run: argparse refuses both with exit status 2 and says why.
    database = grade.add_mutually_exclusive_group()
    database.add_argument(
        "--gradebook", type=Path, metavar="PATH", help="also record grades in this nbgrader SQLite gradebook"
    )
    database.add_argument(
        "--db-url", metavar="URL",
        help="record grades in this nbgrader gradebook database: sqlite:///PATH or postgresql://USER@HOST:PORT/DB",
    )
    grade.add_argument(
        "--resume", action="store_true", help="keep the rows already in --out and grade only the others"
    )
    grade.add_argument("--course", type=Path, metavar="DIR", help="the course directory (default: searched upward)")
    grade.add_argument(
        "--timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="S", help="time limit per notebook"
    )
    grade.add_argument(
        "--cell-timeout", type=_positive, default=DEFAULT_CELL_TIMEOUT, metavar="S", help="time limit per cell"
    )
    add_memory_limit(grade)
    grade.add_argument("--quiet", action="store_true", help="no progress display")

    release = commands.add_parser(
        "release",
        help="regenerate exercises/ from solutions/",
        description="Regenerate exercises/<name>/ from solutions/<name>/ for every assignment with nbgrader.",
    )
    release.add_argument("names", nargs="*", metavar="NAME", help="assignments to release (default: all)")
    release.add_argument("--course", type=Path, metavar="DIR", help="the course directory (default: searched upward)")
    release.add_argument("--out", type=Path, metavar="DIR", help="write here instead of the course's exercises/")
    new = commands.add_parser(
        "new",
        help="scaffold a new assignment bundle in solutions/NAME/ and release it",
        description=(
            "Create solutions/NAME/ (a notebook with nbgrader metadata, checks.py with a hidden region, "
            "mistakes.py) holding a small worked assignment that releases, checks and grades as it is, "
            "and release it to exercises/NAME/. Replace its function, checks and mistakes with yours: "
            "docs/writing-an-assignment.md walks through it."
        ),
    )
    new.add_argument("name", metavar="NAME", help="the assignment's name (lower case, e.g. backpropagation)")
    new.add_argument("--course", type=Path, metavar="DIR", help="the course directory (default: searched upward)")
    return parser


def _new(args: argparse.Namespace) -> int:
    from paramcourse.grading.scaffold import new_assignment

    for path in new_assignment(args.name, course=args.course):
        print(path)
    return EXIT_OK


def _in_a_course(args: argparse.Namespace) -> bool:
    """Whether to grade in a course; ``False`` means the local check of a packaged exercise."""
    from paramcourse.grading import UngradableError
    from paramcourse.grading.bundle import packaged_names
    from paramcourse.grading.course import find_course

    if args.course is not None or not packaged_names():
        return True  # the course's own messages say what is missing
    try:
        find_course(near=args.notebook.resolve().parent)
    except UngradableError:
        return False
    return True


def _check(args: argparse.Namespace) -> int:
    from paramcourse.grading.report import format_text, to_json

    if _in_a_course(args):
        from paramcourse.grading.runner import grade_notebook

        result = grade_notebook(
            args.notebook, course=args.course, assignment=args.assignment,
            cell_timeout=args.cell_timeout, timeout=args.timeout, memory_mb=args.memory_mb,
        )
    else:
        # Colab or a download: no hidden tests, no supervised kernel; the visible tests here.
        from paramcourse.grading.local import check_file

        result = check_file(args.notebook, assignment=args.assignment, cell_timeout=args.cell_timeout)
    print(to_json(result) if args.json else format_text(result))
    if result.status != "graded":
        print(f"paramcourse check: {result.status}: {result.message}", file=sys.stderr)
    return EXIT_OK if result.full_marks else EXIT_POINTS_MISSING


def _grade(args: argparse.Namespace) -> int:
    from paramcourse.grading.batch import grade_class
    from paramcourse.grading.gradebook import database_url

    gradebook = args.db_url if args.db_url is not None else args.gradebook
    if gradebook is not None:
        database_url(gradebook)  # a URL that cannot work stops here, before any worker starts
    rows = grade_class(
        args.submissions, args.assignment, out=args.out, jobs=args.jobs, course=args.course,
        gradebook=gradebook, resume=args.resume, cell_timeout=args.cell_timeout,
        timeout=args.timeout, memory_mb=args.memory_mb, progress=None if args.quiet else sys.stderr,
    )
    graded = sum(row.status == "graded" for row in rows)
    problems = len(rows) - graded
    print(f"{len(rows)} submissions, {graded} graded, {problems} with problems; wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def _release(args: argparse.Namespace) -> int:
    from paramcourse.grading.release import release

    written = release(course=args.course, names=args.names or None, out=args.out)
    for path in written:
        print(path)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``paramcourse`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    from paramcourse.grading import UngradableError

    args = build_parser().parse_args(argv)
    handler = {"check": _check, "grade": _grade, "release": _release, "new": _new}[args.command]
    try:
        return handler(args)
    except UngradableError as error:
        print(f"paramcourse {args.command}: {error}", file=sys.stderr)
        return EXIT_UNGRADABLE
    except KeyboardInterrupt:
        print(f"paramcourse {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
