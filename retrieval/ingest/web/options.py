"""How politely and how far a build reads the web: one picklable value, sent to a child build."""

from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = "newsbot/0.1 (newsroom archive indexer; reads feeds, sitemaps and article pages)"
ROBOTS_AGENT = "newsbot"  # the token robots.txt rules name


@dataclass(frozen=True)
class WebOptions:
    user_agent: str = USER_AGENT
    requests_per_second: float = 1.0  # per host; a robots.txt Crawl-delay can only slow it
    timeout_seconds: float = 15.0
    retries: int = 2  # after the first try, for timeouts, lost connections, 429 and 5xx
    backoff_seconds: float = 1.0  # the first retry's wait; each next one doubles it
    max_new_pages: int = 500  # pages fetched for the first time per input per build
    max_bytes: int = 5_000_000  # a larger response is refused, not read
    max_redirects: int = 5

    @property
    def min_interval(self) -> float:
        return 1.0 / self.requests_per_second if self.requests_per_second > 0 else 0.0
