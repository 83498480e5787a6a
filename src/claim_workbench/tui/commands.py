"""The command palette: the main screen's actions, and jumping to a claim by its words."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from functools import partial
from typing import Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from claim_workbench.report.formats import format_labels
from claim_workbench.store.views import ClaimView as ClaimRow  # the name the screen uses
from claim_workbench.tui.widgets.rendering import one_line

# (title, action on the main screen, help)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Mark verified", "mark('verified')", "Set the selected claim's verdict"),
    ("Mark disputed", "mark('disputed')", "Set the selected claim's verdict"),
    ("Mark inconclusive", "mark('inconclusive')", "Set the selected claim's verdict"),
    ("Reset to unreviewed", "mark('unreviewed')", "Take the verdict back (U)"),
    ("Undo your last action", "undo", "Verdict, note, stance, dismissal, speaker, passage (u)"),
    ("Edit note", "edit_note", "Write a note on the selected claim"),
    ("Attach source", "attach", "A URL, a file or pasted text as evidence"),
    ("Find sources", "find", "Stored sources, earlier fact-checks, search providers (F)"),
    ("Set stance of passage", "set_stance", "Supports, contradicts, context, or clear it"),
    ("Remove passage", "remove_evidence", "Take the highlighted passage off the claim (X)"),
    ("Dismiss as not a claim", "dismiss_claim", "Reports leave it out (x)"),
    ("Add a claim", "add_claim", "Select its words in the article, or type them (c)"),
    ("Change speaker", "change_speaker", "Attribute the claim to someone else (p)"),
    ("Adopt earlier verdict", "adopt", "Take the verdict of the claim seen before"),
    ("Show article text", "toggle_article", "The article with the claim highlighted"),
    ("Toggle sort", "toggle_sort", "Article order or check-worthiness"),
    ("Filter claims by text", "filter_text", "Words in the label, sentence or speaker"),
    ("Filter claims by status", "cycle_status_filter", "Cycle through the statuses"),
    ("Clear filters", "clear_filters", "Show every claim"),
    ("Export report", "export", format_labels()),
    ("Open or import article", "open_article", "Another stored article, a file or a URL"),
)
# Beyond this many claim hits the palette stops being a useful list.
MAX_CLAIM_HITS = 30


@runtime_checkable
class ReviewScreen(Protocol):
    """What the palette needs of the screen it works on (the main screen): it runs the actions
    above and ``jump_to_claim(id)`` there, and lists its claims. The palette talks to it only
    through actions, so neither imports the other."""

    def run_action(self, action: str) -> Awaitable[bool]: ...

    def palette_claims(self) -> Iterable[ClaimRow]: ...


class WorkbenchCommands(Provider):
    def _main(self) -> ReviewScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, ReviewScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(main.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for title, action, help_text in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(main.run_action, action),
                    help=help_text,
                )
        claim_hits = 0
        for claim in main.palette_claims():
            label = one_line(claim.label or claim.text, 100)
            score = matcher.match(label)
            if score <= 0:
                continue
            # Claim words are the article's, not ours: the palette reads a plain string prompt
            # or help as markup (``[/]`` crashes it, ``[@click=...]`` runs an action), and
            # ``textual.markup.escape`` misses some tags, so both go in as plain Content.
            yield Hit(
                score * 0.9,  # actions first when both match equally
                Content(f"Go to: {label}"),
                partial(main.run_action, f"jump_to_claim({claim.id})"),
                text=f"Go to: {label}",
                help=Content(one_line(claim.text, 120)),  # type: ignore[arg-type]
            )
            claim_hits += 1
            if claim_hits >= MAX_CLAIM_HITS:
                return
