"""Entities: one entry per real-world person, organization or place across a story's articles.

spaCy finds the mentions; this module decides which mentions are the same
entity. People are merged by name shape: "John Kerry", "John F. Kerry" and
"Kerry" are one person when only one person in the story has the surname
Kerry; "Bashar al-Assad" and "Bashar Assad" share the surname key "assad".
A bare surname shared by two people (the Tsarnaev brothers) stays its own
entry rather than being guessed. Acronyms join their spelled-out name when
exactly one name fits ("U.N." and "United Nations").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..lang import ENGLISH
from ..models import Entity, ParsedArticle
from .spans import entities_at

# Entity types worth listing in a brief; dates, numbers and money belong to figures/timeline.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"})
# Labels the small model sometimes gives a full name ("Ines Calder" PRODUCT); kept only when the
# surname is tagged PERSON elsewhere in the story, else dropped.
MAYBE_PERSON_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "ORG", "GPE"})

# Words spaCy sometimes keeps at the front of a PERSON span; never part of the name.
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. sen sen. rep rep. gov gov. gen gen. president secretary minister "
    "prime foreign chancellor senator governor mayor general sir lord lady king queen prince pope "
    "judge justice sheikh secretary-general anonymous".split()
) | {form for title in ENGLISH.person_titles for form in (title, title + ".")}  # "Lt. John Corina"
# Lower-case particles inside surnames: "Carla del Ponte", "Osama bin Laden", "Bashar al-Assad".
PARTICLES = frozenset("al el bin ibn de del della di da van von der den la le du dos das abu".split())
SURNAME_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|at|ibn|bin)[-‐]", re.IGNORECASE)

# Role words that make the words before a name (or an appositive after it) a title.
ROLE_WORDS = frozenset(
    """president secretary minister director spokesman spokeswoman spokesperson envoy ambassador chancellor
    general senator governor mayor chief chairman chairwoman chair leader king queen prince pope judge analyst
    investigator official commander premier representative attorney lawyer professor ceo founder host
    reporter correspondent editor coach captain secretary-general prosecutor officer sheriff head manager
    adviser advisor aide expert economist candidate nominee justice deputy speaker lawmaker congressman
    congresswoman diplomat researcher scientist activist executive administrator commissioner negotiator
    strategist historian author""".split()
)
# A title is at most this many words; longer runs are sentence text, not a role (checked on the seed story).
MAX_TITLE_WORDS = 7
# An appositive role may run longer, in tokens: "the Richmond County school system's director of communications".
MAX_APPOSITIVE_TOKENS = 10
# Single-token ORG spans that are pieces of a title ("Secretary of State"), not organizations.
TITLE_FRAGMENTS = frozenset({"state"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "&", "on", "in"})


@dataclass(slots=True)
class _Group:
    """Mutable accumulator while clustering; frozen into an Entity at the end."""

    surfaces: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    articles: dict = field(default_factory=dict)  # article id -> None, keeps first-seen order
    mentions: int = 0

    def absorb(self, other: _Group) -> None:
        self.surfaces.update(other.surfaces)
        self.labels.update(other.labels)
        for a in other.articles:
            self.articles.setdefault(a, None)
        self.mentions += other.mentions

    @property
    def label(self) -> str:
        if self.labels["PERSON"] and self.labels["PERSON"] * 2 >= sum(self.labels.values()):
            return "PERSON"
        return self.labels.most_common(1)[0][0]


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention in one article: character span and the entity it resolved to."""

    article: int
    start: int
    end: int
    entity: int
    subject: bool


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """The story's entities plus what quotes need: every mention and a name resolver."""

    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    by_key: dict[str, int]
    by_span: dict[tuple[int, int], int]
    # Entity number -> "he" or "she", where the text says so ("Mrs. Wagner", "Olnev, a factory worker
    # ... his wife, Betty"): "she said" never means a man the story called Mr.
    genders: dict[int, str] = field(default_factory=dict)
    # Entity numbers of names written with "the" or as a plural ("The Texas Rangers have joined ..."):
    # a group or a thing, never one person, whatever the tagger's label.
    groups: frozenset[int] = frozenset()

    def resolve(self, name: str) -> Entity | None:
        """The entity a name refers to ("KERRY", "John F. Kerry", "Kerry's"), or None."""
        key = name_key(name)
        if key in self.by_key:
            return self.entities[self.by_key[key]]
        words = key.split()
        # Transcript labels carry titles: "prime minister david cameron" -> "david cameron".
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            if tail in self.by_key:
                return self.entities[self.by_key[tail]]
        if len(words) == 1:
            # A surname spaCy did not tag here ("Delgado shot back"): the one person who has it.
            people = self._surname_holders(key)
            if len(people) == 1:
                return self.entities[people[0]]
        return None

    def namesake(self, word: str, article: int, position: int) -> Entity | None:
        """Of several people with the surname ``word`` ("Trent" in a story of a mother, a daughter and a
        father Trent), the one article number ``article`` mentioned last before character ``position``;
        None when fewer than two full names share it (:meth:`resolve` decides then) or none came before."""
        people = {k for k in self._surname_holders(name_key(word)) if " " in self.entities[k].name}
        if len(people) < 2:
            return None
        before = [m for m in self.mentions if m.article == article and m.start < position and m.entity in people]
        return self.entities[max(before, key=lambda m: m.start).entity] if before else None

    def _surname_holders(self, key: str) -> list[int]:
        return [k for k, e in enumerate(self.entities)
                if e.type == "PERSON" and _person_parts(name_key(e.name))[1] == key]

    def at(self, article: int, start: int) -> Entity | None:
        """The entity whose mention starts at this character of article number ``article``."""
        i = self.by_span.get((article, start))
        return None if i is None else self.entities[i]


def name_key(text: str) -> str:
    """Lower-case matching key: no dots, possessive, leading "the" or curly apostrophes."""
    text = text.replace("’", "'").replace("‘", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = text.replace(".", "").lower()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def find_entities(articles: Sequence[ParsedArticle], docs: Sequence[Doc]) -> tuple[Entity, ...]:
    """The story's entities, most mentioned first, one entry per real-world entity.

    Args:
        articles: the parsed articles of one story.
        docs: ``docs[i]`` is the full spaCy Doc of ``articles[i].clean.text``.

    Returns:
        Entities with canonical ``name``, other surface forms as ``aliases``,
        a ``title`` when the text gives one, mention count and article ids.

    Example:
        >>> [e.name for e in find_entities(arts, docs)][:2]  # doctest: +SKIP
        ['John Kerry', 'Vladimir Putin']
    """
    return build_index(articles, docs).entities


def build_index(articles: Sequence[ParsedArticle], docs: Sequence[Doc]) -> EntityIndex:
    """Cluster every entity mention of the story; see :func:`find_entities`."""
    groups: dict[str, _Group] = {}
    raw: list[tuple[int, Span, str, bool]] = []
    roled: set[str] = set()  # non-PERSON names followed by an appositive role
    nouns: set[str] = set()  # NORP keys used at least once as a noun ("the Syrians"), not only "Syrian forces"
    units: Counter = Counter()  # mentions counted by a numeral in front: "1100 GMT" is a time zone
    determined: set[str] = set()  # names with "the" or a plural head: "the Texas Rangers"
    for number, (parsed, doc) in enumerate(zip(articles, docs)):
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS and ent.label_ not in MAYBE_PERSON_LABELS:
                continue
            span = _trim(ent)  # a plain slice: the label stays on ``ent``
            if span is None:
                continue
            surface = _display(span.text)
            label = ent.label_
            surname = _shared_surname(span) if label != "PERSON" else None
            if surname:
                # "Tamerlan and Dzhokhar Tsarnaev": the given name shares the other's surname.
                surface, label = f"{surface} {surname}", "PERSON"
            key = name_key(surface)
            if not surface[:1].isupper() and not surface[:1].isdigit():
                continue  # "democratic" tagged NORP: an adjective, not a name
            if not key or (key in TITLE_FRAGMENTS and span.start > 0 and doc[span.start - 1].lower_ == "of"):
                continue
            group = groups.setdefault(key, _Group())
            group.surfaces[surface] += 1
            group.labels[label] += 1
            group.articles.setdefault(parsed.id, None)
            group.mentions += 1
            if label != "PERSON" and " " in key and (_title_after(span) or _role_before(span)):
                roled.add(key)  # an appositive role: "Kaden Jacobs, the ... director of ...", "the envoy, X"
            if label not in ("NORP", "PERSON") and len(span) == 1 and _counted(span):
                units[key] += 1
            subject = _subject_like(span, label)
            raw.append((number, span, key, subject))
            if span.root.tag_ == "NNPS" or any(c.dep_ == "det" and c.lower_ == "the" for c in span.root.children):
                determined.add(key)
            if label == "NORP" and not (span.root.pos_ == "ADJ" or span.root.dep_ in ("amod", "compound")):
                nouns.add(key)

    _promote_people(groups, roled)
    _plural_peoples(groups, nouns)
    raw = _nationalities(groups, raw, nouns)
    # A name every mention of which a numeral counts ("at 1100 GMT") is a unit, not an actor.
    dropped = {k for k, g in groups.items() if not set(g.labels) & ENTITY_LABELS or units[k] == g.mentions}
    raw = [r for r in raw if r[2] not in dropped]
    groups = {k: g for k, g in groups.items() if k not in dropped}
    owner = _cluster(groups)  # key -> representative key
    clusters: dict[str, _Group] = {}
    for key, group in groups.items():
        rep = owner[key]
        clusters.setdefault(rep, _Group()).absorb(group)

    # A cluster holding a full person name is a person, however often spaCy tagged the bare
    # surname GPE or ORG ("Scott Michaels" once, "Michaels" GPE seven times).
    people = {owner[k] for k, g in groups.items() if g.label == "PERSON" and " " in k} | {
        rep for rep, g in clusters.items() if g.label == "PERSON"
    }
    titles = _titles(raw, owner, people)
    ordered = sorted(clusters.items(), key=lambda kv: (-kv[1].mentions, _canonical(kv[1])))
    entities, position = [], {}
    for rep, group in ordered:
        name = _canonical(group)
        aliases = tuple(sorted({s for s in group.surfaces if s != name}, key=lambda s: (-group.surfaces[s], s)))
        position[rep] = len(entities)
        entities.append(
            Entity(
                name=name,
                type="PERSON" if rep in people else group.label,
                aliases=aliases,
                title=titles.get(rep),
                mentions=group.mentions,
                articles=tuple(group.articles),
            )
        )
    by_key = {key: position[owner[key]] for key in groups}
    mentions = tuple(
        Mention(number, span.start_char, span.end_char, position[owner[key]], subject)
        for number, span, key, subject in raw
    )
    by_span = {(m.article, m.start): m.entity for m in mentions}
    cues: dict[int, Counter] = defaultdict(Counter)
    for number, span, key, _ in raw:
        for cue in (_gender_cue(span), _bound_possessive(span)):
            if cue:
                cues[position[owner[key]]][cue] += 1
    # A gender only where the cues agree (or one side clearly outnumbers the other).
    genders = {k: c.most_common(1)[0][0] for k, c in cues.items()
               if len(c) == 1 or c.most_common(2)[1][1] < c.most_common(1)[0][1]}
    groups_of = frozenset(position[owner[k]] for k in determined if k in owner)
    return EntityIndex(tuple(entities), mentions, by_key, by_span, genders, groups_of)


_FEMALE = frozenset(
    """woman girl mother daughter wife sister grandmother granddaughter aunt niece widow bride queen princess
    actress spokeswoman chairwoman congresswoman businesswoman policewoman stepmother girlfriend lady mrs mrs. ms
    ms. miss madam""".split()
)
_MALE = frozenset(
    """man boy father son husband brother grandfather grandson uncle nephew widower groom king prince actor
    spokesman chairman congressman businessman policeman stepfather boyfriend mr mr. sir""".split()
)


def _gender_cue(span: Span) -> str | None:
    """"he"/"she" when the words around a name say it: a title (Mr., Mrs.) or a gendered role in
    apposition or in front of it ("his wife, Betty", "Arthur Wagner, the woman's husband")."""
    doc = span.doc
    words = []
    if span.start > 0:
        words.append(doc[span.start - 1])
    root = span.root
    words += [c for c in root.children if c.dep_ in ("appos", "compound") and not span.start <= c.i < span.end]
    if root.dep_ in ("appos", "compound") and not span.start <= root.head.i < span.end:
        words.append(root.head)
    for word in words:
        low = word.lower_
        if low in _FEMALE or word.lemma_.lower() in _FEMALE:
            return "she"
        if low in _MALE or word.lemma_.lower() in _MALE:
            return "he"
    return None


def _bound_possessive(span: Span) -> str | None:
    """"he"/"she" from a possessive in the clause the name is the subject of: "Jumaah sent his
    supervisor a text", "Turner was not willing to leave her student". A possessive pronoun in a
    simple clause mostly refers to its subject; a pronoun inside a subordinate clause (its own verb)
    is left out, and a clause with both "his" and "her" says nothing."""
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = span.root.head
    found = set()
    for tok in verb.subtree:
        if tok.tag_ != "PRP$" or tok.lower_ not in ("his", "her") or span.start <= tok.i < span.end:
            continue
        head = tok.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.i == verb.i:
            found.add("he" if tok.lower_ == "his" else "she")
    return found.pop() if len(found) == 1 else None


# Demonyms whose country the spelling does not give away; the rest share a stem ("Syria"/"Syrian").
_DEMONYMS = {
    "american": "united states", "british": "britain", "french": "france", "dutch": "netherlands",
    "swiss": "switzerland", "welsh": "wales", "scottish": "scotland", "irish": "ireland", "greek": "greece",
    "danish": "denmark", "swedish": "sweden", "finnish": "finland", "polish": "poland", "spanish": "spain",
    "filipino": "philippines", "thai": "thailand", "turkish": "turkey", "norwegian": "norway",
    "chinese": "china", "japanese": "japan", "vietnamese": "vietnam", "lebanese": "lebanon",
    "sudanese": "sudan", "portuguese": "portugal", "congolese": "congo", "yemeni": "yemen", "iraqi": "iraq",
}
_COUNTRY_ALIASES = {"united states": ("us", "usa", "america", "united states of america"),
                    "britain": ("uk", "united kingdom", "great britain", "england")}


def _country_of(norp: str, places: list[str]) -> str | None:
    """The place (a GPE key of the story) a nationality word belongs to: "syrian" -> "syria"."""
    wanted = _DEMONYMS.get(norp)
    for place in places:
        if wanted and (place == wanted or place in _COUNTRY_ALIASES.get(wanted, ())):
            return place
    words = norp.split()
    for place in places:
        names = place.split()
        # "north korean"/"north korea", "south african"/"south africa": the same words but the last,
        # and the last a demonym of the place's last word; "saudi"/"saudi arabia": a place's first word.
        if len(names) == len(words) and names[:-1] == words[:-1] and _demonym_of(words[-1], names[-1]):
            return place
        if len(words) == 1 and len(names) == 2 and names[0] == norp and len(norp) >= 4:
            return place
    return None


def _demonym_of(word: str, place: str) -> bool:
    """Is ``word`` the demonym of the one-word place: "syria"/"syrian", "russia"/"russian",
    "israel"/"israeli", "afghanistan"/"afghan" (a long shared stem)."""
    stem = 0
    while stem < min(len(place), len(word)) and place[stem] == word[stem]:
        stem += 1
    return stem >= 4 and stem >= 0.7 * min(len(place), len(word))


def _nationalities(groups: dict[str, _Group], raw: list, nouns: set[str]) -> list:
    """Nationality words count with their country ("Syrian" forces are Syria's mentions); one with no
    country in the story that is only ever an adjective ("Russian officials") is no actor and is
    dropped; a people named as a noun ("the Chechens", "Republicans") stays, as a group."""
    places = [k for k, g in groups.items() if g.label in ("GPE", "LOC")]
    moved: dict[str, str | None] = {}
    for key, group in list(groups.items()):
        if group.label != "NORP":
            continue
        country = _country_of(key, places)
        if country is not None:
            target = groups[country]
            target.mentions += group.mentions
            for article in group.articles:
                target.articles.setdefault(article, None)
            moved[key] = country
            del groups[key]
        elif groups.get(key + "s") is not None and groups[key + "s"].label == "NORP":
            # "of Chechen descent" counts with "the Chechens" (a people the story names as a noun).
            target = groups[key + "s"]
            target.mentions += group.mentions
            for article in group.articles:
                target.articles.setdefault(article, None)
            moved[key] = key + "s"
            del groups[key]
        elif key not in nouns:
            moved[key] = None
            del groups[key]
    return [(n, span, moved.get(key, key), subject) for n, span, key, subject in raw if moved.get(key, key) is not None]


_TYPE_LABELS = {
    "PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "NORP": "group or nationality",
    "FAC": "facility", "EVENT": "event", "PRODUCT": "product", "WORK_OF_ART": "work", "LAW": "law",
    "LANGUAGE": "language",
}


def type_label(code: str) -> str:
    """An entity type in a reader's words: "PERSON" -> "person", "NORP" -> "group or nationality".

    Renderers show this; JSON keeps the code (``entities[].type``).

    Example:
        >>> type_label("GPE")
        'place'
    """
    return _TYPE_LABELS.get(code, code.lower().replace("_", " "))


def _subject_like(span: Span, label: str) -> bool:
    """Is the mention what its sentence is about: a subject, or the first person before the main verb?

    The second test survives garbled parses of long fronted clauses ("Contacted by
    phone, Andrei Kortunov, president of ..., was optimistic"), where the small
    model attaches the name as a conjunct instead of the subject.
    """
    sent = span.sent
    # Subject of the main clause only: "where JFK was shot" or "guitarist Brian Jones drowned"
    # in a relative clause does not make JFK or Jones who the next "he said" means.
    if any(t.dep_ in ("nsubj", "nsubjpass") and (t.head == sent.root or t.head.head == sent.root and t.head.dep_ == "conj")
           for t in span):
        return True
    if label != "PERSON" or span.start >= sent.root.i:
        return False
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in span):
        return False  # subject of a subordinate clause: "When host Candy Crowley said ..., he shot back"
    if span.root.dep_ in _OBJECT_DEPS:
        return False  # an object the parse is sure of: "feeling the baby they had named Tate Elise ..., she said"
    return not any(t.ent_type_ == "PERSON" for t in span.doc[sent.start : span.start])


# Dependencies of a name that is a verb's or preposition's object, never what the sentence is about.
_OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "iobj"})
_TRAILING = frozenset({"'s", "’s", "'", "’", "Ph.D.", "PhD", "M.D."})


def _trim(ent: Span) -> Span | None:
    """Drop "the", possessives, honorifics and stray words spaCy glued to a name."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in _TRAILING):
        end -= 1
    if ent.label_ == "PERSON":
        # "Forcing Assad's", "President Bashar al-Assad": keep from the first proper noun on.
        while start < end and (doc[start].pos_ not in ("PROPN",) or doc[start].lower_ in HONORIFICS):
            if doc[start].lower_ in PARTICLES and start + 1 < end:
                break
            start += 1
        if end - start >= 3 and _descriptor(doc[start]):
            start += 1  # "Filmmaker Zhang Yimou, the production's director, praised ..."
    if ent.label_ == "ORG" and start < end:
        end = _name_phrase_end(doc, doc[start:end].root, end)
    if start >= end:
        return None
    span = doc[start:end]
    return span if any(ch.isalpha() for ch in span.text) else None


def _name_phrase_end(doc, root, end: int) -> int:
    """Where an organization's name ends when the tagger cut it at "for"/"of": "the World Wide Fund"
    + "for Nature", read from the parse (the phrase hangs on the name's head and holds only proper
    nouns the tagger put in no entity of their own)."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("for", "of") or doc[end].head.i != root.i:
        return end
    i = end + 1
    while i < len(doc) and doc[i].pos_ == "PROPN" and not doc[i].ent_type_:
        i += 1
    last = doc[i - 1]
    if i == end + 1 or last.dep_ != "pobj" or last.head.i != end:
        return end
    return i


def _descriptor(token) -> bool:
    """A common noun the tagger read as part of a name because it opens the sentence ("Filmmaker
    Zhang Yimou said"): the lemmatizer's noun list holds it, and the article never capitalizes it
    where a sentence does not start (where it does, "Grace" or "Mark" is a given name)."""
    if token.lower_ not in _common_nouns() or any(not t.is_punct for t in token.sent if t.i < token.i):
        return False
    doc = token.doc
    capitalized = doc.user_data.get("newsbrief_midsentence_capitals")
    if capitalized is None:
        capitalized = doc.user_data["newsbrief_midsentence_capitals"] = {
            t.text for t in doc if t.is_title and not t.is_sent_start and t.i and not doc[t.i - 1].is_punct
        }
    return token.text not in capitalized


@lru_cache(maxsize=1)
def _common_nouns() -> frozenset[str]:
    """The English model's noun lemmas (its rule lemmatizer's index); empty without one."""
    from ..errors import ModelNotInstalled
    from ..nlp import full_pipeline

    try:
        return frozenset(full_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])
    except (KeyError, ModelNotInstalled):
        return frozenset()


def _display(text: str) -> str:
    """Shouted transcript names ("DAVID CAMERON") read as "David Cameron"; acronyms stay."""
    text = re.sub(r"\s+", " ", text.replace("’", "'")).strip().strip('"“”')
    if text.isupper() and (len(text.replace(".", "")) > 4 or " " in text):
        return " ".join(w.capitalize() if len(w) > 3 or "-" in w else w for w in text.split())
    return text


def _person_parts(key: str) -> tuple[str | None, str]:
    """(given name or None, surname key) of a person name key: "bashar al-assad" -> ("bashar", "assad")."""
    words = [w for w in key.split() if w not in HONORIFICS and not re.fullmatch(r"[a-z]", w)]
    if not words:
        return None, key
    surname = SURNAME_PREFIX.sub("", words[-1])
    given = words[0] if len(words) > 1 and words[0] not in PARTICLES else None
    return given, surname


def _shared_surname(span: Span) -> str | None:
    """The surname a lone given name shares in "Tamerlan and Dzhokhar Tsarnaev": one capitalized
    word, then "and", then a PERSON name of two or more words that the parse coordinates with it."""
    doc = span.doc
    if len(span) != 1 or span.end + 2 >= len(doc) or doc[span.end].lower_ != "and":
        return None
    other = next((e for e in entities_at(doc, span.end + 1) if e.start == span.end + 1 and e.label_ == "PERSON"), None)
    if other is None or len(other) < 2 or not (other.root.head.i == span.root.i or span.root.head.i == other.root.i):
        return None
    last = other[-1].text
    return last if last[:1].isupper() and last.isalpha() else None


def _role_before(span: Span) -> bool:
    """A name in apposition to a role: "the UN envoy for Syria, Staffan de Mistura" (the parser
    often hangs the appositive on the role's last word, "Syria", so climb out of its phrase)."""
    if span.root.dep_ != "appos":
        return False
    head = span.root.head
    for _ in range(2):
        if head.dep_ != "pobj" or head.head.dep_ != "prep":
            break
        head = head.head.head
    return head.pos_ == "NOUN" and head.lower_ in ROLE_WORDS


def _counted(span: Span) -> bool:
    """Is the one-word name counted by the number right before it ("1100 GMT", "at 5 EST")?"""
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].like_num and doc[span.start - 1].head.i == span.root.i


def _plural_peoples(groups: dict[str, _Group], nouns: set[str]) -> None:
    """The plural of a nationality the story names is that people, whatever a single mention was
    tagged: "ethnic Chechens" (GPE once) with "of Chechen descent" (NORP) is a group, not a place."""
    norps = {k for k, g in groups.items() if g.label == "NORP"}
    for key, group in groups.items():
        if group.label in ("NORP", "PERSON") or " " in key:
            continue
        if key.endswith("s") and (key[:-1] in norps or key.endswith("es") and key[:-2] in norps):
            group.labels = Counter({"NORP": sum(group.labels.values())})
            nouns.add(key)


def _promote_people(groups: dict[str, _Group], roled: set[str] = frozenset()) -> None:
    """A capitalized two- or three-word name is a person when its last word is a PERSON elsewhere,
    or when an appositive gives it a role ("Kaden Jacobs, the school system's director of ...")."""
    surnames = {k for k, g in groups.items() if " " not in k and g.labels["PERSON"]}
    # A known person's surname too: "Shannon Trent", tagged a facility, beside "Carlie Trent" (family
    # members share a surname; the tagger's label for one of them is no reason to part them).
    surnames |= {_person_parts(k)[1] for k, g in groups.items() if " " in k and g.label == "PERSON"}
    for key, group in groups.items():
        words = group.surfaces.most_common(1)[0][0].split()
        capitalized = words[0][:1].isupper() and words[-1][:1].isupper() and all(
            w[:1].isupper() or w.lower() in PARTICLES for w in words)  # "Staffan de Mistura"
        if group.label == "PERSON" or not 2 <= len(words) <= 3 or not capitalized:
            continue
        if (_person_parts(key)[1] in surnames or key in roled) and group.labels["PERSON"] == 0:
            group.labels["PERSON"] += sum(group.labels.values())


def _cluster(groups: dict[str, _Group]) -> dict[str, str]:
    """Map every mention key to the key of the entity it belongs to."""
    owner = {key: key for key in groups}

    # 1. Full person names with the same given name and surname key are one person.
    full = [k for k, g in groups.items() if g.label == "PERSON" and len(k.split()) > 1]
    by_name: dict[tuple[str | None, str], str] = {}
    for key in sorted(full, key=lambda k: -groups[k].mentions):
        given, surname = _person_parts(key)
        if given is None:
            continue
        rep = by_name.setdefault((given, surname), key)
        owner[key] = rep
    people_by_surname: dict[str, set[str]] = defaultdict(set)
    people_by_given: dict[str, set[str]] = defaultdict(set)
    for (given, surname), rep in by_name.items():
        people_by_surname[surname].add(rep)
        people_by_given[given].add(rep)

    # 2. A name without a given name ("Kerry", "al-Assad", "Bin Laden") joins the one person
    #    with that surname; ORG-tagged surnames too (spaCy tags "Lavrov" ORG in some sentences).
    for key, group in groups.items():
        if owner[key] != key or (key in full and _person_parts(key)[0] is not None):
            continue
        # Any label: the small model tags a surname ORG or even GPE ("Michaels" GPE, "Lutz" ORG).
        # Risk accepted: a place named like the story's only person with that surname would join them.
        given, surname = _person_parts(key)
        if given is not None and len(key.split()) > 1:
            continue
        candidates = people_by_surname.get(surname, set())
        if len(candidates) == 1:
            owner[key] = next(iter(candidates))
        elif not candidates and group.labels["PERSON"] and len(key.split()) == 1:
            # "Ban" for "Ban Ki-moon": a given name alone, when only one person has it.
            firsts = people_by_given.get(key, set())
            if len(firsts) == 1:
                owner[key] = next(iter(firsts))

    # 3. Acronyms join the one multi-word organization or place they abbreviate.
    expansions: dict[str, set[str]] = defaultdict(set)
    for key, group in groups.items():
        # Spelled-out words only: "U.S. Senate" abbreviates to "S", not "US".
        surface = group.surfaces.most_common(1)[0][0]
        words = [w for w in surface.split() if w.lower() not in _ACRONYM_SKIP and not w.isupper() and "." not in w]
        if len(surface.split()) > 1 and len(words) > 1 and group.label in ("ORG", "GPE", "LOC", "FAC") and owner[key] == key:
            expansions["".join(w[0].lower() for w in words)].add(key)
    for key, group in groups.items():
        if " " in key or owner[key] != key or group.label == "PERSON":
            continue
        surface = group.surfaces.most_common(1)[0][0].replace(".", "")
        if not surface.isupper():
            continue
        fits = expansions.get(key, set())
        if len(fits) == 1:
            owner[key] = next(iter(fits))

    # 4. A shortened organization name joins the one longer name it ends ("Foreign Ministry" ->
    #    "Russian Foreign Ministry"); two candidates ("Senate Foreign Relations Committee" and a
    #    "House Foreign Relations Committee") leave it alone.
    orgs = [k for k, g in groups.items() if g.label == "ORG" and owner[k] == k]
    for key in orgs:
        if " " not in key:
            continue
        longer = {k for k in orgs if k != key and k.endswith(" " + key)}
        if len(longer) == 1:
            owner[key] = next(iter(longer))

    # Follow chains so every key points at a representative.
    for key in owner:
        rep = owner[key]
        while owner[rep] != rep:
            rep = owner[rep]
        owner[key] = rep
    return owner


def _canonical(group: _Group) -> str:
    """The fullest common form: the most frequent multi-word surface, else the most frequent."""
    def rank(surface: str) -> tuple:
        words = len(surface.split())
        given = group.label == "PERSON" and _person_parts(name_key(surface))[0] is not None
        return (words > 1 and group.label != "NORP", given, group.surfaces[surface], -abs(words - 2), surface)

    return max(group.surfaces, key=rank)


def _titles(raw, owner: dict[str, str], people: set[str]) -> dict[str, str]:
    """The most frequent role written next to each person's name ("Secretary of State")."""
    found: dict[str, Counter] = defaultdict(Counter)
    for number, span, key, _ in raw:
        if owner[key] not in people:
            continue
        title = _title_before(span) or _title_after(span)
        if title:
            found[owner[key]][title] += 1
    return {rep: max(c, key=lambda t: (c[t], len(t))) for rep, c in found.items()}


def _title_before(span: Span) -> str | None:
    doc = span.doc
    i = span.start
    words: list = []
    while i > 0 and len(words) < MAX_TITLE_WORDS:
        tok = doc[i - 1]
        if tok.is_punct and tok.text not in ("-",) or tok.tag_ == "POS" or tok.lower_ in ("the", "a", "an"):
            break
        # Lower-case words only as modifiers inside a role: "UN human rights investigator".
        lower_ok = tok.lower_ in ROLE_WORDS or tok.lower_ in ("of", "-") or (tok.dep_ in ("compound", "amod") and words)
        if not (tok.text[:1].isupper() or lower_ok):
            break
        if tok.ent_type_ == "PERSON":  # another person's name, not this one's title
            break
        words.insert(0, tok)
        i -= 1
    while words and words[0].lower_ in ("of", "-"):
        words.pop(0)
    if not any(w.lower_ in ROLE_WORDS for w in words):
        return None
    return doc[words[0].i : words[-1].i + 1].text


def _title_after(span: Span) -> str | None:
    """Appositive roles: "Alexander Golts, an independent military analyst in Moscow, says"."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return None
    i = span.end + 1
    if doc[i].lower_ in ("a", "an", "the"):
        i += 1
    words = []
    while i < len(doc) and doc[i].text not in (",", ".", ";", ":", "—", "(") and len(words) <= MAX_APPOSITIVE_TOKENS:
        words.append(doc[i])
        i += 1
    if not words or len(words) > MAX_APPOSITIVE_TOKENS or i >= len(doc) or doc[i].text not in (",", "."):
        return None
    if not any(w.lower_ in ROLE_WORDS and w.pos_ == "NOUN" for w in words) or any(w.pos_ in ("VERB", "AUX") for w in words):
        return None
    return doc[words[0].i : words[-1].i + 1].text
