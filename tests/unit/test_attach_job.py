"""The attach job without a terminal: from a real HTTP server on loopback into a real SQLite
file, one source or a batch, with its progress lines, its cancellation and its outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlmodel import select

from claim_workbench.acquisition.fetch import close_shared_client
from claim_workbench.review.attach_job import AttachJob, PastedSource
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Evidence, Source
from tests.support.app_data import claims_in_db, sample_database

# The server is on loopback, which the fetch policy refuses unless allowed.
pytestmark = pytest.mark.usefixtures("loopback_fetching")

PAGE = (
    "<html><head><title>Wire report</title></head><body><article>"
    "<p>Officials spoke to reporters on Sunday about the campaign.</p>"
    "<p>{sentence}</p>"
    "<p>The statement was repeated later in the week by the ministry.</p>"
    "</article></body></html>"
)


class Attaching:
    def __init__(self, url: str) -> None:
        self.url = url
        self.article_id = sample_database(url)
        self.claim = claims_in_db(url, self.article_id)[0]
        self.engine = make_engine(url)
        self.progress: list[str] = []

    def job(self) -> AttachJob:
        assert self.claim.id is not None
        return AttachJob(
            claim_id=self.claim.id,
            reviewer="ana",
            session=lambda: session_for(self.engine),
            progress=self.progress.append,
        )

    def stored(self) -> tuple[list[Source], list[Evidence]]:
        with session_for(self.engine) as session:
            sources = list(session.exec(select(Source)).all())
            evidence = list(session.exec(select(Evidence)).all())
        return sources, evidence


@pytest.fixture
async def attaching(sqlite_url: str):  # type: ignore[no-untyped-def]
    yield Attaching(sqlite_url)
    await close_shared_client()  # the shared client belongs to this test's event loop


def serve(httpserver: HTTPServer, path: str, sentence: str) -> str:
    httpserver.expect_request(path).respond_with_data(
        PAGE.format(sentence=sentence), content_type="text/html; charset=utf-8"
    )
    return httpserver.url_for(path)


async def test_one_address_is_fetched_matched_and_stored(
    attaching: Attaching, httpserver: HTTPServer
) -> None:
    url = serve(httpserver, "/report", attaching.claim.text)
    report = await attaching.job().run(target=url)
    assert report.error is None and not report.batch and not report.cancelled
    assert len(report.attached) == 1
    title, passages = report.attached[0]
    sources, evidence = attaching.stored()
    assert title == "Wire report" == sources[0].title
    assert passages == len(evidence) >= 1
    assert all(row.claim_id == attaching.claim.id for row in evidence)
    assert attaching.progress[0].startswith("Fetching http://")
    assert attaching.progress[1].startswith("Matching and storing passages of http://")


async def test_pasted_text_is_stored_with_its_title_and_origin(attaching: Attaching) -> None:
    pasted = PastedSource(attaching.claim.text, "Press office email", "ministry press office")
    report = await attaching.job().run(pasted=pasted)
    sources, _evidence = attaching.stored()
    assert report.attached[0][0] == "Press office email" == sources[0].title
    assert attaching.progress[0] == "Fetching pasted text…  (Ctrl+X cancels)"


async def test_a_page_that_is_not_there_is_one_error_and_stores_nothing(
    attaching: Attaching, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    report = await attaching.job().run(target=httpserver.url_for("/gone"))
    assert report.error is not None and "404" in str(report.error)
    assert report.attached == []
    assert attaching.stored() == ([], [])


async def test_a_batch_stores_what_it_can_and_says_why_the_rest_failed(
    attaching: Attaching, httpserver: HTTPServer, tmp_path: Path
) -> None:
    good = serve(httpserver, "/report", attaching.claim.text)
    missing = tmp_path / "missing.txt"
    report = await attaching.job().run(target=f"{good} {missing}")
    assert report.batch and report.asked == 2
    assert [title for title, _ in report.attached] == ["Wire report"]
    assert len(report.failed) == 1 and str(missing) in report.failed[0]
    assert len(attaching.stored()[0]) == 1
    assert "Fetching 2 sources…  (Ctrl+X cancels)" in attaching.progress


async def test_cancel_while_storing_one_source_stores_nothing(
    attaching: Attaching, httpserver: HTTPServer
) -> None:
    url = serve(httpserver, "/report", attaching.claim.text)
    job = attaching.job()
    answers: list[str] = []
    assert job.cancel() == "not storing"

    def cancel_when_storing(line: str) -> None:
        attaching.progress.append(line)
        if line.startswith("Matching and storing"):
            answers.append(job.cancel())

    job.progress = cancel_when_storing
    report = await job.run(target=url)
    assert answers == ["cancelled"]
    assert report.cancelled and report.attached == [] and report.error is None
    assert attaching.stored() == ([], [])
    assert not job.storing


async def test_cancel_in_a_batch_keeps_what_is_stored_and_skips_the_rest(
    attaching: Attaching, httpserver: HTTPServer
) -> None:
    first = serve(httpserver, "/one", attaching.claim.text)
    second = serve(httpserver, "/two", attaching.claim.text)
    job = attaching.job()
    answers: list[str] = []

    def cancel_at_the_second(line: str) -> None:
        if line.startswith("Matching and storing source 2"):
            answers.append(job.cancel())

    job.progress = cancel_at_the_second
    report = await job.run(target=f"{first} {second}")
    assert answers == ["skipping the rest"]
    assert report.cancelled and len(report.attached) == 1
    assert len(attaching.stored()[0]) == 1  # the first one, in its own commit
