"""Verification reports: an article's claims, verdicts and evidence in five formats."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import Connection
from sqlmodel import Session

from claim_workbench.report.claimreview import RATING_SCALE, write_claimreview
from claim_workbench.report.csv_report import CSV_COLUMNS, write_csv
from claim_workbench.report.html import write_html
from claim_workbench.report.json_report import write_json
from claim_workbench.report.markdown import write_markdown
from claim_workbench.report.model import iter_claims, read_header

REPORT_FORMATS = ("md", "html", "json", "csv", "claimreview")

# The file suffix a saved report gets, per format.
REPORT_SUFFIXES = {
    "md": ".md",
    "html": ".html",
    "json": ".json",
    "csv": ".csv",
    "claimreview": ".claimreview.json",
}


@dataclass
class ReportOptions:
    organisation: str | None = None  # publisher named as ClaimReview author (else the reviewer)
    review_url: str | None = None  # where the report is published; ClaimReview `url`
    now: dt.datetime | None = None  # report time; fixed in tests, else the current UTC time
    reviewer: str | None = None  # who prepares the report
    # A UTF-8 byte-order mark makes Excel read the CSV as UTF-8 instead of the local
    # code page; LibreOffice, Google Sheets and pandas accept it. Off for pipelines.
    csv_bom: bool = True
    # ClaimReview leaves out verdicts that have no note (no review text to publish).
    require_note: bool = False
    # Gets one line for each thing the reader of the report should know (claims left out).
    warn: Callable[[str], None] | None = None


REQUIRE_NOTE_VARIABLE = "WORKBENCH_REQUIRE_NOTE"


def require_note_setting(environ: Mapping[str, str] = os.environ) -> bool:
    """The desk's rule, WORKBENCH_REQUIRE_NOTE=1 (or true, yes, on): no ClaimReview without a
    note."""
    return environ.get(REQUIRE_NOTE_VARIABLE, "").strip().lower() in ("1", "true", "yes", "on")


def check_format(fmt: str) -> str:
    """The format name, normalised; ValueError with the allowed names otherwise."""
    name = fmt.strip().lower()
    if name not in REPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(REPORT_FORMATS)}")
    return name


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
    name = check_format(fmt)
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
        if name == "md":
            write_markdown(header, claims, out)
        elif name == "html":
            write_html(header, claims, out)
        elif name == "json":
            write_json(header, claims, out)
        elif name == "csv":
            write_csv(header, claims, out, bom=options.csv_bom)
        else:
            write_claimreview(
                header, claims, out, require_note=options.require_note, warn=options.warn
            )


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
    "CSV_COLUMNS",
    "RATING_SCALE",
    "REPORT_FORMATS",
    "REPORT_SUFFIXES",
    "ReportOptions",
    "check_format",
    "render_report",
    "require_note_setting",
    "write_report",
]
