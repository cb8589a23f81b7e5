"""From a stream of articles to stories: grouping, near-duplicates, incremental state (issue 4).

``group_stories`` cleans each article, extracts cheap features
(:mod:`.features`), finds wire copies (:mod:`.duplicates`) and assigns every
article to a story in one online pass (:mod:`.cluster`). ``StoryGrouper``
holds what the pass has learned; :mod:`.state` saves and loads it so a later
run continues the same stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..clean import clean
from ..errors import EmptyArticle, InputError
from ..executor import Executor, executor_for
from ..ingest import StoryInput
from ..lang import with_language
from ..models import Article
from ..settings import DEFAULTS, Settings
from .cluster import StoryGrouper
from .features import ArticleFeatures, extract_features
from .merge import merge_groups
from .model import load_model
from .models import Story, StoryGrouping
from .state import StoryStateDir

__all__ = ["Story", "StoryGrouper", "StoryGrouping", "StoryStateDir", "group_stories", "stories_of", "story_brief"]

# Articles per worker task when cleaning in several processes: large enough
# that pickling overhead stays small, small enough to keep progress moving.
_CHUNK = 200

# (stage, done, total): stage is "cleaning" or "grouping".
Progress = Callable[[str, int, int], None]


def group_stories(
    items: Iterable[Article | StoryInput | InputError],
    *,
    grouper: StoryGrouper | None = None,
    settings: Settings = DEFAULTS,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> StoryGrouping:
    """Group articles into stories, continuing ``grouper``'s stream if given.

    Dataset lines (``StoryInput``) are pooled: their clusters are ignored and
    their articles keep ids ``<cluster id>:<index>``. Within a run, undated
    articles go first, then dated ones oldest first, so that a later run on
    newer articles extends the same stories a one-shot run would build.

    Args:
        items: what :func:`newsbrief.ingest.read_paths` yields.
        grouper: the state of earlier runs (it is updated in place); None
            starts a new stream.
        progress: called with (stage, done, total) as articles are cleaned, then grouped.
        executor: where cleaning and features run (a local pool, a Dask cluster:
            :mod:`newsbrief.executor`); default ``settings.processes`` local processes. The
            grouping pass itself runs here, on the compact features, so the stories are the
            same wherever the features were made.

    Returns:
        A StoryGrouping with every story of the stream; ``errors`` lists
        inputs that were unusable (no text, an id repeated within this run,
        unreadable); ``known`` lists ids an earlier run already grouped
        (skipped quietly: their stories are unchanged).

    Example:
        >>> from newsbrief.models import Article
        >>> g = group_stories([Article("a", "Kerry met Putin in Moscow on Tuesday to discuss Syria.")])
        >>> [s.articles for s in g.stories]
        [('a',)]
    """
    grouper = grouper if grouper is not None else StoryGrouper(load_model(settings.stories_model), settings.stories_merge)
    articles, errors = _flatten(items)
    fresh: list[Article] = []
    seen: set[str] = set()
    known: list[str] = []
    for article in articles:
        verdict = admit(article, grouper, seen)
        if verdict == "new":
            fresh.append(article)
        elif verdict == "known":
            known.append(article.id)
        else:
            errors.append(verdict)
    prepared = _prepare_all(fresh, settings, errors, progress, executor)
    return _group(prepared, fresh, grouper, errors, known, progress)


def admit(article: Article, grouper: StoryGrouper, seen: set[str]) -> str | InputError:
    """``"new"`` (and noted in ``seen``), ``"known"`` or the error for an article offered to a run.

    Known: grouped by an earlier run on this state; feeding a folder again (or an overlapping feed)
    is normal use, so a note, not an error. Twice within one run: two files claim one id, and only
    the first is grouped.
    """
    if article.id in grouper.story_of_:
        return "known"
    if article.id in seen:
        return InputError(
            f"{article.path or article.id}: article id {article.id!r} is already grouped "
            "(same file twice in this run, or two files with the same name); skipped"
        )
    seen.add(article.id)
    return "new"


def _group(prepared: list[ArticleFeatures], fresh: list[Article], grouper: StoryGrouper, errors, known, progress):
    """The grouping pass over prepared features (here, on the client, whatever made the features).

    ``prepared`` is emptied as the pass goes: a grouped article's words live on in its story's
    sums, and freeing its features as it goes lets the stories reuse that memory (issue 12:
    the features of 10,000 articles were a third of the peak).
    """
    # Undated first, then oldest first; input order breaks ties (stable sort).
    order = sorted(range(len(prepared)), key=lambda i: (prepared[i].day is not None, prepared[i].day or 0))
    kept = {feats.id for feats in prepared}
    touched: set[str] = set()
    for done, i in enumerate(order, start=1):
        touched.add(grouper.add(prepared[i]))
        prepared[i] = None
        if progress is not None and (done % 100 == 0 or done == len(order)):
            progress("grouping", done, len(order))
    owner = merge_groups(grouper, grouper.merge_) if grouper.merge_ is not None else {}
    return StoryGrouping(
        stories=stories_of(grouper, owner),
        touched=frozenset(owner.get(s, s) for s in touched),
        articles={a.id: a for a in fresh if a.id in kept},
        errors=tuple(errors),
        known=tuple(known),
    )


def stories_of(grouper: StoryGrouper, owner: dict[str, str] | None = None) -> tuple[Story, ...]:
    """The grouper's stories as frozen Story records, oldest first (undated last).

    With a merge model (``grouper.merge_``) the fragments it joins are one story: its id is
    the smallest fragment id, its articles those of its fragments, oldest fragment first, its
    title the oldest fragment's with a title. ``owner`` is :func:`.merge.merge_groups`' map, if already made.
    """
    if owner is None:
        owner = merge_groups(grouper, grouper.merge_) if grouper.merge_ is not None else {}
    parts: dict[str, list] = {}
    for state in grouper.stories_.values():
        parts.setdefault(owner.get(state.id, state.id), []).append(state)
    out = []
    for story_id, states in parts.items():
        states.sort(key=lambda s: (s.first_date is None, s.first_date or "", s.id))
        groups: dict[str, list[str]] = {}
        for state in states:
            for article in state.articles:
                head = state.copy_of.get(article, article)
                groups.setdefault(head, []).append(article)
        # As in one story: the first real title (oldest fragment first), else the opening words.
        named = next((s for s in states if s.title and not s.title_is_lead), states[0])
        dates = [d for s in states for d in (s.first_date, s.last_date) if d is not None]
        out.append(
            Story(
                id=story_id,
                title=named.title,
                articles=tuple(a for s in states for a in s.articles),
                first_seen=min(dates) if dates else None,
                last_seen=max(dates) if dates else None,
                duplicates=tuple(tuple(g) for g in groups.values() if len(g) > 1),
            )
        )
    out.sort(key=lambda s: (s.first_seen is None, s.first_seen or "", s.id))
    return tuple(out)


def story_brief(story: Story, articles: dict[str, Article], *, settings: Settings = DEFAULTS) -> dict:
    """The brief of one story as JSON-ready data (``render.to_dict``'s shape).

    Each near-duplicate group counts as one source: only its first article
    is summarized (so a wire text run by five sites is not five votes of
    support), and a summary sentence citing that article also cites the
    group's copies, appended to ``sources`` after the summarized articles.
    """
    from ..pipeline import brief_articles
    from ..render import to_dict

    copies = {group[0]: list(group[1:]) for group in story.duplicates}
    chosen = [articles[i] for i in story.representatives() if i in articles]
    result = to_dict(brief_articles(chosen, settings=settings, story_id=story.id))
    for sentence in result["summary"]["sentences"]:
        extra = [c for source in sentence["sources"] for c in copies.get(source, [])]
        sentence["sources"] = sentence["sources"] + extra
    return result


def _flatten(items: Iterable[Article | StoryInput | InputError]) -> tuple[list[Article], list[InputError]]:
    articles: list[Article] = []
    errors: list[InputError] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, StoryInput):
            articles.extend(item.articles)
            errors.extend(item.errors)
        else:
            errors.append(item)
    return articles, errors


def _prepare(article: Article, settings: Settings) -> ArticleFeatures | EmptyArticle:
    try:
        feats = extract_features(clean(with_language(article, settings.lang), settings))
    except EmptyArticle as exc:
        message = str(exc)
        if article.path and article.id not in message:
            # A dataset line holds several documents: say which one emptied.
            return EmptyArticle(message.replace(article.path, f"{article.path} (document {article.id})", 1))
        return exc
    return feats


def _prepare_chunk(job: tuple[Sequence[Article], Settings]) -> list:
    chunk, settings = job
    return [_prepare(a, settings) for a in chunk]


def _prepare_all(
    articles: list[Article], settings: Settings, errors: list[InputError], progress, executor: Executor | None = None
) -> list:
    """Clean and featurize every article on ``executor`` (default: ``settings.processes`` local processes)."""
    chunks = [(articles[i : i + _CHUNK], settings) for i in range(0, len(articles), _CHUNK)]
    results: list = []
    own = executor is None
    if own:
        executor = executor_for(processes=settings.processes if len(chunks) > 2 else 1)
    try:
        for part in executor.map(_prepare_chunk, chunks):
            results.extend(part)
            if progress is not None:
                progress("cleaning", len(results), len(articles))
    finally:
        if own:
            executor.close()
    prepared = []
    for result in results:
        if isinstance(result, EmptyArticle):
            errors.append(result)
        else:
            prepared.append(result)
    return prepared
