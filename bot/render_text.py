"""Rich renderings of handler results for the terminal."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.quote_context import framing
from bot.wording import lacking, plural
from retrieval.answers import AskAnswer, Citation, QuoteResult, Stats, WhoSaidAnswer
from retrieval.index.builder import BuildReport
from retrieval.quotes.registry import SpeakerEntity
from retrieval.summary import Summary, SummarySentence

NO_ANSWER = "The archive has no confident answer to that."


def attribution(result: Citation) -> str:
    parts = [f"[bold]{escape(result.title or result.article_id)}[/]"]
    parts += [escape(x) for x in (result.source, result.date) if x]
    parts.append(f"paragraph {result.paragraph}")
    if result.url:
        parts.append(f"[link={escape(result.url)}]{escape(result.url)}[/link]")
    return " · ".join(parts)


def no_answer(absent_terms: list[str], missing_kind: str | None = None) -> str:
    if absent_terms:
        return f"{NO_ANSWER} No article mentions {', '.join(absent_terms)}."
    if missing_kind:
        return f"{NO_ANSWER} {lacking(missing_kind)}"
    return f"{NO_ANSWER} Try other words, or a wider date range."


def render_ask(answer: AskAnswer) -> RenderableType:
    if not answer.answered:
        return Text(no_answer(answer.absent_terms, answer.missing_kind), style="yellow")
    panels = [
        Panel(
            Group(Text(r.text), Text.from_markup(f"[dim]— {attribution(r)}[/]")),
            title=str(i),
            title_align="left",
            border_style="cyan",
        )
        for i, r in enumerate(answer.results, start=1)
    ]
    return Group(*panels)


def render_stats(stats: Stats) -> RenderableType:
    table = Table(show_header=False, box=None)
    table.add_row("articles", f"{stats.articles:,}")
    table.add_row("passages", f"{stats.passages:,}")
    table.add_row("quotes", f"{stats.quotes:,}")
    sources = ", ".join(f"{escape(name)} ({n:,})" for name, n in stats.sources.items())
    table.add_row("sources", sources or "-")
    table.add_row("dates", f"{stats.first_date or '?'} to {stats.last_date or '?'}")
    table.add_row("model", escape(stats.model))
    table.add_row("index", f"{stats.index_type}, {stats.index_bytes / 1e6:.1f} MB")
    table.add_row("built", stats.built_at)
    return table


def render_build(report: BuildReport) -> RenderableType:
    held = (
        f"{plural(report.articles, 'article')}, {plural(report.passages, 'passage')}, "
        f"{plural(report.quotes, 'quote')}"
    )
    if report.unchanged:
        said = f"Nothing changed: {held} already indexed ({report.seconds:.1f}s to check)."
        return Text("\n".join([said, *(f"Note: {n}" for n in report.notices)]), style="green")
    lines = [
        f"[green]Indexed[/] {held} in {report.seconds:.1f}s ({embedded(report)}).",
        f"Changes: {len(report.added):,} added, {len(report.updated):,} updated, "
        f"{len(report.removed):,} removed. "
        f"{plural(report.dropped_lines, 'caption, credit or link line')} left out.",
    ]
    if report.duplicates:
        lines.append(
            f"[yellow]{plural(len(report.duplicates), 'duplicate id')}[/]: the later article "
            f"won ({escape(', '.join(report.duplicates[:5]))}"
            f"{'...' if len(report.duplicates) > 5 else ''})."
        )
    if report.problems:
        kept = len(report.problems) - report.skipped
        also = f" ({kept} indexed without a date)" if kept else ""
        lines.append(f"[yellow]Skipped {plural(report.skipped, 'input')}{also}:[/]")
        lines += [f"  {escape(str(p))}" for p in report.problems[:20]]
    lines += [f"[yellow]Note:[/] {escape(n)}" for n in report.notices]
    return Text.from_markup("\n".join(lines))


def embedded(report: BuildReport) -> str:
    """How much text went through the model. A full build embeds every passage and quote,
    so what it did not encode came from the embedding cache; a delta build embeds only its
    new articles, the rest are reused."""
    texts = report.passages + report.quotes
    if report.encoded == 0:
        return (
            f"all {texts:,} embeddings from the cache"
            if report.compacted
            else "nothing new to embed"
        )
    if report.compacted and report.encoded >= texts:
        return f"{plural(report.encoded, 'text')} embedded"
    if report.compacted:
        return (
            f"{plural(report.encoded, 'new text')} embedded, "
            f"{texts - report.encoded:,} from the cache"
        )
    return f"{plural(report.encoded, 'new text')} embedded, the rest already indexed"


def render_who_said(answer: WhoSaidAnswer) -> RenderableType:
    if answer.speaker and not answer.speakers_matched:
        return Text(f"No speaker in the archive matches {answer.speaker!r}.", style="yellow")
    note = answer.affiliated_note("add --include-affiliated")
    if note:
        return Text(note, style="yellow")
    if not answer.answered:
        return Text(no_answer(answer.absent_terms), style="yellow")
    panels = []
    for i, r in enumerate(answer.results, start=1):
        lines = [
            Text.from_markup(f"[bold]{escape(r.speaker)}[/]{speaking_for(r)}"),
            Text(f"“{r.quote}”"),
        ]
        context = framing(r)
        if context:
            lines.append(Text(f"context: {context}", style="italic"))
        lines.append(Text.from_markup(f"[dim]— {attribution(r)}[/]"))
        panels.append(
            Panel(Group(*lines), title=str(i), title_align="left", border_style="magenta")
        )
    return Group(*panels)


def speaking_for(result: QuoteResult) -> str:
    """The label of a quote found because its speaker speaks for the speaker asked for."""
    if not result.affiliated or not result.affiliation:
        return ""
    return f" [dim]· speaking for[/] [bold]{escape(result.affiliation)}[/]"


def render_speakers(speakers: list[SpeakerEntity]) -> RenderableType:
    if not speakers:
        return Text("No speakers match.", style="yellow")
    table = Table("speaker", "kind", "quotes", "also written", box=None)
    for e in speakers:
        count = str(e.quotes)
        if e.affiliated_quotes:
            count += f" (+{e.affiliated_quotes} by those speaking for them)"
        table.add_row(escape(e.name), e.kind, count, escape(", ".join(e.aliases[:4])))
    return table


def render_summary(summary: Summary) -> RenderableType:
    if not summary.answered:
        return Text(no_answer([]), style="yellow")
    table = Table(show_header=False, box=None, padding=(0, 1))
    for s in summary.sentences:
        where = (
            " · ".join(escape(x) for x in (s.title or s.article_id, s.source, s.date) if x)
            + f" · ¶{s.paragraph}"
        )
        table.add_row(summary_sentence(s), Text.from_markup(f"[dim]{where}[/]"))
    return table


def summary_sentence(sentence: SummarySentence) -> Text:
    """The sentence as published, with the quote marks it was cut from, and whose words."""
    text = Text(sentence.display)
    if sentence.quoted:
        text.append(f"\n(quoting {sentence.speaker or 'an unnamed speaker'})", style="italic dim")
    return text
