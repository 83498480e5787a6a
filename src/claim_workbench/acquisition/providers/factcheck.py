"""Google Fact Check Tools: published fact-checks (ClaimReview) that match the claim.

Request and answer as Google documents them (developers.google.com/fact-check/tools/api,
REST reference ``claims.search``): ``GET https://factchecktools.googleapis.com/v1alpha1/
claims:search`` with ``query``, ``languageCode``, ``maxAgeDays`` and ``pageSize``; the key is
sent in the ``X-Goog-Api-Key`` header (Google APIs take it there as well as in ``key=``, and a
header never shows up in a URL or an error). The answer (``FactCheckedClaimSearchResponse``)
holds ``claims``, each with ``text``, ``claimant``, ``claimDate`` and ``claimReview``: a
list with ``publisher.name`` / ``publisher.site``, ``url``, ``title``, ``reviewDate``,
``textualRating`` and ``languageCode``. A key Google does not accept answers 400 with
``API_KEY_INVALID`` in the error's details.
"""

from __future__ import annotations

import datetime as dt
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

KEY_VARIABLE = "WORKBENCH_FACTCHECK_KEY"
URL_VARIABLE = "WORKBENCH_FACTCHECK_URL"
ENDPOINT = "https://factchecktools.googleapis.com/v1alpha1/claims:search"
PAGE_SIZE = 10


class FactCheckTools(SearchProvider):
    name = "factcheck"
    label = "Google Fact Check"
    default_interval = 0.2
    uses_key = True

    def __init__(
        self, *, key: SecretStr, url: str = ENDPOINT, language: str | None = None, **options: Any
    ) -> None:
        super().__init__(**options)
        self._key = key
        self.url = url
        self.language = language

    def __repr__(self) -> str:  # never the key
        return f"FactCheckTools(url={self.url!r})"

    @classmethod
    def from_config(cls, config: ProviderConfig, context: Any = None) -> FactCheckTools:
        key = config.secret("factcheck", "key", KEY_VARIABLE)
        if key is None:
            raise NotConfigured(
                f"set {KEY_VARIABLE} or [factcheck] key to a Google Fact Check Tools API key"
            )
        return cls(
            key=key,
            url=config.text("factcheck", "url", URL_VARIABLE) or ENDPOINT,
            language=config.text("factcheck", "language"),
            timeout=config.number("factcheck", "timeout", 10.0),
            interval=config.number("factcheck", "interval", cls.default_interval),
        )

    def _check_status(self, status: int, body: bytes) -> None:
        if status == 400 and (b"API_KEY_INVALID" in body or b"API key not valid" in body):
            raise self.error("the API key was refused (HTTP 400); check its configuration")
        super()._check_status(status, body)

    async def search(self, query: SearchQuery) -> AsyncIterator[Candidate]:
        params: dict[str, str | int] = {"query": query.text, "pageSize": PAGE_SIZE}
        if self.language:
            params["languageCode"] = self.language
        if query.since is not None:
            params["maxAgeDays"] = max(1, (dt.date.today() - query.since).days)
        answer = await self.get_json(
            self.url, params=params, headers={"X-Goog-Api-Key": self._key.get_secret_value()}
        )
        if not isinstance(answer, dict):
            raise self.error("the answer is not a claims search response")
        claims = answer.get("claims", [])
        if not isinstance(claims, list):
            raise self.error("the answer has no list of claims")
        for claim in claims:
            if not isinstance(claim, dict):
                continue
            text = plain_snippet(claim.get("text"))
            claimant = plain_snippet(claim.get("claimant"), 120)
            for review in claim.get("claimReview") or []:
                if not isinstance(review, dict):
                    continue
                url = review.get("url")
                if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                    continue
                publisher = (
                    review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
                )
                yield Candidate(
                    provider=self.name,
                    title=plain_snippet(review.get("title"), 300) or text or url,
                    url=url,
                    snippet=f"{claimant}: {text}" if claimant and text else text,
                    site=plain_snippet(publisher.get("name"), 120)
                    or plain_snippet(publisher.get("site"), 120)
                    or None,
                    published=parse_date(review.get("reviewDate"))
                    or parse_date(claim.get("claimDate")),
                    rating=plain_snippet(review.get("textualRating"), 120) or None,
                )
