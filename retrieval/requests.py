"""What each command may be asked: one pydantic model per command, checked in one place.

The CLI options, every line of a `--queries` file, the harness and the Discord commands all
build these models, so a request is refused (or accepted) the same way wherever it came from.
A refusal is a `QueryError` whose message is one short line naming what is wrong.

Adding an option to a command is adding a field here, typed with one of the field types below
(`Query`, `Name`, `Day`, `Flag`, a count), and a parameter of the same name to its
`NewsService` handler, which passes it to `check`. `--queries` lines take it at once; a CLI
option of the same name (which the harness then takes too) and a Discord option are one line
each in their command modules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from retrieval.index.collection import Filters
from retrieval.queries import (
    MAX_QUERY_CHARS,
    QueryError,
    check_flag,
    check_k,
    clean_name,
    clean_query,
    parse_day,
    shown,
)

KNOWN_OUTLETS_SHOWN = 10  # an error lists this many outlets, then says how many more


@dataclass(frozen=True)
class RequestContext:
    """What checking a request needs to know beyond the request: the service's settings and,
    once an archive is open, its outlets (None: not checked here; the handler checks later)."""

    max_query_chars: int = MAX_QUERY_CHARS
    sources: Sequence[str] | None = None


def _context(info: ValidationInfo) -> RequestContext:
    return info.context if isinstance(info.context, RequestContext) else RequestContext()


def _query(value: Any, info: ValidationInfo) -> str:
    return clean_query(value, _context(info).max_query_chars, info.field_name or "query")


def _optional_query(value: Any, info: ValidationInfo) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _query(value, info)


def _name(value: Any, info: ValidationInfo) -> str | None:
    return clean_name(value, info.field_name or "value")


def _prefix(value: Any, info: ValidationInfo) -> str:
    return _name(value, info) or ""


def _day(value: Any, info: ValidationInfo) -> date | None:
    return parse_day(value, info.field_name or "date")


def _count(limit: int, default: int | None) -> BeforeValidator:
    """A whole number from 1 to `limit`, `default` when null."""
    return BeforeValidator(
        lambda value, info: check_k(value, default, limit, info.field_name or "number")
    )


def _flag(value: Any, info: ValidationInfo) -> bool:
    return check_flag(value, info.field_name or "flag")


# The field types a request is made of; a new option is usually one of these.
Query = Annotated[str, BeforeValidator(_query)]
OptionalQuery = Annotated[str | None, BeforeValidator(_optional_query)]
Name = Annotated[str | None, BeforeValidator(_name)]
Day = Annotated[date | None, BeforeValidator(_day)]
Flag = Annotated[bool, BeforeValidator(_flag)]  # e.g. `include_affiliated: Flag = False`


def unknown_source(source: str, known: Sequence[str]) -> QueryError | None:
    """The error for an outlet the archive does not have (outlets match ignoring case)."""
    names = sorted({name for name in known if name}, key=str.casefold)
    if source.casefold() in {name.casefold() for name in names}:
        return None
    if not names:
        return QueryError(f"No outlet called {shown(source)}: no article in the archive names one.")
    listed = ", ".join(names[:KNOWN_OUTLETS_SHOWN])
    if len(names) > KNOWN_OUTLETS_SHOWN:
        listed += f" and {len(names) - KNOWN_OUTLETS_SHOWN:,} more"
    return QueryError(f"No outlet called {shown(source)} in the archive. Known outlets: {listed}.")


def _message(error: ValidationError) -> str:
    """Every problem of a request on one line, in our words."""
    parts = []
    for item in error.errors(include_url=False):
        cause = (item.get("ctx") or {}).get("error")
        field = ".".join(str(part) for part in item["loc"]) or "request"
        if isinstance(cause, QueryError):
            parts.append(str(cause))
        elif item["type"] == "missing":
            parts.append(f"{field} is missing.")
        else:
            parts.append(f"{field}: {item['msg']}.")
    return " ".join(dict.fromkeys(parts))


class Request(BaseModel):
    """One request to one command. `parse` is the way in; the fields are the handler's
    keyword arguments (`arguments`)."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    command: ClassVar[str]  # as typed on the command line and in Discord
    handler: ClassVar[str]  # the NewsService method that answers it
    # Fields that say what is asked (a question, an article): never a default for the lines
    # of a `--queries` file, so they cannot be given both there and on the command line.
    subject: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def parse(cls, fields: Mapping[str, Any], context: RequestContext | None = None) -> Self:
        """`fields` checked; a `QueryError` (one line) when any is wrong."""
        if not isinstance(fields, Mapping):
            raise QueryError(f"A request must be a JSON object, not {shown(fields)}.")
        try:
            return cls.model_validate(dict(fields), context=context or RequestContext())
        except ValidationError as error:
            raise QueryError(_message(error)) from None

    @classmethod
    def accepts(cls) -> set[str]:
        """Every field name a request may hold, aliases included."""
        names = set()
        for name, info in cls.model_fields.items():
            names.add(name)
            if isinstance(info.validation_alias, AliasChoices):
                names.update(c for c in info.validation_alias.choices if isinstance(c, str))
            elif isinstance(info.validation_alias, str):
                names.add(info.validation_alias)
        return names

    @classmethod
    def unknown(cls, fields: Mapping[str, Any]) -> list[str]:
        """Names in `fields` this command does not take (ignored, but worth saying)."""
        accepted = cls.accepts()
        return [name for name in fields if name not in accepted]

    def arguments(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in type(self).model_fields}


class FilteredRequest(Request):
    """The outlet and date filters every search command takes."""

    source: Name = None
    since: Day = None
    until: Day = None

    @field_validator("source")
    @classmethod
    def _known_outlet(cls, source: str | None, info: ValidationInfo) -> str | None:
        known = _context(info).sources
        if source is not None and known is not None:
            error = unknown_source(source, known)
            if error is not None:
                raise error
        return source

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.since and self.until and self.since > self.until:
            raise QueryError(
                f"since ({self.since}) is after until ({self.until}): no article can match."
            )
        return self

    @property
    def filters(self) -> Filters:
        return Filters(source=self.source, since=self.since, until=self.until)


class AskRequest(FilteredRequest):
    command: ClassVar[str] = "ask"
    handler: ClassVar[str] = "ask"
    subject: ClassVar[tuple[str, ...]] = ("query",)

    query: Query = Field(None, validate_default=True)
    k: Annotated[int, _count(25, 5)] = 5


class WhoSaidRequest(FilteredRequest):
    command: ClassVar[str] = "who-said"
    handler: ClassVar[str] = "who_said"
    subject: ClassVar[tuple[str, ...]] = ("query",)

    query: Query = Field(None, validate_default=True)
    speaker: Name = None
    k: Annotated[int, _count(25, 5)] = 5
    include_affiliated: Flag = False  # with a speaker, also those who speak for them


class SummaryRequest(FilteredRequest):
    command: ClassVar[str] = "summary"
    handler: ClassVar[str] = "summary"
    subject: ClassVar[tuple[str, ...]] = ("topic", "article")

    # A `--queries` line may call the topic `query`, as every other command does.
    topic: OptionalQuery = Field(None, validation_alias=AliasChoices("topic", "query"))
    article: Name = None
    sentences: Annotated[int | None, _count(20, None)] = None

    @model_validator(mode="after")
    def _one_subject(self) -> Self:
        if self.topic and self.article:
            raise QueryError("Give a topic or an article id to summarise, not both.")
        if not self.topic and not self.article:
            raise QueryError("Give a topic to summarise, or an article id.")
        return self


class SpeakersRequest(Request):
    command: ClassVar[str] = "speakers"
    handler: ClassVar[str] = "speaker_entities"

    prefix: Annotated[str, BeforeValidator(_prefix)] = ""
    limit: Annotated[int, _count(100_000, 25)] = 25


class StatsRequest(Request):
    command: ClassVar[str] = "stats"
    handler: ClassVar[str] = "stats"


REQUESTS: dict[str, type[Request]] = {
    model.command: model
    for model in (AskRequest, WhoSaidRequest, SummaryRequest, SpeakersRequest, StatsRequest)
}
