"""Wikipedia: the MediaWiki search and extracts API of one language edition, for background
facts (superlatives, designations, dates).

Request and answer as MediaWiki documents them (mediawiki.org, API:Search and
Extension:TextExtracts, ``prop=extracts``): ``GET https://{lang}.wikipedia.org/w/api.php``
with ``action=query``, ``generator=search`` (``gsrsearch``, ``gsrlimit``), ``prop=extracts|info``
(``exintro``, ``explaintext``, ``exlimit=max``; ``inprop=url``), ``format=json`` and
``formatversion=2``. The answer holds ``query.pages``, a list of pages with ``pageid``,
``title``, ``index`` (the search rank), ``extract`` and ``fullurl``; no ``query`` at all when
nothing matched; and, for a bad request, ``error.code`` and ``error.info`` (with HTTP 200).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from claim_workbench.acquisition.providers.base import (
    Candidate,
    SearchProvider,
    SearchQuery,
    plain_snippet,
)
from claim_workbench.acquisition.providers.config import ConfigError, ProviderConfig

LANGUAGE_VARIABLE = "WORKBENCH_WIKIPEDIA_LANG"
URL_VARIABLE = "WORKBENCH_WIKIPEDIA_URL"
DEFAULT_LANGUAGE = "en"
MAX_RESULTS = 8
# Wikipedia's language codes: "en", "de", "pt", "zh-yue", "simple".
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,8})*$|^simple$")


class Wikipedia(SearchProvider):
    name = "wikipedia"
    label = "Wikipedia"
    default_interval = 0.2

    def __init__(self, *, language: str = DEFAULT_LANGUAGE, url: str | None = None, **options):
        super().__init__(**options)
        if not _LANGUAGE.match(language):
            raise ConfigError(f"{language!r} is not a Wikipedia language code (such as en, de)")
        self.language = language
        self.url = url or f"https://{language}.wikipedia.org/w/api.php"

    @classmethod
    def from_config(cls, config: ProviderConfig, context: Any = None) -> Wikipedia:
        return cls(
            language=config.text("wikipedia", "language", LANGUAGE_VARIABLE) or DEFAULT_LANGUAGE,
            url=config.text("wikipedia", "url", URL_VARIABLE),
            timeout=config.number("wikipedia", "timeout", 10.0),
            interval=config.number("wikipedia", "interval", cls.default_interval),
        )

    @classmethod
    def configured(cls, config: ProviderConfig) -> bool:
        """Asked by default only once a language edition is chosen."""
        return bool(config.text("wikipedia", "language", LANGUAGE_VARIABLE))

    async def search(self, query: SearchQuery) -> AsyncIterator[Candidate]:
        answer = await self.get_json(
            self.url,
            params={
                "action": "query",
                "format": "json",
                "formatversion": 2,
                "generator": "search",
                "gsrsearch": _search_words(query),
                "gsrlimit": MAX_RESULTS,
                "prop": "extracts|info",
                "exintro": 1,
                "explaintext": 1,
                "exlimit": "max",
                "inprop": "url",
                "redirects": 1,
            },
        )
        if not isinstance(answer, dict):
            raise self.error("the answer is not a MediaWiki response")
        error = answer.get("error")
        if isinstance(error, dict):
            raise self.error(f"the search was refused ({plain_snippet(error.get('info'), 160)})")
        pages = (answer.get("query") or {}).get("pages", [])
        if not isinstance(pages, list):
            raise self.error("the answer has no list of pages")
        ranked = sorted(
            (page for page in pages if isinstance(page, dict)),
            key=lambda page: page.get("index", 1_000) if isinstance(page.get("index"), int) else 0,
        )
        for page in ranked:
            title = plain_snippet(page.get("title"), 300)
            url = page.get("fullurl")
            if not title or not isinstance(url, str) or not url.startswith("http"):
                continue
            yield Candidate(
                provider=self.name,
                title=title,
                url=url,
                snippet=plain_snippet(page.get("extract"), 900),
                site=f"Wikipedia ({self.language})",
            )


def _search_words(query: SearchQuery) -> str:
    """Wikipedia's search needs every word to match: the names, else a few key words,
    unless the reviewer wrote the query."""
    if query.edited or not (query.entities or query.terms):
        return query.text
    words = list(query.entities[:3]) or list(query.terms[:4])
    return " ".join(words)
