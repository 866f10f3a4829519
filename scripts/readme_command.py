"""Print one of the README's set-up commands: ``build`` or ``test``.

The README is the single source of both commands; ``.ci/run`` and the tests read them from
here so that what CI runs is exactly what a newcomer types.
"""

from __future__ import annotations

import pathlib
import sys

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


def readme_command(which: str, text: str | None = None) -> str:
    """Return the command in the first ```bash block after ``<!-- {which}-command -->``."""
    text = README.read_text(encoding="utf-8") if text is None else text
    marker = f"<!-- {which}-command -->"
    if marker not in text:
        raise ValueError(f"README.md has no {marker} marker")
    after = text.split(marker, 1)[1].lstrip()
    if not after.startswith("```bash\n"):
        raise ValueError(f"the line after {marker} in README.md must open a ```bash block")
    command = after[len("```bash\n"):].split("```", 1)[0].strip()
    if not command or "\n" in command:
        raise ValueError(f"the {which} command in README.md must be exactly one line")
    return command


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in {"build", "test"}:
        sys.exit("usage: python scripts/readme_command.py build|test")
    print(readme_command(sys.argv[1]))
