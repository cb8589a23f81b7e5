"""A speaker token as a name: the entity it is, or who a pronoun, a title ('the sheriff'), a description or a
document ('the memo said') stands for; else an unnamed source's description."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...lang import ENGLISH
from ..entities import HONORIFICS, PARTICLES, EntityIndex, name_key
from ..spans import entities_at
from .verbs import _speaker_token
from .words import (
    _ANONYMOUS_NOUNS,
    _DOCUMENT_NOUNS,
    _INDEFINITE,
    _INSTITUTION_NOUNS,
    _NOT_SPEAKERS,
    _OBJECT_PRONOUNS,
    _ORG_WORDS,
    _PRONOUNS,
    _SPEAKER_LABELS,
    SPEECH_VERBS,
    _inside,
    _is_person_noun,
)


def _name_speaker(subject, doc: Doc, index: EntityIndex, number: int, speakers, quoted, says: bool = False,
                  exclude: frozenset = frozenset()):
    """(speaker, description) for the subject token of a speech verb (``says``: a token that "it"
    stands for as that subject; ``exclude``: people "he"/"she" cannot mean here)."""
    if subject.lower_ in _OBJECT_PRONOUNS and subject.dep_ == "pobj":
        return _resolve_pronoun(subject.idx, index, number, speakers, quoted, _OBJECT_PRONOUNS[subject.lower_],
                                exclude)
    if subject.lower_ in _PRONOUNS:
        found = _resolve_pronoun(subject.idx, index, number, speakers, quoted, subject.lower_, exclude)
        if exclude:
            return found
        before = _previous_subject(subject, quoted, index)
        if before is not None and index.at(number, before.idx) is None:
            # The sentence before is about a person the tagger did not name ("Suresh Gover said ..."):
            # that subject, not an earlier person it did name, is who "he said" means.
            last_named = max((m.start for m in index.mentions if m.article == number and m.start < subject.idx
                              and not _inside(m.start, quoted) and index.entities[m.entity].type == "PERSON"),
                             default=-1)
            if before.idx > last_named and all(pos <= before.idx for pos, _, _ in speakers if pos <= subject.idx):
                return _name_speaker(before, doc, index, number, speakers, quoted)
        return found
    if subject.lower_ in ("latter", "former") and any(c.lower_ == "the" for c in subject.children):
        # "Both Ruiz and Greve spoke, with the latter saying ...": the last (or first) of the people
        # the text just coordinated.
        people = _coordinated_people(subject, quoted)
        if not people:
            return None, None
        return _name_speaker(people[-1] if subject.lower_ == "latter" else people[0], doc, index, number, speakers,
                             quoted)
    if subject.lower_ in ("which", "who", "that") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "the Trinity Elite Titans team, which issued a statement: ..."
    if subject.lower_ == "they" and subject.dep_ in ("nsubj", "nsubjpass"):
        # "Biologists warn that ... They believe that a ban will be the 'last chance ...'": the plural
        # subject of the sentence before (quoted ones skipped), a group the text names or describes.
        group = _plural_subject_before(subject, quoted)
        if group is None:
            return None, None
        found = _name_speaker(group, doc, index, number, speakers, quoted)
        if found != (None, None) or group.pos_ != "NOUN":
            return found
        return None, doc[min(t.i for t in group.subtree if t.i <= group.i) : group.i + 1].text
    if subject.lower_ == "it":
        # '"...," it said' of a memorandum or an agency: what "it" stands for, from the parse.
        thing = _it_antecedent(subject, quoted)
        return _name_speaker(thing, doc, index, number, speakers, quoted, True) if thing is not None else (None, None)
    if subject.pos_ == "PRON":
        return None, None
    # "says Sgt. Ada Pirelli", "spokesman Lt. John Corina": a title or rank is not the name; the
    # name is the proper nouns after it (the parser may have cut the sentence at the title's dot).
    titled = _past_title(doc[subject.i + 1]) if subject.pos_ == "NOUN" and subject.i + 1 < len(doc) else None
    if _is_title_word(subject) or titled is not None:
        named = titled if titled is not None else _past_title(subject)
        if named is not None:
            return _name_speaker(named, doc, index, number, speakers, quoted)
    # A social media handle in the subject: "A Twitter user identified as @proudresister".
    handle = next((t.text for t in subject.subtree if t.text.startswith("@") and len(t.text) > 2), None)
    if handle:
        return handle, None
    # The named entity the subject token is part of ("Monday" in a garbled parse is not a speaker).
    for ent in entities_at(doc, subject.i):
        # An entity span with a verb in it ("Lew told Candy Crowley" as one WORK_OF_ART) is a misparse.
        if ent.start <= subject.i < ent.end and ent.label_ in _SPEAKER_LABELS and not any(
            t.pos_ in ("VERB", "AUX") for t in ent
        ):
            entity = _entity_in(ent, index, number)
            if entity is not None:
                return entity, None
            return _clean_name(ent.text), None
    if subject.ent_type_ in _NOT_SPEAKERS:
        return None, None  # a date, number or time read as the subject of a garbled parse
    if subject.pos_ == "PROPN":
        words = [*[c for c in subject.lefts if c.dep_ == "compound"], subject]
        if all(t.lower_ in HONORIFICS or _is_person_noun(t) for t in words):
            # "The Prime Minister of the United Kingdom Gordon Brown stated": a title alone is no name;
            # the holder is named in the title's phrase, or the speaker is only described.
            holder = _title_holder(subject, index)
            if holder is not None:
                return holder, None
            left = min(t.i for t in subject.subtree)
            return None, doc[left : subject.i + 1].text
        name = _clean_name(" ".join(t.text for t in words))
        if " " not in name:
            # "Trent says" in a story of three Trents: the one the article named last before it.
            namesake = index.namesake(name, number, subject.idx)
            if namesake is not None:
                return namesake.name, None
        entity = index.resolve(name)
        if entity is None and " " not in name:
            # An untagged given name ("Rogelio says", beside his sister Lena Okafor): the one person who has it.
            return (_person_by_one_name(name, index) or name), None
        return (entity.name if entity else name), None
    if subject.pos_ == "NOUN" and subject.text[:1].isupper() and not subject.is_sent_start:
        # '"...," Dion wrote' with "Dion" tagged a common noun (blind5): a capitalized word inside the sentence
        # that the story's entities know as a person's name is that person.
        entity = index.resolve(subject.text)
        if entity is not None and entity.type == "PERSON":
            return entity.name, None
    if subject.pos_ == "NOUN":
        # "said Melquan's former football coach, Don Clark": the appositive names the speaker.
        for child in subject.rights:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = next(iter(entities_at(doc, child.i)), None)
                if ent is not None:
                    return (_entity_in(ent, index, number) or _clean_name(ent.text)), None
            if child.dep_ == "appos" and child.pos_ == "PROPN" and _is_person_noun(subject):
                # "His daughter, Yelena, told the paper": a name the model did not tag.
                name = " ".join(t.text for t in (*[c for c in child.lefts if c.dep_ == "compound"], child))
                entity = index.resolve(name)
                return (entity.name if entity else name), None
        # "The leader of the Alberta Conservatives, Peter Hansen, said": the parser hangs the appositive on
        # the role's last word ("Conservatives"); it still names the one who holds the role.
        named = _appositive_in_phrase(subject) if _is_person_noun(subject) else None
        if named is not None:
            ent = next(iter(entities_at(doc, named.i)), None)
            if ent is not None:
                return (_entity_in(ent, index, number) or _clean_name(ent.text)), None
        tokens = [t for t in subject.subtree if t.i <= subject.i]
        left = tokens[0].i if tokens else subject.i
        phrase = doc[left : subject.i + 1].text.strip()
        holder = _title_holder(subject, index) if _is_person_noun(subject) else None
        if holder is not None:
            return holder, None  # "the mayor of Harbor City Maria de Souza said"
        # "the X" with no restrictive clause saying which X: a reference back to someone, not a description.
        the_one = phrase.lower().startswith("the ") and not any(c.dep_ in ("relcl", "acl") for c in subject.children)
        if the_one:
            holder = _titled_before(subject, index, number)
            if holder is not None:
                return holder, None  # "the sheriff said": Sheriff Ana Ruiz, the one sheriff named before
        if _is_person_noun(subject):
            # "the Texas congressman said" points back at the person just named; "the official
            # said" is an unnamed source and stays a description.
            definite = phrase.lower().startswith("the ") or any(c.dep_ == "poss" for c in subject.children)
            # "The Jewish student who suffered the injury told ...": a restrictive relative clause says
            # which person is meant, so the phrase describes someone, not the person last named.
            restricted = any(c.dep_ in ("relcl", "acl") for c in subject.children)
            # "the appeals court judges said": a plural names a group, never the one person last named.
            plural = subject.tag_ in ("NNS", "NNPS")
            if definite and not restricted and not plural and subject.lemma_.lower() not in _ANONYMOUS_NOUNS:
                named, _ = _resolve_pronoun(subject.idx, index, number, speakers, quoted)
                if named:
                    return named, None
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
                later = _named_later(subject, index, number)
                if later is not None:
                    return later, None
            return None, phrase
        # "the Russian foreign ministry said": an organization speaking; other nouns
        # ("the development declared") are not speakers at all.
        for ent in entities_at(doc, subject.i):
            if left <= ent.start <= subject.i and ent.label_ in ("ORG", "GPE") and subject.i < ent.end:
                entity = _entity_in(ent, index, number)
                return (entity or _clean_name(ent.text)), None
        if subject.lemma_.lower() in _INSTITUTION_NOUNS:
            return None, phrase  # "the government said in a statement": unnamed, and said so
        owner = _compound_name(subject)  # "the Trinity Elite Titans football team, which issued ..."
        if owner:
            entity = index.resolve(owner)
            return (entity.name if entity else owner), None
        listed = subject.lemma_.lower() in _DOCUMENT_NOUNS
        document = listed or _speaks_for_itself(subject, phrase, says)
        if document:
            # "the statement says", "The memorandum said": whoever the article said released or issued
            # that document (or the body speaking in the sentence before); with no issuer named, the
            # document is the (unnamed) source.
            issuer = _agent_of(doc, subject, index, number)  # "A statement issued by X said"
            if issuer is None and phrase.lower().startswith("the "):
                issuer = (_issuer(doc, subject, index, number) or _body_before(subject, doc, index, number, quoted)
                          or _author(subject, doc, index, number, speakers, quoted))
            if issuer:
                return issuer, None
            if listed or says:
                return None, phrase
        if any(c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in subject.children):
            return None, phrase  # "said a passer-by": someone the article does not name, whatever the noun
        if the_one and subject.tag_ not in ("NNS", "NNPS"):
            # "the Republican presidential front-runner told ...": a definite description refers
            # back to the one person the sentence before names; with none or several it says nothing
            # (nor does a plural, "the researchers told": a group).
            person = _sole_person_before(subject, index, number, quoted)
            if person is not None:
                return person, None
        return (None, phrase) if document else (None, None)
    return None, None


def _appositive_in_phrase(noun, depth: int = 2):
    """A person's name in apposition to a noun of ``noun``'s prepositional phrase ("Peter Hansen" of
    "leader of the Alberta Conservatives, Peter Hansen"), at most ``depth`` phrases down, or None."""
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.i < noun.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            named = next((c for c in obj.rights if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
            if named is None and depth > 1:
                named = _appositive_in_phrase(obj, depth - 1)
            if named is not None:
                return named
    return None


def _named_later(noun, index: EntityIndex, number: int) -> str | None:
    """The lead's delayed identification: an article opening on "was sentenced by a judge who said ..."
    names him further down ("U.S. District Judge Ana Ruiz said"): the one person this article mentions
    after its first sentence whose title ends in the noun. None outside the first sentence, for a
    plural, or with none or several such people."""
    if noun.sent.start != 0 or noun.tag_ != "NN":
        return None
    return _titled(noun, index, number, lambda m: m.start >= noun.sent.end_char)


def _titled_before(noun, index: EntityIndex, number: int) -> str | None:
    """Coreference by title: "the sheriff said" is "Sheriff Ana Ruiz", named earlier in the article,
    when she is the one person it has named with a title ending in that noun (None for a plural, or
    with none or several such people)."""
    if noun.tag_ != "NN":
        return None
    return _titled(noun, index, number, lambda m: m.start < noun.idx)


def _titled(noun, index: EntityIndex, number: int, where) -> str | None:
    """The one person of article ``number`` mentioned where ``where`` allows whose title ends in ``noun``."""
    lemma = noun.lemma_.lower()
    people = set()
    for m in index.mentions:
        entity = index.entities[m.entity]
        if (m.article == number and where(m) and entity.type == "PERSON" and entity.title
                and entity.title.split()[-1].lower() == lemma):
            people.add(entity.name)
    return people.pop() if len(people) == 1 else None


def _is_title_word(token) -> bool:
    return token.pos_ == "PROPN" and token.lower_.rstrip(".") in ENGLISH.person_titles


def _sentence_before(token, quoted):
    """The sentence before ``token``'s, skipping up to three quoted ones; None at the start or past them."""
    doc, before = token.doc, token.sent
    for _ in range(4):
        if before.start == 0:
            return None
        before = doc[before.start - 1].sent
        if not _inside(before.root.idx, quoted):
            return before
    return None


def _previous_subject(pronoun, quoted, index: EntityIndex):
    """The proper-noun subject of the main clause of the sentence before the pronoun's (quoted
    sentences skipped), when the model tagged it as no entity or as a person; else None. Sentences
    whose subject is the same pronoun are passed over ("Hilda Sorensen says ... He says ... '...,'
    he says": one referent), up to three of them."""
    before = pronoun
    for _ in range(4):
        before = _sentence_before(before, quoted)
        if before is None:
            return None
        subjects = [c for c in before.root.children if c.dep_ == "nsubj" and not _inside(c.idx, quoted)]
        if not subjects or subjects[0].lower_ != pronoun.lower_:
            break
        before = before[0]
    else:
        return None
    if not subjects or subjects[0].pos_ != "PROPN" or subjects[0].ent_type_ not in ("", "PERSON"):
        return None
    # A full name ("Suresh Gover"), or one word that is the name of a person the story names ("Rogelio" of
    # Rogelio Okafor, called by his given name beside his sister), not a lone capitalized word the parser
    # took as a name.
    if not any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in subjects[0].lefts) \
            and _person_by_one_name(subjects[0].text, index) is None:
        return None
    return subjects[0]


def _person_by_one_name(word: str, index: EntityIndex) -> str | None:
    """The one person of the story whose surname or given name is ``word``, or None."""
    key = name_key(word)
    found = index.resolve(word)
    if found is not None:
        return found.name if found.type == "PERSON" and " " in found.name else None
    people = {e.name for e in index.entities if e.type == "PERSON" and name_key(e.name).split()[0] == key
              and len(name_key(e.name).split()) > 1}
    return people.pop() if len(people) == 1 else None


def _plural_subject_before(pronoun, quoted):
    """The plural noun or name that is the main clause's subject in the sentence before the pronoun's
    (quoted sentences skipped), or None."""
    before = _sentence_before(pronoun, quoted)
    if before is None:
        return None
    subject = next((c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")
                    and not _inside(c.idx, quoted)), None)
    if subject is None or subject.tag_ not in ("NNS", "NNPS"):
        return None
    return subject


def _coordinated_people(token, quoted) -> list:
    """The head words of the last coordination of names before ``token`` ("Ruiz", "Greve" of "Mayor Ana
    Ruiz and harbor master Tomas Greve"), in its sentence or the one before; [] when there is none."""
    before = _sentence_before(token, quoted)
    start = before.start if before is not None else token.sent.start
    for tok in reversed(token.doc[start : token.i]):
        if tok.dep_ == "conj" and tok.pos_ == "PROPN" and tok.head.pos_ == "PROPN" and tok.head.i < tok.i \
                and not _inside(tok.idx, quoted):
            first = tok.head
            return [first, *(c for c in first.children if c.dep_ == "conj" and c.pos_ == "PROPN")]
    return []


def _sole_person_before(token, index: EntityIndex, number: int, quoted) -> str | None:
    """The one person the sentence before ``token``'s names (quoted sentences skipped), or None."""
    before = _sentence_before(token, quoted)
    if before is None:
        return None
    people = {m.entity for m in index.mentions if m.article == number and before.start_char <= m.start
              < before.end_char and not _inside(m.start, quoted) and index.entities[m.entity].type == "PERSON"}
    return index.entities[people.pop()].name if len(people) == 1 else None


def _past_title(token):
    """The last word of the name after a title ("Lt." -> "Corina" of "Lt. John Corina"), or None
    when ``token`` is no title or no proper noun follows it."""
    if not _is_title_word(token):
        return None
    doc, i, last = token.doc, token.i + 1, None
    while i < len(doc) and doc[i].text == ".":
        i += 1
    while i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text != "." and i - token.i <= 5:
        last, i = doc[i], i + 1
    return last


def _title_holder(title, index: EntityIndex) -> str | None:
    """The person a title names in its own phrase: "Gordon Brown" of "Prime Minister of the United
    Kingdom Gordon Brown" (the tagger often runs the place and the name into one span) or of "the
    Prime Minister, Gordon Brown". A name the story's entities know wins; else, after a place, the
    chain's last two words (with any particle: "Bill de Blasio")."""
    for child in title.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            head = child
        elif child.dep_ == "prep" and child.lower_ in ("of", "for"):
            head = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
        else:
            continue
        if head is None:
            continue
        chain = [t for t in head.subtree if t.i <= head.i and (t.pos_ == "PROPN" or t.lower_ in PARTICLES)]
        # In "of"/"for" the name follows the title's place or body ("of the United Kingdom Gordon Brown");
        # a phrase that is all name is whom the title relates to: "the mother of Lena Marsh" is not Lena,
        # "a spokeswoman for Ana Ruiz" not Ana Ruiz.
        whole = index.by_key.get(name_key(" ".join(t.text for t in chain))) if child.dep_ == "prep" else None
        if whole is not None and index.entities[whole].type == "PERSON":
            continue
        for k in range(len(chain)):
            entity = index.resolve(" ".join(t.text for t in chain[k:]))
            if entity is not None and entity.type == "PERSON":
                return entity.name
        if child.dep_ == "appos" and head.ent_type_ == "PERSON":
            return " ".join(t.text for t in chain)
        if len(chain) >= 3 and chain[-1].ent_type_ in ("PERSON", "ORG", ""):  # not "of New York City"
            k = len(chain) - 2
            while k > 0 and chain[k].lower_ in PARTICLES:
                k -= 1
            return " ".join(t.text for t in chain[k:])
    return None


def _compound_name(noun) -> str | None:
    """Proper-noun words in front of a common noun: "Trinity Elite Titans" of "... football team"."""
    names = [t for t in noun.subtree if t.i < noun.i and t.pos_ == "PROPN" and t.dep_ in ("compound", "poss")]
    if not names:
        return None
    return noun.doc[names[0].i : names[-1].i + 1].text


def _agent_of(doc: Doc, noun, index: EntityIndex, number: int) -> str | None:
    """The issuer a document's own phrase names: "a statement released by X", "issued on behalf of X",
    "a letter from X"."""
    # "from" right after the noun, wherever the parse attached it ("highlighted a thread from X" hangs it on the verb).
    after = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    following = [c for c in after.children if c.dep_ == "pobj"] if after is not None and after.lower_ == "from" else []
    for agent in [*noun.subtree, *following]:
        if agent.dep_ == "pobj" and (agent.head.lower_ in ("by", "from") or agent.head.lower_ == "of"
                                     and agent.head.head.lower_ == "behalf"):
            for ent in entities_at(doc, agent.i):
                if ent.start <= agent.i < ent.end and ent.label_ not in _NOT_SPEAKERS:  # VX Underground: LOC
                    return _entity_in(ent, index, number) or _clean_name(ent.text)
    return None


def _owner_of(doc: Doc, noun, index: EntityIndex, number: int) -> str | None:
    """The body or person a document's own phrase makes its owner: "the Samsung policy", "the court's order"."""
    for owner in noun.children:
        if owner.dep_ not in ("compound", "poss") or owner.i > noun.i:
            continue
        for ent in entities_at(doc, owner.i):
            if ent.label_ in ("ORG", "PERSON", "GPE"):
                return _entity_in(ent, index, number) or _clean_name(ent.text)
    return None


def _issuer(doc: Doc, noun, index: EntityIndex, number: int) -> str | None:
    """Who the text said released the document ``noun`` names, looking back from it."""
    lemma = noun.lemma_.lower()
    for tok in reversed(doc[: noun.i]):
        # "X released a statement", or "In a statement, X said"; "A statement issued by X said ...".
        in_pp = tok.dep_ == "pobj" and tok.head.lower_ == "in"
        if tok.lemma_.lower() != lemma or not (tok.dep_ in ("dobj", "nsubj", "nsubjpass") or in_pp):
            continue
        agent = _agent_of(doc, tok, index, number) or _owner_of(doc, tok, index, number)
        if agent is not None:
            return agent
        if tok.dep_ != "dobj" and not in_pp:
            continue  # a subject whose phrase names no issuer: look further back
        subjects = [c for c in (tok.head.head if in_pp else tok.head).children if c.dep_ == "nsubj"]
        if not subjects:
            return None
        for ent in entities_at(doc, subjects[0].i):
            if ent.start <= subjects[0].i < ent.end and ent.label_ in _SPEAKER_LABELS:
                return _entity_in(ent, index, number) or _clean_name(ent.text)
        return None
    return None


def _speaks_for_itself(noun, phrase: str, says: bool) -> bool:
    """Is this common noun a document or body that says things ("The memorandum said", "the study
    said", "The memorandum dated ... forms a contrast. '...,' it said")? A definite thing, not a
    person, that is the subject of a speech verb in the active voice (or that "it" stands for there)
    and, speaking itself, has no relative clause ("the development that ... declared" says which one)."""
    if not phrase.lower().startswith("the ") or _is_person_noun(noun):
        return False
    return says or (noun.dep_ == "nsubj" and noun.head.lemma_.lower() in SPEECH_VERBS
                    and not any(c.dep_ in ("relcl", "acl") for c in noun.children))


def _it_antecedent(pronoun, quoted):
    """What "it" refers to when it says something: the nearest subject before it (its own sentence,
    then up to three sentences back, quoted text skipped) of a main clause or of a speech verb that
    is a noun or a name, not a person ("it" is never one) and not itself a pronoun; None when there
    is none."""
    doc, start = pronoun.doc, pronoun.sent.start
    for _ in range(3):
        before = _sentence_before(doc[start], quoted)
        if before is None:
            break
        start = before.start
    for tok in reversed(doc[start : pronoun.i]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or _inside(tok.idx, quoted) or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if not (tok.head.dep_ == "ROOT" or tok.head.lemma_.lower() in SPEECH_VERBS):
            continue  # "the overuse of fossil fuels is partly to blame" inside what was said
        if tok.ent_type_ == "PERSON" or _is_person_noun(tok):
            continue
        return tok
    return None


def _body_before(noun, doc: Doc, index: EntityIndex, number: int, quoted) -> str | None:
    """The organization speaking in the sentence before ``noun``'s ("the UNFCCC secretariat states
    ...", then "the communique says"): the named, non-person subject of that sentence's speech verb."""
    before = _sentence_before(noun, quoted)
    if before is None or before.root.lemma_.lower() not in SPEECH_VERBS:
        return None
    subject = next((c for c in before.root.children if c.dep_ == "nsubj" and not _inside(c.idx, quoted)), None)
    if subject is None or subject.pos_ == "PRON" or subject.ent_type_ == "PERSON" or _is_person_noun(subject):
        return None
    named, _ = _name_speaker(subject, doc, index, number, [], quoted)
    entity = index.resolve(named) if named else None
    return named if named and (entity is None or entity.type != "PERSON") else None


def _author(noun, doc: Doc, index: EntityIndex, number: int, speakers, quoted) -> str | None:
    """Who made the document by the act its noun names ("@resister tweeted: '...'. The tweet
    concluded with '...'"): the subject of the last verb before it with the noun's lemma."""
    lemma = noun.lemma_.lower()
    verb = next((t for t in reversed(doc[max(0, noun.i - 200) : noun.i]) if t.pos_ == "VERB"
                 and t.lemma_.lower() == lemma and not _inside(t.idx, quoted)), None)
    subject = _speaker_token(verb, quoted) if verb is not None else None
    return _name_speaker(subject, doc, index, number, speakers, quoted)[0] if subject is not None else None


def _entity_in(ent, index: EntityIndex, number: int) -> str | None:
    from ..entities import _trim  # same trimming as clustering, so the span starts match

    span = _trim(ent)
    if span is None:
        return None
    entity = index.at(number, span.start_char) or index.resolve(span.text)
    return entity.name if entity else None


def _clean_name(text: str) -> str:
    """A name as a speaker: no possessive, no title in front ("Mayor Ana Ruiz" -> "Ana Ruiz")."""
    words = re.sub(r"(?:'s|’s)$", "", text.strip()).split()
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def _may_be_person(entity, group: bool = False) -> bool:
    """A PERSON, or a two- or three-word name the small model tagged ORG ("Valentina Fomina"), unless
    the text writes it as a group (``group``: "the Texas Rangers")."""
    if entity.type == "PERSON":
        return True
    words = entity.name.split()
    return (entity.type in ("ORG", "PRODUCT", "WORK_OF_ART") and not group and 2 <= len(words) <= 3
            and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and not {w.lower() for w in words} & _ORG_WORDS)


def _resolve_pronoun(position: int, index: EntityIndex, number: int, speakers, quoted, pronoun: str | None = None,
                     exclude: frozenset = frozenset()):
    """he/she: the latest person who was a sentence subject, or spoke, before ``position``.

    ``pronoun`` ("he", "she") skips people the text gave the other gender ("his wife, Betty"), and
    ``exclude`` (canonical names) people it cannot mean.
    """
    best_pos, best = -1, (None, None)
    barred = {k for k, e in enumerate(index.entities) if e.name in exclude} if exclude else set()

    def fits(k: int | None) -> bool:
        if k is not None and k in barred:
            return False
        return k is None or pronoun is None or index.genders.get(k, pronoun) == pronoun

    for m in index.mentions:
        if m.article != number or m.start >= position or not m.subject or _inside(m.start, quoted):
            continue
        entity = index.entities[m.entity]
        if _may_be_person(entity, m.entity in index.groups) and m.start > best_pos and fits(m.entity):
            best_pos, best = m.start, (entity.name, None)
    for pos, speaker, description in speakers:
        if speaker in exclude:
            continue
        if best_pos < pos <= position and fits(index.by_key.get(name_key(speaker)) if speaker else None):
            best_pos, best = pos, (speaker, description)
    if best == (None, None):
        # Nobody was a subject yet (a first sentence in a garbled parse): the nearest person before.
        people = [m for m in index.mentions if m.article == number and m.start < position
                  and not _inside(m.start, quoted) and index.entities[m.entity].type == "PERSON"
                  and m.entity not in barred]
        if people:
            best = (index.entities[max(people, key=lambda m: m.start).entity].name, None)
    return best
