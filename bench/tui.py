"""TUI speed: launch to the first painted claims table, and key handling, on 5,000 claims.

Usage: .venv/bin/python bench/tui.py [CLAIMS] [RUNS] [--breakdown]

Prints the time from launch to the first painted table (against an empty Textual app on the
same machine), and per key press: moving the cursor, and marking a claim until the row shows
the new verdict. Measured with Textual's Pilot in headless mode at 120x40. With --breakdown it
also prints where the time to the first paint goes (median over RUNS launches).
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Horizontal, VerticalScroll  # noqa: E402
from textual.css.stylesheet import Stylesheet  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.strip import Strip  # noqa: E402
from textual.widgets import DataTable, Footer, Header, Static  # noqa: E402

import claim_workbench.tui.app  # noqa: E402
from claim_workbench.store import reads as queries  # noqa: E402
from claim_workbench.store import storage
from claim_workbench.store.engine import make_engine, session_for  # noqa: E402
from claim_workbench.store.models import ClaimBase, QuantityBase  # noqa: E402
from claim_workbench.tui.app import WorkbenchApp, make_app  # noqa: E402
from claim_workbench.tui.screens.main import MainScreen  # noqa: E402
from claim_workbench.tui.widgets.article_header import ArticleHeader  # noqa: E402
from claim_workbench.tui.widgets.claims_table import ClaimsTable  # noqa: E402

SIZE = (120, 40)
PLACES = ("the Caribbean", "the Eastern Pacific", "Venezuela", "Mexico", "Colombia", "Panama")


def synthetic_article(claims: int) -> tuple[str, list[storage.ClaimDraft]]:
    """An article of ``claims`` sentences, each one claim with two quantities."""
    parts: list[str] = []
    drafts: list[storage.ClaimDraft] = []
    offset = 0
    for index in range(claims):
        attacks, deaths = 3 + index % 40, 7 + (index * 7) % 300
        place = PLACES[index % len(PLACES)]
        sentence = (
            f"Officials said {attacks} strikes in {place} had killed {deaths} people "
            f"by week {index % 52 + 1}, according to report {index}."
        )
        start = offset
        a_at = start + sentence.index(str(attacks))
        d_at = start + sentence.index(f"killed {deaths}") + len("killed ")
        drafts.append(
            storage.ClaimDraft(
                claim=ClaimBase(
                    position=index,
                    text=sentence,
                    start=start,
                    end=start + len(sentence),
                    label=f"{attacks} strikes, {deaths} killed ({place})",
                    kinds=["quantity"],
                    check_worthiness=((index * 37) % 100) / 100,
                ),
                quantities=[
                    QuantityBase(
                        value=attacks, unit="strikes", text=str(attacks), start=a_at, end=a_at + 2
                    ),
                    QuantityBase(
                        value=deaths, unit="people", text=str(deaths), start=d_at, end=d_at + 3
                    ),
                ],
            )
        )
        parts.append(sentence)
        offset += len(sentence) + 2
    return "\n\n".join(parts), drafts


class EmptyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("ready")


class SmallTableApp(App[None]):
    """A reference closer to a real tool: header, a one-row DataTable, a side pane, footer."""

    BINDINGS = [("v", "bell", "Verified"), ("d", "bell", "Disputed")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable()
            with VerticalScroll():
                yield Static("detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("status", "claim")
        table.add_row("open", "one claim")


@contextmanager
def first_paint_probe(widget_class: type, condition) -> Iterator[dict[str, float]]:  # type: ignore[no-untyped-def]
    """Record when ``widget_class`` first renders a line while ``condition(widget)`` holds."""
    seen: dict[str, float] = {}
    had_own = "render_line" in vars(widget_class)
    original = widget_class.render_line

    def render_line(self, y: int) -> Strip:  # type: ignore[no-untyped-def]
        if "at" not in seen and condition(self):
            seen["at"] = time.perf_counter()
            seen["cpu"] = time.thread_time()
        return original(self, y)

    widget_class.render_line = render_line
    try:
        yield seen
    finally:
        if had_own:
            widget_class.render_line = original
        else:
            del widget_class.render_line


@dataclass(frozen=True, slots=True)
class Launch:
    """Launch to first paint: wall time, and CPU time of the thread the app runs in (Pilot runs
    the app in this thread) up to the paint, which a loaded machine disturbs far less."""

    wall: float
    cpu: float


async def time_empty_app() -> Launch:
    with first_paint_probe(Static, lambda widget: True) as seen:
        began, cpu = time.perf_counter(), time.thread_time()
        app = EmptyApp()
        async with app.run_test(size=SIZE) as pilot:
            while "at" not in seen:
                await pilot.pause(0.001)
    return Launch(seen["at"] - began, seen["cpu"] - cpu)


async def time_small_table_app() -> Launch:
    with first_paint_probe(DataTable, lambda widget: True) as seen:
        began, cpu = time.perf_counter(), time.thread_time()
        app = SmallTableApp()
        async with app.run_test(size=SIZE) as pilot:
            while "at" not in seen:
                await pilot.pause(0.001)
    return Launch(seen["at"] - began, seen["cpu"] - cpu)


@dataclass(frozen=True, slots=True)
class WorkbenchLaunch:
    """Launch to: the first painted table rows; the header line painted with the article's
    title; the footer painted (the whole screen is there); every claim listed."""

    table: Launch
    header: float
    footer: float
    everything: float


async def time_workbench(
    db_url: str, article_id: int | None, *, rows_at_least: int
) -> WorkbenchLaunch:
    with (
        first_paint_probe(ClaimsTable, lambda t: t.row_count >= rows_at_least) as seen,
        first_paint_probe(ArticleHeader, lambda h: h.progress != "") as header,
        first_paint_probe(Footer, lambda footer: True) as footer,
    ):
        began, cpu = time.perf_counter(), time.thread_time()
        app = make_app(db_url=db_url, reviewer="bench", article_id=article_id, refresh_seconds=0)
        async with app.run_test(size=SIZE) as pilot:
            while "at" not in seen or "at" not in header or "at" not in footer:
                await pilot.pause(0.001)
            await app.workers.wait_for_complete()
            everything = time.perf_counter() - began
    return WorkbenchLaunch(
        Launch(seen["at"] - began, seen["cpu"] - cpu),
        header["at"] - began,
        footer["at"] - began,
        everything,
    )


async def time_pilot_overhead(presses: int) -> list[float]:
    """A key press that does nothing, in the empty app: what Pilot itself costs per press."""
    app = EmptyApp()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(presses):
            began = time.perf_counter()
            await pilot.press("down")
            times.append(time.perf_counter() - began)
    return times


@dataclass
class KeyTimes:
    """Per press: key to the row painted anew (latency), and the whole Pilot round trip."""

    to_paint: list[float] = field(default_factory=list)
    to_saved: list[float] = field(default_factory=list)  # verdict committed and confirmed
    round_trip: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


class RowPaintProbe:
    """Records when the table draws a given claim's row with the cursor on it / a status."""

    def __init__(self) -> None:
        self.want: tuple[int, str | None] | None = None
        self.painted_at: float | None = None
        original = ClaimsTable._render_row

        def render_row(table, row, number, widths, width):  # type: ignore[no-untyped-def]
            strip = original(table, row, number, widths, width)
            if self.want is not None and self.painted_at is None:
                claim_id, status = self.want
                on_cursor = number == table.cursor_row
                if row.id == claim_id and on_cursor and status in (None, row.status):
                    self.painted_at = time.perf_counter()
            return strip

        ClaimsTable._render_row = render_row  # type: ignore[method-assign]
        self._original = original

    def expect(self, claim_id: int, status: str | None) -> None:
        self.want, self.painted_at = (claim_id, status), None

    def close(self) -> None:
        ClaimsTable._render_row = self._original  # type: ignore[method-assign]


class SavedProbe:
    """Records when the screen takes in the stored verdict (the write committed)."""

    def __init__(self) -> None:
        self.saved_at: float | None = None
        original = MainScreen.on_claim_saved

        def on_claim_saved(screen, message):  # type: ignore[no-untyped-def]
            original(screen, message)
            self.saved_at = time.perf_counter()

        MainScreen.on_claim_saved = on_claim_saved  # type: ignore[method-assign]
        self._original = original

    def close(self) -> None:
        MainScreen.on_claim_saved = self._original  # type: ignore[method-assign]


async def time_keys(db_url: str, article_id: int, presses: int) -> tuple[KeyTimes, KeyTimes]:
    """Moving the cursor down, and marking the claim (the row repainted with its verdict)."""
    app = make_app(db_url=db_url, reviewer="bench", article_id=article_id, refresh_seconds=0)
    moves, marks = KeyTimes(), KeyTimes()
    probe = RowPaintProbe()
    saved = SavedProbe()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.main_screen.table
            await pilot.press("end")  # the far end of the table as well as the top
            await pilot.press("home")
            for index in range(presses):
                for times, key, status in (
                    (moves, "down", None),
                    (marks, "vd"[index % 2], ("verified", "disputed")[index % 2]),
                ):
                    claim_id = table.claim_ids[table.cursor_row + (1 if key == "down" else 0)]
                    probe.expect(claim_id, status)
                    saved.saved_at = None
                    began, cpu = time.perf_counter(), time.process_time()
                    await pilot.press(key)
                    while probe.painted_at is None:
                        await asyncio.sleep(0.0005)
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    if status is not None:
                        assert saved.saved_at is not None
                        times.to_saved.append(saved.saved_at - began)
                    times.round_trip.append(time.perf_counter() - began)
                    times.to_paint.append(probe.painted_at - began)
                    times.cpu.append(time.process_time() - cpu)
    finally:
        probe.close()
        saved.close()
    return moves, marks


# (owner, attribute, phase): what --breakdown times, in the order a launch reaches them.
PHASES = (
    (claim_workbench.tui.app, "make_engine", "open the database (make_engine, schema check)"),
    (WorkbenchApp, "__init__", "construct the App"),
    (Stylesheet, "parse", "parse stylesheets (tcss, DEFAULT_CSS)"),
    (Stylesheet, "apply", "apply styles to widgets"),
    (MainScreen, "compose", "compose the main screen"),
    (MainScreen, "on_mount", "main screen on_mount (incl. the first read)"),
    (queries, "load_article", "first read: article and first claims"),
    (Screen, "_refresh_layout", "lay out the screen"),
)


@contextmanager
def phase_timer() -> Iterator[list[tuple[str, float, float]]]:
    """Wrap each PHASES function to record (phase, start, duration) while the block runs."""
    events: list[tuple[str, float, float]] = []
    depth: dict[str, int] = {}
    originals = []
    for owner, name, phase in PHASES:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def timed(*args, _original=original, _phase=phase, **kwargs):  # type: ignore[no-untyped-def]
            # Only the outermost call counts: Stylesheet.apply calls itself.
            depth[_phase] = depth.get(_phase, 0) + 1
            began = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                depth[_phase] -= 1
                if not depth[_phase]:
                    events.append((_phase, began, time.perf_counter() - began))

        # wraps keeps the signature, which Textual reads to decide what to pass a handler.
        setattr(owner, name, functools.wraps(original)(timed))
    try:
        yield events
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


async def time_phases(db_url: str, article_id: int, runs: int) -> list[tuple[str, float, float]]:
    """(phase, median start after launch, median time spent before the first paint)."""
    starts: dict[str, list[float]] = {}
    spent: dict[str, list[float]] = {}
    paints: list[float] = []
    for _ in range(runs):
        with phase_timer() as events:
            with first_paint_probe(ClaimsTable, lambda t: t.row_count >= 1) as seen:
                began = time.perf_counter()
                app = make_app(
                    db_url=db_url, reviewer="bench", article_id=article_id, refresh_seconds=0
                )
                async with app.run_test(size=SIZE) as pilot:
                    while "at" not in seen:
                        await pilot.pause(0.001)
        paints.append(seen["at"] - began)
        for _owner, _name, phase in PHASES:
            before_paint = [(at, took) for name, at, took in events if name == phase]
            before_paint = [(at, took) for at, took in before_paint if at < seen["at"]]
            if before_paint:
                starts.setdefault(phase, []).append(before_paint[0][0] - began)
                spent.setdefault(phase, []).append(sum(took for _at, took in before_paint))
    rows = [
        (phase, statistics.median(starts[phase]), statistics.median(spent[phase]))
        for _owner, _name, phase in PHASES
        if phase in starts
    ]
    rows.append(("first painted table rows", statistics.median(paints), 0.0))
    return rows


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def ratios(launches: list[Launch], empty: list[Launch]) -> str:
    """Medians against the empty app's: of wall time, of CPU time, and of the ratio in each
    round (a launch against the empty app launched just before it)."""
    wall = statistics.median(launch.wall for launch in launches)
    cpu = statistics.median(launch.cpu for launch in launches)
    empty_wall = statistics.median(launch.wall for launch in empty)
    empty_cpu = statistics.median(launch.cpu for launch in empty)
    paired = statistics.median(a.wall / e.wall for a, e in zip(launches, empty, strict=True))
    return (
        f"median {ms(wall)} = {wall / empty_wall:.2f}x empty app (paired by round "
        f"{paired:.2f}x); CPU {ms(cpu)} = {cpu / empty_cpu:.2f}x"
    )


async def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    claims = int(arguments[0]) if arguments else 5000
    runs = int(arguments[1]) if len(arguments) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{folder}/bench.db"
        bare_url = f"sqlite:///{folder}/bare.db"
        text, drafts = synthetic_article(claims)
        began = time.perf_counter()
        with session_for(make_engine(db_url)) as session:
            article, _ = storage.import_article(
                session=session, title="Benchmark article", text=text, claims=drafts
            )
        print(f"stored {claims} claims in {ms(time.perf_counter() - began)}")
        assert article.id is not None

        # Round after round, one launch of each kind per round, so that a change in the
        # machine's load falls on all of them alike; ratios are also taken within each round.
        empty: list[Launch] = []
        small: list[Launch] = []
        bare: list[Launch] = []
        full: list[WorkbenchLaunch] = []
        for _ in range(runs):
            empty.append(await time_empty_app())
            small.append(await time_small_table_app())
            bare.append((await time_workbench(bare_url, None, rows_at_least=0)).table)
            full.append(await time_workbench(db_url, article.id, rows_at_least=1))
        first = [launch.table for launch in full]
        empty_median = statistics.median(launch.wall for launch in empty)
        print(
            f"empty Textual app, launch to first paint: median {ms(empty_median)}, "
            f"CPU {ms(statistics.median(launch.cpu for launch in empty))} ({runs} runs)"
        )
        for label, launches in (
            ("small Textual app (header, 1-row DataTable, pane, footer), painted table", small),
            ("workbench on an empty database, painted (empty) table", bare),
            (f"workbench on {claims} claims, first painted table rows", first),
        ):
            print(f"{label}: {ratios(launches, empty)}")
        against_small = statistics.median(f.wall for f in first) / statistics.median(
            launch.wall for launch in small
        )
        print(
            f"workbench on {claims} claims: {against_small:.2f}x the small table app; "
            f"then, launch to: the header line painted median "
            f"{ms(statistics.median(f.header for f in full))}, the footer painted (whole "
            f"screen) {ms(statistics.median(f.footer for f in full))}, all {claims} claims "
            f"listed {ms(statistics.median(f.everything for f in full))}"
        )
        if "--breakdown" in sys.argv:
            print(f"where the first paint goes (workbench, {claims} claims, median of {runs}):")
            print("  (phases nest: on_mount includes the first read; apply includes parsing)")
            for phase, start, took in await time_phases(db_url, article.id, runs):
                spent = f"spent {ms(took)}" if took else ""
                print(f"  {phase:48s} from {ms(start):>9s}  {spent}")
        overhead = await time_pilot_overhead(40)
        overhead_median = ms(statistics.median(overhead))
        print(f"Pilot round trip of a key bound to nothing (empty app): median {overhead_median}")
        moves, marks = await time_keys(db_url, article.id, presses=40)
        for name, times in (("cursor down", moves), ("mark claim", marks)):
            ordered = sorted(times.to_paint)
            p95 = ordered[int(len(ordered) * 0.95) - 1]
            print(
                f"key '{name}': key to repainted row median {ms(statistics.median(ordered))}, "
                f"p95 {ms(p95)}, max {ms(ordered[-1])}; Pilot round trip median "
                f"{ms(statistics.median(times.round_trip))}; CPU median "
                f"{ms(statistics.median(times.cpu))} ({len(ordered)} presses)"
            )
            if times.to_saved:
                saved = sorted(times.to_saved)
                print(
                    f"key '{name}': key to the verdict committed and confirmed: median "
                    f"{ms(statistics.median(saved))}, p95 {ms(saved[int(len(saved) * 0.95) - 1])}"
                )


if __name__ == "__main__":
    asyncio.run(main())
