"""Verification reports: an article's claims, verdicts and evidence in the formats of
``formats.FORMATS``."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Connection
from sqlmodel import Session

from claim_workbench.report.formats import (
    FORMAT_NAMES,
    FORMATS,
    ReportFormat,
    ReportOptions,
    report_format,
)

# The names `workbench report --format` takes, and the file suffix of each (see formats.py).
REPORT_FORMATS = FORMAT_NAMES
REPORT_SUFFIXES = {entry.name: entry.suffix for entry in FORMATS}


REQUIRE_NOTE_VARIABLE = "WORKBENCH_REQUIRE_NOTE"


def require_note_setting(environ: Mapping[str, str] = os.environ) -> bool:
    """The desk's rule, WORKBENCH_REQUIRE_NOTE=1 (or true, yes, on): no ClaimReview without a
    note."""
    return environ.get(REQUIRE_NOTE_VARIABLE, "").strip().lower() in ("1", "true", "yes", "on")


def check_format(fmt: str) -> str:
    """The format name, normalised; ValueError with the allowed names otherwise."""
    return report_format(fmt).name


def write_report(
    *,
    session: Session,
    article_id: int,
    fmt: str,
    out: TextIO,
    options: ReportOptions | None = None,
) -> None:
    """Stream the report of one article to ``out``.

    Raises ValueError for an unknown format and store.storage.NotFound for an unknown article,
    both before anything is written. For csv, open files with ``newline=""``: the csv module
    writes its own CRLF line ends.
    """
    # Lazy: report.model loads numpy (via evidence.copies) and each format what it needs; the
    # command line and the app import this package at start for the list of formats.
    from claim_workbench.report.model import iter_claims, read_header

    write = report_format(fmt).write
    options = options or ReportOptions()
    with read_snapshot(session) as snapshot:
        header = read_header(
            session=snapshot,
            article_id=article_id,
            generated_at=options.now or dt.datetime.now(dt.UTC),
            prepared_by=options.reviewer,
            organisation=options.organisation,
            review_url=options.review_url,
        )
        claims = iter_claims(session=snapshot, article_id=article_id)
        write(header, claims, out, options)


@contextmanager
def read_snapshot(session: Session) -> Iterator[Session]:
    """A read-only session on its own connection that sees the database as of its first read.

    The header's counts are read before the claims are streamed; a colleague marking a claim
    in between must not make the report say "4 verified" above five verified rows. SQLite
    (whose Python driver starts no transaction for reads) gets an explicit BEGIN, which in WAL
    mode pins one snapshot without blocking writers; PostgreSQL gets REPEATABLE READ.
    """
    bind = session.get_bind()
    if isinstance(bind, Connection):  # the caller manages the transaction itself
        yield session
        return
    with bind.connect() as connection:
        _begin_snapshot(connection)
        try:
            with Session(bind=connection) as snapshot:
                yield snapshot
        finally:
            connection.rollback()


def _begin_snapshot(connection: Connection) -> None:
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql("BEGIN")
    elif dialect == "postgresql":
        connection.execution_options(isolation_level="REPEATABLE READ")


def save_report(
    *,
    session: Session,
    article_id: int,
    fmt: str,
    path: Path,
    options: ReportOptions | None = None,
) -> Path:
    """Write the report to ``path`` so that a failed export never leaves half a file.

    A regular file (or a new one) is written beside its final place and renamed over it; a
    symlink is followed so the link stays a link; a device or pipe (``/dev/stdout``) is
    written directly, since it cannot be replaced. Errors name the path the user gave.
    """
    if not str(path).strip():
        raise ValueError("give a file name for the report")
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise ValueError(f"{path} is a folder: give a file name for the report")
    if not target.parent.is_dir():
        raise ValueError(f"cannot write {path}: the folder {target.parent} does not exist")
    check_format(fmt)
    if target.exists() and not target.is_file():
        with target.open("w", encoding="utf-8", newline="") as out:
            write_report(session=session, article_id=article_id, fmt=fmt, out=out, options=options)
        return path
    descriptor, partial_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    partial = Path(partial_name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            write_report(session=session, article_id=article_id, fmt=fmt, out=out, options=options)
        if target.exists():
            partial.chmod(target.stat().st_mode & 0o7777)
        else:
            partial.chmod(0o666 & ~_umask())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def render_report(
    *, session: Session, article_id: int, fmt: str, options: ReportOptions | None = None
) -> str:
    """The whole report as one string (for the app's preview and small exports)."""
    buffer = io.StringIO()
    write_report(session=session, article_id=article_id, fmt=fmt, out=buffer, options=options)
    return buffer.getvalue()


__all__ = [
    "save_report",
    "FORMATS",
    "REPORT_FORMATS",
    "REPORT_SUFFIXES",
    "ReportFormat",
    "ReportOptions",
    "report_format",
    "check_format",
    "render_report",
    "require_note_setting",
    "write_report",
]
