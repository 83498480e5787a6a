"""The Textual app: stylesheet, command palette, global keys, and the factory the CLI calls."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual import events
from textual.app import App
from textual.binding import Binding

from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.tui.commands import WorkbenchCommands
from claim_workbench.tui.messages import ScreenBecameReady
from claim_workbench.tui.modals.help import HelpScreen
from claim_workbench.tui.screens.main import MainScreen

DEFAULT_REFRESH_SECONDS = 3.0


class WorkbenchApp(App[None]):
    """Holds the database engine and the reviewer's name; the MainScreen does the work."""

    CSS_PATH = "workbench.tcss"
    TITLE = "Claim workbench"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        *,
        engine: Engine,
        reviewer: str,
        article_id: int | None = None,
        import_target: str | None = None,
        refresh_seconds: float = DEFAULT_REFRESH_SECONDS,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.reviewer = reviewer
        self.article_id = article_id
        self.import_target = import_target
        self.refresh_seconds = refresh_seconds
        # Keys read before the main screen is whole (see hold_keys): handled once it is.
        self._early_keys: list[events.Key] = []

    def session(self) -> Session:
        """A new session: one per action, so every read sees what others committed."""
        return session_for(self.engine)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(
            engine=self.engine,
            reviewer=self.reviewer,
            article_id=self.article_id,
            import_target=self.import_target,
            refresh_seconds=self.refresh_seconds,
        )

    @property
    def main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not open")

    async def on_event(self, event: events.Event) -> None:
        # Type-ahead: keys typed while the workbench starts (into the terminal, before it
        # read them) arrive in one burst with the first frame, before the filter bar is
        # mounted; words typed right after "n" arrive before the note editor has its field.
        # Handled at once, "/" would be refused and the words after it would mark claims, and
        # a note's first letters would be lost; held and handled in order a moment later,
        # they do what they were typed for.
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.hold_keys():
                self._early_keys.append(event)
                return
            await self.release_early_keys()
        await super().on_event(event)

    def hold_keys(self) -> bool:
        """While the screen on top is still putting itself together (the main screen's parts
        after the first frame, a dialog's field), keys wait."""
        screen = self.screen_stack[-1] if self.screen_stack else None
        return not getattr(screen, "takes_keys", True)

    async def release_early_keys(self) -> None:
        """Handle the held keys in order; one that opens a dialog holds the rest again."""
        while self._early_keys and not self.hold_keys():
            await super().on_event(self._early_keys.pop(0))

    async def on_screen_became_ready(self, message: ScreenBecameReady) -> None:
        await self.release_early_keys()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys: list[tuple[str, str]] = []
        for binding in [*MainScreen.BINDINGS, *self.BINDINGS]:
            if isinstance(binding, Binding) and binding.description:
                keys.append((self.get_key_display(binding), binding.description))
        keys.append((self.get_key_display(Binding("ctrl+p", "")), "Command palette"))
        self.push_screen(HelpScreen(bindings=keys))

    def action_quit(self) -> None:
        self.exit()

    async def on_unmount(self) -> None:
        """However the app ends (q, Ctrl+C, a test's run_test), close the HTTP client and
        stop the extraction processes the attach dialog started."""
        # Imported here: the fetcher (httpx) is not needed before the first frame, and a session
        # that never fetched has no client to close (the import then costs nothing either).
        from claim_workbench.acquisition.fetch import close_shared_client

        await close_shared_client()


def make_app(
    *,
    db_url: str | None = None,
    reviewer: str | None = None,
    article_id: int | None = None,
    import_target: str | None = None,
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS,
) -> WorkbenchApp:
    """The app as users get it; tests build it here too (db_url falls back to WORKBENCH_DB)."""
    if not reviewer:
        # Imported here, at start-up time: services brings in matching and extraction (numpy),
        # which the first frame does not need when the reviewer is named.
        from claim_workbench.review.services import default_reviewer

        reviewer = default_reviewer()
    return WorkbenchApp(
        engine=make_engine(db_url),
        reviewer=reviewer,
        article_id=article_id,
        import_target=import_target,
        refresh_seconds=refresh_seconds,
    )
