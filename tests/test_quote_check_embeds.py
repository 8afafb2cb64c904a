"""The /quote-check diff as Discord markdown: escaped words, markers around whole pieces, and
a cut that never breaks a marker or a limit."""

from __future__ import annotations

from bot.discord import text as t
from bot.discord.quote_check_embeds import diff_markdown
from retrieval.quote_check.align import Words, align


def diff(theirs: str, ours: str) -> list:
    return align(Words.of(theirs), Words.of(ours)).ops


def test_changed_words_are_struck_and_bold_and_escaped() -> None:
    ops = diff("the *budget* will soar sharply", "the *budget* will fall_back sharply")
    assert diff_markdown(ops) == "the \\*budget\\* will ~~fall\\_back~~ **soar** sharply"


def test_long_unchanged_runs_show_their_ends() -> None:
    ours = " ".join(f"w{i}" for i in range(40))
    ops = diff(ours.replace("w20", "x20"), ours)
    rendered = diff_markdown(ops)
    assert "~~w20~~ **x20**" in rendered and t.ELLIPSIS in rendered
    assert "w10" not in rendered


def test_a_huge_diff_is_cut_between_pieces_within_the_limit() -> None:
    ours = " ".join(f"word{i}" for i in range(600))
    theirs = " ".join(f"word{i}" if i % 3 else f"other{i}" for i in range(600))
    rendered = diff_markdown(diff(theirs, ours), limit=300)
    assert len(rendered) <= 300 and rendered.endswith(t.ELLIPSIS)
    assert rendered.count("~~") % 2 == 0 and rendered.count("**") % 2 == 0


def test_words_left_out_at_an_ellipsis_are_shown_apart_not_struck() -> None:
    ours = "This reservoir will secure clean water for the next fifty years and *more*"
    ops = diff("This reservoir will secure clean water … and *more*", ours)
    rendered = diff_markdown(ops)
    assert "*\\[… for the next fifty years\\]*" in rendered
    assert "~~" not in rendered and "**" not in rendered
    assert rendered.endswith("and \\*more")
