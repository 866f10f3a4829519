"""Sphinx extension of the course: drop duplicate <script> entries from every page.

Jupyter Book registers sphinx-thebe's configuration script twice, and the second copy throws
"Identifier 'THEBE_JS_URL' has already been declared" in the browser console. Keeping the
first of each identical script (same file, same attributes) removes the error and changes
nothing else.
"""

from __future__ import annotations


def _unique_scripts(app, pagename, templatename, context, doctree):
    files = context.get("script_files") or []
    seen, unique = set(), []
    for script in files:
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    files[:] = unique


def setup(app):
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
