"""The report formats, one line each below.

Adding a format is one module in this package with a ``write(header, claims, out, options)``
function and one ``ReportFormat`` line in ``FORMATS``: the command line's ``--format``, the
export dialog and ``write_report``/``save_report`` all read this list.

This module imports only the standard library: the command line and the app read it at start,
and a format's module (with what it needs: the report model, numpy, jinja2) is imported the
first time a report in that format is written.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from claim_workbench.report.model import ReportHeader
    from claim_workbench.store.views import ClaimView


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


class Writer(Protocol):
    """What a format's module provides: the report of one article, streamed to ``out``."""

    def __call__(
        self,
        header: ReportHeader,
        claims: Iterator[ClaimView],
        out: TextIO,
        options: ReportOptions,
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class ReportFormat:
    name: str  # what `workbench report --format` takes and the export dialog lists
    label: str  # what a person choosing a format knows it as
    suffix: str  # the file suffix a saved report gets
    media_type: str  # the report's content type, for whoever serves or sends the file
    module: str  # the module in claim_workbench.report whose `write` writes it

    @property
    def write(self) -> Writer:
        module = importlib.import_module(f"claim_workbench.report.{self.module}")
        return module.write


FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("md", "Markdown", ".md", "text/markdown", "markdown"),
    ReportFormat("html", "HTML", ".html", "text/html", "html"),
    ReportFormat("json", "JSON", ".json", "application/json", "json_report"),
    ReportFormat("csv", "CSV", ".csv", "text/csv", "csv_report"),
    # schema.org ClaimReview markup, as JSON-LD
    ReportFormat(
        "claimreview", "ClaimReview", ".claimreview.json", "application/ld+json", "claimreview"
    ),
)

FORMAT_NAMES: tuple[str, ...] = tuple(report_format.name for report_format in FORMATS)
_BY_NAME = {report_format.name: report_format for report_format in FORMATS}


def format_labels() -> str:
    """'Markdown, HTML, ... or ClaimReview': every format, as the app's palette lists them."""
    labels = [entry.label for entry in FORMATS]
    return f"{', '.join(labels[:-1])} or {labels[-1]}" if len(labels) > 1 else labels[0]


def report_format(fmt: str) -> ReportFormat:
    """The format named ``fmt`` (any case, spaces around ignored); ValueError with the allowed
    names otherwise."""
    found = _BY_NAME.get(fmt.strip().lower())
    if found is None:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMAT_NAMES)}")
    return found
