"""Article pages generated at bench time from the shared corpora's articles, with the chrome real
news sites put around the text: navigation, bylines, share bars, photos with captions and
credits, pull quotes, newsletter boxes, advertisements, "read more" links, related and
most-read lists, comments, author bios, cookie banners and footers.

Each template imitates the markup of one kind of site (WordPress, a BBC-style component page,
a Guardian-style page, an NYT-style companion-column page, an old CMS that separates
paragraphs with <br><br>, a Gannett-style page, a Politico-style page, a Yoast JSON-LD page).
The gold is what the corpus gives: headline, publication date, body paragraphs. Templates
HELD_OUT_TEMPLATES were written with the others but never used while tuning the extractor.

Nothing generated here is written to the repository: pages live in memory for one run."""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

SURNAMES = ["Okafor", "Lindgren", "Marsh", "Castellanos", "Whitfield", "Baptiste", "Nowak", "Iqbal"]
FORENAMES = ["Helen", "Marcus", "Aisha", "Tom", "Grace", "Daniel", "Priya", "Owen", "Ruth"]
CAPTIONS = [
    "Supporters gathered outside the building on Tuesday morning.",
    "The committee met behind closed doors for most of the day.",
    "Officials said the figures would be published next week.",
    "Protesters held banners as the motorcade passed.",
    "A view of the city centre, where the plans would take effect.",
]
CREDITS = ["Photograph: Getty Images", "Photo: Reuters", "AFP via Getty Images", "PA Media", "AP"]
NEWSLETTER = (
    "Sign up to our morning briefing and get the day's most important stories delivered to "
    "your inbox before breakfast."
)
COOKIES = (
    "We use cookies to give you the best experience on our website. By continuing to browse, "
    "you agree to our use of cookies."
)
COMMENTS = [
    "This is exactly what I have been saying for years, nobody listens.",
    "Great reporting, thank you for covering this properly.",
    "I disagree with almost every word of this, but it was worth reading.",
]


@dataclass(frozen=True)
class Gold:
    id: str
    title: str
    date: str  # ISO
    paragraphs: list[str]
    outlet: str
    byline: str


@dataclass(frozen=True)
class Page:
    gold: Gold
    template: str
    url: str
    html: str


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "story"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def inline_markup(text: str, rng: random.Random) -> str:
    """The paragraph escaped, with a link or emphasis over a few words now and then, as
    editors add them: the words stay exactly as they are."""
    words = text.split(" ")
    if len(words) < 8 or rng.random() > 0.35:
        return esc(text)
    start = rng.randrange(0, len(words) - 4)
    end = start + rng.randint(2, 4)
    tag = rng.choice(["a", "em", "strong"])
    open_tag = f'<a href="/topics/{rng.randint(1, 999)}">' if tag == "a" else f"<{tag}>"
    middle = esc(" ".join(words[start:end]))
    return (
        esc(" ".join(words[:start]))
        + (" " if start else "")
        + f"{open_tag}{middle}</{tag}>"
        + (" " if end < len(words) else "")
        + esc(" ".join(words[end:]))
    )


@dataclass
class Context:
    gold: Gold
    url: str
    published: datetime
    modified: datetime
    related: list[tuple[str, date]]  # other headlines, with their dates
    rng: random.Random

    def paras(self) -> list[str]:
        return [inline_markup(p, self.rng) for p in self.gold.paragraphs]

    def caption(self) -> tuple[str, str]:
        return self.rng.choice(CAPTIONS), self.rng.choice(CREDITS)

    def pull_quote(self) -> str:
        """A sentence of the body, repeated as page decoration."""
        sentences = [
            s for p in self.gold.paragraphs for s in re.split(r"(?<=[.!?])\s+", p) if len(s) > 40
        ]
        return esc(self.rng.choice(sentences)) if sentences else ""

    def related_items(self, with_dates: bool = False) -> str:
        items = []
        for title, day in self.related:
            when = f' <span class="date">{day.strftime("%d %B %Y")}</span>' if with_dates else ""
            items.append(f'<li><a href="/news/{slug(title)}">{esc(title)}</a>{when}</li>')
        return "".join(items)


def head(ctx: Context, title_tag: str, extra: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title_tag)}</title>{extra}"
        f'<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js"></script>'
        f"</head>"
    )


def og(ctx: Context, published_meta: bool = True) -> str:
    g = ctx.gold
    tags = [
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{esc(g.title)}">',
        f'<meta property="og:site_name" content="{esc(g.outlet)}">',
        f'<meta property="og:url" content="{ctx.url}">',
        f'<link rel="canonical" href="{ctx.url}">',
        f'<meta name="description" content="{esc(g.paragraphs[0][:150])}">',
    ]
    if published_meta:
        tags.append(
            f'<meta property="article:published_time" content="{ctx.published.isoformat()}">'
        )
        tags.append(f'<meta property="article:modified_time" content="{ctx.modified.isoformat()}">')
    return "".join(tags)


def nav(outlet: str) -> str:
    sections = ["News", "Politics", "Business", "Sport", "Culture", "Opinion", "Video"]
    links = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in sections)
    return (
        f'<header class="masthead"><a class="logo" href="/">{esc(outlet)}</a>'
        f'<nav class="primary"><ul>{links}</ul></nav>'
        '<form class="search" action="/search"><input name="q" placeholder="Search"></form>'
        '<a class="subscribe" href="/subscribe">Subscribe</a></header>'
    )


def footer(outlet: str, year: int) -> str:
    return (
        '<footer class="site-footer"><ul><li><a href="/about">About us</a></li>'
        '<li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li>'
        '<li><a href="/terms">Terms of use</a></li></ul>'
        f"<p>&copy; {year} {esc(outlet)}. All rights reserved.</p></footer>"
    )


def cookie_banner() -> str:
    return f'<div id="cookie-consent" class="banner"><p>{COOKIES}</p><button>Accept</button></div>'


def share_bar() -> str:
    return (
        '<div class="share-tools"><span>Share this article</span>'
        '<a class="fb" href="#">Facebook</a><a class="tw" href="#">Twitter</a>'
        '<a class="mail" href="#">Email</a><button>Copy link</button></div>'
    )


def with_chrome(paras: list[str], inserts: dict[int, str]) -> str:
    out = []
    for i, p in enumerate(paras):
        out.append(p)
        if i in inserts:
            out.append(inserts[i])
    return "".join(out)


# -- templates -------------------------------------------------------------------------------
def wordpress(ctx: Context) -> str:
    g, rng = ctx.gold, ctx.rng
    caption, credit = ctx.caption()
    paras = [f"<p>{p}</p>" for p in ctx.paras()]
    inserts = {
        0: f'<figure class="wp-caption aligncenter"><img src="/wp-content/uploads/a.jpg">'
        f'<figcaption class="wp-caption-text">{esc(caption)} {esc(credit)}</figcaption></figure>',
        min(2, len(paras) - 1): f'<p class="read-more"><strong>Read more:</strong> '
        f'<a href="/news/{slug(ctx.related[0][0])}">{esc(ctx.related[0][0])}</a></p>',
    }
    day = ctx.published.strftime("%B %-d, %Y")
    return (
        head(ctx, f"{g.title} – {g.outlet}", og(ctx))
        + f'<body class="single single-post">{nav(g.outlet)}<div id="content" class="site-content">'
        f'<main id="main"><article class="post type-post"><header class="entry-header">'
        f'<h1 class="entry-title">{esc(g.title)}</h1><div class="entry-meta">'
        f'<span class="byline">by <span class="author vcard"><a href="/author/x">'
        f"{esc(g.byline)}</a></span></span> "
        f'<time class="entry-date published" datetime="{ctx.published.isoformat()}">{day}</time>'
        f'<time class="updated" datetime="{ctx.modified.isoformat()}">'
        f"{ctx.modified.strftime('%B %-d, %Y')}</time></div></header>"
        f'<div class="entry-content">{with_chrome(paras, inserts)}'
        f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>'
        f"{share_bar()}</div>"
        f'<div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><ul>'
        f"{ctx.related_items(with_dates=True)}</ul></div></div>"
        f'<footer class="entry-footer"><span class="cat-links">Posted in '
        f'<a href="/category/news">News</a></span></footer></article>'
        f'<div id="comments" class="comments-area"><h2 class="comments-title">'
        f"{len(COMMENTS)} thoughts on &ldquo;{esc(g.title)}&rdquo;</h2>"
        f'<ol class="comment-list">'
        + "".join(
            f'<li class="comment"><div class="comment-author">reader{i}</div>'
            f'<div class="comment-content"><p>{esc(c)}</p></div></li>'
            for i, c in enumerate(COMMENTS[: rng.randint(1, 3)])
        )
        + f"</ol></div></main>"
        f'<aside id="secondary" class="widget-area"><section class="widget">'
        f"<h2>Recent Posts</h2><ul>{ctx.related_items()}</ul></section></aside></div>"
        f"{footer(g.outlet, ctx.published.year)}{cookie_banner()}</body></html>"
    )


def bbc(ctx: Context) -> str:
    g = ctx.gold
    caption, credit = ctx.caption()
    ld = {
        "@context": "http://schema.org",
        "@type": "ReportageNewsArticle",
        "url": ctx.url,
        "headline": g.title,
        "datePublished": ctx.published.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "dateModified": ctx.modified.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "publisher": {"@type": "NewsMediaOrganization", "name": g.outlet},
        "author": {"@type": "NewsMediaOrganization", "name": g.outlet},
    }
    blocks = [
        f'<div data-component="text-block" class="ssrcss-text"><p class="ssrcss-p">{p}</p></div>'
        for p in ctx.paras()
    ]
    inserts = {
        0: f'<div data-component="image-block"><figure><span class="ssrcss-credit">'
        f'{esc(credit)}</span><img src="/ichef/a.jpg"><figcaption>'
        f'<span class="visually-hidden">Image caption, </span>{esc(caption)}'
        f"</figcaption></figure></div>",
    }
    more = "".join(
        f'<li><a href="/news/{slug(t)}">{esc(t)}</a><time>{d.strftime("%d %B %Y")}</time></li>'
        for t, d in ctx.related
    )
    return (
        head(
            ctx,
            f"{g.title} - {g.outlet}",
            f'<link rel="canonical" href="{ctx.url}">'
            f'<script type="application/ld+json">{json.dumps(ld)}</script>',
        )
        + f'<body>{nav(g.outlet)}<div id="main-content"><main role="main"><article>'
        f'<header><h1 id="main-heading" class="ssrcss-headline">{esc(g.title)}</h1></header>'
        f'<div data-component="byline-block"><span>By {esc(g.byline)}</span>'
        f"<span>{esc(g.outlet)}</span></div>"
        f'<div data-component="timestamp-block"><time datetime="'
        f'{ctx.published.strftime("%Y-%m-%dT%H:%M:%S.000Z")}">'
        f"{ctx.published.strftime('%-d %B %Y')}</time></div>"
        f"{with_chrome(blocks, inserts)}"
        f'<div data-component="tag-list"><h2>Related Topics</h2><ul>'
        f'<li><a href="/topics/1">Politics</a></li><li><a href="/topics/2">Economy</a></li>'
        f"</ul></div></article>"
        f'<section data-component="more-on-this-story"><h2>More on this story</h2><ul>{more}'
        f"</ul></section></main>"
        f"<aside><h2>Top Stories</h2><ul>{ctx.related_items()}</ul></aside></div>"
        f"{footer(g.outlet, ctx.published.year)}</body></html>"
    )


def guardian(ctx: Context) -> str:
    g, rng = ctx.gold, ctx.rng
    caption, credit = ctx.caption()
    paras = [f'<p class="dcr-paragraph">{p}</p>' for p in ctx.paras()]
    quote = ctx.pull_quote()
    inserts = {}
    if quote and len(paras) > 3:
        inserts[rng.randrange(1, len(paras) - 1)] = (
            f'<aside class="pullquote"><blockquote><p>{quote}</p></blockquote></aside>'
        )
    if len(paras) > 4:
        inserts[3] = (
            f'<aside data-component="rich-link"><a href="/news/{slug(ctx.related[1][0])}">'
            f"<span>Read more</span><span>{esc(ctx.related[1][0])}</span></a></aside>"
        )
    stamp = ctx.published.strftime("%a %-d %b %Y %H.%M GMT")
    modified = ctx.modified.strftime("%a %-d %b %Y %H.%M GMT")
    return (
        head(ctx, f"{g.title} | {g.outlet}", og(ctx)) + f"<body>{nav(g.outlet)}<main><article>"
        f'<div data-gu-name="headline"><h1>{esc(g.title)}</h1></div>'
        f'<div data-gu-name="standfirst"><p>{esc(g.paragraphs[0].split(". ")[0][:90])}</p></div>'
        f'<div data-gu-name="media"><figure><img src="/img/a.jpg"><figcaption>'
        f'<span class="caption">{esc(caption)}</span> <span class="credit">{esc(credit)}</span>'
        f"</figcaption></figure></div>"
        f'<div data-gu-name="meta"><address><a rel="author" href="/profile/x">'
        f"{esc(g.byline)}</a></address>"
        f"<details><summary>{stamp}</summary><span>Last modified on {modified}</span></details>"
        f"{share_bar()}</div>"
        f'<div data-gu-name="body" class="article-body-commercial-selector">'
        f"{with_chrome(paras, inserts)}</div>"
        f'<div class="submeta"><a href="/topics/a">Topics</a></div></article>'
        f'<aside data-component="most-popular"><h2>Most viewed</h2><ol>{ctx.related_items()}'
        f"</ol></aside></main>"
        f'<section class="newsletter"><h2>Sign up to First Edition</h2><p>{NEWSLETTER}</p>'
        f'<form><input type="email"><button>Sign up</button></form></section>'
        f"{footer(g.outlet, ctx.published.year)}</body></html>"
    )


def nyt(ctx: Context) -> str:
    g = ctx.gold
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": g.title,
        "datePublished": ctx.published.isoformat(),
        "dateModified": ctx.modified.isoformat(),
        "author": [{"@type": "Person", "name": g.byline}],
        "publisher": {"@type": "Organization", "name": g.outlet},
    }
    paras = ctx.paras()
    columns = []
    for start in range(0, len(paras), 3):
        chunk = "".join(f'<p class="css-at9mc1 evys1bk0">{p}</p>' for p in paras[start : start + 3])
        columns.append(
            f'<div class="css-53u6y8 StoryBodyCompanionColumn"><div class="css-1fanzo5">'
            f"{chunk}</div></div>"
        )
        columns.append(
            '<div class="ad mid1-wrapper"><div class="css-1ez5fsm">Advertisement</div>'
            '<p class="css-1ad">Continue reading the main story</p></div>'
        )
    print_line = (
        f"A version of this article appears in print on "
        f"{ctx.published.strftime('%B %-d, %Y')}, Section A, Page 14 of the New York edition "
        f"with the headline: {esc(g.title)}."
    )
    return (
        head(
            ctx,
            f"{g.title} - The New York Times",
            og(ctx, published_meta=False)
            + f'<script type="application/ld+json">{json.dumps(ld)}</script>',
        )
        + f'<body>{nav(g.outlet)}<div id="site-content"><article id="story">'
        f'<header class="css-1vkm6nb"><h1 data-testid="headline" class="css-fwqvlz">'
        f'{esc(g.title)}</h1><p class="css-aknsld">By <span class="last-byline">'
        f'{esc(g.byline)}</span></p><time class="css-1z1nqv" datetime="'
        f'{ctx.published.isoformat()}">{ctx.published.strftime("%B %-d, %Y")}</time>'
        f"{share_bar()}</header>"
        f'<section name="articleBody" itemprop="articleBody">{"".join(columns)}</section>'
        f'<div class="bottom-of-article"><p class="css-print">{print_line}</p></div>'
        f'<div class="related-links"><h2>Related Coverage</h2><ul>'
        f"{ctx.related_items(with_dates=True)}</ul></div></article></div>"
        f"{footer(g.outlet, ctx.published.year)}</body></html>"
    )


def old_cms(ctx: Context) -> str:
    """An old CMS: tables for layout, paragraphs separated by <br><br> inside one cell."""
    g = ctx.gold
    body = "<br><br>\n".join(ctx.paras())
    return (
        head(ctx, f"{g.outlet} :: {g.title}", "")
        + '<body bgcolor="#ffffff"><table width="100%"><tr><td class="logo">'
        f'<img src="/logo.gif" alt="{esc(g.outlet)}"></td></tr>'
        '<tr><td class="menu"><a href="/">Home</a> | <a href="/news">News</a> | '
        '<a href="/archive">Archive</a> | <a href="/contact">Contact</a></td></tr></table>'
        '<table width="100%"><tr><td width="160" valign="top" class="leftnav">'
        f"<b>Latest</b><br>{'<br>'.join(esc(t) for t, _ in ctx.related)}</td>"
        f'<td valign="top" class="story"><font size="5"><b>{esc(g.title)}</b></font><br>'
        f'<font size="2" color="#666666">Posted on {ctx.published.strftime("%B %-d, %Y")} at '
        f"{ctx.published.strftime('%-I:%M %p').lower()} by {esc(g.byline)}</font><br><br>"
        f"{body}<br><br>"
        f'<font size="2"><a href="/print">Print this story</a> | '
        f'<a href="/email">Email this story</a></font></td>'
        '<td width="160" valign="top" class="ads"><div class="ad">Advertisement</div></td>'
        f'</tr></table><p class="copyright">Copyright {ctx.published.year} {esc(g.outlet)}</p>'
        "</body></html>"
    )


def gannett(ctx: Context) -> str:
    g, rng = ctx.gold, ctx.rng
    caption, credit = ctx.caption()
    paras = [f'<p class="gnt_ar_b_p">{p}</p>' for p in ctx.paras()]
    inserts = {
        0: '<figure class="gnt_em gnt_em_img"><img src="/a.jpg">'
        '<figcaption class="gnt_em_img_ccs">'
        f'{esc(caption)}<span class="gnt_em_img_ccs_c">{esc(credit)}</span></figcaption></figure>',
    }
    if len(paras) > 3:
        inserts[rng.randrange(1, len(paras) - 1)] = (
            f'<aside class="gnt_em gnt_em_fo"><h3>More:</h3>'
            f'<a href="/news/{slug(ctx.related[2][0])}">{esc(ctx.related[2][0])}</a></aside>'
        )
    stamp = ctx.published.strftime("%-I:%M %p ET %B %-d, %Y")
    return (
        head(ctx, g.title, og(ctx))
        + f'<body>{nav(g.outlet)}<main class="gnt_cw"><article class="gnt_pr">'
        f'<h1 class="gnt_ar_hl" elementtiming="ar-headline">{esc(g.title)}</h1>'
        f'<div class="gnt_ar_by"><a class="gnt_ar_by_a" href="/staff/x">{esc(g.byline)}</a> '
        f"{esc(g.outlet)}</div>"
        f'<div class="gnt_ar_dt" aria-label="Published {stamp}">Published {stamp}</div>'
        f'<div class="gnt_ar_b">{with_chrome(paras, inserts)}</div>'
        f'<div class="gnt_ar_sh">{share_bar()}</div></article>'
        f'<div class="gnt_rr"><h2>Popular Stories</h2><ul>{ctx.related_items()}</ul></div>'
        f"</main>{footer(g.outlet, ctx.published.year)}</body></html>"
    )


def politico(ctx: Context) -> str:
    g = ctx.gold
    paras = [f"<p>{p}</p>" for p in ctx.paras()]
    inserts = {}
    if len(paras) > 2:
        inserts[1] = (
            '<div class="story-interrupt"><p class="story-continued">Story Continued Below</p>'
            '<div class="ad ad--story">Advertisement</div></div>'
        )
    stamp = ctx.published.strftime("%m/%d/%Y %I:%M %p EST")
    return (
        head(
            ctx,
            f"{g.title} - {g.outlet}",
            '<meta itemprop="datePublished" '
            f'content="{ctx.published.strftime("%Y-%m-%d %H:%M:%S")}">'
            f'<meta name="twitter:title" content="{esc(g.title)}">',
        )
        + f'<body>{nav(g.outlet)}<main><article itemscope itemtype="http://schema.org/NewsArticle">'
        f'<header class="summary"><h2 class="headline" itemprop="headline">{esc(g.title)}</h2>'
        f'<p class="byline">By <a href="/staff/x" itemprop="author">{esc(g.byline)}</a></p>'
        f'<p class="timestamp"><time datetime="{ctx.published.strftime("%Y-%m-%d %H:%M:%S")}">'
        f"{stamp}</time></p></header>"
        f'<div class="story-text" itemprop="articleBody">{with_chrome(paras, inserts)}</div>'
        f'<footer class="story-meta"><p class="authors">{esc(g.byline)} contributed to this '
        f"report.</p>{share_bar()}</footer></article>"
        f'<section class="related"><h3>Related</h3><ul>{ctx.related_items(with_dates=True)}'
        f"</ul></section></main>{footer(g.outlet, ctx.published.year)}</body></html>"
    )


def yoast(ctx: Context) -> str:
    g, rng = ctx.gold, ctx.rng
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": g.outlet, "url": ctx.url.split("/news")[0]},
            {
                "@type": "WebPage",
                "url": ctx.url,
                "name": f"{g.title} | {g.outlet}",
                "datePublished": ctx.published.isoformat(),
                "dateModified": ctx.modified.isoformat(),
            },
            {
                "@type": "Article",
                "headline": g.title,
                "datePublished": ctx.published.isoformat(),
                "author": {"name": g.byline},
            },
        ],
    }
    paras = [f"<p>{p}</p>" for p in ctx.paras()]
    inserts = {}
    if len(paras) > 3:
        inserts[rng.randrange(1, len(paras) - 1)] = (
            '<div class="newsletter-inline"><h4>Don\'t miss a story</h4>'
            f'<p>{NEWSLETTER}</p><form><input type="email"></form></div>'
        )
    bio = f"{esc(g.byline)} is a staff writer at {esc(g.outlet)} covering politics and government."
    return (
        head(
            ctx,
            f"{g.title} | {g.outlet}",
            f'<link rel="canonical" href="{ctx.url}">'
            f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph)}'
            "</script>",
        )
        + f'<body class="post-template-default">{nav(g.outlet)}'
        f'<div class="container"><div class="post-header"><span class="category">Politics</span>'
        f'<h1 class="post-title">{esc(g.title)}</h1>'
        f'<div class="post-meta"><span class="author">{esc(g.byline)}</span> | '
        f'<span class="date">{ctx.published.strftime("%B %-d, %Y")}</span></div></div>'
        f'<div class="post-content">{with_chrome(paras, inserts)}</div>'
        f'<div class="author-box"><img src="/a.png"><p>{bio}</p></div>'
        f'<div class="post-tags">Tags: <a href="/tag/a">Election</a></div>'
        f'<div class="yarpp-related"><h3>You may also like</h3><ol>{ctx.related_items()}</ol>'
        f"</div></div>{footer(g.outlet, ctx.published.year)}{cookie_banner()}</body></html>"
    )


TEMPLATES = {
    "wordpress": wordpress,
    "bbc": bbc,
    "guardian": guardian,
    "nyt": nyt,
    "old-cms": old_cms,
    "gannett": gannett,
    "politico": politico,
    "yoast": yoast,
}
HELD_OUT_TEMPLATES = ("gannett", "politico", "yoast")


def render(gold: Gold, template: str, related: list[str], seed: int) -> Page:
    rng = random.Random(seed)
    day = date.fromisoformat(gold.date)
    published = datetime(day.year, day.month, day.day, rng.randint(6, 20), rng.randint(0, 59))
    modified = published + timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 9))
    dated = [(t, day - timedelta(days=rng.randint(1, 400))) for t in related]
    domain = re.sub(r"[^a-z]", "", gold.outlet.lower()) + ".example"
    url = f"https://www.{domain}/news/{day:%Y/%m/%d}/{slug(gold.title)}"
    ctx = Context(gold, url, published, modified, dated, rng)
    return Page(gold, template, url, TEMPLATES[template](ctx))


def byline_for(article_id: str, author: str | None) -> str:
    if author:
        return author
    rng = random.Random(article_id)
    return f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"


def date_for(article_id: str, given: str | None) -> str:
    """The corpus date, or (BBC gives none, only 2004-2005) a fixed day in those years."""
    if given:
        return given
    rng = random.Random(article_id)
    return (date(2004, 1, 1) + timedelta(days=rng.randrange(730))).isoformat()
