"""Render a Brief as JSON (for scripts), Markdown (default) or one self-contained HTML page.

The JSON shape is documented by ``brief.schema.json`` beside this module and
is stable: keys are only ever added. Markdown and HTML are for people.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources

from .fileio import HTML_GENERATOR, MARKDOWN_MARK
from .analyze.entities import type_label
from .lang import MODEL_SECTIONS, profile_for
from .models import Analysis, Brief, ParsedArticle
from .timeline_svg import Event, timeline_svg

# 1.1: story analysis (issue 3) — entities, quotes, figures, timeline, coverage, articles[].left_out.
# 1.2: summary.requested_words (issue 8); figures[].updated (issue 11); top-level title (issue 10).
SCHEMA_VERSION = "1.3"
# Entities listed in Markdown/HTML; the JSON has them all. Seed story: the top 15 are the actors.
MAX_LISTED_ENTITIES = 15
# Coverage column headings, the same in Markdown, the HTML report and the web page.
COVERAGE_BACKS, COVERAGE_ONLY = "Brief sentences it backs", "Only this source says"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 mention``, ``3 mentions``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def actors_and_groups(entities) -> tuple[list, list]:
    """Who acts (people, organizations, places, ...) and the nationalities or groups only mentioned.

    "Syrian" or "Russian" (spaCy's NORP) describe an actor rather than being one: they are listed apart.
    """
    actors = [x for x in entities if _entity_type(x) != "NORP"]
    groups = [x for x in entities if _entity_type(x) == "NORP"]
    return actors, groups


def _entity_type(entity) -> str:
    return entity.get("type", "") if isinstance(entity, dict) else entity.type


def schema() -> dict:
    """The JSON Schema of :func:`to_dict`'s output."""
    return json.loads(resources.files("newsbrief").joinpath("brief.schema.json").read_text(encoding="utf-8"))


def story_title(brief: Brief) -> str | None:
    """The story's title: the summary's choice (the most central article's headline), else the first headline."""
    return brief.summary.title or next((a.article.title for a in brief.articles if a.article.title), None)


def story_lang(brief: Brief) -> str | None:
    """The story's language: the summary's (most articles'), else the analysis's."""
    return brief.summary.lang or (brief.analysis.lang if brief.analysis is not None else None)


def unavailable_note(analysis: Analysis | None) -> str | None:
    """One line saying which analysis sections the story's language cannot have, or None."""
    if analysis is None:
        return None
    return unavailable_text(analysis.unavailable, analysis.lang)


def unavailable_text(sections, lang: str | None) -> str | None:
    """"Entities, quotes, figures and timeline are unavailable for Arabic: ..." (None when nothing is)."""
    if not sections:
        return None
    profile = profile_for(lang) if lang else None
    name = profile.name if profile else "this language"
    verb = "is" if len(sections) == 1 else "are"
    if profile is not None and profile.analysis_rules is not None and set(sections) < set(MODEL_SECTIONS):
        # The language's model is there; these sections are not read from it (French has no DATE entities).
        why = f"newsbrief does not read {'it' if len(sections) == 1 else 'them'} from the {name} model"
    else:
        why = "no parser or entity model for it is installed"
    return f"{_join_names(sections).capitalize()} {verb} unavailable for {name}: {why} (dates and off-story checks still ran)."


def _join_names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def lang_attrs(code: str | None) -> str:
    """` lang="ar" dir="rtl"` for an element holding text in language ``code`` ("" when unknown)."""
    if not code:
        return ""
    return f' lang="{html.escape(code)}" dir="{profile_for(code).direction}"'


def to_dict(brief: Brief) -> dict:
    """The brief as plain JSON-ready data (see ``brief.schema.json``)."""
    off = _flagged(brief)
    left_out = {o.article for o in brief.off_story}
    return {
        "schema_version": SCHEMA_VERSION,
        "story_id": brief.story_id,
        "title": story_title(brief),
        "lang": story_lang(brief),
        "articles": [_article_dict(a, off, left_out) for a in brief.articles],
        "summary": {
            "lang": brief.summary.lang,
            "words": brief.summary.words,
            "budget_words": brief.summary.budget_words,
            "requested_words": brief.summary.requested_words,
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
        **_analysis_dict(brief.analysis),
    }


def _source_notes(brief: Brief) -> dict[str, str]:
    """What the Sources list says beside an off-story article: left out, or kept on request."""
    notes = {article: f"off-story, kept on request: {reason}" for article, reason in _flagged(brief).items()}
    return notes | {o.article: f"left out: {o.reason}" for o in brief.off_story}


def _flagged(brief: Brief) -> dict[str, str]:
    """Article id -> why analysis judged it off-story (left out or, with --keep-off-story, kept)."""
    found = brief.analysis.off_story if brief.analysis is not None else ()
    return {o.article: o.reason for o in (*found, *brief.off_story)}


def _analysis_dict(analysis: Analysis | None) -> dict:
    a = analysis or Analysis()
    return {
        "analysis": analysis is not None,
        "unavailable": list(a.unavailable),
        "entities": [
            {"name": e.name, "type": e.type, "aliases": list(e.aliases), "title": e.title,
             "mentions": e.mentions, "articles": list(e.articles)}
            for e in a.entities
        ],
        "quotes": [
            {"text": q.text, "speaker": q.speaker, "speaker_description": q.speaker_description,
             "articles": list(q.articles), "sentence": q.sentence}
            for q in a.quotes
        ],
        "figures": [
            {"quantity": f.quantity, "disputed": f.disputed, "updated": f.updated,
             "values": [{"value": v.value, "unit": v.unit, "text": v.text, "articles": list(v.articles),
                         "dates": list(v.dates)} for v in f.values]}
            for f in a.figures
        ],
        "timeline": [{"date": t.date, "text": t.text, "articles": list(t.articles)} for t in a.timeline],
        "coverage": [
            {"article": c.article, "summary_points": list(c.summary_points), "exclusive": list(c.exclusive)}
            for c in a.coverage
        ],
    }


def _article_dict(parsed: ParsedArticle, off: dict[str, str], left_out: set[str] = frozenset()) -> dict:
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
        "lang": a.lang,
        "lang_source": a.lang_source,
        "text": parsed.clean.text,
        "removed": list(parsed.clean.removed),
        "off_story": a.id in off,
        "off_story_reason": off.get(a.id),
        "left_out": a.id in left_out,
    }


def render_json(brief: Brief) -> str:
    return json.dumps(to_dict(brief), ensure_ascii=False, indent=2) + "\n"


def _source_numbers(brief: Brief) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(brief.articles, start=1)}


def _label(parsed: ParsedArticle) -> str:
    a = parsed.article
    parts = [a.title or a.id]
    parts += [p for p in (a.outlet, a.author, a.date) if p]
    if a.lang and a.lang != "en":
        parts.append(a.lang)
    return " — ".join(parts)


def render_markdown(brief: Brief, *, summary: bool = True) -> str:
    """Summary with ``[1][3]`` citation markers, the analysis sections, then the numbered source list.

    ``summary=False`` gives the analysis alone (``newsbrief analyze``).
    """
    numbers = _source_numbers(brief)
    title = story_title(brief) or brief.story_id or "Story"
    out = [f"# {_md(title)}", ""]
    if brief.off_story and summary:
        out += [f"> **{plural(len(brief.off_story), 'article')} left out of the summary as off-story** "
                "(see Sources; `--keep-off-story` keeps them).", ""]
    elif brief.off_story:
        out += [f"> **{plural(len(brief.off_story), 'article')} judged off-story** (see Sources).", ""]
    lang = story_lang(brief)
    if lang and lang != "en":
        out += [f"_Language: {_md(profile_for(lang).name)} ({_md(lang)})._", ""]
    note = unavailable_note(brief.analysis)
    if note:
        out += [f"> {_md(note)}", ""]
    if summary:
        for s in brief.summary.sentences:
            marks = "".join(f"[{numbers[a]}]" for a in s.sources)
            out.append(f"- {_md(s.text)} {marks}")
        if not brief.summary.sentences:
            out.append("_No sentence could be extracted from the input._")
        out += ["", f"_{brief.summary.words} words (budget {brief.summary.budget_words})._", ""]
    if brief.analysis is not None:
        out += _markdown_analysis(brief.analysis, numbers, summary=summary)
    out += ["## Sources", ""]
    notes = _source_notes(brief)
    for parsed in brief.articles:
        note = f" — **{_md(notes[parsed.id])}**" if parsed.id in notes else ""
        out.append(f"{numbers[parsed.id]}. {_md(_label(parsed))} ({_code(parsed.id)}){note}")
    if brief.errors:
        out += ["", "## Inputs not used", ""] + [f"- {_md(e)}" for e in brief.errors]
    # A link reference definition renders as nothing; it tells a later `-o` that this file is ours to replace.
    out += ["", MARKDOWN_MARK]
    return "\n".join(out) + "\n"


def _marks(ids, numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted(numbers[a] for a in ids if a in numbers))


def _speaker_label(q) -> str:
    return q.speaker or (f"unnamed: {q.speaker_description}" if q.speaker_description else "unknown speaker")


def _value_dates(v) -> str:
    """The distinct dates of the articles carrying a figure value, in order."""
    return ", ".join(dict.fromkeys(d for d in v.dates if d))


# Markdown-significant ASCII punctuation, backslash-escaped wherever it appears (CommonMark lets any ASCII
# punctuation be escaped). Brackets kill links and images, backticks code spans, * _ ~ emphasis, | tables.
# An underscore between two letters or digits cannot open emphasis (CommonMark's flanking rule): left as is.
_MD_ESCAPE = re.compile(r"([\\`*{}\[\]|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")
# A line starting with these would open a heading, list, quote or numbered item.
_MD_LINE_START = re.compile(r"^(?:[#>+-]|\d+[.)])")
# An entity (&lt; &#60;) would be decoded by the viewer; GFM turns bare http:// and www. into links.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_AUTOLINK = re.compile(r"(?i)(?<=\w)(://)|\b(www)\.")


def _md(text: str) -> str:
    """Text safe inside a Markdown line: no line breaks, emphasis, links, code, tables, entities or raw HTML.

    Article text, titles, outlets, authors and ids are untrusted: ``<script>``
    or ``[x](javascript:...)`` in a scraped page must stay text when a
    Markdown viewer renders the brief.
    """
    text = _MD_ESCAPE.sub(r"\\\1", " ".join(text.split()))
    text = _MD_ENTITY.sub(r"\\&", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_AUTOLINK.sub(lambda m: ":\\/\\/" if m.group(1) else "www\\.", text)
    return _MD_LINE_START.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)


def _code(text: str) -> str:
    """An id as a Markdown code span, fenced by more backticks than it holds (so it cannot close early)."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) or not text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown_analysis(a: Analysis, numbers: dict[str, int], *, summary: bool = True) -> list[str]:
    out: list[str] = []
    actors, groups = actors_and_groups(a.entities)
    if actors:
        out += ["## Who and what", ""]
        for e in actors[:MAX_LISTED_ENTITIES]:
            extra = f", {_md(e.title)}" if e.title else ""
            aka = f"; also {', '.join(_md(x) for x in e.aliases)}" if e.aliases else ""
            out.append(f"- **{_md(e.name)}** ({_md(type_label(e.type))}{extra}{aka}) — {plural(e.mentions, 'mention')} "
                       f"{_marks(e.articles, numbers)}")
        if len(actors) > MAX_LISTED_ENTITIES:
            out.append(f"- _and {len(actors) - MAX_LISTED_ENTITIES} more (see the JSON output)_")
        if groups:
            out.append("- Groups and nationalities mentioned: " + ", ".join(_md(g.name) for g in groups))
        out.append("")
    if a.quotes:
        out += ["## Quotes", ""]
        for q in a.quotes:
            who = _speaker_label(q)
            out.append(f"- “{_md(q.text)}” — {_md(who)} {_marks(q.articles, numbers)}")
        out.append("")
    if a.figures:
        out += ["## Figures", ""]
        for f in a.figures:
            values = "; ".join(
                f"{_md(v.text)} {_marks(v.articles, numbers)}"
                + (f" ({_value_dates(v)})" if any(v.dates) else "")
                for v in f.values
            )
            flag = "**disputed** — " if f.disputed else "updated over time — " if f.updated else ""
            out.append(f"- {_md(f.quantity)}: {flag}{values}")
        out.append("")
    if a.timeline:
        out += ["## Timeline", ""]
        out += [f"- **{_md(t.date)}** {_md(t.text)} {_marks(t.articles, numbers)}" for t in a.timeline]
        out.append("")
    if a.coverage:
        # Without the summary (`analyze`) there are no brief sentences to point at: only what each adds.
        out += ["## Coverage", "", f"| Source | {COVERAGE_BACKS} | {COVERAGE_ONLY} |" if summary else
                f"| Source | {COVERAGE_ONLY} |", "|---|---|---|" if summary else "|---|---|"]
        for c in a.coverage:
            points = ", ".join(str(p + 1) for p in c.summary_points) or "none"
            only = " / ".join(_md(x) for x in c.exclusive) or "—"
            source = f"[{numbers.get(c.article, '?')}] {_md(c.article)}"
            out.append(f"| {source} | {points} | {only} |" if summary else f"| {source} | {only} |")
        out.append("")
    return out


_CSS = """
body{font:16px/1.55 system-ui,-apple-system,Segoe UI,"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","Noto Sans Hebrew","Noto Sans Devanagari","Noto Sans Greek",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.summary p{margin:.4rem 0}.cite{font-size:.8em;vertical-align:super;cursor:pointer;color:#0b57d0;
background:none;border:0;padding:0 .1em}.cite:hover,.cite:focus{text-decoration:underline}
.evidence{display:none;margin:.3rem 0 .8rem 1rem;padding:.5rem .8rem;border-left:3px solid #0b57d0;background:#f4f7fd;font-size:.92em}
.evidence.open{display:block}.evidence blockquote{margin:.3rem 0}.muted{color:#666;font-size:.9em}
ol.sources li{margin:.3rem 0}.off{color:#a33}.errors li{color:#a33}
.notice{border:1px solid #e0b4b4;background:#fff6f6;padding:.6rem .9rem;border-radius:4px}
.entity{margin:.5rem 0}.entity .quotes{margin:.2rem 0 .2rem 1.2rem;font-size:.95em}
table{border-collapse:collapse;width:100%;font-size:.92em}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr.disputed{background:#fff4d6}.tag{font-size:.75em;padding:0 .35em;border-radius:3px;background:#f1c21b;color:#000}
svg.timeline{width:100%;height:auto}svg.timeline text{font-size:12px;fill:#1d1d1f}svg.timeline .gap{font-size:10px;fill:#666}
td,th,li,p,code,blockquote{overflow-wrap:anywhere}.date{white-space:nowrap}
"""

_JS = """
document.querySelectorAll('.cite').forEach(function(b){b.addEventListener('click',function(){
 var box=document.getElementById(b.dataset.box);box.classList.toggle('open');
 box.querySelectorAll('[data-src]').forEach(function(q){q.style.fontWeight=(q.dataset.src===b.dataset.src)?'600':'400';});
});});
"""


def render_html(brief: Brief, *, summary: bool = True) -> str:
    """One page, no external assets; clicking ``[n]`` shows each source's supporting sentence.

    ``summary=False`` gives the analysis alone (``newsbrief analyze``).
    """
    e = html.escape
    numbers = _source_numbers(brief)
    by_id = {a.id: a for a in brief.articles}
    title = story_title(brief) or brief.story_id or "Story"
    lang = story_lang(brief)
    body = [f"<h1{lang_attrs(lang) if story_title(brief) else ''}>{e(title)}</h1>"]
    if lang and lang != "en":
        body.append(f'<p class="muted">Language: {e(profile_for(lang).name)} (<code>{e(lang)}</code>)</p>')
    note = unavailable_note(brief.analysis)
    if note:
        body.append(f'<div class="notice" id="unavailable">{e(note)}</div>')
    if brief.off_story:
        items = "".join(
            f"<li>[{numbers[o.article]}] {e(_label(by_id[o.article]))}: {e(o.reason)}</li>"
            for o in brief.off_story if o.article in by_id
        )
        body.append(f'<div class="notice" id="off-story"><b>Left out of the summary as off-story</b>'
                    f' (<code>--keep-off-story</code> keeps them):<ul>{items}</ul></div>')
    body.append(f'<section class="summary"{lang_attrs(lang)}>' if summary else '<section class="summary" hidden>')
    for k, s in enumerate(brief.summary.sentences if summary else ()):
        cites = "".join(
            f'<button class="cite" data-box="ev{k}" data-src="{e(a)}" title="{e(_label(by_id[a]))}">[{numbers[a]}]</button>'
            for a in s.sources
        )
        quotes = "".join(
            f'<div data-src="{e(ev.article)}"><b>[{numbers[ev.article]}] {e(by_id[ev.article].article.outlet or ev.article)}</b>'
            f' <span class="muted">(similarity {ev.score:.2f})</span>'
            f"<blockquote{lang_attrs(by_id[ev.article].article.lang)}>{e(ev.sentence)}</blockquote></div>"
            for ev in s.evidence
        )
        body.append(
            f"<p{lang_attrs(by_id[s.article].article.lang)}>{e(s.text)} {cites}</p>"
            f'<div class="evidence" id="ev{k}">{quotes}</div>'
        )
    body.append(
        f'<p class="muted"{lang_attrs("en") if lang and lang != "en" else ""}>{brief.summary.words} words '
        f"(budget {brief.summary.budget_words}).</p></section>"
    )
    if brief.analysis is not None:
        body += _html_analysis(brief.analysis, numbers, summary=summary)
    notes = _source_notes(brief)
    body.append('<h2>Sources</h2><ol class="sources">')
    for parsed in brief.articles:
        note = f' <span class="off">{e(notes[parsed.id])}</span>' if parsed.id in notes else ""
        label = e(_label(parsed))
        if parsed.article.lang and parsed.article.lang != "en":
            label = f"<bdi{lang_attrs(parsed.article.lang)}>{label}</bdi>"  # an RTL title never reorders the line
        body.append(f"<li>{label} <code>{e(parsed.id)}</code>{note}</li>")
    body.append("</ol>")
    if brief.errors:
        body.append('<h2>Inputs not used</h2><ul class="errors">' + "".join(f"<li>{e(x)}</li>" for x in brief.errors) + "</ul>")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"{HTML_GENERATOR}"
        f"<title>{e(title)} — newsbrief</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + f"<script>{_JS}</script></body></html>\n"
    )


def _html_marks(ids, numbers: dict[str, int]) -> str:
    return "".join(f'<sup class="muted">[{n}]</sup>' for n in sorted(numbers[a] for a in ids if a in numbers))


def _html_analysis(a: Analysis, numbers: dict[str, int], *, summary: bool = True) -> list[str]:
    e = html.escape
    body: list[str] = []
    said: dict[str, list] = {}
    for q in a.quotes:
        said.setdefault(q.speaker or "", []).append(q)
    actors, groups = actors_and_groups(a.entities)
    if actors:
        body.append('<h2>Who and what</h2><section class="entities">')
        for ent in actors[:MAX_LISTED_ENTITIES]:
            role = f", {e(ent.title)}" if ent.title else ""
            aka = f' <span class="muted">also {e(", ".join(ent.aliases))}</span>' if ent.aliases else ""
            quotes = "".join(
                f"<li>“{e(q.text)}” {_html_marks(q.articles, numbers)}</li>" for q in said.pop(ent.name, [])
            )
            body.append(
                f'<div class="entity"><b>{e(ent.name)}</b> <span class="muted">({e(type_label(ent.type))}{role};'
                f" {plural(ent.mentions, 'mention')})</span>{aka} {_html_marks(ent.articles, numbers)}"
                + (f'<ul class="quotes">{quotes}</ul>' if quotes else "")
                + "</div>"
            )
        if groups:
            body.append('<p class="muted">Groups and nationalities mentioned: '
                        + ", ".join(e(g.name) for g in groups) + "</p>")
        body.append("</section>")
    rest = [q for qs in said.values() for q in qs]
    if rest:
        body.append('<h2>Other quotes</h2><ul class="quotes">')
        for q in rest:
            who = _speaker_label(q)
            body.append(f"<li>“{e(q.text)}” — {e(who)} {_html_marks(q.articles, numbers)}</li>")
        body.append("</ul>")
    if a.figures:
        body.append('<h2>Figures</h2><table class="figures"><tr><th>Quantity</th><th>Values (source, date)</th></tr>')
        for f in a.figures:
            values = "<br>".join(
                f"{e(v.text)} {_html_marks(v.articles, numbers)}"
                + (f' <span class="muted">{e(_value_dates(v))}</span>' if any(v.dates) else "")
                for v in f.values
            )
            tag = (' <span class="tag">disputed</span>' if f.disputed
                   else ' <span class="muted">(updated over time)</span>' if f.updated else "")
            body.append(f'<tr class="{"disputed" if f.disputed else ""}"><td>{e(f.quantity)}{tag}</td><td>{values}</td></tr>')
        body.append("</table>")
    if a.timeline:
        body.append("<h2>Timeline</h2>" + _timeline_svg(a, numbers))
    if a.coverage:
        backs = f"<th>{COVERAGE_BACKS}</th>" if summary else ""
        body.append(f'<h2>Coverage</h2><table class="coverage"><tr><th>Source</th>{backs}<th>{COVERAGE_ONLY}</th></tr>')
        for c in a.coverage:
            points = f"<td>{', '.join(str(p + 1) for p in c.summary_points) or 'none'}</td>" if summary else ""
            only = "".join(f'<li dir="auto">{e(x)}</li>' for x in c.exclusive)
            body.append(f"<tr><td>[{numbers.get(c.article, '?')}] <code>{e(c.article)}</code></td>{points}"
                        f"<td>{f'<ul>{only}</ul>' if only else '—'}</td></tr>")
        body.append("</table>")
    return body


def _timeline_svg(a: Analysis, numbers: dict[str, int]) -> str:
    """The timeline picture (timeline_svg.py: one layout for this report and the web page)."""
    return timeline_svg([Event(t.date, t.text, _marks(t.articles, numbers)) for t in a.timeline])


RENDERERS = {"md": render_markdown, "json": render_json, "html": render_html}
