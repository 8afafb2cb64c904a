"""A real PostgreSQL 18 + pgvector for the session (see server.py), and a fresh database per
test. The server is stopped and its folder removed when the session ends."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.pg.server import LocalPostgres

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[LocalPostgres]:
    server = LocalPostgres().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def database_url(pg_server: LocalPostgres) -> str:
    """The URL of a new, empty database on the session's server."""
    return pg_server.create_database(f"newsbot_test_{next(_names)}")
