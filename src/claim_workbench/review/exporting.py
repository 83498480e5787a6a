"""Writing a report from the app, as the command line does (report.save_report). Plain
functions, no Textual.

The report package (its formats bring in numpy) is imported when a report is written, not with
this module: the main screen imports it, and its first paint does not need reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session


def export_report(
    *, session: Callable[[], Session], article_id: int, fmt: str, path: Path, reviewer: str
) -> list[str]:
    """Write the article's report to ``path``; returns the warnings (claims left out, ...).

    save_report keeps a failed export from leaving half a file, writes through symlinks and to
    devices such as /dev/stdout. An OSError names the path the reviewer gave, never the
    temporary file.
    """
    from claim_workbench.report import ReportOptions, require_note_setting, save_report

    warnings: list[str] = []
    options = ReportOptions(
        reviewer=reviewer, require_note=require_note_setting(), warn=warnings.append
    )
    try:
        with session() as opened:
            save_report(session=opened, article_id=article_id, fmt=fmt, path=path, options=options)
    except OSError as error:
        reason = error.strerror or str(error)
        raise OSError(f"cannot write {path}: {reason}") from error
    return warnings


def note_required() -> bool:
    """The desk's rule (WORKBENCH_REQUIRE_NOTE): no ClaimReview for a verdict without a note."""
    from claim_workbench.report import require_note_setting  # see the module's docstring

    return require_note_setting()
