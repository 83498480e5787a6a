"""A two-claim article and its claim drafts, for tests that store claims directly."""

from __future__ import annotations

from claim_workbench.store.models import ClaimBase, QuantityBase
from claim_workbench.store.storage import ClaimDraft

ARTICLE = (
    "The navy said 21 boats were struck and at least 82 people died. "
    '"We acted lawfully," the minister said. Fishing resumed on Monday.'
)


def drafts() -> list[ClaimDraft]:
    return [
        ClaimDraft(
            claim=ClaimBase(
                position=0,
                text="The navy said 21 boats were struck and at least 82 people died.",
                start=0,
                end=64,
                label="21 boats, 82 deaths",
                kinds=["quantity"],
                check_worthiness=0.4,
            ),
            quantities=[
                QuantityBase(value=21, unit="boats", text="21 boats", start=14, end=22),
                QuantityBase(
                    value=82,
                    unit="people",
                    qualifier="at least",
                    text="at least 82",
                    start=41,
                    end=52,
                ),
            ],
        ),
        ClaimDraft(
            claim=ClaimBase(
                position=1,
                text='"We acted lawfully," the minister said.',
                start=65,
                end=104,
                label="minister: acted lawfully",
                kinds=["quote"],
                check_worthiness=0.9,
                speaker="the minister",
                quote="We acted lawfully,",
            )
        ),
    ]
