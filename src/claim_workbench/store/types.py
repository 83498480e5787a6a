"""Column types: one datetime type that stores UTC and always reads back aware UTC."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Interval
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.operators import OperatorType
from sqlalchemy.types import TypeDecorator, TypeEngine


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The same instant in UTC; a naive value is taken to be UTC already (what SQLite, whose
    DATETIME has no zone, hands back for what the store wrote)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def utc_from_db(value: object) -> dt.datetime | None:
    """A stored instant as the driver returns it (ISO text on SQLite, a datetime on
    PostgreSQL), as an aware UTC datetime: for the plain-SQL reads, which skip the column
    types' result processing."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a stored datetime, got {type(value).__name__}")
    return as_utc(value)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An instant: stored as UTC, always read back as an aware UTC datetime, on SQLite and
    PostgreSQL alike.

    The column is DateTime(timezone=True), what every migration created (TIMESTAMP WITH TIME
    ZONE on PostgreSQL, DATETIME text without an offset on SQLite): no schema change. A naive
    value is refused when written, so that a local time can never be stored as if it were UTC.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def __repr__(self) -> str:
        return "UTCDateTime()"

    def coerce_compared_value(self, op: OperatorType | None, value: Any) -> TypeEngine[Any]:
        # now() - updated_at > interval: the other side is an interval, not an instant.
        if isinstance(value, dt.timedelta):
            return Interval()
        return self

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("an instant to store must carry its time zone (use UTC)")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return utc_from_db(value)
