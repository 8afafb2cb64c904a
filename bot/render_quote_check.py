"""Rich renderings of `quote-check` answers for the terminal: the verdict in words, the
diff with our words struck through and theirs in bold, and where each quotation ran."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from bot.render_text import attribution
from retrieval.quote_check.answer import QuoteCheckAnswer, QuoteCheckMatch
from retrieval.quote_check.verdicts import headline

VERDICT_STYLE = {"exact": "green", "altered": "yellow", "paraphrase": "cyan", "not_found": "red"}


def render_diff(match: QuoteCheckMatch) -> Text:
    """Our words struck through in red where they dropped or changed them, theirs in bold;
    ours they left out at an ellipsis dim, in brackets (not an edit)."""
    text = Text()
    for op in match.diff:
        if text:
            text.append(" ")
        if op.op == "equal":
            text.append(op.ours)
            continue
        if op.elided:  # left out at their ellipsis: shown, but not as an edit
            text.append(f"[… {op.ours}]", style="dim italic")
            continue
        if op.ours:
            text.append(op.ours, style="strike red")
        if op.ours and op.theirs:
            text.append(" ")
        if op.theirs:
            text.append(op.theirs, style="bold green")
    return text


def render_quote_check(answer: QuoteCheckAnswer) -> RenderableType:
    parts: list[RenderableType] = [
        Text(headline(answer), style=f"bold {VERDICT_STYLE[answer.verdict]}")
    ]
    if answer.note:
        parts.append(Text(answer.note, style="bold yellow"))
    for i, m in enumerate(answer.matches, start=1):
        body: list[RenderableType] = [
            Text.from_markup(f"[bold]{escape(m.speaker or 'Unattributed')}[/]")
        ]
        if any(d.op != "equal" for d in m.diff):  # altered, or exact with words elided
            body += [Text("What changed:", style="dim"), render_diff(m)]
        body.append(Text(f"“{m.quote}”"))
        body.append(Text.from_markup(f"[dim]— {attribution(m)}[/]"))
        title = f"{i} · {m.verdict} · {m.similarity:.2f}"
        parts.append(Panel(Group(*body), title=title, title_align="left", border_style="magenta"))
    for n in answer.narrative:
        body = [Text(n.text), Text.from_markup(f"[dim]— {attribution(n)}[/]")]
        parts.append(Panel(Group(*body), title="narrative", title_align="left", border_style="dim"))
    return Group(*parts)
