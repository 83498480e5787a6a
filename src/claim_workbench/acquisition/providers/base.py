"""What every provider shares: the query, the candidates, the errors and the HTTP call.

A *search provider* takes a :class:`SearchQuery` and yields :class:`Candidate` documents as
they arrive. Each has its own timeout (the orchestrator in ``providers/__init__`` bounds its
whole search), its own rate limit (:class:`RateLimit`: a pause between requests, and a
server's ``Retry-After`` honoured) and its own errors (:class:`ProviderError`, whose message
starts with the provider's name and never holds a key: keys travel in request headers, never
in a URL, and no message quotes a header).

Network providers call their APIs through the fetch policy's client
(:func:`~claim_workbench.acquisition.fetch.shared_client`): a loopback or intranet address is
refused unless ``WORKBENCH_FETCH_ALLOW_HOSTS`` allows it, as for any source.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import socket
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus
from typing import Any, ClassVar

import httpx

from claim_workbench.acquisition.errors import SourceError
from claim_workbench.acquisition.fetch import shared_client
from claim_workbench.acquisition.netpolicy import ALLOW_HOSTS_VARIABLE, ForbiddenAddress

__all__ = [
    "Candidate",
    "NotConfigured",
    "ProviderError",
    "RateLimit",
    "SearchProvider",
    "SearchQuery",
    "plain_snippet",
    "parse_date",
]

# An API answer larger than this is not a search result page.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
# A Retry-After up to this long is waited out (once) inside the provider's own timeout.
RETRY_WAIT_LIMIT = 5.0
DEFAULT_TIMEOUT = 10.0


class ProviderError(SourceError):
    """A provider could not answer, in one line that starts with its name."""


class NotConfigured(Exception):
    """The provider lacks a setting it needs; the message says which."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What the providers are asked: the words sent, and what they were built from."""

    text: str  # sent to the providers as typed (a reviewer may have edited it)
    terms: tuple[str, ...] = ()  # the claim's key words
    entities: tuple[str, ...] = ()  # names in the claim ("Pete Hegseth", "Caribbean")
    # Each claim quantity as written and normalised: ("eighty-two deaths", "82").
    quantities: tuple[tuple[str, str], ...] = ()
    speaker: str | None = None  # for a quote: who said it
    since: dt.date | None = None  # the date window around the article's date
    until: dt.date | None = None
    edited: bool = False  # True when the text was given instead of built


@dataclass(frozen=True, slots=True)
class Candidate:
    """One document a provider offers for a claim; nothing is fetched or stored yet."""

    provider: str
    title: str
    url: str | None
    snippet: str
    site: str | None = None
    published: dt.date | None = None
    source_id: int | None = None  # the stored source, for the stored provider
    rating: str | None = None  # a fact-check's verdict ("False"), for fact-check providers
    # The snippet's place in the stored source's text, for the stored provider.
    start: int | None = None
    end: int | None = None


def parse_date(value: Any) -> dt.date | None:
    """A date from the ISO 8601 forms APIs send ("2025-11-17", "2025-11-17T08:00:00Z")."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_snippet(value: Any, limit: int = 600) -> str:
    """An API's snippet as plain text: tags some APIs add around the matching words
    (``<strong>``, ``<span class="searchmatch">``) dropped, entities decoded, spaces joined.

    The text is never interpreted as markup afterwards; this only removes the APIs' own
    emphasis so that the matcher and the terminal see words.
    """
    if not isinstance(value, str):
        return ""
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(slots=True)
class RateLimit:
    """At most one request per ``interval`` seconds, and none before a server's Retry-After
    has passed. One per provider name, shared by every search in this process."""

    interval: float = 0.0
    _next: float = 0.0
    blocked_until: float = 0.0
    _lock: asyncio.Lock | None = field(default=None, repr=False)
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)

    def wait_left(self) -> float:
        return max(0.0, self.blocked_until - time.monotonic())

    async def acquire(self) -> None:
        # A lock belongs to one event loop; the CLI runs one loop per command.
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        async with self._lock:
            delay = self._next - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = time.monotonic() + self.interval


_RATE_LIMITS: dict[str, RateLimit] = {}


def rate_limit_for(name: str, interval: float) -> RateLimit:
    limit = _RATE_LIMITS.setdefault(name, RateLimit(interval))
    limit.interval = interval
    return limit


def retry_after_seconds(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (a number of seconds or an HTTP date)."""
    if not header:
        return None
    value = header.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class SearchProvider:
    """A source of candidate documents for a claim (subclass per API, one module each).

    Subclasses set ``name`` (what ``--provider`` takes), ``label`` (how errors name it),
    and implement :meth:`search`. ``interval`` is the pause between two requests.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    needs_network: ClassVar[bool] = True
    default_interval: ClassVar[float] = 0.0
    uses_key: ClassVar[bool] = False  # a 401 or 403 then means the key was refused

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, interval: float | None = None):
        self.timeout = timeout
        self.rate = rate_limit_for(
            self.name, self.default_interval if interval is None else interval
        )

    @classmethod
    def from_config(cls, config: Any, context: Any = None) -> SearchProvider:
        """The provider as configured; NotConfigured says which setting is missing."""
        raise NotImplementedError

    @classmethod
    def configured(cls, config: Any) -> bool:
        """Is it asked when no provider is named? By default: when it has its settings."""
        try:
            cls.from_config(config)
        except NotConfigured:
            return False
        return True

    def search(self, query: SearchQuery) -> AsyncIterator[Candidate]:
        raise NotImplementedError

    def error(self, message: str) -> ProviderError:
        return ProviderError(f"{self.label}: {message}")

    # -- the HTTP call every network provider makes ------------------------------------------

    async def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """GET ``url`` and return its JSON, or raise ProviderError with one clear line.

        A 429 whose Retry-After is short is waited out once; a longer one is reported with
        the wait, and this process sends the provider nothing more until it has passed.
        """
        for attempt in range(2):
            left = self.rate.wait_left()
            if left > 0:
                raise self.error(f"rate limited; try again in {left:.0f} s")
            await self.rate.acquire()
            response_status, response_headers, body = await self._get(
                shared_client(), url, params=params, headers=headers
            )
            if response_status == 429:
                wait = retry_after_seconds(response_headers.get("retry-after"))
                if wait is not None:
                    self.rate.blocked_until = time.monotonic() + wait
                if attempt == 0 and wait is not None and wait <= RETRY_WAIT_LIMIT:
                    await asyncio.sleep(wait)
                    self.rate.blocked_until = 0.0
                    continue
                after = f"; try again in {wait:.0f} s" if wait is not None else ""
                raise self.error(f"rate limited (HTTP 429 Too Many Requests){after}")
            self._check_status(response_status, body)
            try:
                return json.loads(body)
            except (UnicodeDecodeError, ValueError):
                raise self.error("the answer is not valid JSON") from None
        raise self.error("rate limited (HTTP 429 Too Many Requests)")

    async def _get(
        self,
        http: httpx.AsyncClient,
        url: str,
        *,
        params: Mapping[str, str | int] | None,
        headers: Mapping[str, str] | None,
    ) -> tuple[int, httpx.Headers, bytes]:
        request_headers = {"Accept": "application/json", **(headers or {})}
        try:
            request = http.build_request("GET", url, params=params, headers=request_headers)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError):
            raise self.error(f"{_origin_of(url)} is not a valid address") from None
        if request.url.scheme not in ("http", "https"):
            raise self.error(f"{_origin_of(url)} is not an http or https address")
        where = _origin_of(str(request.url))
        try:
            response = await http.send(request, stream=True, follow_redirects=False)
            try:
                if response.is_redirect:
                    raise self.error(
                        f"{where} redirected to another address "
                        "(configure the address it redirects to)"
                    )
                chunks: list[bytes] = []
                received = 0
                async for chunk in response.aiter_bytes():
                    received += len(chunk)
                    if received > MAX_ANSWER_BYTES:
                        raise self.error("the answer is too large to be a search result")
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
            finally:
                await response.aclose()
        except ForbiddenAddress as refusal:
            raise self.error(
                f"refused {where}: {refusal.explanation} ({ALLOW_HOSTS_VARIABLE} allows "
                "a newsroom's own host)"
            ) from None
        except httpx.TimeoutException:
            raise self.error(f"{where} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise self.error(_connection_trouble(exc, where)) from None

    def _check_status(self, status: int, body: bytes) -> None:
        if 200 <= status < 300:
            return
        line = _status_line(status)
        if status in (401, 403) and self.uses_key:
            raise self.error(f"the API key was refused (HTTP {line}); check its configuration")
        if status in (401, 403):
            raise self.error(f"access was refused (HTTP {line})")
        if status >= 500:
            raise self.error(f"the service failed (HTTP {line})")
        raise self.error(f"the request was refused (HTTP {line})")


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _origin_of(url: str) -> str:
    """scheme://host:port of a URL, never its path or query (where a key could be)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return "the configured address"
    if not parsed.host:
        return "the configured address"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def _connection_trouble(exc: httpx.HTTPError, where: str) -> str:
    cause: BaseException | None = exc
    seen: list[BaseException] = []
    while cause is not None and cause not in seen:
        seen.append(cause)
        if isinstance(cause, socket.gaierror):
            return f"could not resolve the host of {where}"
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {where}"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect to {where}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{where} sent an invalid answer or closed the connection"
    return f"could not reach {where}"
