"""Getting evidence documents: web pages over HTTP(S), local files and pasted text.

Every route ends in a :class:`FetchedDocument` holding the raw bytes (for the snapshot) and
the extracted text; every expected failure is a :class:`SourceError` with one clear line.
No database or UI code lives here: ``db/`` stores what these functions return.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx

from sources.errors import SourceError
from sources.extract import (
    CANONICAL_MEDIA_TYPE,
    SUPPORTED_KINDS,
    ExtractedText,
    extract_document,
    kind_of,
    may_be_readable,
    mislabelled_binary,
    parse_content_type,
    sniff_kind,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TOTAL_TIMEOUT",
    "USER_AGENT",
    "ExtractedText",
    "FetchedDocument",
    "SourceError",
    "close_shared_client",
    "extract_document",
    "fetch_many",
    "fetch_url",
    "from_text",
    "looks_like_url",
    "make_client",
    "read_file",
    "shared_client",
]

USER_AGENT = "claim-workbench/0.1 (+fact-checking)"
DEFAULT_MAX_BYTES = 15 * 1024 * 1024
# Read timeouts bound each wait for data, not a whole download; a server that drips a byte
# every few seconds would otherwise hold a slot of fetch_many forever.
DEFAULT_TOTAL_TIMEOUT = 120.0

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


# -- clients -----------------------------------------------------------------------------------


def make_client(
    *,
    connect_timeout: float = 10.0,
    read_timeout: float = 20.0,
    max_redirects: int = 10,
    max_connections: int = 20,
) -> httpx.AsyncClient:
    """Return an HTTP/1.1 keep-alive client configured for fetching sources.

    Redirects are followed by :func:`fetch_url` itself (up to ``client.max_redirects``) so that
    each hop can be checked and a loop reported with its chain.
    """
    return httpx.AsyncClient(
        http1=True,
        http2=False,
        timeout=httpx.Timeout(
            connect=connect_timeout,
            read=read_timeout,
            write=read_timeout,
            # Waiting for a free connection is bounded by fetch_url's total deadline instead,
            # so that a large fetch_many queues rather than fails.
            pool=None,
        ),
        limits=httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
        ),
        follow_redirects=False,
        max_redirects=max_redirects,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )


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
    """Close the process-wide client (call on application exit); the next use makes a new one."""
    global _shared, _shared_loop
    client, _shared, _shared_loop = _shared, None, None
    if client is not None and not client.is_closed:
        await client.aclose()


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
    runs in a worker thread so that a large page does not stall the event loop (and the TUI).
    Raises :class:`SourceError` for every expected failure.
    """
    parsed = validate_url(url)
    http = client if client is not None else shared_client()
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
        extracted = await asyncio.to_thread(
            extract_document,
            download.body,
            content_type,
            url=download.final_url,
            charset=download.charset,
        )
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


async def fetch_many(
    urls: Sequence[str],
    *,
    client: httpx.AsyncClient | None = None,
    concurrency: int = 8,
    max_bytes: int = DEFAULT_MAX_BYTES,
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
) -> list[FetchedDocument | SourceError]:
    """Fetch ``urls`` concurrently, at most ``concurrency`` at a time.

    Returns one entry per URL in the same order: the document, or the :class:`SourceError`
    that URL produced. A failing or slow URL only occupies its own slot.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    http = client if client is not None else shared_client()
    gate = asyncio.Semaphore(concurrency)

    async def fetch_one(url: str) -> FetchedDocument | SourceError:
        async with gate:
            try:
                return await fetch_url(
                    url, client=http, max_bytes=max_bytes, total_timeout=total_timeout
                )
            except SourceError as exc:
                return exc

    return list(await asyncio.gather(*(fetch_one(url) for url in urls)))


async def _download(http: httpx.AsyncClient, url: httpx.URL, *, max_bytes: int) -> _Download:
    request = http.build_request("GET", url)
    chain = [str(url)]
    while True:
        response = await http.send(request, stream=True, follow_redirects=False)
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
        # Read at most one byte past the limit: a device or pipe reports no size up front.
        with file_path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(f"file not found: {given}") from None
    except PermissionError:
        raise SourceError(f"permission denied reading {given}") from None
    except OSError as exc:
        raise SourceError(f"could not read {given} ({exc.strerror or _one_line(exc)})") from None
    if len(raw) > max_bytes:
        size = file_path.stat().st_size  # 0 for a device or pipe: then no size is given
        stated = f"is {_size_label(size)}, over" if size > max_bytes else "is over"
        raise SourceError(f"{given} {stated} the {_size_label(max_bytes)} limit")
    return document_from_bytes(
        raw,
        given=given,
        declared=_FILE_TYPES_BY_SUFFIX.get(file_path.suffix.lower(), ""),
        default_title=file_path.name,
    )


def read_stream(
    stream: BinaryIO,
    *,
    name: str = "standard input",
    title: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FetchedDocument:
    """Read a document piped in (``workbench import -``), with the same checks as a file."""
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise SourceError(f"{name} is over the {_size_label(max_bytes)} limit")
    document = document_from_bytes(raw, given=name, declared="", default_title=None)
    document.origin = "text"
    document.requested_url = None
    if title:
        document.title = " ".join(title.split())
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
        extracted = ExtractedText(
            text=extracted.text,
            title=default_title,
            site=extracted.site,
            published=extracted.published,
        )
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


def from_text(text: str, *, title: str | None = None) -> FetchedDocument:
    """Wrap pasted text as a document; its snapshot is the text encoded as UTF-8."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        raise SourceError("the pasted text is empty")
    title = " ".join(title.split()) if title else None
    return _document(
        origin="text",
        requested_url=None,
        final_url=None,
        status_code=None,
        content_type="text/plain",
        fetched_at=datetime.now(UTC),
        raw=text.encode("utf-8"),
        extracted=ExtractedText(text=cleaned, title=title or None, site=None, published=None),
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
