"""Helpers shared by the tests: data builders, the PostgreSQL server, the quote set."""
