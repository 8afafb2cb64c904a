"""/ask end to end: the real bot answers a slash command over the fake Discord."""

from __future__ import annotations

from tests.discord.conftest import Env
from tests.discord.people import Reporter, callback, followups


def test_ask_defers_then_follows_up_with_attributed_passages(env: Env) -> None:
    async def scenario():
        reporter = Reporter(env.fake)
        sent = await reporter.slash("ask", question="What did Corbyn's supporters say about Syria?", k=3)
        first = await callback(env.fake, sent)
        (reply,) = await followups(env.fake, sent)
        return first, reply

    first, reply = env.run(scenario())
    assert first.body["type"] == 5  # deferred: "newsbot is thinking…"
    body = reply.body
    print(body)
    assert body["allowed_mentions"] == {"parse": []}
