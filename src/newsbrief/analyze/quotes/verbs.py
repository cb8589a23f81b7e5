"""The speech verb a quote hangs on, and the token the parse makes its speaker: the verb's subject, an inverted
subject ('said X'), the carrier of 'as saying', the holder of 'according to'."""

from __future__ import annotations

from spacy.tokens import Doc

from ..spans import entities_at
from .words import _INDEFINITE, _PRONOUNS, _QUOTE_GLYPHS, SPEECH_VERBS, _doc_text, _inside, _is_person_noun


def _reports_speech(doc: Doc, start: int, end: int, every_quote) -> bool:
    """Does this paragraph end in a sentence whose main verb is a speech verb ("Clark says the
    family is sick over their loss.")? A quote standing alone right after it is that speaker's."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or _inside(end - 1, every_quote):
        return False
    last = list(span.sents)[-1]
    return last.root.lemma_.lower() in SPEECH_VERBS and not any(_inside(t.idx, every_quote) for t in last)


def _predicate_subject(doc: Doc, start: int, end: int, quoted):
    """The subject, outside the quotation, of the verb the quotation opens with: "the committee" of
    'the committee also "hopes Macau will ..."'. None when the quotation is a whole clause."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.head.i != t.i]
    if not heads or heads[0].pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in heads[0].children if c.dep_ in ("nsubj", "nsubjpass") and c.i < span.start
                and not _inside(c.idx, quoted)]
    if not subjects or subjects[0].pos_ == "PRON" and subjects[0].lower_ not in _PRONOUNS:
        return None
    return subjects[0]


def _tag_verb(doc: Doc, end: int, limit: int, quoted):
    """The verb of a quotative tag after the quotation, '"...," a friend of the family shared.': the
    one verb between the closing mark and the sentence end, with its subject there and no object or
    clause of its own (the quotation is what it says), however the parser attached the tag."""
    stretch = doc.char_span(end, limit, alignment_mode="contract")
    if stretch is None or not len(stretch):
        return None
    words = [t for t in stretch if not _inside(t.idx, quoted)]
    verbs = [t for t in words if t.pos_ == "VERB"]
    if len(verbs) != 1:
        return None
    verb = verbs[0]
    # A tag is set off from the quotation ('...," a friend shared'), and is no clause on a noun
    # ("the 'please take me back' letter Katie Holmes has received").
    before = _doc_text(doc)[max(0, end - 2) : end + 2]
    if verb.dep_ in ("relcl", "acl", "amod") or not any(ch in before for ch in ",?!"):
        return None
    inside = {t.i for t in words}
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp") and c.i in inside for c in verb.children):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") and c.i in inside for c in verb.children):
        return None
    return verb


def _governing_speech_verb(doc: Doc, start: int, end: int, quoted, paragraph: tuple[int, int]):
    """The speech verb the quoted words depend on: climb from the quotation's head word (the token of
    the quote whose head lies outside it) through the clauses above it, within the quote's paragraph
    (the sentence splitter may run two paragraphs together)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None or not len(span):
        return None
    # Heads outside the quotation but inside its paragraph: the parser may run the previous
    # paragraph's sentence into the quote's first one.
    heads = [t for t in span if not (span.start <= t.head.i < span.end) and t.head.i != t.i
             and paragraph[0] <= t.head.idx < paragraph[1]]
    if not heads:
        return None
    token = heads[0].head
    # 'As Ruiz says, engineers now look for cracks "that nobody could see before"': the clause an "as"
    # speech clause modifies is what its subject says, whatever the clause's own verb and subject.
    reported = _as_says(token, quoted, paragraph)
    if reported is not None:
        return reported
    # The quotation as the clausal complement of a verb outside it is what that verb's subject said,
    # whatever the verb ("the source shared", "the statement read", "she sang"): the relation, not
    # a word list, makes it speech.
    if (heads[0].dep_ in ("ccomp", "parataxis") and token.pos_ == "VERB" and not _inside(token.idx, quoted)
            and paragraph[0] <= token.idx < paragraph[1]
            and (any(c.dep_ in ("nsubj", "nsubjpass") and not _inside(c.idx, quoted) for c in token.children)
                 # '"...," rued the National Party': an inverted tag, its subject parsed as the object.
                 or token.idx >= end and _inverted_subject(token, quoted) is not None)):
        # Unless that clause is itself reported: 'a judge who said he had shown he "has no respect
        # ..."' are the judge's words (the speech verb above), not those of "he" who "had shown".
        reported = (token.dep_ in ("ccomp", "xcomp", "conj") and token.lemma_.lower() not in SPEECH_VERBS
                    and token.head.i != token.i)
        above = _speech_verb_above(token.head, start, end, quoted, paragraph) if reported else None
        return above if above is not None else token
    return _speech_verb_above(token, start, end, quoted, paragraph) or _holder_above(token, start, end, quoted,
                                                                                     paragraph)


def _holder_above(token, start: int, end: int, quoted, paragraph: tuple[int, int]):
    """With no speech verb above a quoted phrase, the verb whose clausal complement holds it, with a
    subject of its own outside the quotation: 'Officials believe that a ban will be the "last chance ..."'
    (the complement is what its subject holds, as for a quotation that is the whole complement)."""
    for _ in range(6):
        head = token.head
        if head.i == token.i or token.dep_ in ("relcl", "acl") or _inside(head.idx, quoted) \
                or not paragraph[0] <= head.idx < paragraph[1]:
            return None
        if token.dep_ == "ccomp" and head.pos_ == "VERB" and any(
                c.dep_ == "nsubj" and not _inside(c.idx, quoted) for c in head.children):
            return head
        token = head
    return None


def _speech_verb_above(token, start: int, end: int, quoted, paragraph: tuple[int, int]):
    """The first speech verb met climbing from ``token`` through at most six clauses, within the
    paragraph and outside the quotation at ``start``-``end``; None past a relative clause or the root."""
    for _ in range(6):
        if start <= token.idx < end or not paragraph[0] <= token.idx < paragraph[1]:
            return None
        # A passive with no agent names no speaker ('Iceland would be admitted into the EU so that it could
        # become "a much bigger player"': another sense of the word, or words nobody is said to say).
        passive = any(c.dep_ == "auxpass" for c in token.children) and not any(
            c.dep_ == "agent" for c in token.children)
        speech = token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS and not passive
        # Another quotation on the way up is climbed through ('the committee said it "took note" of
        # measures "to benefit ..."': the second quote hangs on the first, both on the committee's
        # "said"), but a speech verb inside one is quoted speech, not this quote's attribution.
        if _inside(token.idx, quoted):
            if speech:
                return None
        elif speech:
            return token
        # A relative clause ends the climb, a content clause on a noun does not: 'expressed the hope
        # that the talks would "never ..."' (its "that" a conjunction, not a pronoun of the clause).
        content = token.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)
        if token.head.i == token.i or token.dep_ == "relcl" or token.dep_ == "acl" and not content:
            return None
        token = token.head
        reported = _as_says(token, quoted, paragraph)
        if reported is not None:
            return reported
    return None


def _as_says(token, quoted, paragraph: tuple[int, int]):
    """The speech verb of an "as X says" clause hung on ``token`` ("As Ruiz says, engineers ..."), or None.
    The clause says nothing of its own: "As she said goodbye, ..." (an object) only tells when."""
    for child in token.children:
        if (child.dep_ == "advcl" and child.pos_ == "VERB" and child.lemma_.lower() in SPEECH_VERBS
                and any(g.dep_ == "mark" and g.lower_ == "as" for g in child.children)
                and not any(g.dep_ in ("dobj", "ccomp", "xcomp") for g in child.children)
                and not _inside(child.idx, quoted) and paragraph[0] <= child.idx < paragraph[1]):
            return child
    return None


def _speaker_token(verb, quoted):
    """The token naming who speaks for a speech verb, "according to X" or "in the words of X"."""
    if verb.lower_ in ("according", "words"):
        for tok in verb.doc[verb.i + 1 : verb.i + 4]:
            if tok.lower_ in ("to", "of"):
                objects = [c for c in tok.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        return None
    said_as = any(g.dep_ == "pcomp" and g.lemma_.lower() in SPEECH_VERBS
                  for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children)
    if said_as and (quoted_one := _said_as_speaker(verb, quoted)) is not None:
        return quoted_one  # '"...," the agency quoted Greve as saying': the verb that takes the quote
    # 'Arrendel, who was called by him as "an athlete ..."': a passive speech verb's agent ("by him")
    # used the words, not its subject; "was quoted by X" names who passed them on.
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj" and not _inside(g.idx, quoted)]
    if agents and verb.lemma_.lower() != "quote" and any(c.dep_ == "auxpass" for c in verb.children):
        return agents[0]
    # 'the late harbor leader Tomas Greve once joked to her: "..."' parsed as a clause on "leader" (a reduced
    # relative): a speech verb with no agent, object or clause of its own says what that noun said.
    if (verb.dep_ == "acl" and verb.head.i < verb.i and verb.head.pos_ in ("NOUN", "PROPN") and not agents
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "auxpass") for c in verb.children)
            and not _inside(verb.head.idx, quoted)):
        return verb.head
    head = verb
    for _ in range(4):
        # The small model sometimes hangs the subject on the auxiliary ("Caldera, 82, was catapulted").
        children = [*head.children, *(g for c in head.children if c.dep_ in ("aux", "auxpass") for g in c.children)]
        subjects = [c for c in children if c.dep_ in ("nsubj", "nsubjpass") and not _inside(c.idx, quoted)]
        if subjects:
            # A clause has one subject: of two the parse hangs on a speech verb, a person (who speaks)
            # beats a thing from a fronted phrase it misattached ("Asked what one might say upon seeing
            # Caihong, paleontologist Julia Clarke said"); else the first, as the parse has them.
            people = [c for c in subjects if c.ent_type_ == "PERSON"]
            return people[-1] if people else subjects[0]
        # "He blamed X in Congress ..., saying, '...'": a participle's subject is its clause's, so
        # no name between an earlier quotation and it is; nor is one before the "saying" of '"...," he
        # was quoted by the Coastal Times as saying' (its speaker is the carrying verb's, below).
        participle = (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i < verb.i
                      or verb.dep_ == "pcomp" and verb.head.lower_ == "as")
        if head.i == verb.i:
            after = _inverted_subject(verb, quoted) or (None if participle else _name_before_verb(verb, quoted))
            if after is not None:
                return after
        # "said another State Department official": spaCy often makes the inverted subject an object.
        inverted = [c for c in head.children if c.dep_ in ("dobj", "attr") and c.i > head.i
                    and (c.pos_ == "PROPN" or _is_person_noun(c)) and not _inside(c.idx, quoted)]
        if inverted and head.i == verb.i:
            return inverted[0]
        # The quote hangs on the "saying" of "the agency quoted Greve as saying": the carrying verb's object.
        if head.dep_ == "pcomp" and head.head.lower_ == "as" and head.head.head.pos_ == "VERB":
            carrier = head.head.head
            quoted_one = _said_as_speaker(carrier, quoted)
            if quoted_one is not None:
                return quoted_one
            head = carrier  # "Greve was quoted as saying": the passive subject, found on the next round
            continue
        # "..., saying ...", "turned to Kerry and said", "issued a statement explaining": the
        # subject belongs to the governing verb.
        if head.dep_ in ("advcl", "conj", "xcomp", "ccomp", "relcl", "acl", "dobj") and head.head.i != head.i:
            head = head.head
        else:
            break
    return None


def _said_as_speaker(carrier, quoted):
    """Who speaks when a verb carries an "as saying" phrase: its object ("quoted Greve as saying",
    "cited officials as saying"); its subject only passes the words on. None without an object."""
    return next((c for c in carrier.children if c.dep_ == "dobj" and not _inside(c.idx, quoted)), None)


def _inverted_subject(verb, quoted):
    """Quotative inversion, '"...," said West Covina resident Jonathan Rosario, who ...': a speech verb
    right after the quote takes the noun phrase that follows it as its subject, however the parser
    attached that phrase (it often makes the name the subject of the next clause's verb)."""
    doc = verb.doc
    before = doc[verb.i - 1] if verb.i else None
    if before is None or not (before.is_punct or _inside(before.idx, quoted)):
        return None  # not right after the quotation: "he said" order, handled by the parse
    i = verb.i + 1
    # The phrase: determiners, modifiers and compounds up to its last proper noun or person noun.
    last = None
    while i < len(doc) and i <= verb.i + 8 and doc[i].pos_ in ("DET", "PROPN", "NOUN", "ADJ", "PUNCT", "PART") \
            and not (doc[i].is_punct and doc[i].text not in (".", "-")) and not _inside(doc[i].idx, quoted):
        if i > verb.i + 1 and doc[i].is_sent_start:
            break  # '... described witness Henry Oliver.Investigators said': the next sentence's subject
        if doc[i].pos_ == "PROPN" or _is_person_noun(doc[i]):
            last = doc[i]
        i += 1
    return last


def _name_before_verb(verb, quoted):
    """'"...," Shinji Nishimoto, lead author of the study, said': the name standing between the
    closing mark and a subjectless speech verb is its subject, however the parser attached it (here
    as the subject of "lead")."""
    doc = verb.doc
    i = verb.i - 1
    while i >= 0 and verb.i - i <= 16 and not _inside(doc[i].idx, quoted) and doc[i].text not in _QUOTE_GLYPHS:
        i -= 1
    if i < 0 or not (_inside(doc[i].idx, quoted) or doc[i].text in _QUOTE_GLYPHS):
        return None  # the stretch before the verb does not start at a quotation
    for tok in doc[i + 1 : verb.i]:
        ent = next((e for e in entities_at(doc, tok.i) if e.label_ in ("PERSON", "ORG") and e.start == tok.i), None)
        if ent is not None:
            return ent.root if ent.end <= verb.i else None
    # '"...," a traveller waiting for his train said': an indefinite noun phrase opening the tag is
    # its subject, whatever the parser made of the words after it (here "his train said").
    words = [t for t in doc[i + 1 : verb.i] if not t.is_punct]
    if words and words[0].lower_ in _INDEFINITE and words[0].pos_ in ("DET", "NUM"):
        head = None
        for tok in doc[words[0].i + 1 : verb.i]:
            if tok.pos_ not in ("NOUN", "ADJ", "PROPN") and tok.text != "-":
                break
            head = tok if tok.pos_ == "NOUN" else head
        return head
    return None
