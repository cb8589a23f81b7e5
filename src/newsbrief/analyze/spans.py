"""Entity lookups that cost the entity, not the Doc (issue 13).

``Doc.ents`` builds a Span for every entity of the Doc on each access, and ``Span.ents`` filters
all of them: asked once per quote or per number, both made a long article quadratic. These read
the tokens' IOB tags instead and return the same spans.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def entities_at(doc: Doc, i: int) -> tuple[Span, ...]:
    """The entity holding token ``i`` as a one-span tuple (``()`` if none): what ``doc.ents`` holds there."""
    if doc[i].ent_iob_ not in ("B", "I"):
        return ()
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return (Span(doc, start, end, label=doc[i].ent_type),)


def entities_within(span: Span) -> list[Span]:
    """The entities lying wholly inside ``span``, in order (``span.ents``)."""
    doc, out, start = span.doc, [], None
    for k in range(span.start, span.end):
        iob = doc[k].ent_iob_
        if start is not None and iob != "I":
            out.append(Span(doc, start, k, label=doc[start].ent_type))
            start = None
        if iob == "B":
            start = k
    if start is not None and (span.end == len(doc) or doc[span.end].ent_iob_ != "I"):
        out.append(Span(doc, start, span.end, label=doc[start].ent_type))
    return out
