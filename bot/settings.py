"""All configuration, from the environment and `.env` (see `.env.example`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.durations import parse_every
from retrieval.index.builder import DenseOptions
from retrieval.ingest.web.options import USER_AGENT, WebOptions
from retrieval.search.rank import DEFAULT_FUSION, Fusion
from retrieval.service import ServiceConfig


def _split(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    # An empty value (`NEWSBOT_MODEL_PATH=` in a copied .env.example) means "use the default".
    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
    )

    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "NEWSBOT_DISCORD_TOKEN")
    )
    index_dir: Path = Path("index")
    inputs: Annotated[list[str], NoDecode] = ["seeds"]
    source_name: str | None = None
    source_url: str | None = None
    model_path: Path | None = None
    embed_batch_size: int = 64
    # onnx: the torch model's own vectors, ~2x faster, 2 s cold start instead of ~9 s.
    embed_backend: Literal["torch", "onnx", "onnx-int8", "openvino"] = "onnx"
    encoder_cache_dir: Path | None = None
    dense_index: Literal["auto", "flat", "ivf-sq8", "ivf-pq", "hnsw-sq8", "hnsw"] = "auto"
    dense_flat_max: int = 30_000
    # Where a reload builds: auto = in a child process once an archive is serving (queries are
    # never held up by the build), in this process otherwise (the CLI's `index build`).
    build_in: Literal["auto", "process", "inline"] = "auto"
    build_threads: int = Field(default=0, ge=0)  # a child build's threads; 0 = all cores but one
    index_fallback: bool = False  # serve the last good build while the serving one is damaged
    follow_links: bool = False  # read links that lead out of an input folder
    max_query_chars: int = 1000
    dense_weight: float = 1.0
    lexical_weight: float = DEFAULT_FUSION.lexical_weight
    min_dense: float = DEFAULT_FUSION.min_dense
    min_dense_quote: float = 0.45
    # /ask reranking and answer rule (retrieval/search/rerank.py, abstain.py; fitted by
    # bench/fit_ask.py on the tuning half of bench/ask_questions.jsonl).
    focus_weight: float = DEFAULT_FUSION.focus_weight
    coverage_weight: float = DEFAULT_FUSION.coverage_weight
    speaker_weight: float = DEFAULT_FUSION.speaker_weight
    kind_weight: float = DEFAULT_FUSION.kind_weight
    # Added to the answer rule's fitted bias: above 0 answers more, below 0 refuses more.
    answer_bias: float = 0.0
    quote_lexical_weight: float = 0.5
    quote_context_weight: float = 0.25
    guild_ids: Annotated[list[int], NoDecode] = []
    moderator_role_ids: Annotated[list[int], NoDecode] = []
    cooldown_seconds: float = 5.0
    # Under 15 minutes: Discord's interaction token, needed to edit the message, expires then.
    page_timeout_seconds: float = Field(default=600.0, gt=0, lt=900)
    log_level: str = "INFO"
    # Reload the inputs on a schedule in a running bot: 15m, 1h, ... (off by default).
    reload_every: Annotated[float | None, NoDecode] = None
    # Fetching feed, sitemap and article URL inputs (retrieval/ingest/web).
    web_user_agent: str = USER_AGENT
    web_requests_per_second: float = Field(default=1.0, gt=0)  # per host
    web_timeout_seconds: float = Field(default=15.0, gt=0)
    web_retries: int = Field(default=2, ge=0)
    web_max_new_pages: int = Field(default=500, ge=1)  # per input per build

    # PostgreSQL + pgvector instead of the index folder: postgresql://user:pass@host/db
    database_url: SecretStr | None = None
    database_poll_seconds: float = Field(default=1.0, gt=0)
    # Discord shards this process runs (several processes share one database); unset = all.
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int], NoDecode] = []

    # Lists come from the environment as comma-separated values.
    _split_lists = field_validator(
        "inputs", "guild_ids", "moderator_role_ids", "shard_ids", mode="before"
    )(staticmethod(_split))
    _durations = field_validator("reload_every", mode="before")(staticmethod(parse_every))

    def web_options(self) -> WebOptions:
        return WebOptions(
            user_agent=self.web_user_agent,
            requests_per_second=self.web_requests_per_second,
            timeout_seconds=self.web_timeout_seconds,
            retries=self.web_retries,
            max_new_pages=self.web_max_new_pages,
        )

    @field_validator("shard_count", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def shard_options(self) -> dict[str, object]:
        """discord.py's sharding options: this process runs `shard_ids` of `shard_count`."""
        if self.shard_ids and self.shard_count is None:
            raise ValueError("NEWSBOT_SHARD_IDS needs NEWSBOT_SHARD_COUNT (the shards in all)")
        if any(not 0 <= i < (self.shard_count or 0) for i in self.shard_ids):
            raise ValueError(
                f"NEWSBOT_SHARD_IDS must be between 0 and {(self.shard_count or 1) - 1}"
            )
        options: dict[str, object] = {}
        if self.shard_count is not None:
            options["shard_count"] = self.shard_count
        if self.shard_ids:
            options["shard_ids"] = list(self.shard_ids)
        return options

    def service_config(self) -> ServiceConfig:
        return ServiceConfig(
            index_dir=self.index_dir,
            inputs=self.inputs,
            source=self.source_name,
            url=self.source_url,
            fusion=Fusion(
                self.dense_weight,
                self.lexical_weight,
                self.min_dense,
                self.min_dense_quote,
                focus_weight=self.focus_weight,
                quote_lexical_weight=self.quote_lexical_weight,
                quote_context_weight=self.quote_context_weight,
                coverage_weight=self.coverage_weight,
                speaker_weight=self.speaker_weight,
                kind_weight=self.kind_weight,
                answer_rule=DEFAULT_FUSION.answer_rule
                and replace(
                    DEFAULT_FUSION.answer_rule,
                    bias=DEFAULT_FUSION.answer_rule.bias + self.answer_bias,
                ),
            ),
            max_query_chars=self.max_query_chars,
            dense=DenseOptions(self.dense_index, self.dense_flat_max),
            build_in=self.build_in,
            build_threads=self.build_threads,
            index_fallback=self.index_fallback,
            follow_links=self.follow_links,
            web=self.web_options(),
            database_url=self.database_url.get_secret_value() or None
            if self.database_url
            else None,
            database_poll_seconds=self.database_poll_seconds,
        )
