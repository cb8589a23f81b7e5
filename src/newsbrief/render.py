"""Render a Brief as JSON (for scripts), Markdown (default) or one self-contained HTML page.

The JSON shape is documented by ``brief.schema.json`` beside this module and
is stable: keys are only ever added. Markdown and HTML are for people.
"""

from __future__ import annotations

import html
import json
from importlib import resources

from .models import Brief, ParsedArticle

SCHEMA_VERSION = "1.0"


def schema() -> dict:
    """The JSON Schema of :func:`to_dict`'s output."""
    return json.loads(resources.files("newsbrief").joinpath("brief.schema.json").read_text(encoding="utf-8"))


def to_dict(brief: Brief) -> dict:
    """The brief as plain JSON-ready data (see ``brief.schema.json``)."""
    off = {o.article: o.reason for o in brief.off_story}
    return {
        "schema_version": SCHEMA_VERSION,
        "story_id": brief.story_id,
        "articles": [_article_dict(a, off) for a in brief.articles],
        "summary": {
            "words": brief.summary.words,
            "budget_words": brief.summary.budget_words,
            "sentences": [
                {
                    "text": s.text,
                    "article": s.article,
                    "sentence_index": s.index,
                    "sources": list(s.sources),
                    "support": s.support,
                    "evidence": [{"article": e.article, "sentence": e.sentence, "score": e.score} for e in s.evidence],
                }
                for s in brief.summary.sentences
            ],
        },
        "errors": list(brief.errors),
    }


def _article_dict(parsed: ParsedArticle, off: dict[str, str]) -> dict:
    a = parsed.article
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "author": a.author,
        "date": a.date,
        "date_source": a.date_source,
        "path": a.path,
        "url": a.url,
        "text": parsed.clean.text,
        "removed": list(parsed.clean.removed),
        "off_story": a.id in off,
        "off_story_reason": off.get(a.id),
    }


def render_json(brief: Brief) -> str:
    return json.dumps(to_dict(brief), ensure_ascii=False, indent=2) + "\n"


def _source_numbers(brief: Brief) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(brief.articles, start=1)}


def _label(parsed: ParsedArticle) -> str:
    a = parsed.article
    parts = [a.title or a.id]
    parts += [p for p in (a.outlet, a.author, a.date) if p]
    return " — ".join(parts)


def render_markdown(brief: Brief) -> str:
    """Summary with ``[1][3]`` citation markers, then the numbered source list."""
    numbers = _source_numbers(brief)
    title = next((a.article.title for a in brief.articles if a.article.title), None) or brief.story_id or "Story"
    out = [f"# {title}", ""]
    for s in brief.summary.sentences:
        marks = "".join(f"[{numbers[a]}]" for a in s.sources)
        out.append(f"- {s.text} {marks}")
    if not brief.summary.sentences:
        out.append("_No sentence could be extracted from the input._")
    out += ["", f"_{brief.summary.words} words (budget {brief.summary.budget_words})._", "", "## Sources", ""]
    off = {o.article: o.reason for o in brief.off_story}
    for parsed in brief.articles:
        note = f" — **left out: {off[parsed.id]}**" if parsed.id in off else ""
        out.append(f"{numbers[parsed.id]}. {_label(parsed)} (`{parsed.id}`){note}")
    if brief.errors:
        out += ["", "## Inputs not used", ""] + [f"- {e}" for e in brief.errors]
    return "\n".join(out) + "\n"


_CSS = """
body{font:16px/1.55 system-ui,-apple-system,Segoe UI,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.summary p{margin:.4rem 0}.cite{font-size:.8em;vertical-align:super;cursor:pointer;color:#0b57d0;
background:none;border:0;padding:0 .1em}.cite:hover,.cite:focus{text-decoration:underline}
.evidence{display:none;margin:.3rem 0 .8rem 1rem;padding:.5rem .8rem;border-left:3px solid #0b57d0;background:#f4f7fd;font-size:.92em}
.evidence.open{display:block}.evidence blockquote{margin:.3rem 0}.muted{color:#666;font-size:.9em}
ol.sources li{margin:.3rem 0}.off{color:#a33}.errors li{color:#a33}
"""

_JS = """
document.querySelectorAll('.cite').forEach(function(b){b.addEventListener('click',function(){
 var box=document.getElementById(b.dataset.box);box.classList.toggle('open');
 box.querySelectorAll('[data-src]').forEach(function(q){q.style.fontWeight=(q.dataset.src===b.dataset.src)?'600':'400';});
});});
"""


def render_html(brief: Brief) -> str:
    """One page, no external assets; clicking ``[n]`` shows each source's supporting sentence."""
    e = html.escape
    numbers = _source_numbers(brief)
    by_id = {a.id: a for a in brief.articles}
    title = next((a.article.title for a in brief.articles if a.article.title), None) or brief.story_id or "Story"
    body = [f"<h1>{e(title)}</h1>", '<section class="summary">']
    for k, s in enumerate(brief.summary.sentences):
        cites = "".join(
            f'<button class="cite" data-box="ev{k}" data-src="{e(a)}" title="{e(_label(by_id[a]))}">[{numbers[a]}]</button>'
            for a in s.sources
        )
        quotes = "".join(
            f'<div data-src="{e(ev.article)}"><b>[{numbers[ev.article]}] {e(by_id[ev.article].article.outlet or ev.article)}</b>'
            f' <span class="muted">(similarity {ev.score:.2f})</span><blockquote>{e(ev.sentence)}</blockquote></div>'
            for ev in s.evidence
        )
        body.append(f"<p>{e(s.text)} {cites}</p><div class=\"evidence\" id=\"ev{k}\">{quotes}</div>")
    body.append(f'<p class="muted">{brief.summary.words} words (budget {brief.summary.budget_words}).</p></section>')
    off = {o.article: o.reason for o in brief.off_story}
    body.append('<h2>Sources</h2><ol class="sources">')
    for parsed in brief.articles:
        note = f' <span class="off">left out: {e(off[parsed.id])}</span>' if parsed.id in off else ""
        body.append(f"<li>{e(_label(parsed))} <code>{e(parsed.id)}</code>{note}</li>")
    body.append("</ol>")
    if brief.errors:
        body.append('<h2>Inputs not used</h2><ul class="errors">' + "".join(f"<li>{e(x)}</li>" for x in brief.errors) + "</ul>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(title)} — newsbrief</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + f"<script>{_JS}</script></body></html>\n"
    )


RENDERERS = {"md": render_markdown, "json": render_json, "html": render_html}
