"""/who-said, once the service has the handler: quotes with the speaker in bold, and speaker
autocomplete from the index."""

from __future__ import annotations

import pytest

from retrieval.service import NewsService
from tests.discord.conftest import Env
from tests.discord.people import Reporter, callback, followups

pytestmark = pytest.mark.skipif(
    not hasattr(NewsService, "who_said"), reason="NewsService.who_said not merged yet"
)


def test_who_said_answers_with_the_speaker_in_bold(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).slash("who-said", query="condemn Russia war crimes Syria")
        return (await followups(env.fake, sent))[0].body

    body = env.run(scenario())
    assert body["allowed_mentions"] == {"parse": []}
    if body.get("embeds"):
        embed = body["embeds"][0]
        assert embed["description"].startswith("**") and "\n>>> " in embed["description"]
        assert any(f["name"] == "Source" for f in embed["fields"])
    else:
        assert body["content"].startswith("The archive has no confident answer")


def test_speaker_autocomplete_lists_at_most_25_known_speakers(env: Env) -> None:
    async def scenario():
        sent = await Reporter(env.fake).autocomplete("who-said", "speaker", query="x", speaker="")
        return (await callback(env.fake, sent)).body

    body = env.run(scenario())
    assert body["type"] == 8
    names = [c["name"] for c in body["data"]["choices"]]
    known = [name for name, _ in env.service.speakers("", limit=1000)]
    assert len(names) <= 25 and set(names) <= set(known)
