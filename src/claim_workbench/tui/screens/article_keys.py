"""The main screen's article keys: o (open or import an article) and e (export a report)."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from claim_workbench.review import importing
from claim_workbench.review.state import EXPECTED_ERRORS
from claim_workbench.store import storage
from claim_workbench.store.models import Article
from claim_workbench.tui.messages import ArticleImported, ReportExported
from claim_workbench.tui.modals.export import ExportDialog, ExportRequest, default_report_folder
from claim_workbench.tui.modals.open_article import OpenDialog, OpenRequest
from claim_workbench.tui.screens.review_view import ReviewView
from claim_workbench.tui.widgets.rendering import one_line


class ArticleKeys(ReviewView):
    def action_open_article(self) -> None:
        # The dialog opens at once and lists the articles when they are read: keys typed
        # right after `o` go to it, not to the claims (a "v" must not mark one).
        def open_chosen(request: OpenRequest | None) -> None:
            self.workers.cancel_group(self, "open-read")
            if request is None:
                return
            if request.import_target:
                self.import_article(request.import_target)
            elif request.article_id is not None:
                self.table.loading = True
                self.load_article(request.article_id)

        dialog = OpenDialog()
        self.app.push_screen(dialog, open_chosen)
        self._read_article_list(dialog)

    @work(
        thread=True,
        exclusive=True,
        group="open-read",
        exit_on_error=False,
        description="Listing the articles",
    )
    def _read_article_list(self, dialog: OpenDialog) -> None:
        # Off the UI thread, like every other read: the keys stay live while it waits.
        try:
            articles = self._read(lambda session: storage.list_articles(session=session))
        except Exception as error:
            # The dialog stays useful (a path or URL can still be imported) and says why the
            # list is missing; the error itself is reported as every other one is.
            self.app.call_from_thread(self._fill_open_dialog, dialog, None)
            if not isinstance(error, EXPECTED_ERRORS):
                raise
            self.app.call_from_thread(self._report_error, "Cannot list the articles", error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._fill_open_dialog, dialog, articles)

    def _fill_open_dialog(
        self, dialog: OpenDialog, articles: list[tuple[Article, int]] | None
    ) -> None:
        if not dialog.is_attached:
            return  # closed meanwhile
        if articles is None:
            dialog.show_list_unavailable()
        else:
            dialog.show_articles(articles)

    @work(exclusive=True, group="import", exit_on_error=False, description="Importing")
    async def import_article(self, target: str) -> None:
        self.activity.start(f"Importing {one_line(target, 80)}…")
        try:
            result = await importing.import_article(target=target, session=self.session)
        except EXPECTED_ERRORS as error:
            self._report_error("Could not import", error)
            if self.article is None:
                self.load_article(None)
            return
        finally:
            self.activity.stop()
        article_id = result.article.id
        assert article_id is not None
        self._warn_about(one_line(target, 80), result.warnings)
        self.post_message(ArticleImported(article_id, result.created, result.claim_count))

    def on_article_imported(self, message: ArticleImported) -> None:
        verb = "Imported" if message.created else "Already imported"
        self.notify(f"{verb}: {message.claim_count} claims.", title="Article")
        self.table.loading = True
        self.load_article(message.article_id)

    def action_export(self) -> None:
        if self.article is None or self.article.id is None:
            self.notify("No article open.", severity="warning")
            return
        article_id = self.article.id

        def export(request: ExportRequest | None) -> None:
            if request is not None:
                self.export_report(article_id, request)

        folder = default_report_folder(self.engine.url)
        self.app.push_screen(ExportDialog(article_id=article_id, folder=folder), export)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="Export")
    def export_report(self, article_id: int, request: ExportRequest) -> None:
        # The report package is imported here, in the worker: its formats load numpy, which
        # the first paint does not need.
        from claim_workbench.report import ReportOptions, require_note_setting, save_report

        # save_report (shared with the command line) keeps a failed export from leaving half
        # a file, writes through symlinks and to devices such as /dev/stdout.
        warnings: list[str] = []
        options = ReportOptions(
            reviewer=self.reviewer, require_note=require_note_setting(), warn=warnings.append
        )
        try:
            with self.session() as session:
                save_report(
                    session=session,
                    article_id=article_id,
                    fmt=request.fmt,
                    path=request.path,
                    options=options,
                )
        except OSError as error:
            # An OSError may name the temporary file; the reviewer only knows their own path.
            reason = error.strerror or str(error)
            failure = OSError(f"cannot write {request.path}: {reason}")
            self.app.call_from_thread(self._report_error, "Export failed", failure)
            return
        except EXPECTED_ERRORS as error:
            self.app.call_from_thread(self._report_error, "Export failed", error)
            return
        self.post_message(ReportExported(str(request.path), request.fmt, warnings))

    def on_report_exported(self, message: ReportExported) -> None:
        self.notify(f"Wrote {message.path}", title=f"Report ({message.fmt})", markup=False)
        for warning in message.warnings:
            self.notify(
                one_line(warning, 300), title="Report", severity="warning", markup=False, timeout=10
            )
