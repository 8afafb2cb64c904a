"""/quote-check answers as pages of embeds: the verdict and any speaker note up top, then one
embed per quotation with the diff (our words ~~struck through~~, theirs in **bold**, our words
they left out at an ellipsis in italics and brackets), the quotation itself and its source;
narrative matches said to be narrative. Every article and user string is escaped; markup is
only ever wrapped around escaped text, and a diff is cut between words, never inside a
marker."""

from __future__ import annotations

import discord

from bot.discord import text as t
from bot.discord.embeds import WARN, Page, paginate, passage_body, quote_body, result_embed
from retrieval.quote_check.align import DiffOp
from retrieval.quote_check.answer import QuoteCheckAnswer
from retrieval.quote_check.verdicts import headline

DIFF = 1200  # room for a diff in a description, beside the quotation
# A run of unchanged words longer than this shows its ends only: the changes are the point.
EQUAL_RUN = 14
EQUAL_ENDS = 6


def _equal(text: str) -> str:
    words = text.split()
    if len(words) <= EQUAL_RUN:
        return t.escape(text)
    head, tail = " ".join(words[:EQUAL_ENDS]), " ".join(words[-EQUAL_ENDS:])
    return f"{t.escape(head)} {t.ELLIPSIS} {t.escape(tail)}"


def _piece(op: DiffOp) -> str:
    if op.op == "equal":
        return _equal(op.ours)
    if op.elided:  # left out at their ellipsis: shown, but not as an edit
        return f"*\\[… {t.escape(op.ours)}\\]*"
    struck = f"~~{t.escape(op.ours)}~~" if op.ours.strip() else ""
    added = f"**{t.escape(op.theirs)}**" if op.theirs.strip() else ""
    return " ".join(part for part in (struck, added) if part)


def diff_markdown(ops: list[DiffOp], limit: int = DIFF) -> str:
    """The diff as Discord markdown within `limit` characters, cut between pieces."""
    out = ""
    for op in ops:
        piece = _piece(op)
        joined = f"{out} {piece}" if out else piece
        if len(joined) > limit - 2:
            if not out and op.op == "equal":
                return t.fit(op.ours, limit)
            return (out + " " + t.ELLIPSIS) if out else t.ELLIPSIS
        out = joined
    return out


def _header(answer: QuoteCheckAnswer) -> str:
    lines = [headline(answer)]
    if answer.note:
        lines.append(f"**{t.fit(answer.note, 600)}**")
    lines.append(f"You asked about: “{t.fit(answer.query, 500)}”")
    if answer.speaker:
        lines[-1] += f", attributed to {t.fit(answer.speaker, 100)}"
    return t.cut("\n".join(lines), t.CONTENT - 40)


def render_quote_check(answer: QuoteCheckAnswer) -> list[Page]:
    embeds: list[discord.Embed] = []
    total = len(answer.matches)
    for i, m in enumerate(answer.matches, 1):
        body = quote_body(m.speaker or None, m.quote)
        if any(d.op != "equal" for d in m.diff):  # altered, or exact with words elided
            body = f"What changed: {diff_markdown(m.diff)}\n" + body
        footer = f"Quotation {i} of {total} · {m.verdict} · similarity {m.similarity:.2f}"
        if m.speaker_named is False:
            footer += " · not the speaker you named"
        embeds.append(result_embed(t.cut(body, t.DESCRIPTION), m, footer))
    for i, n in enumerate(answer.narrative[: max(1, 3 - total)], 1):
        embed = result_embed(passage_body(n.text), n, f"Narrative {i} · not a quotation")
        embed.colour = WARN
        embeds.append(embed)
    header = _header(answer)
    if not embeds:
        return [Page(header)]
    pages = paginate("Quote check", None, embeds)
    for page in pages:
        counter = page.content.partition(" · ")[2]
        page.content = header + (f"\n{counter}" if counter else "")
    return pages
