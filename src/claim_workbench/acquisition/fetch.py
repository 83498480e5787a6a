"""Getting evidence documents: web pages over HTTP(S), local files and pasted text.

Every route ends in a :class:`FetchedDocument` holding the raw bytes (for the snapshot) and
the extracted text; every expected failure is a :class:`SourceError` with one clear line.
No database or UI code lives here: ``db/`` stores what these functions return.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import socket
import ssl
import stat
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from http import HTTPStatus
from multiprocessing import resource_tracker
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit
from weakref import WeakSet

import httpx

from claim_workbench.acquisition.documents import (
    CANONICAL_MEDIA_TYPE,
    SUPPORTED_KINDS,
    ExtractedText,
    extract_document,
    kind_of,
    may_be_readable,
    mislabelled_binary,
    parse_content_type,
    prepare_html_extraction,
    sniff_kind,
)
from claim_workbench.acquisition.errors import SourceError
from claim_workbench.acquisition.netpolicy import (
    ALLOW_HOSTS_VARIABLE,
    ForbiddenAddress,
    GuardedBackend,
    check_literal_host,
)

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PER_HOST",
    "DEFAULT_TOTAL_TIMEOUT",
    "USER_AGENT",
    "ExtractedText",
    "FetchedDocument",
    "SourceError",
    "close_extraction_workers",
    "close_shared_client",
    "extraction_workers_ready",
    "extract_document",
    "fetch_many",
    "fetch_url",
    "from_text",
    "looks_like_url",
    "make_client",
    "read_file",
    "shared_client",
    "start_extraction_workers",
]

USER_AGENT = "claim-workbench/0.1 (+fact-checking)"
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
# Read timeouts bound each wait for data, not a whole download; a server that drips a byte
# every few seconds would otherwise hold a slot of fetch_many forever.
DEFAULT_TOTAL_TIMEOUT = 120.0
# fetch_many's bounds. Politeness is per site: browsers open at most 6 connections to one
# host; across hosts they allow hundreds, so a batch of sources from different sites is not
# held back by a small total.
DEFAULT_PER_HOST = 6
DEFAULT_CONCURRENCY = 64

_ACCEPT = (
    "text/html,application/xhtml+xml,application/pdf;q=0.9,"
    "text/plain;q=0.8,application/json;q=0.8,*/*;q=0.1"
)
_FILE_TYPES_BY_SUFFIX = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".json": "application/json",
}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Schemes people paste that are not web addresses but must still be refused as URLs rather
# than looked up as file names.
_NON_WEB_SCHEMES = {"javascript", "data", "mailto", "about", "file", "ftp", "ftps", "sftp"}
# Letters (any script, for internationalised names), digits, hyphens and dots; or an IPv6
# literal, which urlsplit returns without its brackets.
_HOST = re.compile(r"^([\w-]+(\.[\w-]+)*\.?|[0-9A-Fa-f:.]+)$")


@dataclass(slots=True)
class FetchedDocument:
    """One evidence document as obtained, ready to be stored as a snapshot."""

    origin: str  # "url" | "file" | "text"
    requested_url: str | None  # the URL as given, or the file path as given; None for text
    final_url: str | None  # after redirects (url origin only)
    status_code: int | None
    content_type: str  # media type without parameters, e.g. "text/html"
    fetched_at: datetime  # timezone-aware UTC
    raw: bytes  # body after content-encoding is undone / file bytes / text as UTF-8
    sha256: str  # hex digest of raw
    size: int  # len(raw)
    text: str
    title: str | None
    site: str | None
    published: date | None
    # What had to be repaired or guessed to read it, one line each ("3 bytes were not valid
    # UTF-8 and replaced by U+FFFD"): the document is usable, but the reviewer should be told.
    warnings: list[str] = field(default_factory=list)


# -- clients -----------------------------------------------------------------------------------


def make_client(
    *,
    connect_timeout: float = 10.0,
    read_timeout: float = 20.0,
    max_redirects: int = 10,
    max_connections: int = DEFAULT_CONCURRENCY,
    max_keepalive_connections: int = 20,
) -> httpx.AsyncClient:
    """Return an HTTP/1.1 keep-alive client configured for fetching sources.

    Redirects are followed by :func:`fetch_url` itself (up to ``client.max_redirects``) so that
    each hop can be checked and a loop reported with its chain. The client connects only to
    addresses the fetch policy allows (:mod:`acquisition.netpolicy`); fetching functions refuse
    any client not made here. Proxy settings in the environment (``HTTPS_PROXY``) are not
    used: through a proxy, the address finally reached could not be checked.
    """
    limits = httpx.Limits(
        max_connections=max_connections,
        # httpcore 1.0 rescans every pooled connection for every queued request, so
        # keeping dozens idle slows the next batch more than reconnecting costs.
        max_keepalive_connections=min(max_keepalive_connections, max_connections),
        keepalive_expiry=30.0,
    )
    client = httpx.AsyncClient(
        transport=_GuardedTransport(limits=limits),
        timeout=httpx.Timeout(
            connect=connect_timeout,
            read=read_timeout,
            write=read_timeout,
            # Waiting for a free connection is bounded by fetch_url's total deadline instead,
            # so that a large fetch_many queues rather than fails.
            pool=None,
        ),
        follow_redirects=False,
        max_redirects=max_redirects,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )
    _guarded_clients.add(client)
    return client


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with a connection pool whose network backend is
    :class:`~claim_workbench.acquisition.netpolicy.GuardedBackend`.

    httpx (0.28, 0.29) takes no network backend as a parameter, so the pool is built here the
    way ``AsyncHTTPTransport.__init__`` builds it for HTTP/1.1 without a proxy; the request
    handling and exception mapping stay httpx's.
    """

    def __init__(self, *, limits: httpx.Limits) -> None:
        import httpcore

        # Not super().__init__(): it would build a pool (and an SSL context) to be thrown away.

        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(),
        )


# Clients from make_client, the only ones that enforce the fetch policy.
_guarded_clients: WeakSet[httpx.AsyncClient] = WeakSet()


_shared: httpx.AsyncClient | None = None
_shared_loop: asyncio.AbstractEventLoop | None = None


def shared_client() -> httpx.AsyncClient:
    """Return the process-wide client, creating it on first use.

    A client's pooled connections belong to the event loop that opened them; the CLI runs
    one ``asyncio.run`` per command, so a client left over from a finished loop is replaced.
    """
    global _shared, _shared_loop
    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    stale = _shared is not None and (
        _shared.is_closed
        or (loop is not None and _shared_loop is not None and _shared_loop is not loop)
        or (_shared_loop is not None and _shared_loop.is_closed())
    )
    if _shared is None or stale:
        _shared = make_client()
        _shared_loop = loop
    elif _shared_loop is None:
        _shared_loop = loop
    return _shared


async def close_shared_client() -> None:
    """Close the process-wide client and stop fetch_many's extraction workers (call on
    application exit); the next use makes new ones."""
    global _shared, _shared_loop
    client, _shared, _shared_loop = _shared, None, None
    if client is not None and not client.is_closed:
        await client.aclose()
    await close_extraction_workers()


# -- URLs --------------------------------------------------------------------------------------


def looks_like_url(value: str) -> bool:
    """Tell whether a command-line argument is meant as a URL rather than a file path.

    True for anything with ``scheme://``, for well-known non-web schemes (so that
    ``javascript:`` is refused as a URL, not searched for as a file) and for ``www.`` hosts.
    A Windows drive path such as ``C:\\report.pdf`` is a path.
    """
    value = value.strip()
    if "://" in value:
        return True
    match = _SCHEME.match(value)
    if match is not None and match.group(1).lower() in _NON_WEB_SCHEMES:
        return True
    return value.lower().startswith("www.")


def validate_url(url: str) -> httpx.URL:
    """Return ``url`` parsed, or raise :class:`SourceError` if it is not an http(s) address."""
    value = url.strip()
    if not value:
        raise SourceError("empty URL")
    if any(character.isspace() for character in value):
        raise SourceError(f"invalid URL {value!r}: it contains spaces")
    match = _SCHEME.match(value)
    if match is None:
        hint = f" (did you mean https://{value}?)" if "." in value.split("/")[0] else ""
        raise SourceError(f"invalid URL {value!r}: it has no http:// or https:// scheme{hint}")
    scheme = match.group(1).lower()
    if scheme not in ("http", "https"):
        advice = " (give a local file as a path instead)" if scheme == "file" else ""
        raise SourceError(
            f"refused URL {_shorten(value)}: only http and https addresses can be fetched, "
            f"not {scheme}:{advice}"
        )
    try:
        parsed = httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise SourceError(f"invalid URL {value!r}: {_one_line(exc)}") from None
    # Checked on the text as typed: httpx would percent-encode a bad host and then fail with
    # a misleading DNS error.
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        host = ""
    if not parsed.host or not host:
        raise SourceError(f"invalid URL {value!r}: it has no host name")
    if not _HOST.match(host) or host.startswith(".") or ".." in host:
        raise SourceError(f"invalid URL {value!r}: {host!r} is not a host name")
    return parsed


# -- fetching ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Download:
    final_url: str
    status_code: int
    media_type: str
    charset: str | None
    body: bytes


async def fetch_url(
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
) -> FetchedDocument:
    """Fetch ``url`` (http or https only), follow redirects, and extract its text.

    The body is streamed and abandoned as soon as it passes ``max_bytes``. Text extraction
    runs in a worker thread so that a large page does not stall the event loop (and the TUI),
    or in the extraction workers once :func:`start_extraction_workers` has them ready.
    Raises :class:`SourceError` for every expected failure.
    """
    # Once a long-lived host has started the workers, a single page uses them too: a large
    # page then keeps a worker busy instead of holding this process's GIL (and the TUI).
    workers = _workers
    return await _fetch(
        url,
        http=client if client is not None else shared_client(),
        max_bytes=max_bytes,
        total_timeout=total_timeout,
        extract=_extract_in_thread if workers is None else partial(workers.extract, wait=False),
    )


async def fetch_many(
    urls: Sequence[str],
    *,
    client: httpx.AsyncClient | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    per_host: int = DEFAULT_PER_HOST,
    max_bytes: int = DEFAULT_MAX_BYTES,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
    worker_processes: bool | None = None,
) -> list[FetchedDocument | SourceError]:
    """Fetch ``urls`` concurrently: at most ``concurrency`` at a time, ``per_host`` per site.

    Returns one entry per URL in the same order: the document, or the :class:`SourceError`
    that URL produced. A failing or slow URL only occupies its own slot.

    HTML pages are extracted in worker processes, so that a batch uses every CPU, when
    ``worker_processes`` is true (their start is then awaited) or, by default, when
    :func:`start_extraction_workers` has started them and they are ready; otherwise in
    threads, as :func:`fetch_url` does. The documents are the same either way, and if the
    workers cannot start or die, extraction falls back to threads.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if per_host < 1:
        raise ValueError("per_host must be at least 1")
    http = client if client is not None else shared_client()
    gate = asyncio.Semaphore(concurrency)
    host_gates: dict[str, asyncio.Semaphore] = {}
    extract: _Extract = _extract_in_thread
    if worker_processes:
        workers = _extraction_workers()
        extract = partial(workers.extract, wait=True)
    elif worker_processes is None and _workers is not None:
        # Started by the host, so kept up: workers that died are replaced in the background.
        extract = partial(_extraction_workers().extract, wait=False)

    async def fetch_one(url: str) -> FetchedDocument | SourceError:
        site = _site_key(url)
        # The site's gate first, so that URLs waiting for a busy site do not hold slots that
        # other sites could use.
        host_gate = host_gates.setdefault(site, asyncio.Semaphore(per_host))
        async with host_gate, gate:
            try:
                return await _fetch(
                    url,
                    http=http,
                    max_bytes=max_bytes,
                    total_timeout=total_timeout,
                    extract=extract,
                )
            except SourceError as exc:
                return exc

    return list(await asyncio.gather(*(fetch_one(url) for url in urls)))


# (body, content type, final URL, HTTP charset) -> the extracted text
_Extract = Callable[[bytes, str, str, str | None], Awaitable[ExtractedText]]


async def _fetch(
    url: str,
    *,
    http: httpx.AsyncClient,
    max_bytes: int,
    total_timeout: float,
    extract: _Extract,
) -> FetchedDocument:
    if http not in _guarded_clients:
        raise ValueError(
            "fetching needs a client from make_client(), which applies the fetch policy"
        )
    parsed = validate_url(url)
    try:
        check_literal_host(parsed.host)
    except ForbiddenAddress as refusal:
        raise SourceError(f"refused {parsed}: {refusal.explanation}; {_POLICY_HINT}") from None
    fetched_at = datetime.now(UTC)
    try:
        async with asyncio.timeout(total_timeout):
            download = await _download(http, parsed, max_bytes=max_bytes)
    except TimeoutError:
        raise SourceError(
            f"gave up on {parsed} after {total_timeout:g} s (the server is too slow)"
        ) from None
    except httpx.HTTPError as exc:
        raise SourceError(_describe_http_error(exc, parsed, http)) from None

    kind = kind_of(download.media_type, download.body, sniff_unknown=False)
    if kind is None:
        mislabelled = mislabelled_binary(download.media_type, download.body)
        raise SourceError(
            f"{download.final_url} is {mislabelled}"
            if mislabelled
            else _unsupported_message(download.final_url, download.media_type)
        )
    content_type = (
        download.media_type
        if kind_of(download.media_type, b"", sniff_unknown=False) == kind
        else CANONICAL_MEDIA_TYPE[kind]
    )
    try:
        extracted = await extract(download.body, content_type, download.final_url, download.charset)
    except SourceError as exc:
        raise SourceError(f"{download.final_url}: {exc}") from None
    return _document(
        origin="url",
        requested_url=url.strip(),
        final_url=download.final_url,
        status_code=download.status_code,
        content_type=content_type,
        fetched_at=fetched_at,
        raw=download.body,
        extracted=extracted,
    )


async def _extract_in_thread(
    body: bytes, content_type: str, url: str, charset: str | None
) -> ExtractedText:
    return await asyncio.to_thread(extract_document, body, content_type, url=url, charset=charset)


def _site_key(url: str) -> str:
    """The politeness key of ``url``: scheme, host and port, as browsers count connections."""
    try:
        parsed = validate_url(url)
    except SourceError:
        return ""  # refused before any request is made, so it needs no gate of its own
    return f"{parsed.scheme}://{parsed.host}:{parsed.port or ''}"


# -- extraction in worker processes ------------------------------------------------------------

# More workers than this would outnumber what a batch of pages keeps busy.
_WORKERS_MAX = 4
# Larger bodies are extracted in a thread: one would occupy a worker for seconds while the
# small pages queued behind it wait; in a thread it shares the CPU with them instead.
_WORKERS_MAX_BYTES = 2 * 1024 * 1024


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class _ExtractionWorkers:
    """Worker processes that extract HTML pages for fetch_many, shared by its batches.

    trafilatura holds the GIL, so in threads a batch's pages are extracted one after another
    on one CPU. The workers come from multiprocessing's fork server, never from a plain fork:
    the host program (the Textual app) runs threads, which a fork would copy mid-operation.
    They start in the background and are kept for later batches: starting costs more than
    a batch of 50 pages takes.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self.broken = False
        self.pages_extracted = 0  # pages the workers handled; shown by bench/fetch.py
        self._pool: Future[ProcessPoolExecutor | None] = Future()
        # Marked running, so that a batch cancelled while waiting for it cannot cancel it.
        self._pool.set_running_or_notify_cancel()
        # A thread, not the event loop: the first start launches the fork server, which
        # answers only once it has imported trafilatura.
        threading.Thread(target=self._start, name="extraction-workers", daemon=True).start()

    def _start(self) -> None:
        pool = None
        try:
            with _stderr_with_descriptor():
                resource_tracker.ensure_running()
            context = multiprocessing.get_context("forkserver")
            # The fork server imports these once; each worker forked from it starts with them.
            # (Python 3.11's fork server skips "__main__", so each worker still imports the
            # program's main module, as spawned processes do: about a second for the
            # workbench command, once per worker.)
            context.set_forkserver_preload(
                ["__main__", "claim_workbench.acquisition.documents", "trafilatura"]
            )
            pool = ProcessPoolExecutor(
                max_workers=self.processes, mp_context=context, initializer=_watch_parent
            )
            # Each submission starts one worker, which pays trafilatura's first-use costs
            # now rather than on its first page; the workers count as ready once all have.
            warm_ups = [pool.submit(prepare_html_extraction) for _ in range(self.processes)]
            for warm_up in warm_ups:
                warm_up.result()
        except Exception:  # no fork server or no shared semaphores here: threads still work
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            pool = None
        finally:
            self._pool.set_result(pool)

    async def extract(
        self, body: bytes, content_type: str, url: str, charset: str | None, *, wait: bool
    ) -> ExtractedText:
        """Extract in a worker if this is HTML of a usual size and the workers are ready (or,
        with ``wait``, once they are); otherwise in a thread."""
        job = partial(extract_document, body, content_type, url=url, charset=charset)
        # Only HTML is worth sending: plain text and JSON cost next to nothing, and PDFs are
        # rare in a batch.
        if len(body) > _WORKERS_MAX_BYTES or kind_of(content_type, body) != "html":
            return await asyncio.to_thread(job)
        if wait:
            await asyncio.wrap_future(self._pool)
        # Without ``wait`` a page does not wait for workers that are still starting.
        pool = self._pool.result() if self._pool.done() else None
        if pool is None or self.broken:
            return await asyncio.to_thread(job)
        try:
            submitted = pool.submit(job)
        except RuntimeError:  # broken by an earlier page, or the interpreter is exiting
            self.broken = True
            return await asyncio.to_thread(job)
        try:
            extracted = await asyncio.wrap_future(submitted)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): the pool cannot be used again, so this
            # page and the rest of the batch go the thread route, and the next batch that
            # asks for workers starts new ones.
            self.broken = True
            return await asyncio.to_thread(job)
        except SourceError:
            self.pages_extracted += 1  # a page without readable text was handled all the same
            raise
        self.pages_extracted += 1
        return extracted

    def stop(self, *, wait: bool) -> None:
        """Stop the workers (after the start, if it is still under way); queued pages are
        dropped and a page being extracted is finished first."""
        pool = self._pool.result()
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)


@contextmanager
def _stderr_with_descriptor() -> Iterator[None]:
    """sys.stderr with a real file descriptor for as long as the block runs.

    multiprocessing's resource tracker hands sys.stderr's descriptor to its process. Inside a
    Textual app sys.stderr is a capture object whose descriptor is -1, and the start fails
    ("bad value(s) in fds_to_keep"). Textual draws on the real stderr, so for this moment
    a stray print would land there, which is harmless.
    """
    captured = sys.stderr
    try:
        usable = captured is not None and captured.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    sys.stderr = sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = captured


def _watch_parent() -> None:
    """Worker initializer: leave interrupts to the program, and exit when it is gone.

    A program killed outright (kill -9, out of memory) cannot stop its workers, which would
    otherwise wait for pages forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # readable once the parent has exited
    os._exit(0)


_workers: _ExtractionWorkers | None = None
_workers_lock = threading.Lock()  # batches may run in event loops on different threads


def _extraction_workers() -> _ExtractionWorkers:
    global _workers
    with _workers_lock:
        if _workers is None or _workers.broken:
            if _workers is not None:
                _workers.stop(wait=False)
            # At least two, so that a page that takes long does not hold up all the others.
            _workers = _ExtractionWorkers(max(2, min(_usable_cpus(), _WORKERS_MAX)))
        return _workers


def start_extraction_workers() -> None:
    """Start fetch_many's extraction worker processes in the background, unless they are
    running or the machine has a single CPU; returns at once.

    For long-lived hosts (the Textual app): starting takes about a second of CPU in other
    processes (the fork server imports the program's main module and trafilatura), which a
    one-off batch does not win back, so fetch_many does not start them by itself. Once they
    are ready, every fetch_many batch and fetch_url uses them, until
    :func:`close_shared_client`. As with
    any use of multiprocessing, the program's main module must be safe to import (its work
    behind ``if __name__ == "__main__":``): each worker imports it.
    """
    if _usable_cpus() > 1:
        _extraction_workers()


async def extraction_workers_ready() -> bool:
    """Wait until the extraction workers have started; true if they are usable (false if
    they were never started, could not start, or died)."""
    workers = _workers
    if workers is None:
        return False
    pool = await asyncio.wrap_future(workers._pool)
    return pool is not None and not workers.broken


async def close_extraction_workers() -> None:
    """Stop fetch_many's extraction workers and wait for them to exit.

    :func:`close_shared_client` calls this; at interpreter exit it happens anyway.
    """
    global _workers
    with _workers_lock:
        workers, _workers = _workers, None
    if workers is not None:
        await asyncio.to_thread(workers.stop, wait=True)


_POLICY_HINT = f"only public addresses are fetched ({ALLOW_HOSTS_VARIABLE} allows an intranet host)"


async def _download(http: httpx.AsyncClient, url: httpx.URL, *, max_bytes: int) -> _Download:
    request = http.build_request("GET", url)
    chain = [str(url)]
    while True:
        try:
            response = await http.send(request, stream=True, follow_redirects=False)
        except ForbiddenAddress as refusal:  # the name resolved to a refused address
            if len(chain) == 1:
                raise SourceError(
                    f"refused {request.url}: {refusal.explanation}; {_POLICY_HINT}"
                ) from None
            raise SourceError(
                f"{chain[-2]} redirected to {_shorten(chain[-1])}, refused: "
                f"{refusal.explanation}; {_POLICY_HINT}"
            ) from None
        try:
            if response.next_request is not None:
                if len(chain) > http.max_redirects:
                    raise SourceError(_redirect_message(chain, http.max_redirects))
                request = response.next_request
                location = _shorten(response.headers.get("location", str(request.url)))
                if request.url.scheme not in ("http", "https"):
                    raise SourceError(
                        f"{response.url} redirected to {location}, "
                        "which is not an http or https address"
                    )
                if not _HOST.match(request.url.host):
                    raise SourceError(
                        f"{response.url} redirected to an invalid address ({location})"
                    )
                if response.url.scheme == "https" and request.url.scheme == "http":
                    raise SourceError(
                        f"{response.url} redirected to {location}, refused: a secure (https) "
                        "page may not lead to an unencrypted (http) address"
                    )
                try:
                    check_literal_host(request.url.host)
                except ForbiddenAddress as refusal:
                    raise SourceError(
                        f"{response.url} redirected to {location}, refused: "
                        f"{refusal.explanation}; {_POLICY_HINT}"
                    ) from None
                chain.append(str(request.url))
                continue
            if not response.is_success:
                raise SourceError(f"{response.url} returned {_status_line(response)}")
            media_type, charset = parse_content_type(response.headers.get("content-type"))
            # Refuse a declared image or archive before downloading it; vague types are
            # decided from the bytes once they are here.
            if not may_be_readable(media_type):
                raise SourceError(_unsupported_message(str(response.url), media_type))
            body = await _read_capped(response, max_bytes=max_bytes)
            return _Download(
                final_url=str(response.url),
                status_code=response.status_code,
                media_type=media_type,
                charset=charset,
                body=body,
            )
        finally:
            await response.aclose()


async def _read_capped(response: httpx.Response, *, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(
            f"{response.url} is {_size_label(int(declared))}, over the "
            f"{_size_label(max_bytes)} limit; nothing was stored"
        )
    chunks: list[bytes] = []
    received = 0
    # aiter_bytes undoes gzip/deflate, so the cap also stops a small compressed body that
    # inflates into a huge one.
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise SourceError(
                f"{response.url} is larger than the {_size_label(max_bytes)} limit; "
                "download stopped and nothing was stored"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _describe_http_error(exc: httpx.HTTPError, url: httpx.URL, http: httpx.AsyncClient) -> str:
    try:
        request_url = exc.request.url  # the hop that failed, which may be a redirect target
    except RuntimeError:
        request_url = url
    host = request_url.host or str(url)
    where = f"{host}:{request_url.port}" if request_url.port else host
    timeout = http.timeout
    causes = list(_causes(exc))
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out connecting to {where} after {timeout.connect:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"{request_url} did not respond within {timeout.read:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out talking to {where}"
    if any(isinstance(cause, socket.gaierror) for cause in causes):
        return f"could not resolve host {host}"
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return f"connection refused by {where}"
    if any(isinstance(cause, ssl.SSLCertVerificationError) for cause in causes):
        verification = next(c for c in causes if isinstance(c, ssl.SSLCertVerificationError))
        reason = verification.verify_message or _one_line(verification)
        return f"the TLS certificate of {host} is not valid ({reason})"
    if any(isinstance(cause, ssl.SSLError) for cause in causes):
        return f"secure connection to {where} failed ({_one_line(exc)})"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect to {where} ({_one_line(exc)})"
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc).lower():
        return f"{request_url} redirected to an invalid address ({_one_line(exc)})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{request_url} sent an invalid response or closed the connection early"
    if isinstance(exc, httpx.DecodingError):
        return f"{request_url} sent a body that could not be decompressed"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"invalid URL {str(request_url)!r}: {_one_line(exc)}"
    return f"could not fetch {request_url} ({_one_line(exc)})"


def _causes(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _redirect_message(chain: list[str], limit: int) -> str:
    seen: dict[str, int] = {}
    for position, hop in enumerate(chain):
        if hop in seen:
            loop = " -> ".join(chain[: position + 1])
            return f"redirect loop: {_shorten(loop, 300)} (gave up after {limit} redirects)"
        seen[hop] = position
    trail = " -> ".join([chain[0], chain[1], "...", chain[-1]] if len(chain) > 4 else chain)
    return f"too many redirects (more than {limit}): {_shorten(trail, 300)}"


def _status_line(response: httpx.Response) -> str:
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = response.reason_phrase
    return f"{response.status_code} {phrase}".strip()


def _unsupported_message(url: str, media_type: str) -> str:
    shown = media_type or "a binary file with no declared type"
    return f"{url} is {shown}, which cannot be used as a source (use {SUPPORTED_KINDS})"


# -- files and pasted text ---------------------------------------------------------------------


def read_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FetchedDocument:
    """Read a local evidence file: HTML/XHTML, PDF, text/Markdown or JSON.

    The type comes from the extension, checked against the bytes (a PDF saved as ``.html`` is
    read as a PDF); files with other extensions are accepted if their bytes are readable.
    """
    given = str(path)
    file_path = Path(path).expanduser()
    try:
        if file_path.is_dir():
            raise SourceError(f"{given} is a folder, not a file")
        # Opened without blocking, then checked: opening a named pipe (FIFO) for reading
        # would otherwise wait for a writer forever, and a device (/dev/zero, /dev/stdin) or
        # socket is no document. Checking the opened file, not the path, leaves no moment
        # for the path to be swapped in between.
        descriptor = os.open(file_path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb", closefd=True) as stream:
            mode = os.fstat(descriptor).st_mode
            if not stat.S_ISREG(mode):
                raise SourceError(f"{given} is {_special_file(mode)}, not a regular file")
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(f"file not found: {given}") from None
    except PermissionError:
        raise SourceError(f"permission denied reading {given}") from None
    except OSError as exc:
        raise SourceError(f"could not read {given} ({exc.strerror or _one_line(exc)})") from None
    if len(raw) > max_bytes:
        size = file_path.stat().st_size  # a file still growing may report less
        stated = f"is {_size_label(size)}, over" if size > max_bytes else "is over"
        raise SourceError(f"{given} {stated} the {_size_label(max_bytes)} limit")
    return document_from_bytes(
        raw,
        given=given,
        declared=_FILE_TYPES_BY_SUFFIX.get(file_path.suffix.lower(), ""),
        default_title=file_path.name,
    )


def _special_file(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_stream(
    stream: BinaryIO,
    *,
    name: str = "standard input",
    title: str | None = None,
    origin_note: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FetchedDocument:
    """Read a document piped in (``workbench import -``), with the same checks as a file.

    ``origin_note`` says where pasted text came from ("email from the ministry's press
    office"); it is kept where a web page keeps its publisher (the source's site)."""
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise SourceError(f"{name} is over the {_size_label(max_bytes)} limit")
    document = document_from_bytes(raw, given=name, declared="", default_title=None)
    document.origin = "text"
    document.requested_url = None
    if title:
        document.title = " ".join(title.split())
    if origin_note and origin_note.strip():
        document.site = " ".join(origin_note.split())
    return document


def document_from_bytes(
    raw: bytes, *, given: str, declared: str, default_title: str | None
) -> FetchedDocument:
    """A document from bytes read locally: sniffed, checked against ``declared``, extracted."""
    # The bytes overrule the extension only where the extension cannot be right: a binary file
    # is never text, and a PDF is a PDF whatever it is called.
    sniffed = sniff_kind(raw)
    kind = sniffed if sniffed in (None, "pdf") or not declared else kind_of(declared, raw)
    if kind is None:
        raise SourceError(
            f"{given} is not a readable document (use {SUPPORTED_KINDS} files; "
            "images, archives and office files are not supported)"
        )
    content_type = declared if declared and kind_of(declared, b"") == kind else None
    content_type = content_type or CANONICAL_MEDIA_TYPE[kind]
    try:
        extracted = extract_document(raw, content_type)
    except SourceError as exc:
        raise SourceError(f"{given}: {exc}") from None
    if extracted.title is None and default_title:
        extracted = replace(extracted, title=default_title)
    return _document(
        origin="file",
        requested_url=given,
        final_url=None,
        status_code=None,
        content_type=content_type,
        fetched_at=datetime.now(UTC),
        raw=raw,
        extracted=extracted,
    )


def from_text(
    text: str, *, title: str | None = None, origin_note: str | None = None
) -> FetchedDocument:
    """Wrap pasted text as a document; its snapshot is the text encoded as UTF-8.

    ``origin_note`` (where the text came from) is kept as the source's site, where a web
    page keeps its publisher, so the pane and every report show it beside the title."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise SourceError("the pasted text is empty")
    title = " ".join(title.split()) if title else None
    origin = " ".join(origin_note.split()) if origin_note else None
    return _document(
        origin="text",
        requested_url=None,
        final_url=None,
        status_code=None,
        content_type="text/plain",
        fetched_at=datetime.now(UTC),
        raw=text.encode("utf-8"),
        extracted=ExtractedText(
            text=cleaned, title=title or None, site=origin or None, published=None
        ),
    )


# -- helpers -----------------------------------------------------------------------------------


def _document(
    *,
    origin: str,
    requested_url: str | None,
    final_url: str | None,
    status_code: int | None,
    content_type: str,
    fetched_at: datetime,
    raw: bytes,
    extracted: ExtractedText,
) -> FetchedDocument:
    return FetchedDocument(
        origin=origin,
        requested_url=requested_url,
        final_url=final_url,
        status_code=status_code,
        content_type=content_type,
        fetched_at=fetched_at,
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        text=extracted.text,
        title=extracted.title,
        site=extracted.site,
        published=extracted.published,
        warnings=list(extracted.warnings),
    )


def _size_label(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
