"""`newsbot db …`: the PostgreSQL schema (NEWSBOT_DATABASE_URL)."""

from __future__ import annotations

import typer

from bot.cli.app import app, console, fail, guarded, make_service

db_app = typer.Typer(help="PostgreSQL storage (NEWSBOT_DATABASE_URL).", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("init")
def init() -> None:
    """Create the `vector` extension and the newsbot tables; say what is missing if it cannot."""
    service = make_service()
    storage = service.storage
    if not hasattr(storage, "init"):
        fail("NEWSBOT_DATABASE_URL is not set: the embedded index needs no database.")
    done = guarded(lambda: storage.init(service.embedder.dimension))
    console.print(f"{storage.describe()}: {done}", highlight=False, markup=False)


@db_app.command("distribute")
def distribute(
    show: bool = typer.Option(False, "--print", help="Print the Citus DDL instead of running it."),
) -> None:
    """Distribute the newsbot tables on Citus (a coordinator with the citus extension)."""
    from retrieval.pg.citus import DDL
    from retrieval.pg.citus import distribute as apply

    if show:
        typer.echo(DDL)
        return
    url = make_service().config.database_url
    if not url:
        fail("NEWSBOT_DATABASE_URL is not set.")
    from retrieval.pg.connect import connect

    def run() -> None:
        with connect(url, vector=False) as conn:
            apply(conn)

    guarded(run)
    console.print("distributed the newsbot tables (docs/scale-out.md)", highlight=False)
