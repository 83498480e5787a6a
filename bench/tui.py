"""TUI speed: launch to the first painted claims table, and key handling, on 5,000 claims.

Usage: .venv/bin/python bench/tui.py [CLAIMS] [RUNS]

Prints the time from launch to the first painted table (against an empty Textual app on the
same machine), and per key press: moving the cursor, and marking a claim until the row shows
the new verdict. Measured with Textual's Pilot in headless mode at 120x40.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Horizontal, VerticalScroll  # noqa: E402
from textual.strip import Strip  # noqa: E402
from textual.widgets import DataTable, Footer, Header, Static  # noqa: E402

from db import storage  # noqa: E402
from db.engine import make_engine, session_for  # noqa: E402
from db.models import ClaimBase, QuantityBase  # noqa: E402
from workbench.app import make_app  # noqa: E402
from workbench.widgets.claims_table import ClaimsTable  # noqa: E402

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


def first_paint_probe(widget_class: type, condition) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Record when ``widget_class`` first renders a line while ``condition(widget)`` holds."""
    seen: dict[str, float] = {}
    original = widget_class.render_line

    def render_line(self, y: int) -> Strip:  # type: ignore[no-untyped-def]
        if "at" not in seen and condition(self):
            seen["at"] = time.perf_counter()
        return original(self, y)

    widget_class.render_line = render_line
    return seen


async def time_empty_app() -> float:
    seen = first_paint_probe(Static, lambda widget: True)
    began = time.perf_counter()
    app = EmptyApp()
    async with app.run_test(size=SIZE) as pilot:
        while "at" not in seen:
            await pilot.pause(0.001)
    del Static.render_line
    return seen["at"] - began


async def time_small_table_app() -> float:
    seen = first_paint_probe(DataTable, lambda widget: True)
    began = time.perf_counter()
    app = SmallTableApp()
    async with app.run_test(size=SIZE) as pilot:
        while "at" not in seen:
            await pilot.pause(0.001)
    del DataTable.render_line
    return seen["at"] - began


async def time_workbench(
    db_url: str, article_id: int | None, *, rows_at_least: int
) -> tuple[float, float]:
    """(launch to the first painted table with rows, launch to every claim listed)."""
    seen = first_paint_probe(ClaimsTable, lambda table: table.row_count >= rows_at_least)
    began = time.perf_counter()
    app = make_app(db_url=db_url, reviewer="bench", article_id=article_id, refresh_seconds=0)
    async with app.run_test(size=SIZE) as pilot:
        while "at" not in seen:
            await pilot.pause(0.001)
        await app.workers.wait_for_complete()
        everything = time.perf_counter() - began
    del ClaimsTable.render_line
    return seen["at"] - began, everything


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


async def time_keys(
    db_url: str, article_id: int, presses: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Wall-clock and CPU time per press: moving the cursor, and marking until the row shows it."""
    app = make_app(db_url=db_url, reviewer="bench", article_id=article_id, refresh_seconds=0)
    moves: list[float] = []
    marks: list[float] = []
    move_cpu: list[float] = []
    mark_cpu: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        main = app.main_screen
        await pilot.press("end")  # the far end of the table as well as the top
        await pilot.press("home")
        for index in range(presses):
            began, cpu = time.perf_counter(), time.process_time()
            await pilot.press("down")
            moves.append(time.perf_counter() - began)
            move_cpu.append(time.process_time() - cpu)
            claim_id = main.table.claim_id_at_cursor or 0
            status = ("verified", "disputed")[index % 2]
            key = status[0]
            began, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            while main.table.cell_text(claim_id, "status") != status:
                await asyncio.sleep(0.0005)
            marks.append(time.perf_counter() - began)
            mark_cpu.append(time.process_time() - cpu)
    return moves, marks, move_cpu, mark_cpu


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def main() -> None:
    claims = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
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

        empty = [await time_empty_app() for _ in range(runs)]
        small = [await time_small_table_app() for _ in range(runs)]
        bare = [(await time_workbench(bare_url, None, rows_at_least=0))[0] for _ in range(runs)]
        full = [await time_workbench(db_url, article.id, rows_at_least=1) for _ in range(runs)]
        empty_median = statistics.median(empty)
        print(f"empty Textual app, launch to first paint: median {ms(empty_median)} ({runs} runs)")
        small_median = statistics.median(small)
        print(
            f"small Textual app (header, 1-row DataTable, pane, footer), launch to painted table: "
            f"median {ms(small_median)} = {small_median / empty_median:.2f}x empty app"
        )
        bare_median = statistics.median(bare)
        print(
            f"workbench on an empty database, launch to the painted (empty) table: "
            f"median {ms(bare_median)} = {bare_median / empty_median:.2f}x empty app"
        )
        first = statistics.median(first for first, _ in full)
        everything = statistics.median(every for _, every in full)
        print(
            f"workbench on {claims} claims, launch to the first painted table rows: "
            f"median {ms(first)} = {first / empty_median:.2f}x empty app, "
            f"{first / small_median:.2f}x the small table app; "
            f"all {claims} claims listed: median {ms(everything)}"
        )
        overhead = await time_pilot_overhead(40)
        overhead_median = ms(statistics.median(overhead))
        print(f"Pilot round trip of a key bound to nothing (empty app): median {overhead_median}")
        moves, marks, move_cpu, mark_cpu = await time_keys(db_url, article.id, presses=40)
        for name, times, cpu in (("cursor down", moves, move_cpu), ("mark claim", marks, mark_cpu)):
            ordered = sorted(times)
            p95 = ordered[int(len(ordered) * 0.95) - 1]
            print(
                f"key '{name}': wall median {ms(statistics.median(times))}, p95 {ms(p95)}, "
                f"max {ms(max(times))}; CPU median {ms(statistics.median(cpu))} "
                f"({len(times)} presses)"
            )


if __name__ == "__main__":
    asyncio.run(main())
