"""The one exception type that fetching and extraction raise for expected failures."""

from __future__ import annotations


class SourceError(Exception):
    """An expected failure to get a source, worded as one clear line for the user.

    Examples: ``could not resolve host example.invalid`` or
    ``http://x/ returned 404 Not Found``. The CLI prints ``str(error)`` and exits non-zero;
    the TUI shows it as a notification. Nothing else should ever need a traceback.
    """
