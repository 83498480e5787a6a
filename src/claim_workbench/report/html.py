"""The HTML report: one self-contained, printable page rendered by Jinja2 with autoescaping."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TextIO

from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from markupsafe import Markup

from claim_workbench.evidence.agreement import describe_check
from claim_workbench.report.formats import ReportOptions
from claim_workbench.report.model import STATUS_TITLES, ReportHeader, status_title
from claim_workbench.report.serialize import iso_datetime
from claim_workbench.report.text import (
    agreement_text,
    human_time,
    note_text,
    published_text,
    quantity_reading,
    safe_link,
    summary_statuses,
)
from claim_workbench.store.views import ClaimView
from claim_workbench.text.clean import reveal_hidden


def html_link(url: str | None) -> Markup:
    """A link when the URL is http(s), else the URL as plain (escaped) text."""
    link = safe_link(url)
    if link is None:
        return Markup("{0}").format(reveal_hidden(url) or "none recorded")
    return Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(link)


def shown(value: object) -> object:
    """Every ``{{ ... }}`` passes here before it is escaped: text gets its control, bidi and
    zero-width characters shown as tags (``⟨RLO⟩``); Markup was built by us (html_link)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return reveal_hidden(value)
    return value


def status_class(status: str) -> str:
    return f"status-{status}" if status in STATUS_TITLES else "status-other"


@cache
def report_template() -> Template:
    # Autoescape on for everything: article and source text is untrusted.
    environment = Environment(
        loader=PackageLoader("claim_workbench.report", "templates"),
        autoescape=True,
        finalize=shown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        link=html_link,
        human_time=human_time,
        iso_datetime=iso_datetime,
        status_title=status_title,
        status_class=status_class,
        agreement_text=agreement_text,
        published_text=published_text,
        describe_check=describe_check,
        quantity_reading=quantity_reading,
        summary_statuses=summary_statuses,
        note_text=note_text,
    )
    return environment.get_template("report.html.j2")


def write_html(header: ReportHeader, claims: Iterator[ClaimView], out: TextIO) -> None:
    # generate() renders lazily: claims are pulled from the iterator as the page is written;
    # the dismissed ones are set aside on the way and listed after them.
    dismissed: list[ClaimView] = []
    reported = _reported(claims, dismissed)
    page = report_template().generate(header=header, claims=reported, dismissed=dismissed)
    for chunk in page:
        out.write(chunk)


def _reported(claims: Iterator[ClaimView], dismissed: list[ClaimView]) -> Iterator[ClaimView]:
    for claim in claims:
        if claim.dismissal is None:
            yield claim
        else:
            dismissed.append(claim)


def write(
    header: ReportHeader, claims: Iterator[ClaimView], out: TextIO, options: ReportOptions
) -> None:
    """The HTML report (the entry point formats.FORMATS names)."""
    write_html(header, claims, out)
