"""Polite HTTP GETs with httpx: a clear User-Agent, timeouts, retries with backoff, at most N
requests per second per host, robots.txt obeyed on every hop of a redirect, and conditional
requests (ETag / Last-Modified) against the fetch cache, so an unchanged page costs a 304."""

from __future__ import annotations

import time
from dataclasses import replace
from http import HTTPStatus
from urllib.parse import urljoin

import httpx

from retrieval.ingest.web.fetch_cache import CachedPage, FetchCache
from retrieval.ingest.web.options import ROBOTS_AGENT, WebOptions
from retrieval.ingest.web.rate import HOSTS, HostRate
from retrieval.ingest.web.robots import RobotsRules
from retrieval.ingest.web.urls import host, normalise

REDIRECTS = (301, 302, 303, 307, 308)
MAX_RETRY_AFTER = 60.0  # seconds; a server asking for longer is given up on for this build


class FetchError(Exception):
    """Why a URL gave nothing this time. `gone`: the server says it no longer exists."""

    def __init__(self, reason: str, gone: bool = False) -> None:
        super().__init__(reason)
        self.gone = gone


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} ({HTTPStatus(status).phrase.lower()})"
    except ValueError:
        return f"HTTP {status}"


class Fetcher:
    def __init__(
        self,
        options: WebOptions,
        cache: FetchCache,
        client: httpx.Client | None = None,
        rate: HostRate = HOSTS,
    ) -> None:
        self.options = options
        self.cache = cache
        self.rate = rate
        self.client = client or httpx.Client(
            headers={"User-Agent": options.user_agent},
            timeout=options.timeout_seconds,
            follow_redirects=False,  # each hop is checked against robots.txt and rate-limited
        )
        self.robots = RobotsRules(ROBOTS_AGENT, self._robots_txt)
        self.requests = 0  # sent this build, robots.txt included

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str) -> CachedPage:
        """The page at `url`, asked for conditionally when the cache holds a copy; FetchError
        says why not. A transient failure leaves the cached copy as it was."""
        cached = self.cache.get(url)
        target = url
        for _ in range(self.options.max_redirects + 1):
            if not self.robots.allowed(target):
                raise FetchError(self.robots.refusal(target))
            headers = {}
            if cached is not None and cached.ok and cached.final_url == target:
                if cached.etag:
                    headers["If-None-Match"] = cached.etag
                if cached.last_modified:
                    headers["If-Modified-Since"] = cached.last_modified
            delay = max(self.options.min_interval, self.robots.delay(target))
            status, answer, body = self._send(target, headers, delay)
            if status in REDIRECTS and answer.get("location"):
                target = normalise(urljoin(target, answer["location"]))
                continue
            now = time.time()
            if status == 304 and cached is not None and cached.ok:
                self.cache.confirm(url, now)
                return replace(cached, checked_at=now)
            ok = 200 <= status < 300
            page = CachedPage(
                url=url,
                final_url=target,
                status=status,
                etag=answer.get("etag"),
                last_modified=answer.get("last-modified"),
                content_type=answer.get("content-type"),
                body=body if ok else b"",
                checked_at=now,
            )
            if ok:
                self.cache.put(page)
                return page
            gone = status in (404, 410)
            if gone:
                self.cache.put(page)  # the newsroom took it down: so do we
            raise FetchError(_status_text(status), gone=gone)
        raise FetchError(f"more than {self.options.max_redirects} redirects")

    def _send(self, url: str, headers: dict, delay: float) -> tuple[int, httpx.Headers, bytes]:
        """One GET, retried with backoff on timeouts, lost connections, 429 and 5xx."""
        options = self.options
        reason = ""
        for attempt in range(options.retries + 1):
            self.rate.wait(host(url), delay)
            wait = options.backoff_seconds * 2**attempt
            self.requests += 1
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status != 429 and status < 500:
                        return status, response.headers, self._read(response)
                    reason = _status_text(status)
                    wait = max(wait, _retry_after(response.headers.get("retry-after")))
            except httpx.TimeoutException:
                reason = f"timed out after {options.timeout_seconds:g}s"
            except httpx.TransportError as exc:
                reason = f"could not be reached ({type(exc).__name__})"
            except httpx.InvalidURL:
                raise FetchError("not a valid URL") from None
            if attempt < options.retries:
                if wait > MAX_RETRY_AFTER:
                    break
                time.sleep(wait)
        tries = options.retries + 1
        raise FetchError(f"{reason} ({tries} {'try' if tries == 1 else 'tries'})")

    def _read(self, response: httpx.Response) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"larger than {limit:,} bytes")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"larger than {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _robots_txt(self, url: str) -> tuple[int, bytes] | None:
        try:
            for _ in range(self.options.max_redirects + 1):
                status, answer, body = self._send(url, {}, self.options.min_interval)
                if status not in REDIRECTS or not answer.get("location"):
                    return status, body
                url = urljoin(url, answer["location"])
        except FetchError:
            return None
        return None


def _retry_after(value: str | None) -> float:
    """Retry-After in seconds (only the delta-seconds form; a date counts as no advice)."""
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0
