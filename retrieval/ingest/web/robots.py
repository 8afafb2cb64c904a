"""robots.txt, read once per host per build with Protego (wildcards, `$`, Crawl-delay).

As RFC 9309 says: a robots.txt that is missing (any 4xx) allows everything; one that cannot be
read (5xx, timeout, refused connection) disallows everything until a later build can read it."""

from __future__ import annotations

from collections.abc import Callable

from protego import Protego

from retrieval.ingest.web.urls import origin

_ALLOW_ALL = Protego.parse("")
_DENY_ALL = Protego.parse("User-agent: *\nDisallow: /")


class RobotsRules:
    """`allowed(url)` and `delay(url)` for one user agent, fetching each robots.txt once."""

    def __init__(self, agent: str, get: Callable[[str], tuple[int, bytes] | None]) -> None:
        # get(url) -> (status, body), or None when the host could not be reached
        self.agent = agent
        self._get = get
        self._rules: dict[str, Protego] = {}
        self._unreadable: set[str] = set()

    def _for(self, url: str) -> Protego:
        site = origin(url)
        if site not in self._rules:
            self._rules[site] = self._read(site)
        return self._rules[site]

    def _read(self, site: str) -> Protego:
        answer = self._get(site + "/robots.txt")
        status, body = answer if answer is not None else (0, b"")
        if 200 <= status < 300:
            return Protego.parse(body.decode("utf-8", errors="replace"))
        if 400 <= status < 500:
            return _ALLOW_ALL
        self._unreadable.add(site)
        return _DENY_ALL

    def allowed(self, url: str) -> bool:
        return self._for(url).can_fetch(url, self.agent)

    def refusal(self, url: str) -> str:
        """Why `allowed(url)` said no, for the problem report."""
        site = origin(url)
        if site in self._unreadable:
            return f"{site}/robots.txt could not be read, so nothing there is fetched this time"
        return "robots.txt disallows it"

    def delay(self, url: str) -> float:
        return float(self._for(url).crawl_delay(self.agent) or 0.0)
