"""The `workbench` command line: import, list, attach, mark, report, and open the app."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from claim_workbench.acquisition.fetch import SourceError
from claim_workbench.report.formats import FORMAT_NAMES
from claim_workbench.store import storage
from claim_workbench.store.engine import (
    make_engine,
    redact_url,
    resolve_db_url,
    scrub_secrets,
    session_for,
)
from claim_workbench.text.clean import reveal_hidden

cli = typer.Typer(
    add_completion=False,
    help="A claim-verification workbench for fact-checkers.",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_ERROR = 1
EXIT_CONFLICT = 3
# The reader of our output went away (`workbench report | head`): what a shell reports for a
# command that SIGPIPE ended, 128 + 13, as `seq`, `cat` or `git log` would give.
EXIT_BROKEN_PIPE = 141


def plain(text: str | None) -> str:
    """Untrusted text for the terminal: control characters (ANSI escapes, bells), bidi
    overrides and zero-width characters shown as tags (``⟨ESC⟩``, ``⟨RLO⟩``), so an article
    can neither recolour or clear the reviewer's terminal nor hide what it says."""
    return reveal_hidden(text)


@dataclass
class Settings:
    db_url: str | None
    reviewer_name: str | None
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def reviewer(self) -> str:
        from claim_workbench.review.services import default_reviewer

        return self.reviewer_name or default_reviewer()

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.db_url)
        return self._engine

    def session(self) -> Session:
        return session_for(self.engine())


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    typer.echo(f"error: {plain(message)}", err=True)
    return typer.Exit(code)


def error_message(error: BaseException, settings: Settings) -> tuple[str, int] | None:
    """The one line (and exit code) an expected failure is reported with; None if unexpected.

    The database password never appears in it, whatever the error quotes.
    """
    reported = _error_message(error, settings)
    if reported is None:
        return None
    message, code = reported
    return scrub_secrets(message, resolve_db_url(settings.db_url)), code


def _error_message(error: BaseException, settings: Settings) -> tuple[str, int] | None:
    match error:
        case storage.VersionConflict() | storage.UndoRefused():
            return str(error), EXIT_CONFLICT
        case storage.StorageError() | SourceError():
            return str(error), EXIT_ERROR
        case FileNotFoundError():
            return f"no such file: {error.filename or error}", EXIT_ERROR
        case IsADirectoryError():
            return f"is a directory, not a file: {error.filename or error}", EXIT_ERROR
        case PermissionError():
            return f"permission denied: {error.filename or error}", EXIT_ERROR
        case OSError():
            where = f": {error.filename}" if error.filename else ""
            return f"{error.strerror or error}{where}", EXIT_ERROR
        case OverflowError():
            return "that number is too large to be an id or a version", EXIT_ERROR
        case ArgumentError():
            return f"not a database URL: {redact_url(resolve_db_url(settings.db_url))}", EXIT_ERROR
        case OperationalError():
            return f"cannot use the database: {str(error.orig).splitlines()[0]}", EXIT_ERROR
        case SQLAlchemyError():
            return f"database error: {str(error).splitlines()[0]}", EXIT_ERROR
        case ModuleNotFoundError():
            return f"missing driver or module: {error.name}", EXIT_ERROR
        case ValueError():
            return str(error), EXIT_ERROR
    return None


def _discard_stdout() -> None:
    """Point standard output at the null device, as Python's documentation advises after a
    broken pipe: what is still buffered would fail again when the interpreter flushes it."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test runner's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, descriptor)
    finally:
        os.close(devnull)


@contextmanager
def handled(settings: Settings) -> Iterator[None]:
    """Turn every expected failure into one line on stderr and a non-zero exit."""
    try:
        yield
    except BrokenPipeError:
        # The reader stopped reading (`| head`): nothing is wrong, and nobody is listening.
        _discard_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except Exception as error:
        reported = error_message(error, settings)
        if reported is None:
            raise
        raise fail(*reported) from None


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def sample_path() -> Path:
    return Path(__file__).resolve().parent / "samples" / "caribbean-campaign-2025-11-17.txt"


@cli.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="WORKBENCH_DB", help="Database URL (default: SQLite file)."),
    ] = None,
    reviewer: Annotated[
        str | None,
        typer.Option("--reviewer", envvar="WORKBENCH_REVIEWER", help="Your name on verdicts."),
    ] = None,
) -> None:
    """Run `workbench` alone to open the workbench on the most recent article."""
    if db is not None and not db.strip():
        raise fail("--db is empty: give a database URL, or leave it out for the default file")
    ctx.obj = Settings(db_url=db, reviewer_name=reviewer)
    if ctx.invoked_subcommand is None:
        run_app(ctx.obj, article_id=None, import_target=None)


def run_app(settings: Settings, *, article_id: int | None, import_target: str | None) -> None:
    with handled(settings):
        settings.engine()  # open (and migrate) before the screen takes over
        from claim_workbench.tui.app import make_app

        app = make_app(
            db_url=settings.db_url,
            reviewer=settings.reviewer,
            article_id=article_id,
            import_target=import_target,
        )
    app.run()


@cli.command("import")
def import_command(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(help="A text or HTML file, an http(s) URL, or - for stdin.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    max_claims: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Refuse an article with more claims than this "
            "(default: WORKBENCH_MAX_CLAIMS, else 5000).",
        ),
    ] = None,
) -> None:
    """Import an article and extract its claims."""
    from claim_workbench.acquisition.fetch import read_stream
    from claim_workbench.review import services

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        if target == "-":
            document = read_stream(sys.stdin.buffer)
            result = services.import_document(
                session=session, document=document, max_claims=max_claims
            )
        else:
            result = asyncio.run(
                services.import_target(session=session, target=target, max_claims=max_claims)
            )
        memory = result.memory
        for warning in result.warnings:
            typer.echo(f"warning: {plain(warning)}", err=True)
        if as_json:
            print_json(
                {
                    "article_id": result.article.id,
                    "created": result.created,
                    "claims": result.claim_count,
                    "title": result.article.title,
                    "claim_memory": None
                    if memory is None
                    else {"checked": memory.checked, "of": memory.total, "found": memory.found},
                }
            )
            return
        verb = "imported" if result.created else "already imported"
        typer.echo(
            f"{verb} article {result.article.id}: {plain(result.article.title)} "
            f"({result.claim_count} claims)"
        )
        if result.claim_count == 0:
            typer.echo("no checkable claims were found in this text", err=True)
        if memory is not None and not memory.complete:
            typer.echo(
                f"compared {memory.checked:,} of {memory.total:,} claims with earlier verdicts "
                "in the time allowed (the most check-worthy first); "
                "`workbench similar CLAIM_ID` checks any other",
                err=True,
            )


@cli.command("articles")
def articles_command(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """List the stored articles."""
    from claim_workbench.report.serialize import listed_article_dict
    from claim_workbench.store.views import ArticleView

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        rows = storage.list_articles(session=session)
        if as_json:
            print_json(
                [
                    listed_article_dict(ArticleView.from_article(article), count)
                    for article, count in rows
                ]
            )
            return
        if not rows:
            typer.echo("no articles yet: `workbench import FILE` or `workbench demo`")
        for article, count in rows:
            published = article.published.isoformat() if article.published else "----------"
            typer.echo(f"{article.id:>4}  {published}  {count:>3} claims  {plain(article.title)}")


def _article_id_or_latest(session: Session, article_id: int | None) -> int:
    if article_id is not None:
        return storage.get_article(session=session, article_id=article_id).id or article_id
    latest = storage.latest_article(session=session)
    if latest is None or latest.id is None:
        raise storage.NotFound("no articles yet: import one with `workbench import FILE`")
    return latest.id


@cli.command("claims")
def claims_command(
    ctx: typer.Context,
    article_id: Annotated[int | None, typer.Argument(help="Default: the latest import.")] = None,
    sort: Annotated[str, typer.Option(help="position (article order) or score.")] = "position",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List an article's claims."""
    from claim_workbench.report.serialize import listed_claim_dict
    from claim_workbench.store.factchecks import fact_checks_seen
    from claim_workbench.store.views import ClaimView

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        if sort not in ("position", "score"):
            raise ValueError(f"unknown sort {sort!r}: use position or score")
        article = _article_id_or_latest(session, article_id)
        claims = storage.list_claims(session=session, article_id=article, sort=sort)
        quantities = storage.quantities_for(session=session, claim_ids=[c.id for c in claims])
        checked = fact_checks_seen(session=session, claim_ids=[c.id for c in claims])
        if as_json:
            print_json(
                [
                    listed_claim_dict(
                        ClaimView.from_claim(c, quantities[c.id]), checked.get(c.id or 0, [])
                    )
                    for c in claims
                ]
            )
            return
        for claim in claims:
            typer.echo(
                f"{claim.id:>5}  {claim.status:<12} {claim.check_worthiness:4.2f}  "
                f"{plain(claim.label)}  [{', '.join(claim.kinds)}]"
            )
            for seen in checked.get(claim.id or 0, []):
                typer.echo(f"       {plain(seen.line())}")


def _article_published(session: Any, claim_id: int) -> Any:
    """The published date of a claim's article (what source dates are compared with)."""
    claim = storage.get_claim(session=session, claim_id=claim_id)
    return storage.get_article(session=session, article_id=claim.article_id).published


def _print_evidence(rows: list[tuple[Any, Any]], *, article_published: Any = None) -> None:
    from claim_workbench.evidence.agreement import checks_from_json, describe_checks, timing_text

    for evidence, source in rows:
        title = plain(source.title or source.final_url or source.url or f"source {source.id}")
        dated = source.published.isoformat() if source.published else "date unknown"
        timing = timing_text(article_published, source.published)
        when = f"{dated}, {timing}" if timing else dated
        if evidence.no_passage:
            typer.echo(f"[{evidence.id}]     —  no passage about this claim  — {title} ({when})")
            continue
        # Split at the stored offsets first: cleaning first would shift them.
        start, end = evidence.highlight_start, evidence.highlight_end
        pieces = [evidence.passage[:start], evidence.passage[start:end], evidence.passage[end:]]
        before, match, after = (plain(piece).replace("\n", " ") for piece in pieces)
        marked = f"{before}»{match}«{after}" if match else before + after
        stance = evidence.reviewer_stance or f"suggested {evidence.suggested_stance}"
        typer.echo(
            f"[{evidence.id}] {evidence.score:5.1f}  numbers: {evidence.number_agreement:<8} "
            f"{stance}  — {title} ({when})"
        )
        line = describe_checks(checks_from_json(evidence.quantity_checks))
        if line:
            typer.echo(f"      {plain(line)}")
        typer.echo(f"      {marked}")


@cli.command("attach")
def attach_command(
    ctx: typer.Context,
    claim_id: int,
    targets: Annotated[
        list[str],
        typer.Argument(
            help="One or more http(s) URLs or file paths (fetched together), or - for pasted text.",
            show_default=False,
        ),
    ],
    title: Annotated[str | None, typer.Option(help="Title for pasted text.")] = None,
    origin: Annotated[
        str | None,
        typer.Option(help="Where pasted text came from (shown as the source's site)."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="How many passages to keep.")] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Attach sources to a claim and show their best passages.

    Several targets are fetched at once; each source that fetches is stored, each one that
    fails is reported on its own line (and stores nothing), and the exit code is non-zero if
    any failed. With several targets, --json prints a list with one entry per target.
    """
    from claim_workbench.acquisition.fetch import read_stream
    from claim_workbench.review import services

    settings = settings_of(ctx)
    if "-" in targets and len(targets) > 1:
        raise fail("- (pasted text) cannot be combined with other targets")
    if len(targets) > 1:
        _attach_many(settings, claim_id=claim_id, targets=targets, top=top, as_json=as_json)
        return
    with handled(settings), settings.session() as session:
        storage.get_claim(session=session, claim_id=claim_id)  # unknown id: fail before fetching
        if targets[0] == "-":
            document = read_stream(
                sys.stdin.buffer, name="the pasted text", title=title, origin_note=origin
            )
        else:
            document = asyncio.run(services.fetch_source(targets[0]))
        _print_warnings(targets[0], document)
        result = services.store_source(
            session=session,
            claim_id=claim_id,
            document=document,
            reviewer=settings.reviewer,
            top_k=top,
        )
        published = _article_published(session, claim_id)
        if as_json:
            print_json(_attach_json(result, published))
            return
        _print_attached(result, published)


def _print_warnings(target: str, document: Any) -> None:
    """What had to be repaired reading a source (bytes not valid UTF-8, an unknown charset),
    one line each on stderr: the source is stored, but the reviewer should know."""
    for warning in getattr(document, "warnings", ()):
        typer.echo(f"warning: {plain(target)}: {plain(warning)}", err=True)


def _attach_json(result: Any, article_published: Any = None) -> dict[str, Any]:
    from claim_workbench.evidence.agreement import days_between
    from claim_workbench.report.serialize import listed_evidence_dict, listed_source_dict
    from claim_workbench.store.views import EvidenceView, SourceView

    return {
        "source": listed_source_dict(SourceView.from_row(result.source)),
        "days_after_article": days_between(article_published, result.source.published),
        "evidence": [
            listed_evidence_dict(
                EvidenceView.from_rows(e, result.source, article_published=article_published)
            )
            for e in result.evidence
        ],
    }


def _print_attached(result: Any, article_published: Any = None) -> None:
    typer.echo(
        f"source {result.source.id}: {plain(result.source.title or result.source.url)} "
        f"({result.source.size} bytes, sha256 {result.source.sha256[:12]}…)"
    )
    _print_evidence(
        [(e, result.source) for e in result.evidence], article_published=article_published
    )


def _attach_many(
    settings: Settings, *, claim_id: int, targets: list[str], top: int, as_json: bool
) -> None:
    from claim_workbench.review import services

    failed = 0
    entries: list[dict[str, Any]] = []
    with handled(settings), settings.session() as session:
        storage.get_claim(session=session, claim_id=claim_id)  # unknown id: fail before fetching
        published = _article_published(session, claim_id)
        outcomes = asyncio.run(services.fetch_sources(targets))
        for target, outcome in zip(targets, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                error = outcome
            else:
                _print_warnings(target, outcome)
                try:
                    result = services.store_source(
                        session=session,
                        claim_id=claim_id,
                        document=outcome,
                        reviewer=settings.reviewer,
                        top_k=top,
                    )
                except (storage.StorageError, SourceError, ValueError) as store_error:
                    session.rollback()
                    error = store_error
                else:
                    if as_json:
                        entries.append({"target": target, **_attach_json(result, published)})
                    else:
                        _print_attached(result, published)
                    continue
            failed += 1
            reported = error_message(error, settings)
            message = reported[0] if reported else str(error)
            entries.append({"target": target, "error": message})
            # Most messages already name the URL or file; name it once either way.
            named = message if target.strip() in message else f"{target}: {message}"
            typer.echo(f"error: {plain(named)}", err=True)
        if as_json:
            print_json(entries)
    if failed:
        raise typer.Exit(EXIT_ERROR)


@cli.command("evidence")
def evidence_command(
    ctx: typer.Context, claim_id: int, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Show the evidence attached to a claim, best first."""
    from claim_workbench.report.serialize import listed_evidence_dict
    from claim_workbench.store.views import EvidenceView

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        rows = storage.list_evidence(session=session, claim_id=claim_id)
        published = _article_published(session, claim_id)
        if as_json:
            print_json(
                [
                    listed_evidence_dict(EvidenceView.from_rows(e, s, article_published=published))
                    for e, s in rows
                ]
            )
            return
        if not rows:
            typer.echo(f"no evidence attached to claim {claim_id} yet")
        _print_evidence(rows, article_published=published)


@cli.command("mark")
def mark_command(
    ctx: typer.Context,
    claim_id: int,
    status: Annotated[str, typer.Argument(help="verified, disputed, inconclusive or unreviewed")],
    note: Annotated[str | None, typer.Option(help="A note explaining the verdict.")] = None,
    reviewer: Annotated[str | None, typer.Option(help="Overrides --reviewer.")] = None,
    expect_version: Annotated[
        int | None,
        typer.Option(help="Refuse (exit 3) if someone changed the claim since this version."),
    ] = None,
) -> None:
    """Record a verdict on a claim (`unreviewed` takes it back; `dismiss` sets a claim aside).

    A verdict with neither a note nor evidence is saved with a warning: its ClaimReview would
    have no review text.
    """
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        seen = storage.get_claim(session=session, claim_id=claim_id).version
        claim = storage.mark_claim(
            session=session,
            claim_id=claim_id,
            status=status,
            note=note,
            reviewer=reviewer or settings.reviewer,
            expect_version=expect_version,
        )
        if claim.version == seen:
            # mark_claim writes nothing (no version, no audit event) for what is already so.
            typer.echo(
                f"claim {claim.id} is already {claim.status} (version {claim.version}); "
                "nothing was changed"
            )
            return
        typer.echo(f"claim {claim.id} is now {claim.status} (version {claim.version})")
        _warn_if_unsupported(session, claim_id)


@cli.command("history")
def history_command(
    ctx: typer.Context, claim_id: int, as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """The audit trail of a claim: every verdict, note, stance, speaker, dismissal, attached
    source, removed passage and undo."""
    from claim_workbench.report.serialize import event_dict, iso_datetime

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        events = storage.history(session=session, claim_id=claim_id)
        if as_json:
            print_json([event_dict(e) for e in events])
            return
        if not events:
            typer.echo(f"claim {claim_id} has no recorded changes")
        for event in events:
            typer.echo(
                f"{iso_datetime(event.at)}  {plain(event.reviewer):<12} {event.action:<7} "
                f"{_history_change(event)}"
            )


def _history_change(event: Any) -> str:
    """What one audit event changed, for `workbench history`."""
    change = f"{plain(event.from_value) or '∅'} → {plain(event.to_value) or '∅'}"
    match event.action:
        case "note":
            return f"note: {plain(event.to_value)}"
        case "dismiss":
            return f"{change} (reason: {plain(event.note)})"
        case "add-claim":
            return f"added ({plain(event.note)}): {plain(event.to_value)}"
        case "attach":
            count = len((event.detail or {}).get("evidence_ids") or [])
            return f"attached {plain(event.to_value)} ({count} passage(s))"
        case "remove-evidence":
            return f"removed passage {event.evidence_id} of {plain(event.from_value)}"
        case "stance":
            return f"passage {event.evidence_id}: {change}"
        case "undo":
            return plain(event.note)
    return change


# --- corrections: undo, dismiss, speaker, added claims, evidence and stances -------------------


def _warn_if_unsupported(session: Session, claim_id: int) -> None:
    """A verdict with neither note nor evidence would be published with no review text."""
    from claim_workbench.report import require_note_setting

    if not storage.verdict_without_support(session=session, claim_id=claim_id):
        return
    consequence = (
        "`report --format claimreview` leaves it out until it has a note"
        if require_note_setting()
        else "its ClaimReview would have no review text"
    )
    typer.echo(
        f"warning: claim {claim_id} has a verdict but no note and no evidence: {consequence} "
        f"(add one with `workbench mark {claim_id} STATUS --note ...`)",
        err=True,
    )


@cli.command("undo")
def undo_command(
    ctx: typer.Context,
    article_id: Annotated[
        int | None, typer.Option("--article", help="Only an action on this article.")
    ] = None,
) -> None:
    """Take back your last action (verdict, note, stance, dismissal, speaker, added claim,
    attached source, removed passage); run it again for the one before.

    Recorded as an "undo" in the claim's history. Refused (exit 3) when a colleague changed
    that claim since: change it by hand then.
    """
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        result = storage.undo_last_action(
            session=session, reviewer=settings.reviewer, article_id=article_id
        )
        claim = result.claim
        typer.echo(
            f"undid your {plain(result.description)} on claim {claim.id} "
            f"({plain(claim.label)}): now {claim.status} (version {claim.version})"
        )


@cli.command("dismiss")
def dismiss_command(
    ctx: typer.Context,
    claim_id: int,
    reason: Annotated[
        str, typer.Option(help="Why it is not a claim (kept in the history).")
    ] = storage.DISMISS_REASON,
    expect_version: Annotated[
        int | None,
        typer.Option(help="Refuse (exit 3) if someone changed the claim since this version."),
    ] = None,
) -> None:
    """Dismiss a claim as not a claim: reports and ClaimReview leave it out (the summary
    counts it as dismissed). `mark ID unreviewed` or `undo` takes it back."""
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        claim = storage.dismiss_claim(
            session=session,
            claim_id=claim_id,
            reason=reason,
            reviewer=settings.reviewer,
            expect_version=expect_version,
        )
        typer.echo(f"claim {claim.id} is now dismissed: {plain(reason)} (version {claim.version})")


@cli.command("speaker")
def speaker_command(
    ctx: typer.Context,
    claim_id: int,
    name: Annotated[str, typer.Argument(help='Who said it; "" for nobody.')],
    expect_version: Annotated[
        int | None,
        typer.Option(help="Refuse (exit 3) if someone changed the claim since this version."),
    ] = None,
) -> None:
    """Attribute a claim to another speaker (a quote's label follows); audited."""
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        before = storage.get_claim(session=session, claim_id=claim_id).speaker
        claim = storage.set_speaker(
            session=session,
            claim_id=claim_id,
            speaker=name,
            reviewer=settings.reviewer,
            expect_version=expect_version,
        )
        who = plain(claim.speaker) if claim.speaker else "nobody"
        verb = "already attributed" if claim.speaker == before else "now attributed"
        typer.echo(f"claim {claim.id} is {verb} to {who} (version {claim.version})")


@cli.command("add-claim")
def add_claim_command(
    ctx: typer.Context,
    article_id: int,
    text: Annotated[str, typer.Option("--text", help="The claim's words.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Add a claim the extractor missed. Words found in the article text (however they are
    spaced) take their place there; others, such as the headline, are kept as typed."""
    from claim_workbench.report.serialize import listed_claim_dict
    from claim_workbench.review import services
    from claim_workbench.store.views import ClaimView

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        added = services.add_claim(
            session=session, article_id=article_id, text=text, reviewer=settings.reviewer
        )
        claim = added.claim
        if as_json:
            quantities = storage.quantities_for(session=session, claim_ids=[claim.id or 0])
            view = ClaimView.from_claim(claim, quantities[claim.id or 0])
            print_json({**listed_claim_dict(view), "typed": added.typed})
            return
        where = (
            "kept as typed: not in the article text"
            if added.typed
            else f"characters {claim.start}-{claim.end} of the article"
        )
        typer.echo(f"added claim {claim.id} ({where}): {plain(claim.label)}")


@cli.command("remove-evidence")
def remove_evidence_command(ctx: typer.Context, evidence_id: int) -> None:
    """Take a passage off its claim (ids from `workbench evidence CLAIM_ID`); `undo` puts it
    back. The source snapshot stays stored."""
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        removed = storage.remove_evidence(
            session=session, evidence_id=evidence_id, reviewer=settings.reviewer
        )
        typer.echo(f"removed passage {evidence_id} from claim {removed.claim_id}")


@cli.command("stance")
def stance_command(
    ctx: typer.Context,
    evidence_id: int,
    stance: Annotated[str, typer.Argument(help="supports, contradicts, context, or none")],
) -> None:
    """Set your stance on a passage (ids from `workbench evidence CLAIM_ID`); none clears it."""
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        evidence = storage.set_stance(
            session=session, evidence_id=evidence_id, stance=stance, reviewer=settings.reviewer
        )
        shown = evidence.reviewer_stance or "not set"
        typer.echo(f"passage {evidence.id} of claim {evidence.claim_id}: stance {shown}")


@cli.command("search")
def search_command(
    ctx: typer.Context,
    claim_id: int,
    top: Annotated[int, typer.Option(min=1, help="How many passages to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The best passages for a claim across every stored source."""
    from claim_workbench.evidence.agreement import days_between, describe_checks, timing_text
    from claim_workbench.report.serialize import listed_source_dict
    from claim_workbench.review import services
    from claim_workbench.store.views import SourceView

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        hits = services.search_sources(session=session, claim_id=claim_id, top_k=top)
        published = _article_published(session, claim_id)
        if as_json:
            print_json(
                [
                    {
                        # The keys an attached passage has (see serialize.evidence_dict).
                        "score": round(hit.match.score, 2),
                        "number_agreement": hit.match.number_agreement,
                        "suggested_stance": hit.match.stance,
                        "passage": hit.match.passage.text,
                        "passage_start": hit.match.passage.start,
                        "passage_end": hit.match.passage.end,
                        "highlight_start": hit.match.highlight_start,
                        "highlight_end": hit.match.highlight_end,
                        "quantity_checks": [c.as_dict() for c in hit.match.quantity_checks],
                        "quantities_line": describe_checks(hit.match.quantity_checks),
                        "days_after_article": days_between(published, hit.source.published),
                        "source": listed_source_dict(SourceView.from_row(hit.source)),
                    }
                    for hit in hits
                ]
            )
            return
        if not hits:
            typer.echo("no stored source speaks to this claim yet")
        for hit in hits:
            title = plain(hit.source.title or hit.source.final_url or hit.source.url)
            dated = hit.source.published.isoformat() if hit.source.published else "date unknown"
            timing = timing_text(published, hit.source.published)
            typer.echo(
                f"{hit.match.score:5.1f}  numbers: {hit.match.number_agreement:<8} "
                f"suggested {hit.match.stance}  — source {hit.source.id}: {title} "
                f"({dated}{', ' + timing if timing else ''})"
            )
            line = describe_checks(hit.match.quantity_checks)
            if line:
                typer.echo(f"      {plain(line)}")
            text = hit.match.passage.text
            start, end = hit.match.highlight_start, hit.match.highlight_end
            before, match, after = (
                plain(piece).replace("\n", " ")
                for piece in (text[:start], text[start:end], text[end:])
            )
            typer.echo(f"      {before}»{match}«{after}" if match else f"      {before}{after}")


@cli.command("find")
def find_command(
    ctx: typer.Context,
    claim_id: int,
    provider: Annotated[
        list[str] | None,
        typer.Option(
            "--provider",
            "-p",
            help="Ask this provider (repeat for several): stored, searxng, brave, wikipedia, "
            "factcheck. Default: [find] providers in the config file, else every configured one.",
        ),
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", help="Search these words instead of the built query.")
    ] = None,
    attach: Annotated[
        int | None,
        typer.Option(
            "--attach", min=1, help="Attach candidate N of the list (fetch, snapshot, match)."
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="How many candidates to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Find evidence for a claim: stored sources, web search, Wikipedia, fact-checks.

    Web search, Wikipedia and fact-checks are configured in config.toml in the user config
    folder (WORKBENCH_CONFIG names another) or by WORKBENCH_SEARXNG_URL, WORKBENCH_BRAVE_KEY,
    WORKBENCH_WIKIPEDIA_LANG and WORKBENCH_FACTCHECK_KEY; the README's "Finding evidence"
    says how.

    Candidates are ranked by the evidence score against the claim. A provider that fails is
    reported on its own line (exit code 1) while the others' candidates are shown.
    """
    from claim_workbench.acquisition.providers.config import load_config
    from claim_workbench.review import find, services

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        config = load_config()
        storage.get_claim(session=session, claim_id=claim_id)  # unknown id: before any search
        if attach is not None:
            candidates = find.load_ranked(
                session, claim_id, providers_asked=provider, query_text=query
            )
            failed: dict[str, str] = {}
            if candidates is None:
                result = asyncio.run(
                    find.find_candidates(
                        session=session,
                        claim_id=claim_id,
                        provider_names=provider,
                        query_text=query,
                        config=config,
                    )
                )
                candidates, failed = [r.candidate for r in result.candidates], result.errors
            for message in failed.values():  # the list was made again, without them
                typer.echo(f"warning: {plain(config.scrub(message))}", err=True)
            if attach > len(candidates):
                raise fail(
                    f"there is no candidate {attach}: the search found {len(candidates)}; "
                    "nothing was attached"
                )
            chosen = candidates[attach - 1]
            document = asyncio.run(find.candidate_document(session=session, candidate=chosen))
            _print_warnings(chosen.url or chosen.title, document)
            attached = services.store_source(
                session=session, claim_id=claim_id, document=document, reviewer=settings.reviewer
            )
            published = _article_published(session, claim_id)
            if as_json:
                print_json(_attach_json(attached, published))
            else:
                _print_attached(attached, published)
            return
        result = asyncio.run(
            find.find_candidates(
                session=session,
                claim_id=claim_id,
                provider_names=provider,
                query_text=query,
                config=config,
            )
        )
        find.save_ranked(session, claim_id, result)
        _print_found(result, top=top, as_json=as_json, scrub=config.scrub)
    if result.errors:
        raise typer.Exit(EXIT_ERROR)


def _print_found(result: Any, *, top: int, as_json: bool, scrub: Any) -> None:
    from claim_workbench.evidence.agreement import describe_checks

    shown = result.candidates[:top]
    if as_json:
        from claim_workbench.review.find import result_json

        data = result_json(result, top=top)
        data["errors"] = [dict(item, error=scrub(item["error"])) for item in data["errors"]]
        print_json(data)
    else:
        how = "as given" if result.query.edited else "built from the claim; --query to change"
        typer.echo(f"query: {plain(result.query.text)} ({how})")
        if not shown:
            only_stored = result.asked == ["stored"]
            hint = " (only stored sources were searched: see `find --help`)" if only_stored else ""
            typer.echo(f"no candidates found{hint}")
        for ranked in shown:
            candidate, match = ranked.candidate, ranked.match
            where = ", ".join(
                part
                for part in (
                    plain(candidate.site) if candidate.site else "",
                    candidate.published.isoformat() if candidate.published else "",
                )
                if part
            )
            providers = ", ".join((candidate.provider, *ranked.also_from))
            marks = f" · {providers}" + (" · attached" if ranked.attached else "")
            rating = f" · rated {plain(candidate.rating)}" if candidate.rating else ""
            typer.echo(
                f"{ranked.number:>3}. {match.score:5.1f}  numbers: {match.number_agreement:<8} "
                f"— {plain(candidate.title)}{f' ({where})' if where else ''}{rating}{marks}"
            )
            stored = f"stored source {candidate.source_id}" if candidate.source_id else ""
            address = " · ".join(part for part in (stored, plain(candidate.url or "")) if part)
            if address:
                typer.echo(f"      {address}")
            line = describe_checks(match.quantity_checks)
            if line:
                typer.echo(f"      {plain(line)}")
            text, start, end = match.passage.text, match.highlight_start, match.highlight_end
            before, hit, after = (
                plain(piece).replace("\n", " ")
                for piece in (text[:start], text[start:end], text[end:])
            )
            typer.echo(f"      {before}»{hit}«{after}" if hit else f"      {before}{after}")
    for message in result.errors.values():
        typer.echo(f"error: {plain(scrub(message))}", err=True)


@cli.command("similar")
def similar_command(
    ctx: typer.Context,
    claim_id: int,
    top: Annotated[int, typer.Option(min=1, help="How many earlier claims to show.")] = 5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Earlier reviewed claims (from other articles) and imported fact-checks most similar
    to this one."""
    from claim_workbench.memory.claim_memory import SAME_CLAIM_THRESHOLD
    from claim_workbench.report.serialize import iso_date, iso_datetime
    from claim_workbench.review import services
    from claim_workbench.review.factchecks import similar_fact_checks

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        found = services.similar_claims(session=session, claim_id=claim_id, top_k=top)
        claim = storage.get_claim(session=session, claim_id=claim_id)
        checks = similar_fact_checks(session=session, claim_text=claim.text, top_k=top)
        if as_json:
            print_json(
                [
                    {
                        "claim_id": s.claim.id,
                        "article_id": s.claim.article_id,
                        "text": s.claim.text,
                        "label": s.claim.label,
                        "status": s.claim.status,
                        "note": s.claim.note,
                        "reviewer": s.claim.reviewer,
                        "updated_at": iso_datetime(s.claim.updated_at),
                        "score": round(s.score, 2),
                        "relation": s.relation,
                        # What import flags as "seen before": the same claim, or the same
                        # subject with other numbers, rather than a merely nearby one.
                        "seen_before": s.score >= SAME_CLAIM_THRESHOLD,
                    }
                    for s in found
                ]
                + [
                    {
                        "fact_check_id": f.fact_check.id,
                        "text": f.fact_check.text,
                        "publisher": f.fact_check.publisher,
                        "rating": f.fact_check.rating,
                        "rating_value": f.fact_check.rating_value,
                        "published": iso_date(f.fact_check.published),
                        "url": f.fact_check.url,
                        "score": round(f.score, 2),
                        "relation": f.relation,
                        "seen_before": f.score >= SAME_CLAIM_THRESHOLD,
                    }
                    for f in checks
                ]
            )
            return
        if not found:
            typer.echo("no earlier reviewed claim is like this one")
        for s in found:
            relation = s.relation if s.score >= SAME_CLAIM_THRESHOLD else "weak"
            typer.echo(
                f"{s.score:5.1f}  {relation:<7} claim {s.claim.id}: {s.claim.status} on "
                f"{s.claim.updated_at.date().isoformat()} by {plain(s.claim.reviewer)} — "
                f"{plain(s.claim.label)}"
            )
        for f in checks:
            relation = f.relation if f.score >= SAME_CLAIM_THRESHOLD else "weak"
            typer.echo(
                f"{f.score:5.1f}  {relation:<7} {plain(f.line())} — {plain(f.fact_check.text)}"
                + (f" <{plain(f.fact_check.url)}>" if f.fact_check.url else "")
            )


factchecks_cli = typer.Typer(
    help="Fact-checks published elsewhere (schema.org ClaimReview), in claim memory.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
cli.add_typer(factchecks_cli, name="factchecks")


@factchecks_cli.command("import")
def factchecks_import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="ClaimReview JSON-LD, an HTML page, or CSV.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import published fact-checks; claims they cover show "fact-checked before"."""
    from claim_workbench.review.factchecks import import_fact_check_file

    settings = settings_of(ctx)
    # A file that cannot be read is a FactCheckFileError (a ValueError): one line, as any.
    with handled(settings), settings.session() as session:
        result = import_fact_check_file(session=session, path=file)
        if as_json:
            print_json(asdict(result))
            return
        skipped = f"; {result.skipped} without a claim text skipped" if result.skipped else ""
        typer.echo(
            f"imported {result.added} fact-checks from {plain(file.name)} ({result.kind}); "
            f"{result.already} were already stored{skipped}"
        )
        if result.added:
            partial = (
                f" (compared {result.claims_checked} of {result.claims_total})"
                if result.claims_checked < result.claims_total
                else ""
            )
            typer.echo(f"{result.matched_claims} stored claims are fact-checked there{partial}")


@cli.command("adopt")
def adopt_command(
    ctx: typer.Context,
    claim_id: int,
    earlier_claim_id: Annotated[
        int | None, typer.Argument(help="Default: the match found on import.")
    ] = None,
    expect_version: Annotated[int | None, typer.Option()] = None,
) -> None:
    """Adopt an earlier claim's verdict, note and evidence (recorded in the audit trail)."""
    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        if earlier_claim_id is None:
            claim = storage.get_claim(session=session, claim_id=claim_id)
            if claim.seen_claim_id is None:
                raise storage.StorageError(
                    f"claim {claim_id} has no earlier match: name one (see `workbench similar`)"
                )
            earlier_claim_id = claim.seen_claim_id
        claim = storage.adopt_verdict(
            session=session,
            claim_id=claim_id,
            earlier_claim_id=earlier_claim_id,
            reviewer=settings.reviewer,
            expect_version=expect_version,
        )
        typer.echo(
            f"claim {claim.id} is now {claim.status} (adopted from claim {earlier_claim_id})"
        )


@cli.command("report")
def report_command(
    ctx: typer.Context,
    article_id: Annotated[int | None, typer.Argument(help="Default: the latest import.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=", ".join(FORMAT_NAMES))
    ] = FORMAT_NAMES[0],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: stdout.")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="Author of ClaimReview markup (default: the reviewer).")
    ] = None,
    review_url: Annotated[str | None, typer.Option(help="Where the review is published.")] = None,
    require_note: Annotated[
        bool,
        typer.Option(
            "--require-note/--no-require-note",
            envvar="WORKBENCH_REQUIRE_NOTE",
            help="ClaimReview leaves out verdicts that have no note (no review text).",
        ),
    ] = False,
) -> None:
    """Export the verification report of an article.

    Dismissed claims are left out of the claims (the summary counts them; Markdown, HTML and
    JSON list them apart). A verdict without a note has no review text in ClaimReview: a
    warning names such claims, and --require-note leaves them out.
    """
    from claim_workbench.report import ReportOptions, check_format, save_report, write_report

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        fmt = check_format(fmt)
        article = _article_id_or_latest(session, article_id)
        options = ReportOptions(
            organisation=organisation,
            review_url=review_url,
            reviewer=settings.reviewer,
            require_note=require_note,
            warn=lambda line: typer.echo(f"warning: {line}", err=True),
        )
        if output is None:
            write_report(
                session=session, article_id=article, fmt=fmt, out=sys.stdout, options=options
            )
            return
        save_report(session=session, article_id=article, fmt=fmt, path=output, options=options)
        typer.echo(f"wrote {output}", err=True)


@cli.command("open")
def open_command(
    ctx: typer.Context,
    target: Annotated[
        str | None, typer.Argument(help="An article id, or a file/URL to import.")
    ] = None,
) -> None:
    """Open the workbench (on an article id, or importing a file or URL first)."""
    settings = settings_of(ctx)
    if target is not None and target.isdigit():
        with handled(settings), settings.session() as session:
            storage.get_article(session=session, article_id=int(target))
        run_app(settings, article_id=int(target), import_target=None)
    else:
        run_app(settings, article_id=None, import_target=target)


@cli.command("demo")
def demo_command(ctx: typer.Context) -> None:
    """Import the bundled sample article and open the workbench on it."""
    from claim_workbench.review import services

    settings = settings_of(ctx)
    with handled(settings), settings.session() as session:
        result = services.import_text(session=session, raw=sample_path().read_text("utf-8"))
        article_id = result.article.id
    run_app(settings, article_id=article_id, import_target=None)


def main() -> None:
    stdout = sys.stdout
    try:
        cli()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    # Short output waits in the buffer until the end: the broken pipe shows up here.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        code = EXIT_BROKEN_PIPE
    # Outside our commands (--help, usage errors) typer ends a broken pipe itself, quietly,
    # with exit code 1, after wrapping stdout so that its last flush cannot fail (the only
    # time it replaces stdout): give the same code as everywhere else.
    if code == EXIT_ERROR and sys.stdout is not stdout:
        code = EXIT_BROKEN_PIPE
    sys.exit(code)


if __name__ == "__main__":
    main()
