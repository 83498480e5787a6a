"""schema.org ClaimReview markup: the JSON-LD fact-checkers publish and fact-check search reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TextIO
from urllib.parse import urlsplit

from claim_workbench.claims.speakers import is_organisation
from claim_workbench.report.formats import ReportOptions
from claim_workbench.report.json_report import dumps
from claim_workbench.report.model import ReportHeader
from claim_workbench.report.serialize import iso_date
from claim_workbench.store.models import ClaimStatus
from claim_workbench.store.views import ClaimView

WORST_RATING = 1
BEST_RATING = 5
# A five-point scale, the convention fact-check publishers use (1 = false, 5 = true), so our
# three verdicts sit where readers of other publishers' ratings expect them and finer
# verdicts can be added later without renumbering.
RATING_SCALE: dict[str, tuple[int, str]] = {
    ClaimStatus.disputed.value: (1, "Disputed"),
    ClaimStatus.inconclusive.value: (3, "Inconclusive"),
    ClaimStatus.verified.value: (5, "Verified"),
}

UNKNOWN_PUBLISHER = "Unknown publisher"
UNKNOWN_REVIEWER = "Unknown reviewer"


def publisher_name(url: str | None) -> str | None:
    """The site an article appeared on, from its URL (the article table has no publisher)."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def claim_url(review_url: str | None, claim: ClaimView) -> str | None:
    # Each review gets its own address; the anchor matches the HTML report's claim ids.
    if not review_url:
        return None
    if "#" in review_url:
        return review_url
    return f"{review_url}#claim-{claim.id}"


def claim_review(header: ReportHeader, claim: ClaimView) -> dict[str, Any] | None:
    """The ClaimReview object for one claim, or None when the claim has no verdict yet."""
    rating = RATING_SCALE.get(claim.verdict.status)
    if rating is None:
        return None
    rating_value, rating_name = rating
    article = header.article

    if header.organisation:
        author = {"@type": "Organization", "name": header.organisation}
    else:
        name = claim.verdict.reviewer or header.prepared_by or UNKNOWN_REVIEWER
        author = {"@type": "Person", "name": name}

    if claim.speaker:
        named_as = claim.speaker_is_organisation
        organisation = is_organisation(claim.speaker) if named_as is None else named_as
        kind = "Organization" if organisation else "Person"
        claim_author = {"@type": kind, "name": claim.speaker}
    else:
        claim_author = {
            "@type": "Organization",
            "name": publisher_name(article.url) or UNKNOWN_PUBLISHER,
        }

    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    item_reviewed: dict[str, Any] = {"@type": "Claim", "author": claim_author}
    if article.published:
        item_reviewed["datePublished"] = iso_date(article.published)
    item_reviewed["appearance"] = appearance

    # The verdict's date, not the export's: re-exporting must not make old checks look new.
    decided = claim.verdict.decided_at or header.generated_at
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "datePublished": decided.date().isoformat(),
        "author": author,
    }
    url = claim_url(header.review_url, claim)
    if url:
        review["url"] = url
    review["itemReviewed"] = item_reviewed
    review["reviewRating"] = {
        "@type": "Rating",
        "ratingValue": rating_value,
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": rating_name,
    }
    if claim.verdict.note:
        review["reviewBody"] = claim.verdict.note
    return review


def write_claimreview(
    header: ReportHeader,
    claims: Iterator[ClaimView],
    out: TextIO,
    *,
    require_note: bool = False,
    warn: Callable[[str], None] | None = None,
) -> None:
    """The ClaimReview array. A verdict without a note would be published with a rating and
    no review text: with ``require_note`` such claims are left out, else they are written;
    either way ``warn`` gets one line naming them."""
    out.write("[")
    separator = "\n  "
    without_note: list[int] = []
    for claim in claims:
        review = claim_review(header, claim)
        if review is None:
            continue
        if not claim.verdict.note.strip():
            without_note.append(claim.id)
            if require_note:
                continue
        out.write(separator)
        out.write(dumps(review, 1, html_safe=True))
        separator = ",\n  "
    out.write("\n]\n" if separator != "\n  " else "]\n")
    if without_note and warn is not None:
        warn(without_note_warning(without_note, require_note=require_note))


def without_note_warning(claim_ids: list[int], *, require_note: bool) -> str:
    count = len(claim_ids)
    shown = ", ".join(str(claim_id) for claim_id in claim_ids[:20])
    more = f" and {count - 20} more" if count > 20 else ""
    claims = f"{count} claim{'s' if count != 1 else ''} with a verdict but no note ({shown}{more})"
    if require_note:
        return f"left out {claims}: a note is required (WORKBENCH_REQUIRE_NOTE)"
    return f"{claims} published without review text; WORKBENCH_REQUIRE_NOTE=1 leaves such out"


def write(
    header: ReportHeader, claims: Iterator[ClaimView], out: TextIO, options: ReportOptions
) -> None:
    """The ClaimReview report (the entry point formats.FORMATS names)."""
    write_claimreview(header, claims, out, require_note=options.require_note, warn=options.warn)
