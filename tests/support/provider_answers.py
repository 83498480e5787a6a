"""Answers in each search provider's documented response format, for the loopback servers.

Written from the providers' public documentation (the source of each is beside it); the
texts are made up, about a made-up port strike, so that no test depends on the sample.
"""

from __future__ import annotations

# SearxNG, docs/dev/search_api.rst ("Search API", docs.searxng.org/dev/search_api.html):
# GET /search?q=...&format=json; a JSON object whose "results" list holds url, title,
# content, engine, engines, score, category, parsed_url and (when dated) publishedDate;
# beside it query, number_of_results, answers, corrections, infoboxes, suggestions,
# unresponsive_engines.
SEARXNG_ANSWER = {
    "query": "Rotterdam port strike 12000 dockers",
    "number_of_results": 2,
    "results": [
        {
            "url": "https://news.example.org/2026/02/port-strike",
            "title": "Port strike: 12,000 dockers walk out in Rotterdam",
            "content": "About 12,000 dockers walked out on Monday, the union said, "
            "halting container traffic in Rotterdam.",
            "engine": "bing",
            "engines": ["bing", "duckduckgo"],
            "score": 2.5,
            "category": "general",
            "parsed_url": ["https", "news.example.org", "/2026/02/port-strike", "", "", ""],
            "publishedDate": "2026-02-09T08:30:00",
        },
        {
            "url": "https://weather.example.com/today",
            "title": "Weather today",
            "content": "Sunny spells and a light breeze over the coast.",
            "engine": "duckduckgo",
            "engines": ["duckduckgo"],
            "score": 0.4,
            "category": "general",
            "parsed_url": ["https", "weather.example.com", "/today", "", "", ""],
            "publishedDate": None,
        },
    ],
    "answers": [],
    "corrections": [],
    "infoboxes": [],
    "suggestions": ["rotterdam strike"],
    "unresponsive_engines": [],
}

# Brave Search API, "Web Search API" reference and "Response Objects"
# (api-dashboard.search.brave.com/app/documentation/web-search/responses):
# WebSearchApiResponse {"type": "search", "query": {...}, "web": {"type": "search",
# "results": [SearchResult]}}; a SearchResult has title, url, description (matching words
# in <strong>), page_age (ISO date time), age, meta_url {scheme, netloc, hostname, path},
# profile {name, url, long_name}.
BRAVE_ANSWER = {
    "type": "search",
    "query": {"original": "Rotterdam port strike 12000 dockers", "more_results_available": False},
    "web": {
        "type": "search",
        "results": [
            {
                "type": "search_result",
                "title": "Dockers strike <strong>Rotterdam</strong> port",
                "url": "https://wire.example.net/rotterdam-strike",
                "description": "The union put the number of strikers at <strong>12,000</strong>"
                " &amp; said the walkout would last two days.",
                "page_age": "2026-02-09T10:00:00",
                "age": "February 9, 2026",
                "meta_url": {
                    "scheme": "https",
                    "netloc": "wire.example.net",
                    "hostname": "wire.example.net",
                    "path": "› rotterdam-strike",
                },
                "profile": {
                    "name": "Example Wire",
                    "url": "https://wire.example.net",
                    "long_name": "wire.example.net",
                },
            }
        ],
    },
}

# MediaWiki Action API, API:Search (list=search used as a generator) and
# Extension:TextExtracts (prop=extracts), with formatversion=2 (API:JSON version 2):
# {"batchcomplete": true, "query": {"pages": [{"pageid", "ns", "title", "index",
# "extract", "fullurl", ...}]}}; "index" is the search rank, pages come in any order.
WIKIPEDIA_ANSWER = {
    "batchcomplete": True,
    "query": {
        "pages": [
            {
                "pageid": 202,
                "ns": 0,
                "title": "Port of Rotterdam",
                "index": 2,
                "extract": "The Port of Rotterdam is the largest port in Europe.",
                "contentmodel": "wikitext",
                "pagelanguage": "en",
                "fullurl": "https://en.wikipedia.org/wiki/Port_of_Rotterdam",
            },
            {
                "pageid": 101,
                "ns": 0,
                "title": "2026 Rotterdam port strike",
                "index": 1,
                "extract": "The 2026 Rotterdam port strike was a walkout by about 12,000 "
                "dockers that began on 9 February 2026.",
                "contentmodel": "wikitext",
                "pagelanguage": "en",
                "fullurl": "https://en.wikipedia.org/wiki/2026_Rotterdam_port_strike",
            },
        ]
    },
}
# API:Search: a search that matches nothing leaves "query" out of the answer.
WIKIPEDIA_EMPTY = {"batchcomplete": True}
# API:Errors and warnings: a refused request answers HTTP 200 with an "error" object.
WIKIPEDIA_ERROR = {
    "error": {
        "code": "invalidparammix",
        "info": "The parameters gsrsearch and gsrwhat cannot be used together.",
        "docref": "See https://en.wikipedia.org/w/api.php for API usage.",
    },
    "servedby": "mw1234",
}

# Google Fact Check Tools API v1alpha1, REST reference claims.search
# (developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/claims/search):
# FactCheckedClaimSearchResponse {"claims": [Claim], "nextPageToken"}; a Claim has text,
# claimant, claimDate and claimReview [{publisher {name, site}, url, title, reviewDate,
# textualRating, languageCode}].
FACTCHECK_ANSWER = {
    "claims": [
        {
            "text": "20,000 dockers joined the Rotterdam port strike",
            "claimant": "Union spokesperson",
            "claimDate": "2026-02-09T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Example Checks", "site": "checks.example.org"},
                    "url": "https://checks.example.org/rotterdam-dockers",
                    "title": "How many dockers went on strike in Rotterdam?",
                    "reviewDate": "2026-02-11T00:00:00Z",
                    "textualRating": "Exaggerated",
                    "languageCode": "en",
                }
            ],
        }
    ],
    "nextPageToken": "",
}
# Google APIs' error model (cloud.google.com/apis/design/errors) for a key Google rejects:
# HTTP 400, status INVALID_ARGUMENT, reason API_KEY_INVALID in the ErrorInfo detail.
FACTCHECK_BAD_KEY = {
    "error": {
        "code": 400,
        "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
            }
        ],
    }
}
