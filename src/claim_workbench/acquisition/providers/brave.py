"""Brave Search API, a commercial web index behind a subscription key.

Request and answer as Brave documents them (api-dashboard.search.brave.com, "Web Search API":
the ``GET /res/v1/web/search`` reference and "Response Objects"): the key goes in the
``X-Subscription-Token`` header; ``q`` (at most 400 characters and 50 words), ``count`` (at
most 20) and ``freshness`` (``YYYY-MM-DDtoYYYY-MM-DD``). The answer (``WebSearchApiResponse``)
holds ``web.results``, each with ``title``, ``url``, ``description`` (with ``<strong>``
around matching words), ``page_age`` (an ISO date), ``meta_url.hostname`` and
``profile.name``. The free plan allows one request a second, hence the interval.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

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

KEY_VARIABLE = "WORKBENCH_BRAVE_KEY"
URL_VARIABLE = "WORKBENCH_BRAVE_URL"
ENDPOINT = "https://api.search.brave.com/res/v1/web/search"
MAX_RESULTS = 20


class BraveSearch(SearchProvider):
    name = "brave"
    label = "Brave Search"
    default_interval = 1.0
    uses_key = True

    def __init__(self, *, key: SecretStr, url: str = ENDPOINT, **options: Any) -> None:
        super().__init__(**options)
        self._key = key
        self.url = url

    def __repr__(self) -> str:  # never the key
        return f"BraveSearch(url={self.url!r})"

    @classmethod
    def from_config(cls, config: ProviderConfig, context: Any = None) -> BraveSearch:
        key = config.secret("brave", "key", KEY_VARIABLE)
        if key is None:
            raise NotConfigured(f"set {KEY_VARIABLE} or [brave] key to a Brave Search API key")
        return cls(
            key=key,
            url=config.text("brave", "url", URL_VARIABLE) or ENDPOINT,
            timeout=config.number("brave", "timeout", 10.0),
            interval=config.number("brave", "interval", cls.default_interval),
        )

    async def search(self, query: SearchQuery) -> AsyncIterator[Candidate]:
        params: dict[str, str | int] = {"q": _within_limits(query.text), "count": MAX_RESULTS}
        if query.since and query.until:
            params["freshness"] = f"{query.since.isoformat()}to{query.until.isoformat()}"
        answer = await self.get_json(
            self.url, params=params, headers={"X-Subscription-Token": self._key.get_secret_value()}
        )
        if not isinstance(answer, dict):
            raise self.error("the answer is not a search response")
        web = answer.get("web") or {}
        results = web.get("results", []) if isinstance(web, dict) else None
        if not isinstance(results, list):
            raise self.error("the answer has no list of web results")
        for result in results[:MAX_RESULTS]:
            if not isinstance(result, dict):
                continue
            url = result.get("url")
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                continue
            meta = result.get("meta_url") if isinstance(result.get("meta_url"), dict) else {}
            profile = result.get("profile") if isinstance(result.get("profile"), dict) else {}
            yield Candidate(
                provider=self.name,
                title=plain_snippet(result.get("title"), 300) or url,
                url=url,
                snippet=plain_snippet(result.get("description")),
                site=plain_snippet(profile.get("name"), 120)
                or plain_snippet(meta.get("hostname"), 120)
                or None,
                published=parse_date(result.get("page_age")),
            )


def _within_limits(text: str) -> str:
    """The query cut to Brave's limits: 50 words, 400 characters."""
    words = text.split()[:50]
    cut = " ".join(words)
    return cut if len(cut) <= 400 else cut[:400].rsplit(" ", 1)[0]
