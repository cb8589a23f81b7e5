"""Score newsbrief and the baselines with ROUGE on a dataset with reference summaries.

Scoring follows the official scorer (``shared/tools/score.py``) exactly for
ROUGE-1 and ROUGE-2: rouge-score with stemming, F-measure, every output cut
to its first N whitespace words, the mean over a story's references, then
the mean over stories. ROUGE-L and ROUGE-Lsum are added the same way; for
Lsum the cut keeps each sentence on its own line and the references are
split with our sentence splitter (the official scorer reports neither).

Every system sees the same stories, the same cleaning and sentence splitter
(:mod:`newsbrief.nlp`) and the same budget. Throughput counts each system's
whole path from the read articles: newsbrief runs
:func:`newsbrief.pipeline.brief_articles` (clean, split, summarize), each
baseline is charged the same clean-and-split time plus its own selection.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .baselines import BASELINES, oracle
from .errors import ConfigError, InputError, UnsupportedFormat
from .ingest import StoryInput, read_bytes, read_dataset
from .lang import story_language
from .lang.profiles import UNICODE_WORD
from .nlp import sentence_pipeline
from .pipeline import brief_articles, parse_articles
from .settings import DEFAULTS, Settings

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


class System(str, Enum):
    """The systems ``newsbrief eval`` can run, in the order its table lists them."""

    NEWSBRIEF = "newsbrief"
    LEAD = "lead"
    FIRST = "first"
    LEXRANK = "lexrank"
    TEXTRANK = "textrank"
    CENTROID = "centroid"
    ILP = "ilp"
    SUBMODULAR = "submodular"
    ORACLE = "oracle"


class Metric(str, Enum):
    """What ROUGE reports: F-measure (Multi-News, TAC) or recall (DUC's newswire digests)."""

    F = "f"
    RECALL = "recall"


SYSTEMS = tuple(s.value for s in System)
# A system scored from a file of predictions (e.g. `newsbrief batch` output) is listed under this name.
PREDICTIONS = "predictions"


@dataclass(frozen=True, slots=True)
class SystemScore:
    """Mean ROUGE (0–100, F or recall as the report's metric says) of one system, and its speed."""

    name: str
    rouge1: float
    rouge2: float
    rougeL: float
    rougeLsum: float
    stories: int
    seconds: float | None  # None for predictions read from a file

    @property
    def stories_per_s(self) -> float | None:
        if self.seconds is None:
            return None
        return self.stories / self.seconds if self.seconds > 0 else float("inf")


@dataclass(frozen=True, slots=True)
class EvalReport:
    """The scores of every system on the same stories, and inputs that could not be used."""

    dataset: str
    words: int
    stories: int
    systems: tuple[SystemScore, ...]
    errors: tuple[str, ...] = ()
    metric: Metric = Metric.F

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            "words": self.words,
            "metric": self.metric.value,
            "stories": self.stories,
            "systems": {
                s.name: {
                    "rouge1": s.rouge1,
                    "rouge2": s.rouge2,
                    "rougeL": s.rougeL,
                    "rougeLsum": s.rougeLsum,
                    "stories": s.stories,
                    "seconds": s.seconds,
                    "stories_per_s": s.stories_per_s,
                }
                for s in self.systems
            },
            "errors": list(self.errors),
        }


def parse_systems(names: str | Sequence[str | System]) -> tuple[System, ...]:
    """Validate a comma-separated (or listed) choice of systems; repeats are dropped.

    Raises:
        ConfigError: a name is not one of :data:`SYSTEMS`.

    Example:
        >>> parse_systems("newsbrief, lead")
        (<System.NEWSBRIEF: 'newsbrief'>, <System.LEAD: 'lead'>)
    """
    if isinstance(names, str):
        names = names.split(",")
    chosen = tuple(dict.fromkeys(str(getattr(n, "value", n)).strip() for n in names))
    chosen = tuple(n for n in chosen if n)
    unknown = [n for n in chosen if n not in SYSTEMS]
    if unknown:
        raise ConfigError(f"unknown system(s) {', '.join(map(repr, unknown))}; choose from {','.join(SYSTEMS)}")
    return tuple(System(n) for n in chosen)


def cut_words(sentences: Sequence[str], words: int) -> str:
    """The first ``words`` whitespace words of the sentences, one sentence per line.

    Joining the kept words with single spaces instead gives exactly the
    official scorer's cut; ROUGE-1/2/L tokenize both the same, and the line
    breaks let ROUGE-Lsum see the sentences.
    """
    lines, left = [], words
    for sentence in sentences:
        if left <= 0:
            break
        kept = sentence.split()[:left]
        if kept:
            lines.append(" ".join(kept))
            left -= len(kept)
    return "\n".join(lines)


def parse_metric(name: str | Metric) -> Metric:
    """``f`` / ``recall`` (also ``r``, as score.py spells it).

    Raises:
        ConfigError: any other name.
    """
    value = str(getattr(name, "value", name)).strip().lower()
    value = {"r": "recall", "fmeasure": "f", "f1": "f"}.get(value, value)
    try:
        return Metric(value)
    except ValueError:
        raise ConfigError(f"unknown metric {name!r}; choose f (F-measure) or recall") from None


class Scorer:
    """ROUGE-1/2/L/Lsum F (or recall) of cut outputs, mean over references (the official recipe)."""

    def __init__(self, words: int, metric: str | Metric = Metric.F):
        from rouge_score import rouge_scorer

        if words < 1:
            raise ConfigError(f"--words must be a positive number of words, got {words}")
        self.words = words
        self.metric = parse_metric(metric)
        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
        # Other languages as score.py scores them (issue 15): rouge-score drops every non-ASCII letter,
        # so their text is compared on case-folded Unicode words, unstemmed.
        self._unicode = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_UnicodeWords())
        self._lines: dict[tuple[str, str], str] = {}

    def _reference_lines(self, reference: str, lang: str = "en") -> str:
        # Lsum needs sentences on lines; references are split once, with our splitter.
        if (reference, lang) not in self._lines:
            doc = sentence_pipeline(lang)(reference)
            self._lines[reference, lang] = "\n".join(s.text.strip() for s in doc.sents if s.text.strip())
        return self._lines[reference, lang]

    def score(self, sentences: Sequence[str], references: Sequence[str], lang: str = "en") -> dict[str, float]:
        """ROUGE F or recall (0–1) of ``sentences`` cut to the budget, averaged over ``references``;
        ``lang`` other than English scores Unicode words, as ``score.py`` does for a story's ``lang``."""
        prediction = cut_words(sentences, self.words)
        scorer = self._scorer if lang == "en" else self._unicode
        rows = [scorer.score(self._reference_lines(ref, lang), prediction) for ref in references]
        field = "recall" if self.metric is Metric.RECALL else "fmeasure"
        return {k: statistics.mean(getattr(r[k], field) for r in rows) for k in ROUGE_TYPES}


class _UnicodeWords:
    """score.py's tokenizer for languages other than English: case-folded letters, digits and combining marks."""

    def tokenize(self, text: str) -> list[str]:
        return _UNICODE_WORD.findall(text.casefold())


_UNICODE_WORD = re.compile(UNICODE_WORD + "+")


def load_stories(
    path: Path, *, limit: int | None = None, settings: Settings = DEFAULTS
) -> tuple[list[StoryInput], list[str]]:
    """Stories with references from a dataset file, and one message per unusable line."""
    stories, errors = [], []
    for story in read_dataset(Path(path), settings):
        if limit is not None and len(stories) >= limit:
            break
        if not story.articles:
            errors.extend(str(e) for e in story.errors)
            if not story.errors:
                errors.append(f"{path}: story {story.id} has no documents")
            continue
        if not story.references:
            errors.append(f"{path}: story {story.id} has no reference summaries (field 'summaries')")
            continue
        stories.append(story)
    return stories, errors


def load_predictions(path: Path, settings: Settings = DEFAULTS) -> dict[str, str]:
    """``{id: summary}`` from a predictions file such as `newsbrief batch` output.

    Raises:
        InputError: a line is not JSON with a string ``id`` and ``summary``.
    """
    predictions = {}
    for number, line in enumerate(read_bytes(Path(path), settings).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UnsupportedFormat(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or not isinstance(record.get("summary"), str) or "id" not in record:
            raise UnsupportedFormat(f"{path}:{number}: expected {{\"id\": ..., \"summary\": \"...\"}}")
        predictions[str(record["id"])] = record["summary"]
    return predictions


def evaluate(
    stories: Sequence[StoryInput],
    *,
    words: int,
    systems: Sequence[str | System] = SYSTEMS,
    predictions: dict[str, str] | None = None,
    settings: Settings = DEFAULTS,
    dataset: str = "",
    errors: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
    metric: str | Metric = Metric.F,
) -> EvalReport:
    """Run each system on each story and score it against the story's references.

    Args:
        stories: stories with ``references`` (see :func:`load_stories`).
        words: the budget given to every system and the cut applied to every output.
        systems: names from :data:`SYSTEMS`.
        predictions: optional ``{id: summary}`` scored as the system ``predictions``
            (a missing id scores 0, as in the official scorer).
        progress: called with (stories done, total) after each story.
        metric: ``f`` (F-measure, the default) or ``recall`` (DUC-style, as ``score.py --metric r``).

    Returns:
        An EvalReport with one SystemScore per system, in the order asked.

    Example:
        >>> stories, errors = load_stories(Path("dev.jsonl"), limit=5)  # doctest: +SKIP
        >>> evaluate(stories, words=250, systems=["newsbrief", "lead"]).systems[0].rouge1  # doctest: +SKIP
    """
    systems = parse_systems(systems)
    scorer = Scorer(words, metric)
    names = [s.value for s in systems] + ([PREDICTIONS] if predictions is not None else [])
    totals = {n: {k: 0.0 for k in ROUGE_TYPES} for n in names}
    seconds = {n: 0.0 for n in names}
    for done, story in enumerate(stories, start=1):
        outputs: dict[str, list[str]] = {}
        if System.NEWSBRIEF in systems:
            start = time.perf_counter()
            result = brief_articles(story.articles, words=words, settings=settings, story_id=story.id)
            seconds[System.NEWSBRIEF.value] += time.perf_counter() - start
            outputs[System.NEWSBRIEF.value] = [s.text for s in result.summary.sentences]
        baselines = [n for n in systems if n is not System.NEWSBRIEF]
        if baselines:
            start = time.perf_counter()
            parsed = parse_articles(story.articles, settings=settings, problems=[])  # drops what brief_articles drops
            prep = time.perf_counter() - start
            for system in baselines:
                start = time.perf_counter()
                if system is System.ORACLE:
                    chosen = oracle(parsed, budget_words=words, references=story.references)
                else:
                    chosen = BASELINES[system.value](parsed, budget_words=words)
                seconds[system.value] += prep + time.perf_counter() - start
                outputs[system.value] = [s.text for s in chosen]
        if predictions is not None:
            outputs[PREDICTIONS] = predictions.get(story.id, "").splitlines()
        lang = story_language([a.lang for a in story.articles])  # the dataset line's "lang", as score.py reads it
        for name, sentences in outputs.items():
            for k, v in scorer.score(sentences, story.references, lang).items():
                totals[name][k] += v
        if progress is not None:
            progress(done, len(stories))
    n = len(stories)
    scores = tuple(
        SystemScore(
            name=name,
            **{k: 100 * totals[name][k] / n if n else 0.0 for k in ROUGE_TYPES},
            stories=n,
            seconds=None if name == PREDICTIONS else seconds[name],
        )
        for name in names
    )
    return EvalReport(
        dataset=dataset, words=words, stories=n, systems=scores, errors=tuple(errors), metric=scorer.metric
    )


def evaluate_file(
    path: Path,
    *,
    words: int,
    systems: Sequence[str | System] = SYSTEMS,
    limit: int | None = None,
    predictions_path: Path | None = None,
    settings: Settings = DEFAULTS,
    progress: Callable[[int, int], None] | None = None,
    metric: str | Metric = Metric.F,
) -> EvalReport:
    """:func:`evaluate` over a dataset file; unusable lines are reported, the rest scored.

    Raises:
        InputError: the dataset or predictions file cannot be read at all.
    """
    if limit is not None and limit < 1:
        raise ConfigError(f"--limit must be at least 1, got {limit}")
    systems = parse_systems(systems)
    metric = parse_metric(metric)
    if not systems and predictions_path is None:
        raise ConfigError(f"nothing to evaluate: name --systems from {','.join(SYSTEMS)} or give --predictions")
    stories, errors = load_stories(path, limit=limit, settings=settings)
    if not stories:
        raise InputError(f"{path}: no story with documents and reference summaries to evaluate")
    predictions = load_predictions(predictions_path, settings) if predictions_path is not None else None
    if predictions is not None:
        missing = sum(1 for s in stories if s.id not in predictions)
        if missing:
            # Scored as empty (0), as the official scorer does; say so, it is usually a mismatched file.
            errors.append(f"{predictions_path}: no prediction for {missing} of {len(stories)} stories (scored 0)")
    return evaluate(
        stories,
        words=words,
        systems=systems,
        predictions=predictions,
        settings=settings,
        dataset=str(path),
        errors=errors,
        progress=progress,
        metric=metric,
    )


def markdown_table(report: EvalReport) -> str:
    """The report as a Markdown table (what the benchmarks paste into BENCHMARKS.md)."""
    rows = [
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | ROUGE-Lsum | stories/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in report.systems:
        speed = "—" if s.stories_per_s is None else f"{s.stories_per_s:.2f}"
        rows.append(f"| {s.name} | {s.rouge1:.2f} | {s.rouge2:.2f} | {s.rougeL:.2f} | {s.rougeLsum:.2f} | {speed} |")
    return "\n".join(rows)
