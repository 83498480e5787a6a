"""Fetching sources over HTTP against a real server on loopback (pytest-web)."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import claim_workbench.acquisition.fetch as fetch_module
from claim_workbench.acquisition.fetch import (
    USER_AGENT,
    FetchedDocument,
    SourceError,
    close_extraction_workers,
    close_shared_client,
    extraction_workers_ready,
    fetch_many,
    fetch_url,
    looks_like_url,
    make_client,
    shared_client,
    start_extraction_workers,
)

# These tests fetch from servers on loopback, which the fetch policy refuses unless allowed.
pytestmark = pytest.mark.usefixtures("loopback_fetching")

FIXTURES = Path(__file__).parents[1] / "fixtures"
NEWS_PAGE = (FIXTURES / "news_article.html").read_bytes()
CAFE_PAGE = (FIXTURES / "cafe_windows1252.html").read_bytes()
REPORT_PDF = (FIXTURES / "report.pdf").read_bytes()
EMPTY_PAGE = (FIXTURES / "empty_page.html").read_bytes()


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    # Threaded, so that a slow handler does not hold up the other requests of a test.
    http_server = HTTPServer(host="127.0.0.1", threaded=True)
    http_server.start()
    yield http_server
    http_server.clear()
    http_server.stop()


@pytest.fixture()
def web(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    yield server
    server.clear()


@pytest.fixture()
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(connect_timeout=2.0, read_timeout=5.0) as http:
        yield http


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(paragraph: str) -> bytes:
    return (
        f"<html><head><title>{paragraph[:20]}</title></head><body><article>"
        f"<p>{paragraph}</p></article></body></html>"
    ).encode()


# -- successful fetches --------------------------------------------------------------------------


async def test_news_page_over_http(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/news/plant").respond_with_data(
        NEWS_PAGE, content_type="text/html; charset=utf-8"
    )
    url = web.url_for("/news/plant")
    before = datetime.now(UTC)
    document = await fetch_url(url, client=client)
    assert isinstance(document, FetchedDocument)
    assert document.origin == "url"
    assert document.requested_url == url
    assert document.final_url == url
    assert document.status_code == 200
    assert document.content_type == "text/html"
    assert document.raw == NEWS_PAGE
    assert document.sha256 == hashlib.sha256(NEWS_PAGE).hexdigest()
    assert document.size == len(NEWS_PAGE)
    assert before <= document.fetched_at <= datetime.now(UTC)
    assert "40,000 cubic metres of fresh water a day" in document.text
    assert "Subscribe today" not in document.text  # navigation
    assert "Miracle Gutter Cleaner" not in document.text  # advertisement
    assert "Typical council, always late" not in document.text  # comment
    assert document.title == "Harbour city opens desalination plant after two-year delay"
    assert document.site == "The Coastal Ledger"
    assert document.published == date(2025, 6, 3)


async def test_windows_1252_page_over_http(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/cafe").respond_with_data(
        CAFE_PAGE, content_type="text/html; charset=windows-1252"
    )
    document = await fetch_url(web.url_for("/cafe"), client=client)
    assert "Fondé en 1925 par Élise Garçon" in document.text
    assert "C’est une institution" in document.text
    assert document.title == "Le café du marché fête ses 100 ans"


async def test_http_charset_is_honoured_for_plain_text(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    sentence = "Правительство сообщило, что построено 120 километров дорог."
    web.expect_request("/ru.txt").respond_with_data(
        sentence.encode("koi8_r"), content_type="text/plain; charset=koi8-r"
    )
    document = await fetch_url(web.url_for("/ru.txt"), client=client)
    assert document.text == sentence
    assert document.content_type == "text/plain"


async def test_pdf_over_http(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/report.pdf").respond_with_data(REPORT_PDF, content_type="application/pdf")
    document = await fetch_url(web.url_for("/report.pdf"), client=client)
    assert document.content_type == "application/pdf"
    assert "21 interdictions at sea" in document.text
    assert document.title == "Annual Maritime Security Report"
    assert document.site == "127.0.0.1"


async def test_pdf_served_as_octet_stream_is_recorded_as_pdf(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/download").respond_with_data(
        REPORT_PDF, content_type="application/octet-stream"
    )
    document = await fetch_url(web.url_for("/download"), client=client)
    assert document.content_type == "application/pdf"
    assert "82 arrests" in document.text


async def test_json_over_http(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/api").respond_with_json({"deaths": 82, "attacks": 21})
    document = await fetch_url(web.url_for("/api"), client=client)
    assert document.text == '{\n  "deaths": 82,\n  "attacks": 21\n}'
    assert document.content_type == "application/json"


async def test_redirect_chain_ends_at_the_last_url(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    final = web.url_for("/articles/final")
    web.expect_request("/short").respond_with_data(
        "", status=301, headers={"Location": "/step-two"}
    )
    web.expect_request("/step-two").respond_with_data(
        "", status=302, headers={"Location": web.url_for("/step-three")}
    )
    web.expect_request("/step-three").respond_with_data(
        "",
        status=307,
        headers={"Location": "articles/final"},  # relative to /step-three
    )
    web.expect_request("/articles/final").respond_with_data(NEWS_PAGE, content_type="text/html")
    requested = web.url_for("/short")
    document = await fetch_url(requested, client=client)
    assert document.requested_url == requested
    assert document.final_url == final
    assert "40,000 cubic metres" in document.text


async def test_redirect_limit_comes_from_the_client(web: HTTPServer) -> None:
    for hop in range(3):
        web.expect_request(f"/hop{hop}").respond_with_data(
            "", status=302, headers={"Location": f"/hop{hop + 1}"}
        )
    web.expect_request("/hop3").respond_with_data(NEWS_PAGE, content_type="text/html")
    async with make_client(max_redirects=3) as enough:
        document = await fetch_url(web.url_for("/hop0"), client=enough)
        assert document.final_url == web.url_for("/hop3")
    async with make_client(max_redirects=2) as too_few:
        with pytest.raises(SourceError, match=r"^too many redirects \(more than 2\): "):
            await fetch_url(web.url_for("/hop0"), client=too_few)


async def test_user_agent_and_accept_headers_are_sent(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/ua", headers={"User-Agent": USER_AGENT}).respond_with_data(
        NEWS_PAGE, content_type="text/html"
    )
    document = await fetch_url(web.url_for("/ua"), client=client)
    assert document.status_code == 200
    request, _ = web.log[-1]
    assert request.headers["User-Agent"] == "claim-workbench/0.1 (+fact-checking)"
    assert "text/html" in request.headers["Accept"]


async def test_gzip_body_is_stored_decompressed(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/gz").respond_with_data(
        gzip.compress(NEWS_PAGE),
        content_type="text/html",
        headers={"Content-Encoding": "gzip"},
    )
    document = await fetch_url(web.url_for("/gz"), client=client)
    assert document.raw == NEWS_PAGE
    assert document.sha256 == hashlib.sha256(NEWS_PAGE).hexdigest()


async def test_connections_are_kept_alive_between_fetches() -> None:
    # werkzeug's test server closes every connection, so this uses a tiny HTTP/1.1 server
    # that counts the connections it accepts.
    accepted = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal accepted
        accepted += 1
        body = page("Keep-alive lets the second request reuse this connection, the report said.")
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                writer.write(head % len(body) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed the connection
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with make_client() as http:
            first = await fetch_url(f"http://127.0.0.1:{port}/one", client=http)
            second = await fetch_url(f"http://127.0.0.1:{port}/two", client=http)
        assert first.status_code == second.status_code == 200
        assert accepted == 1
    finally:
        server.close()


# -- failures ------------------------------------------------------------------------------------


async def test_dns_failure(client: httpx.AsyncClient) -> None:
    with pytest.raises(SourceError, match=r"^could not resolve host no-such-site\.invalid$"):
        await fetch_url("http://no-such-site.invalid/article", client=client)


async def test_connection_refused(client: httpx.AsyncClient) -> None:
    port = closed_port()
    with pytest.raises(SourceError, match=rf"^connection refused by 127\.0\.0\.1:{port}$"):
        await fetch_url(f"http://127.0.0.1:{port}/", client=client)


async def test_read_timeout(web: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(NEWS_PAGE, content_type="text/html")

    web.expect_request("/slow").respond_with_handler(slow)
    url = web.url_for("/slow")
    async with make_client(read_timeout=0.3) as impatient:
        with pytest.raises(SourceError, match=rf"^{url} did not respond within 0\.3 s$"):
            await fetch_url(url, client=impatient)


async def test_total_timeout_bounds_a_slow_download(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    def dripping(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(20):
                time.sleep(0.1)
                yield b"<p>still coming</p>"

        return Response(body(), content_type="text/html")

    web.expect_request("/drip").respond_with_handler(dripping)
    url = web.url_for("/drip")
    with pytest.raises(SourceError, match=rf"^gave up on {url} after 0\.5 s"):
        await fetch_url(url, client=client, total_timeout=0.5)


@pytest.mark.parametrize(("status", "phrase"), [(404, "Not Found"), (500, "Internal Server Error")])
async def test_http_error_status(
    web: HTTPServer, client: httpx.AsyncClient, status: int, phrase: str
) -> None:
    web.expect_request("/missing").respond_with_data("oops", status=status)
    url = web.url_for("/missing")
    with pytest.raises(SourceError, match=rf"^{url} returned {status} {phrase}$"):
        await fetch_url(url, client=client)


async def test_error_status_after_redirect_names_the_final_url(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/moved").respond_with_data("", status=301, headers={"Location": "/gone"})
    web.expect_request("/gone").respond_with_data("", status=410)
    with pytest.raises(SourceError, match=r"/gone returned 410 Gone$"):
        await fetch_url(web.url_for("/moved"), client=client)


async def test_redirect_loop(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/ping").respond_with_data("", status=302, headers={"Location": "/pong"})
    web.expect_request("/pong").respond_with_data("", status=302, headers={"Location": "/ping"})
    ping, pong = web.url_for("/ping"), web.url_for("/pong")
    expected = rf"^redirect loop: {ping} -> {pong} -> {ping} \(gave up after 10 redirects\)$"
    with pytest.raises(SourceError, match=expected):
        await fetch_url(ping, client=client)


async def test_redirect_to_a_non_web_scheme_is_refused(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/sneaky").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(SourceError, match=r"redirected to file:///etc/passwd, which is not an"):
        await fetch_url(web.url_for("/sneaky"), client=client)


async def test_invalid_redirect_location() -> None:
    # Sent raw: werkzeug refuses to emit a malformed Location header.
    async def bad_redirect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 302 Found\r\nLocation: http://[broken\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(bad_redirect, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/bad-location"
    try:
        async with make_client() as http:
            with pytest.raises(SourceError, match=rf"^{url} redirected to an invalid address"):
                await fetch_url(url, client=http)
    finally:
        server.close()


async def test_connection_closed_mid_body() -> None:
    async def truncate(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n")
        writer.write(b"<html><body><p>Only the start of the")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(truncate, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/cut"
    try:
        async with make_client() as http:
            with pytest.raises(
                SourceError, match=rf"^{url} sent an invalid response or closed the connection"
            ):
                await fetch_url(url, client=http)
    finally:
        server.close()


async def test_oversized_body_declared_by_content_length(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/big").respond_with_data(b"a" * 300_000, content_type="text/plain")
    url = web.url_for("/big")
    with pytest.raises(SourceError, match=rf"^{url} is 293 KB, over the 98 KB limit"):
        await fetch_url(url, client=client, max_bytes=100_000)


async def test_oversized_streamed_body_is_cut_off(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    sent_chunks = 0

    def endless(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            nonlocal sent_chunks
            for _ in range(10_000):  # 160 MB if nobody stops reading
                sent_chunks += 1
                yield b"x" * 16_384

        return Response(body(), content_type="text/plain")  # chunked: no Content-Length

    web.expect_request("/stream").respond_with_handler(endless)
    url = web.url_for("/stream")
    with pytest.raises(SourceError, match=rf"^{url} is larger than the 98 KB limit"):
        await fetch_url(url, client=client, max_bytes=100_000)
    assert sent_chunks < 10_000


async def test_compressed_body_cap_applies_to_the_inflated_size(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    bomb = gzip.compress(b"a" * 2_000_000)  # about 2 KB on the wire
    web.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(SourceError, match=r"is larger than the 977 KB limit"):
        await fetch_url(web.url_for("/bomb"), client=client, max_bytes=1_000_000)


@pytest.mark.parametrize(
    "content_type", ["image/png", "application/zip", "audio/mpeg", "application/vnd.ms-excel"]
)
async def test_unsupported_content_type_is_refused(
    web: HTTPServer, client: httpx.AsyncClient, content_type: str
) -> None:
    web.expect_request("/file").respond_with_data(
        b"\x89PNG\r\n\x1a\n" + bytes(200), content_type=content_type
    )
    url = web.url_for("/file")
    expected = rf"^{url} is {content_type}, which cannot be used as a source \(use HTML, PDF"
    with pytest.raises(SourceError, match=expected):
        await fetch_url(url, client=client)


async def test_octet_stream_that_is_not_a_pdf_is_refused(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/blob").respond_with_data(
        b"PK\x03\x04" + bytes(500), content_type="application/octet-stream"
    )
    with pytest.raises(SourceError, match=r"is application/octet-stream, which cannot be used"):
        await fetch_url(web.url_for("/blob"), client=client)


async def test_binary_served_as_text_is_refused(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/photo").respond_with_data(
        b"\xff\xd8\xff\xe0" + bytes(300), content_type="text/html"
    )
    url = web.url_for("/photo")
    with pytest.raises(
        SourceError, match=rf"^{url} is labelled text/html but the content is binary"
    ):
        await fetch_url(url, client=client)


async def test_page_with_no_readable_text(web: HTTPServer, client: httpx.AsyncClient) -> None:
    web.expect_request("/app").respond_with_data(EMPTY_PAGE, content_type="text/html")
    url = web.url_for("/app")
    with pytest.raises(SourceError, match=rf"^{url}: no readable text found on the page"):
        await fetch_url(url, client=client)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/report.pdf", "only http and https addresses can be fetched, not ftp:"),
        ("file:///etc/passwd", "not file: \\(give a local file as a path instead\\)"),
        ("javascript:alert(1)", "only http and https addresses can be fetched, not javascript:"),
        ("not a url", "invalid URL 'not a url': it contains spaces"),
        ("example.com/news", "no http:// or https:// scheme \\(did you mean https://example"),
        ("http://", "invalid URL 'http://': it has no host name"),
        ("http://exa_mple<>.com/", "is not a host name"),
        ("http://[::1/", "invalid URL 'http://\\[::1/'"),
        ("", "empty URL"),
    ],
)
async def test_invalid_urls_are_refused_before_any_request(
    client: httpx.AsyncClient, url: str, message: str
) -> None:
    with pytest.raises(SourceError, match=message):
        await fetch_url(url, client=client)


# -- many at once --------------------------------------------------------------------------------


async def test_fetch_many_keeps_order_and_reports_each_failure(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    web.expect_request("/one").respond_with_data(
        page("The first report counted 21 attacks on the coast."), content_type="text/html"
    )
    web.expect_request("/two").respond_with_data("", status=404)
    web.expect_request("/three").respond_with_data(
        "The third source lists 82 deaths.", content_type="text/plain"
    )
    urls = [
        web.url_for("/one"),
        web.url_for("/two"),
        "ftp://example.com/x",
        web.url_for("/three"),
    ]
    results = await fetch_many(urls, client=client)
    assert len(results) == 4
    first, second, third, fourth = results
    assert isinstance(first, FetchedDocument) and "21 attacks" in first.text
    assert isinstance(second, SourceError) and "returned 404 Not Found" in str(second)
    assert isinstance(third, SourceError) and "only http and https" in str(third)
    assert (
        isinstance(fourth, FetchedDocument) and fourth.text == "The third source lists 82 deaths."
    )


async def test_a_slow_source_does_not_block_the_others(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    slow_finished = threading.Event()
    fast_served_while_slow_ran: list[bool] = []

    def slow(request: Request) -> Response:
        time.sleep(2.0)  # long enough for six fast fetches even on a loaded machine
        slow_finished.set()
        return Response(
            page("The slow source finally answered with 7 figures."), content_type="text/html"
        )

    def fast(request: Request) -> Response:
        fast_served_while_slow_ran.append(not slow_finished.is_set())
        return Response(
            page("A fast source answered straight away with 3 figures."), content_type="text/html"
        )

    web.expect_request("/slow").respond_with_handler(slow)
    web.expect_request("/fast").respond_with_handler(fast)
    urls = [web.url_for("/slow")] + [web.url_for(f"/fast?n={n}") for n in range(6)]
    results = await fetch_many(urls, client=client, concurrency=2)
    assert all(isinstance(result, FetchedDocument) for result in results)
    assert fast_served_while_slow_ran == [True] * 6


async def test_fetch_many_respects_the_concurrency_bound(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    lock = threading.Lock()
    in_flight = 0
    most_in_flight = 0

    def counted(request: Request) -> Response:
        nonlocal in_flight, most_in_flight
        with lock:
            in_flight += 1
            most_in_flight = max(most_in_flight, in_flight)
        time.sleep(0.2)
        with lock:
            in_flight -= 1
        return Response(
            page("Counted requests are answered after a short pause here."),
            content_type="text/html",
        )

    web.expect_request("/counted").respond_with_handler(counted)
    urls = [web.url_for(f"/counted?n={n}") for n in range(9)]
    results = await fetch_many(urls, client=client, concurrency=3)
    assert all(isinstance(result, FetchedDocument) for result in results)
    assert 2 <= most_in_flight <= 3


async def test_fetch_many_turns_a_timeout_into_an_entry(web: HTTPServer) -> None:
    def stuck(request: Request) -> Response:
        time.sleep(1.0)
        return Response(
            page("Too late to matter for this particular test case."), content_type="text/html"
        )

    web.expect_request("/stuck").respond_with_handler(stuck)
    web.expect_request("/ok").respond_with_data(
        page("This one is quick and has 5 numbers."), content_type="text/html"
    )
    async with make_client(read_timeout=0.3) as impatient:
        stuck_result, ok_result = await fetch_many(
            [web.url_for("/stuck"), web.url_for("/ok")], client=impatient
        )
    assert isinstance(stuck_result, SourceError) and "did not respond within 0.3 s" in str(
        stuck_result
    )
    assert isinstance(ok_result, FetchedDocument)


async def test_fetch_many_rejects_zero_concurrency(client: httpx.AsyncClient) -> None:
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        await fetch_many(["http://127.0.0.1/"], client=client, concurrency=0)


# -- the shared client ---------------------------------------------------------------------------


async def test_shared_client_is_one_client_per_event_loop(web: HTTPServer) -> None:
    web.expect_request("/shared").respond_with_data(NEWS_PAGE, content_type="text/html")
    first = shared_client()
    assert shared_client() is first
    assert first.headers["User-Agent"] == USER_AGENT
    document = await fetch_url(web.url_for("/shared"))  # no client: the shared one
    assert document.status_code == 200
    await close_shared_client()
    assert first.is_closed
    assert shared_client() is not first
    await close_shared_client()


def test_shared_client_is_replaced_for_a_new_event_loop() -> None:
    async def current() -> httpx.AsyncClient:
        return shared_client()

    first = asyncio.run(current())
    second = asyncio.run(current())
    assert second is not first
    asyncio.run(close_shared_client())


def test_make_client_settings() -> None:
    http = make_client(connect_timeout=3.0, read_timeout=7.0, max_redirects=4, max_connections=5)
    assert http.timeout.connect == 3.0 and http.timeout.read == 7.0
    assert http.max_redirects == 4
    pool = http._transport._pool  # httpx keeps the pool limits only on the transport
    assert pool._max_connections == 5
    assert not pool._http2


# -- telling URLs from paths ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "is_url"),
    [
        ("https://example.com/a", True),
        ("http://127.0.0.1:8000/", True),
        ("  https://example.com  ", True),
        ("ftp://example.com/file", True),
        ("file:///home/me/report.pdf", True),
        ("javascript:alert(1)", True),
        ("www.example.com/news", True),
        ("report.pdf", False),
        ("./sources/minutes.txt", False),
        ("/home/me/evidence.html", False),
        ("C:\\Users\\me\\report.pdf", False),
        ("notes:2024.txt", False),
    ],
)
def test_looks_like_url(value: str, is_url: bool) -> None:
    assert looks_like_url(value) is is_url


# -- limits per site -----------------------------------------------------------------------------


async def test_fetch_many_limits_requests_per_site(
    web: HTTPServer, client: httpx.AsyncClient
) -> None:
    lock = threading.Lock()
    in_flight: dict[str, int] = {}
    most_in_flight: dict[str, int] = {}
    most_in_total = 0

    def counted(request: Request) -> Response:
        nonlocal most_in_total
        site = request.host.split(":")[0]
        with lock:
            in_flight[site] = in_flight.get(site, 0) + 1
            most_in_flight[site] = max(most_in_flight.get(site, 0), in_flight[site])
            most_in_total = max(most_in_total, sum(in_flight.values()))
        time.sleep(0.3)
        with lock:
            in_flight[site] -= 1
        return Response(
            page("Each site answers after a short pause with 4 figures."), content_type="text/html"
        )

    web.expect_request("/counted").respond_with_handler(counted)
    # One server under two names: two sites to the client.
    by_address = [web.url_for(f"/counted?n={n}") for n in range(6)]
    by_name = [url.replace("127.0.0.1", "localhost") for url in by_address]
    results = await fetch_many(
        by_address + by_name, client=client, concurrency=10, per_host=2, worker_processes=False
    )
    assert all(isinstance(result, FetchedDocument) for result in results)
    assert most_in_flight == {"127.0.0.1": 2, "localhost": 2}
    assert most_in_total >= 3  # the two sites were fetched at the same time


async def test_fetch_many_rejects_zero_per_host(client: httpx.AsyncClient) -> None:
    with pytest.raises(ValueError, match="per_host must be at least 1"):
        await fetch_many(["http://127.0.0.1/"], client=client, per_host=0)


# -- extraction in worker processes --------------------------------------------------------------


@pytest.fixture()
async def workers() -> AsyncIterator[None]:
    await close_extraction_workers()
    yield
    await close_extraction_workers()


def same_document(first: FetchedDocument, second: FetchedDocument) -> bool:
    """Every field but the time of fetching."""
    return replace(first, fetched_at=second.fetched_at) == second


def worker_pool() -> ProcessPoolExecutor:
    workers = fetch_module._workers
    assert workers is not None
    pool = workers._pool.result()
    assert pool is not None
    return pool


async def test_worker_processes_give_the_same_documents_as_one_by_one_fetching(
    web: HTTPServer, client: httpx.AsyncClient, workers: None
) -> None:
    sources = {
        "/news": (NEWS_PAGE, "text/html; charset=utf-8"),
        "/divs": ((FIXTURES / "news_article_divs.html").read_bytes(), "text/html"),
        "/cafe": (CAFE_PAGE, "text/html"),  # charset only in the page's meta tag
        "/statement": ((FIXTURES / "statement.xhtml").read_bytes(), "application/xhtml+xml"),
        "/report.pdf": (REPORT_PDF, "application/pdf"),
        "/minutes.txt": ((FIXTURES / "minutes.txt").read_bytes(), "text/plain"),
        "/empty": (EMPTY_PAGE, "text/html"),
        # One invalid byte: the warning must come back from a worker as from a thread.
        "/damaged": (
            page("Zoë Brandão said “82 people” were evacuated — it cost €4 million.").replace(
                b"82 people", b"\xff82 people"
            ),
            "text/html; charset=utf-8",
        ),
        "/menu": (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "text/html"),
    }
    for path, (body, content_type) in sources.items():
        web.expect_request(path).respond_with_data(body, content_type=content_type)
    urls = [web.url_for(path) for path in sources]

    one_by_one: list[FetchedDocument | SourceError] = []
    for url in urls:
        try:
            one_by_one.append(await fetch_url(url, client=client))
        except SourceError as error:
            one_by_one.append(error)
    pooled = await fetch_many(urls, client=client, worker_processes=True)

    for alone, batched in zip(one_by_one, pooled, strict=True):
        if isinstance(alone, SourceError):
            assert isinstance(batched, SourceError) and str(batched) == str(alone)
        else:
            assert isinstance(batched, FetchedDocument) and same_document(batched, alone)
    assert "no readable text found on the page" in str(pooled[-3])
    damaged = pooled[-2]
    assert isinstance(damaged, FetchedDocument)
    assert damaged.warnings == ["1 byte was not valid UTF-8 and replaced by U+FFFD"]
    assert "no text beyond its navigation" in str(pooled[-1])
    # The HTML pages went through the workers; the PDF and text did not.
    assert fetch_module._workers is not None and fetch_module._workers.pages_extracted == 7


async def test_a_failing_page_in_a_worker_batch_does_not_hold_up_the_others(
    web: HTTPServer, client: httpx.AsyncClient, workers: None
) -> None:
    slow_finished = threading.Event()
    fast_served_while_slow_ran: list[bool] = []

    def slow(request: Request) -> Response:
        time.sleep(2.0)
        slow_finished.set()
        return Response(
            page("The slow source finally answered with 7 figures."), content_type="text/html"
        )

    def fast(request: Request) -> Response:
        fast_served_while_slow_ran.append(not slow_finished.is_set())
        return Response(
            page(f"Fast source {request.args['n']} answered straight away with 3 figures."),
            content_type="text/html",
        )

    web.expect_request("/slow").respond_with_handler(slow)
    web.expect_request("/fast").respond_with_handler(fast)
    web.expect_request("/empty").respond_with_data(EMPTY_PAGE, content_type="text/html")
    web.expect_request("/gone").respond_with_data("", status=404)
    urls = [web.url_for("/slow"), web.url_for("/empty"), web.url_for("/gone")]
    urls += [web.url_for(f"/fast?n={n}") for n in range(6)]
    results = await fetch_many(urls, client=client, worker_processes=True)

    slow_result, empty_result, gone_result, *fast_results = results
    assert isinstance(slow_result, FetchedDocument) and "7 figures" in slow_result.text
    assert isinstance(empty_result, SourceError)
    assert str(empty_result).endswith(
        "no readable text found on the page (it may be empty or need JavaScript)"
    )
    assert isinstance(gone_result, SourceError) and "returned 404 Not Found" in str(gone_result)
    fast_texts = [result.text for result in fast_results if isinstance(result, FetchedDocument)]
    expected_texts = [f"Fast source {n} answered straight away with 3 figures." for n in range(6)]
    assert fast_texts == expected_texts
    assert fast_served_while_slow_ran == [True] * 6
    assert fetch_module._workers is not None and fetch_module._workers.pages_extracted == 8
    # The same error as when the empty page is fetched on its own.
    with pytest.raises(SourceError) as alone:
        await fetch_url(web.url_for("/empty"), client=client)
    assert str(alone.value) == str(empty_result)


async def test_a_dead_worker_falls_back_to_threads_and_is_replaced(
    web: HTTPServer, client: httpx.AsyncClient, workers: None
) -> None:
    web.expect_request("/news").respond_with_data(NEWS_PAGE, content_type="text/html")
    urls = [web.url_for(f"/news?n={n}") for n in range(4)]
    expected = [await fetch_url(url, client=client) for url in urls]
    start_extraction_workers()
    if fetch_module._workers is None:
        fetch_module._extraction_workers()  # a single CPU: started for this test all the same
    assert await extraction_workers_ready()
    first_workers = fetch_module._workers
    victim = next(iter(worker_pool()._processes.values()))
    pool = worker_pool()
    victim.kill()  # as the out-of-memory killer would
    victim.join(timeout=5)
    deadline = time.monotonic() + 5
    while not pool._broken and time.monotonic() < deadline:  # the pool's own thread notices
        await asyncio.sleep(0.01)

    results = await fetch_many(urls, client=client, worker_processes=True)
    for result, alone in zip(results, expected, strict=True):
        assert isinstance(result, FetchedDocument) and same_document(result, alone)
    assert first_workers is not None and first_workers.broken

    # The next batch, even one that does not ask for workers, starts new ones.
    again = await fetch_many(urls, client=client)
    assert all(isinstance(result, FetchedDocument) for result in again)
    assert fetch_module._workers is not first_workers
    assert await extraction_workers_ready()
    await fetch_many(urls, client=client)
    assert fetch_module._workers is not None and fetch_module._workers.pages_extracted == 4


async def test_fetch_many_uses_workers_only_once_started(
    web: HTTPServer, client: httpx.AsyncClient, workers: None
) -> None:
    web.expect_request("/news").respond_with_data(NEWS_PAGE, content_type="text/html")
    urls = [web.url_for(f"/news?n={n}") for n in range(4)]
    assert not await extraction_workers_ready()
    await fetch_many(urls, client=client)
    assert fetch_module._workers is None  # a one-off batch does not start processes

    start_extraction_workers()
    if fetch_module._workers is None:
        pytest.skip("a single CPU: the workers are not started by default")
    assert await extraction_workers_ready()
    await fetch_many(urls, client=client)
    assert fetch_module._workers is not None and fetch_module._workers.pages_extracted == 4


async def test_fetch_url_uses_the_workers_once_started_with_the_same_result(
    web: HTTPServer, client: httpx.AsyncClient, workers: None
) -> None:
    web.expect_request("/news").respond_with_data(NEWS_PAGE, content_type="text/html")
    in_thread = await fetch_url(web.url_for("/news"), client=client)
    start_extraction_workers()
    if fetch_module._workers is None:
        pytest.skip("a single CPU: the workers are not started by default")
    assert await extraction_workers_ready()
    in_worker = await fetch_url(web.url_for("/news"), client=client)
    assert fetch_module._workers.pages_extracted == 1
    assert same_document(in_thread, in_worker)


async def test_close_shared_client_stops_the_workers(workers: None) -> None:
    start_extraction_workers()
    if fetch_module._workers is None:
        pytest.skip("a single CPU: the workers are not started by default")
    assert await extraction_workers_ready()
    processes = list(worker_pool()._processes.values())
    assert processes and all(process.is_alive() for process in processes)
    await close_shared_client()
    assert fetch_module._workers is None
    assert all(not process.is_alive() and process.exitcode == 0 for process in processes)
    assert not await extraction_workers_ready()


WORKERS_THEN_SLEEP = """
import asyncio, time
import claim_workbench.acquisition.fetch as fetch

async def main():
    fetch.start_extraction_workers()
    assert await fetch.extraction_workers_ready()
    pool = fetch._workers._pool.result()
    print(" ".join(str(process.pid) for process in pool._processes.values()), flush=True)
    time.sleep(60)

asyncio.run(main())
"""


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has exited and only waits to be reaped


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers start only with two CPUs")
def test_workers_exit_when_the_program_is_killed_outright() -> None:
    program = subprocess.Popen(
        [sys.executable, "-c", WORKERS_THEN_SLEEP],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert program.stdout is not None
        worker_pids = [int(pid) for pid in program.stdout.readline().split()]
        assert worker_pids and all(running(pid) for pid in worker_pids)
    finally:
        program.kill()  # SIGKILL: no chance to stop its workers
        program.wait()
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in worker_pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in worker_pids)
