"""Reading what copy detection (evidence/copies.py) needs: the texts of the sources of claims.

Reports read sources without their text (it can be megabytes); telling copies apart needs it,
so it is read here, once per source however many claims cite it, with each claim's sources in
the order they were first attached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, select

from claim_workbench.store.models import Evidence, Source

# Ids per IN (...) list: well under SQLite's and PostgreSQL's limits on bound parameters.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class SourceTextRow:
    """The columns of one source that copy detection reads (evidence.copies.CopySource)."""

    id: int
    text: str
    title: str | None
    site: str | None
    url: str | None
    final_url: str | None
    published: dt.date | None


@dataclass(slots=True)
class ClaimSources:
    sources: dict[int, SourceTextRow] = field(default_factory=dict)  # by source id
    by_claim: dict[int, list[int]] = field(default_factory=dict)  # source ids, attach order

    def of(self, claim_id: int) -> list[SourceTextRow]:
        """A claim's sources in the order they were first attached to it."""
        return [self.sources[source_id] for source_id in self.by_claim.get(claim_id, [])]


def sources_for_claims(*, session: Session, claim_ids: Sequence[int]) -> ClaimSources:
    """The sources of each claim (texts included), each source read once."""
    result = ClaimSources(by_claim={claim_id: [] for claim_id in claim_ids})
    wanted = list(dict.fromkeys(claim_ids))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        first_attached = func.min(Evidence.id)
        pairs = session.exec(
            select(Evidence.claim_id, Evidence.source_id, first_attached)
            .where(col(Evidence.claim_id).in_(chunk))
            .group_by(col(Evidence.claim_id), col(Evidence.source_id))
            .order_by(col(Evidence.claim_id), first_attached)
        ).all()
        for claim_id, source_id, _first in pairs:
            result.by_claim[claim_id].append(source_id)
    source_ids = list(dict.fromkeys(s for ids in result.by_claim.values() for s in ids))
    for start in range(0, len(source_ids), CHUNK):
        rows = session.exec(
            select(
                Source.id,
                Source.text,
                Source.title,
                Source.site,
                Source.url,
                Source.final_url,
                Source.published,
            ).where(col(Source.id).in_(source_ids[start : start + CHUNK]))
        ).all()
        for source_id, text, title, site, url, final_url, published in rows:
            result.sources[source_id] = SourceTextRow(
                id=source_id,
                text=text,
                title=title,
                site=site,
                url=url,
                final_url=final_url,
                published=published,
            )
    return result
