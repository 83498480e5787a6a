"""SearxNG, the self-hosted metasearch engine a newsroom can run: its JSON search API.

Request and answer as SearxNG documents them (docs/dev/search_api.rst, "Search API"):
``GET {instance}/search?q=...&format=json``, optional ``time_range`` (day, month, year) and
``language``; the answer's ``results`` list holds ``url``, ``title``, ``content`` (the
snippet), ``engine`` and, where an engine dates it, ``publishedDate``. The instance must
have ``json`` among its ``search.formats`` in settings.yml (otherwise it answers 403).

An instance behind HTTP basic authentication is configured as ``https://user:password@host``:
the credentials are taken out of the address and sent only in the Authorization header, so
the address httpx logs and errors name never holds the password.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import SecretStr

from claim_workbench.acquisition.providers.base import (
    Candidate,
    NotConfigured,
    SearchProvider,
    SearchQuery,
    parse_date,
    plain_snippet,
)
from claim_workbench.acquisition.providers.config import ProviderConfig

URL_VARIABLE = "WORKBENCH_SEARXNG_URL"
MAX_RESULTS = 20


class SearxNG(SearchProvider):
    name = "searxng"
    label = "SearxNG"
    default_interval = 0.5

    def __init__(self, *, url: str, language: str | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.url, self._credentials = _without_credentials(url.rstrip("/"))
        self.language = language

    @classmethod
    def from_config(cls, config: ProviderConfig, context: Any = None) -> SearxNG:
        url = config.text("searxng", "url", URL_VARIABLE)
        if not url:
            raise NotConfigured(f"set {URL_VARIABLE} or [searxng] url to the instance's address")
        return cls(
            url=url,
            language=config.text("searxng", "language"),
            timeout=config.number("searxng", "timeout", 10.0),
            interval=config.number("searxng", "interval", cls.default_interval),
        )

    def _check_status(self, status: int, body: bytes) -> None:
        if status == 403:
            raise self.error(
                "the instance does not answer in JSON (HTTP 403 Forbidden); add json to "
                "search.formats in its settings.yml"
            )
        super()._check_status(status, body)

    async def search(self, query: SearchQuery) -> AsyncIterator[Candidate]:
        params: dict[str, str | int] = {"q": query.text, "format": "json"}
        time_range = _time_range(query.since)
        if time_range:
            params["time_range"] = time_range
        if self.language:
            params["language"] = self.language
        headers = {}
        if self._credentials is not None:
            headers["Authorization"] = self._credentials.get_secret_value()
        answer = await self.get_json(f"{self.url}/search", params=params, headers=headers)
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):
            raise self.error("the answer has no list of results")
        for result in results[:MAX_RESULTS]:
            if not isinstance(result, dict):
                continue
            url = result.get("url")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                continue
            yield Candidate(
                provider=self.name,
                title=plain_snippet(result.get("title"), 300) or url,
                url=url,
                snippet=plain_snippet(result.get("content")),
                site=urlsplit(url).hostname,
                published=parse_date(result.get("publishedDate")),
            )


def _time_range(since: dt.date | None) -> str | None:
    """SearxNG's ranges count back from today: the smallest that reaches ``since``."""
    if since is None:
        return None
    days = (dt.date.today() - since).days
    for name, length in (("day", 1), ("month", 31), ("year", 366)):
        if days <= length:
            return name
    return None


def _without_credentials(url: str) -> tuple[str, SecretStr | None]:
    """The address without ``user:password@``, and the Basic Authorization header value
    for them (None when the address has none)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # left for the request to report as not a valid address
        return url, None
    if parts.username is None and parts.password is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    pair = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
    header = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return urlunsplit(parts._replace(netloc=netloc)), SecretStr(header)
