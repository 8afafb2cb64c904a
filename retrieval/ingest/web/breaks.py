"""Paragraphs that an older CMS separates with `<br><br>` instead of `<p>` elements, made into
`<p>` elements before extraction (as Readability does), so each keeps its own paragraph and
inline markup inside it stays inline."""

from __future__ import annotations

from lxml import html as lhtml


def _is_break_run(kids: list, i: int) -> bool:
    """kids[i] is a <br> followed, with only whitespace between, by another <br>."""
    kid = kids[i]
    return (
        kid.tag == "br"
        and not (kid.tail or "").strip()
        and i + 1 < len(kids)
        and kids[i + 1].tag == "br"
    )


def split_double_breaks(root: lhtml.HtmlElement) -> int:
    """Rewrite every element holding `<br><br>` runs as one `<p>` per run-separated piece;
    returns how many elements were rewritten."""
    parents = [el for el in root.iter() if any(_is_break_run(list(el), i) for i in range(len(el)))]
    for parent in parents:
        kids = list(parent)
        groups: list[list] = [[parent.text] if parent.text else []]
        i = 0
        while i < len(kids):
            if _is_break_run(kids, i):
                while _is_break_run(kids, i):
                    i += 1
                groups.append([kids[i].tail] if kids[i].tail else [])
                i += 1
                continue
            groups[-1].append(kids[i])
            i += 1
        for kid in kids:
            parent.remove(kid)
        parent.text = None
        for group in groups:
            if not any(not isinstance(x, str) or x.strip() for x in group):
                continue
            paragraph = lhtml.Element("p")
            for piece in group:
                if not isinstance(piece, str):
                    paragraph.append(piece)  # keeps its tail
                elif len(paragraph):
                    paragraph[-1].tail = (paragraph[-1].tail or "") + piece
                else:
                    paragraph.text = (paragraph.text or "") + piece
            parent.append(paragraph)
    return len(parents)
