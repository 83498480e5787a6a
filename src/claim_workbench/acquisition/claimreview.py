"""Reading published fact-checks: schema.org ClaimReview JSON-LD, and CSV.

The shapes publishers produce, all understood:

- a web page, its ClaimReview in ``<script type="application/ld+json">`` blocks;
- a JSON file holding one ClaimReview object, an array of them (the workbench's own export,
  report/claimreview.py), a ``@graph``, or a feed (schema.org DataFeed: ``dataFeedElement`` ->
  ``item``): every object typed ClaimReview anywhere in the document is read;
- ``itemReviewed`` a Claim (with ``author``, ``datePublished`` and ``appearance`` /
  ``firstAppearance``) or an older CreativeWork (``author``, ``url``, ``sameAs``), or absent;
- ``reviewRating`` with ``ratingValue`` / ``bestRating`` / ``worstRating`` as numbers or as
  numeric strings, ``alternateName`` (or ``name``) as the rating's words, or a rating in words
  only ("False" as the ratingValue);
- ``author`` / ``publisher`` as an object, a list of them, or a plain string.

A CSV file has a header row naming its columns (case, spaces and underscores do not matter):
``claim`` (or claimReviewed) and ``rating`` (or alternateName, textualRating) are needed; the
others are optional: ``rating_value``, ``best_rating``, ``worst_rating``, ``publisher``,
``publisher_url``, ``date`` (datePublished), ``url``, ``title``, ``claimant``, ``claim_date``,
``appearance_url``, ``language``.

The file is untrusted: its text is cleaned of control characters, fields are cut to a sane
length, and anything unreadable is one :class:`FactCheckFileError` line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claim_workbench.store.models import FactCheckBase
from claim_workbench.text.clean import clean_article_text

# A file larger than this is refused before it is read (WORKBENCH_MAX_FACTCHECK_MB raises it):
# 10,000 fact-checks of a publisher's feed are 5-10 MB.
DEFAULT_MAX_MEGABYTES = 32
MAX_MEGABYTES_VARIABLE = "WORKBENCH_MAX_FACTCHECK_MB"
# Longest text kept per field: a claim is a sentence or two; a title or name a line.
MAX_CLAIM_CHARS = 2_000
MAX_FIELD_CHARS = 500

_CLAIM_COLUMNS = ("claim", "claimreviewed", "claimtext", "text")
_RATING_COLUMNS = ("rating", "alternatename", "textualrating", "ratingtext", "verdict")
_CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "rating_value": ("ratingvalue",),
    "best_rating": ("bestrating",),
    "worst_rating": ("worstrating",),
    "publisher": ("publisher", "publishername", "author", "reviewer"),
    "publisher_url": ("publisherurl", "publishersite"),
    "published": ("date", "datepublished", "reviewdate", "published"),
    "url": ("url", "reviewurl", "link"),
    "title": ("title", "headline", "name"),
    "claimant": ("claimant", "claimauthor", "speaker"),
    "claim_date": ("claimdate",),
    "appearance_url": ("appearanceurl", "appearance", "claimurl"),
    "language": ("language", "inlanguage", "languagecode"),
}
_LD_JSON_TYPES = ("application/ld+json", "application/json")


class FactCheckFileError(ValueError):
    """The file cannot be read as fact-checks; the message is one line saying why."""


@dataclass(frozen=True, slots=True)
class ParsedFactChecks:
    """The fact-checks of one file, and how many of its ClaimReviews had no claim text."""

    fact_checks: list[FactCheckBase]
    skipped: int
    kind: str  # "JSON-LD", "HTML page" or "CSV"


def max_file_bytes() -> int:
    raw = os.environ.get(MAX_MEGABYTES_VARIABLE, "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_MEGABYTES
    except ValueError:
        megabytes = DEFAULT_MAX_MEGABYTES
    if not megabytes > 0:
        megabytes = DEFAULT_MAX_MEGABYTES
    return int(megabytes * 1024 * 1024)


def read_fact_check_file(path: Path) -> ParsedFactChecks:
    """Every fact-check in the file at ``path`` (see the module's docstring for the shapes)."""
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise FactCheckFileError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB, more than the "
                f"{limit / 1024 / 1024:.0f} MB a fact-check file may be "
                f"(set {MAX_MEGABYTES_VARIABLE} to allow more); nothing was imported"
            )
        data = path.read_bytes()
    except OSError as error:
        raise FactCheckFileError(f"cannot read {path}: {error.strerror or error}") from None
    return parse_fact_checks(data, name=path.name)


def parse_fact_checks(data: bytes, *, name: str = "the file") -> ParsedFactChecks:
    """The fact-checks in ``data``: JSON-LD, an HTML page carrying it, or CSV (by content)."""
    text = _decode(data, name)
    stripped = text.lstrip()
    if not stripped:
        raise FactCheckFileError(f"{name} is empty")
    if stripped[0] in "[{":
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise FactCheckFileError(
                f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        except RecursionError:
            raise FactCheckFileError(f"{name} is JSON nested too deeply to read") from None
        return _from_documents([document], name, "JSON-LD")
    if stripped[0] == "<":
        return _from_documents(_page_json_ld(stripped, name), name, "HTML page")
    return _from_csv(text, name)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise FactCheckFileError(f"{name} is a binary file, not JSON-LD, HTML or CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FactCheckFileError(f"{name} is not UTF-8 text") from None


# --- JSON-LD -----------------------------------------------------------------------------


def _page_json_ld(page: str, name: str) -> list[Any]:
    """The parsed JSON-LD blocks of an HTML page (blocks that are not JSON are skipped)."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(page)
    except (ParserError, ValueError):
        raise FactCheckFileError(f"{name} is neither JSON nor a readable HTML page") from None
    documents: list[Any] = []
    for script in root.iter("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() not in _LD_JSON_TYPES:
            continue
        try:
            documents.append(json.loads(script.text_content()))
        except (json.JSONDecodeError, RecursionError):
            continue  # another block may hold the ClaimReview
    if not documents:
        raise FactCheckFileError(
            f'{name} is an HTML page without <script type="application/ld+json"> data'
        )
    return documents


def _from_documents(documents: list[Any], name: str, kind: str) -> ParsedFactChecks:
    reviews = [review for document in documents for review in _claim_reviews(document)]
    if not reviews:
        raise FactCheckFileError(f"{name} holds no schema.org ClaimReview")
    fact_checks: list[FactCheckBase] = []
    skipped = 0
    for review in reviews:
        fact_check = _fact_check(review)
        if fact_check is None:
            skipped += 1
        else:
            fact_checks.append(fact_check)
    if not fact_checks:
        raise FactCheckFileError(
            f"{name}: none of its {len(reviews)} ClaimReviews names the claim reviewed"
        )
    return ParsedFactChecks(fact_checks, skipped, kind)


def _is_claim_review(node: dict[str, Any]) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(kind, str) and kind.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview"
        for kind in kinds
    )


def _claim_reviews(document: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in a JSON-LD document, in document order (iteratively: a
    deeply nested file must not exhaust the stack)."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _is_claim_review(node):
                yield node
                continue
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _fact_check(review: dict[str, Any]) -> FactCheckBase | None:
    claim = _text(review.get("claimReviewed"), MAX_CLAIM_CHARS)
    item = _first_object(review.get("itemReviewed"))
    if not claim and item is not None:
        # Some publishers put the claim in the reviewed item's name or text instead.
        claim = _text(item.get("name") or item.get("text"), MAX_CLAIM_CHARS)
    if not claim:
        return None
    rating = _first_object(review.get("reviewRating")) or {}
    value = _number(rating.get("ratingValue"))
    best = _number(rating.get("bestRating"))
    worst = _number(rating.get("worstRating"))
    words = _text(rating.get("alternateName") or rating.get("name"))
    if not words and value is None:
        words = _text(rating.get("ratingValue"))  # a rating in words only: "False"
    publisher, publisher_url = _party(review.get("author"))
    if publisher is None:
        publisher, publisher_url = _party(review.get("publisher"))
    claimant = claim_date = appearance = None
    if item is not None:
        claimant, _ = _party(item.get("author"))
        claim_date = _date(item.get("datePublished"))
        appearance = _url_of(item.get("appearance")) or _url_of(item.get("firstAppearance"))
        appearance = appearance or _url_of(item.get("url")) or _url_of(item.get("sameAs"))
    language = review.get("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    return FactCheckBase(
        text=claim,
        rating=words or _scale_words(value, best),
        rating_value=value,
        best_rating=best,
        worst_rating=worst,
        publisher=publisher,
        publisher_url=publisher_url,
        published=_date(review.get("datePublished")),
        url=_url_of(review.get("url")),
        title=_text(review.get("name") or review.get("headline")),
        claimant=claimant,
        claim_date=claim_date,
        appearance_url=appearance,
        language=_text(language, 35),
    )


def _first_object(value: Any) -> dict[str, Any] | None:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, dict)), None)
    return value if isinstance(value, dict) else None


def _party(value: Any) -> tuple[str | None, str | None]:
    """(name, url) of an author or publisher given as an object, a list or a string."""
    if isinstance(value, list):
        for item in value:
            name, url = _party(item)
            if name:
                return name, url
        return None, None
    if isinstance(value, dict):
        name = _text(value.get("name") or value.get("legalName") or value.get("alternateName"))
        return name, _url_of(value.get("url") or value.get("sameAs"))
    return _text(value), None


def _url_of(value: Any) -> str | None:
    if isinstance(value, list):
        return next((url for url in map(_url_of, value) if url), None)
    if isinstance(value, dict):
        return _url_of(value.get("url") or value.get("@id"))
    url = _text(value, 2_000)
    return url if url and re.match(r"(?i)https?://\S+$", url) else None


def _text(value: Any, limit: int = MAX_FIELD_CHARS) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = f"{value:g}"
    if isinstance(value, dict):
        value = value.get("@value")
    if not isinstance(value, str):
        return None
    cleaned = " ".join(clean_article_text(value).split())
    return cleaned[:limit] or None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _date(value: Any) -> dt.date | None:
    text = _text(value, 40)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _scale_words(value: float | None, best: float | None) -> str:
    if value is None:
        return "rated"
    if best is None:
        return f"{value:g}"
    return f"{value:g}/{best:g}"


# --- CSV ---------------------------------------------------------------------------------


def _column_key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().casefold())


def _from_csv(text: str, name: str) -> ParsedFactChecks:
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader, None)
        if header is None:
            raise FactCheckFileError(f"{name} is empty")
        keys = [_column_key(cell) for cell in header]
        claim_at = next((keys.index(k) for k in _CLAIM_COLUMNS if k in keys), None)
        rating_at = next((keys.index(k) for k in _RATING_COLUMNS if k in keys), None)
        if claim_at is None or rating_at is None:
            raise FactCheckFileError(
                f"{name} is not JSON-LD, and as CSV its header row needs a 'claim' and a "
                "'rating' column"
            )
        columns = {
            field: next((keys.index(k) for k in names if k in keys), None)
            for field, names in _CSV_COLUMNS.items()
        }
        fact_checks: list[FactCheckBase] = []
        skipped = 0
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue

            def cell(index: int | None, row: list[str] = row) -> str | None:
                return row[index] if index is not None and index < len(row) else None

            claim = _text(cell(claim_at), MAX_CLAIM_CHARS)
            value = _number(cell(columns["rating_value"]))
            best = _number(cell(columns["best_rating"]))
            if not claim:
                skipped += 1
                continue
            fact_checks.append(
                FactCheckBase(
                    text=claim,
                    rating=_text(cell(rating_at)) or _scale_words(value, best),
                    rating_value=value,
                    best_rating=best,
                    worst_rating=_number(cell(columns["worst_rating"])),
                    publisher=_text(cell(columns["publisher"])),
                    publisher_url=_url_of(cell(columns["publisher_url"])),
                    published=_date(cell(columns["published"])),
                    url=_url_of(cell(columns["url"])),
                    title=_text(cell(columns["title"])),
                    claimant=_text(cell(columns["claimant"])),
                    claim_date=_date(cell(columns["claim_date"])),
                    appearance_url=_url_of(cell(columns["appearance_url"])),
                    language=_text(cell(columns["language"]), 35),
                )
            )
    except csv.Error as error:
        raise FactCheckFileError(f"{name} is not readable CSV: {error}") from None
    if not fact_checks:
        raise FactCheckFileError(f"{name} has a header row but no fact-checks")
    return ParsedFactChecks(fact_checks, skipped, "CSV")
