"""Incremental state of a story stream, kept in a directory between runs.

Layout of a state directory::

    LOCK                 flock target: one run at a time
    CURRENT              the name of the live version (replaced atomically)
    v000003/manifest.json   format, sha256 of every file below and of each article segment
    v000003/grouper.json    stories (centroids, names, date ranges, members), IDF counts, index
    v000003/signatures.npy  MinHash signatures (the LSH index is rebuilt from them)
    v000003/briefs.jsonl    cached per-story briefs, valid while a story's articles are unchanged
    articles/seg-000003.jsonl  the articles each run added (append-only; needed for briefs)

A run writes the next version into a temporary folder, renames it into
place and only then points CURRENT at it, so a run killed at any moment
leaves the previous version live. Anything that does not check out (missing
file, bad JSON, checksum mismatch, a folder that is not a state) raises
StoreError and nothing is overwritten.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np

from ..errors import StoreError
from ..fileio import write_atomic
from ..models import Article
from .cluster import StoryGrouper, StoryState
from .duplicates import NUM_PERM
from .merge import MergeModel
from .model import SameStoryModel

FORMAT = "newsbrief-stories-state"
# 2 (issue 12): stories keep title and opening words, and the state keeps its same-story model.
FORMAT_VERSION = 2
# Versions kept besides the live one: the one before it, for a human to roll back to.
KEEP_OLD_VERSIONS = 1
_OURS = {"LOCK", "CURRENT", "articles"}


class StoryStateDir:
    """A locked state directory: load the grouper, then ``commit`` the next version.

    Use as a context manager; the lock is held from ``__enter__`` to
    ``__exit__`` and a second run on the same directory is refused.

    Example:
        >>> with StoryStateDir("state") as state:  # doctest: +SKIP
        ...     grouping = group_stories(items, grouper=state.grouper)
        ...     state.commit(state.grouper, grouping.articles)
    """

    def __init__(self, path: str | Path, model: SameStoryModel | None = None,
                 merge: MergeModel | bool | None = True) -> None:
        self.path = Path(path)
        # A new state is judged by ``model`` and ``merge`` (default: the shipped ones); a saved state
        # keeps the models it began with, so continuing it gives what a one-shot run would.
        self.grouper = StoryGrouper(model, merge)
        self.version = 0
        self._manifest: dict = {"segments": {}}
        self._lock = None

    # --- locking ----------------------------------------------------------------

    def __enter__(self) -> StoryStateDir:
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: is a file, not a state directory; pick another --state path")
        if self.path.is_dir():
            self._refuse_strangers()  # before LOCK exists: a refused folder is left exactly as it was
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.path / "LOCK", "a+")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the state directory: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            self._lock = None
            raise StoreError(
                f"{self.path}: another `newsbrief stories` run is using this state; wait for it to finish"
            ) from None
        try:
            self._load()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    # --- loading ------------------------------------------------------------------

    def _load(self) -> None:
        current = self.path / "CURRENT"
        if not current.exists():
            self._refuse_strangers()
            return  # a new state
        name = current.read_text(encoding="utf-8").strip()
        folder = self.path / name
        if not name.startswith("v") or not name[1:].isdigit() or not folder.is_dir():
            raise StoreError(f"{current}: names version {name!r}, which is missing; the state is corrupt")
        manifest = self._read_json(folder / "manifest.json")
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise StoreError(f"{folder / 'manifest.json'}: not a newsbrief stories manifest; the state is corrupt")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise StoreError(
                f"{folder / 'manifest.json'}: state format {manifest.get('format_version')}, "
                f"this newsbrief reads {FORMAT_VERSION}; start a new --state directory"
            )
        for file, digest in manifest.get("files", {}).items():
            self._verify(folder / file, digest)
        for segment, digest in manifest.get("segments", {}).items():
            self._verify(self.path / "articles" / segment, digest)
        try:
            self.grouper = _grouper_from(self._read_json(folder / "grouper.json"), np.load(folder / "signatures.npy"))
        except (KeyError, TypeError, ValueError, OSError) as exc:
            raise StoreError(f"{folder}: cannot rebuild the story state ({exc}); the state is corrupt") from exc
        self.version = int(name[1:])
        self._manifest = manifest

    def _refuse_strangers(self) -> None:
        """Refuse a folder without CURRENT that holds files that are not ours.

        Leftovers of a first run killed before CURRENT existed (temp folders, a
        renamed but never live version, its article segment) are ours to reuse.
        """
        if (self.path / "CURRENT").exists():
            return
        try:
            names = [p.name for p in self.path.iterdir()]
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read the state directory: {exc.strerror or exc}") from exc
        strangers = [n for n in names if n not in _OURS and not _is_leftover(n)]
        if strangers:
            raise StoreError(
                f"{self.path}: not a newsbrief state directory (no CURRENT file, but it holds "
                f"{', '.join(sorted(strangers)[:3])}); refusing to overwrite it"
            )

    def _verify(self, path: Path, digest: str) -> None:
        try:
            actual = _sha256(path)
        except OSError as exc:
            raise StoreError(f"{path}: missing or unreadable ({exc.strerror or exc}); the state is corrupt") from exc
        if actual != digest:
            raise StoreError(f"{path}: checksum mismatch; the state is corrupt (restore it or use a new --state)")

    @staticmethod
    def _read_json(path: Path):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"{path}: cannot read ({exc}); the state is corrupt") from exc

    def articles(self, ids: set[str] | None = None) -> dict[str, Article]:
        """Articles stored by earlier runs (only ``ids`` if given), for briefs."""
        out: dict[str, Article] = {}
        names = {f.name for f in fields(Article)}
        for segment in self._manifest.get("segments", {}):
            path = self.path / "articles" / segment
            # JSON Lines end at "\n" only: str.splitlines also cuts at U+0085 / U+2028 inside a string.
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if ids is None or record["id"] in ids:
                        out[record["id"]] = Article(**{k: v for k, v in record.items() if k in names})
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise StoreError(f"{path}:{number}: bad article record ({exc}); the state is corrupt") from exc
        return out

    def briefs(self) -> dict[str, dict]:
        """Cached briefs: story id → {"articles": [...], "brief": {...}}."""
        if not self.version:
            return {}
        path = self.path / f"v{self.version:06d}" / "briefs.jsonl"
        out = {}
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                out[record["story"]] = record
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise StoreError(f"{path}:{number}: bad brief record ({exc}); the state is corrupt") from exc
        return out

    # --- committing ---------------------------------------------------------------

    def commit(self, grouper: StoryGrouper, new_articles: dict[str, Article], briefs: dict[str, dict] | None = None) -> None:
        """Make ``grouper`` (plus this run's articles and briefs) the live version, atomically."""
        if self._lock is None:
            raise StoreError(f"{self.path}: commit outside `with StoryStateDir(...)`; this is a bug")
        version = self.version + 1
        name = f"v{version:06d}"
        segments = dict(self._manifest.get("segments", {}))
        try:
            if new_articles:
                segment = f"seg-{version:06d}.jsonl"
                text = "".join(json.dumps(asdict(a), ensure_ascii=False) + "\n" for a in new_articles.values())
                write_atomic(self.path / "articles" / segment, text)
                segments[segment] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.path))
            _write(tmp / "grouper.json", json.dumps(_grouper_to(grouper), ensure_ascii=False))
            ids = list(grouper.duplicates_.signatures_)
            sigs = np.stack([grouper.duplicates_.signatures_[i] for i in ids]) if ids else np.zeros((0, NUM_PERM), np.uint32)
            with open(tmp / "signatures.npy", "wb") as handle:
                np.save(handle, sigs, allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())
            _write(tmp / "briefs.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (briefs or {}).values()))
            files = {f: _sha256(tmp / f) for f in ("grouper.json", "signatures.npy", "briefs.jsonl")}
            manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "files": files, "segments": segments}
            _write(tmp / "manifest.json", json.dumps(manifest, indent=1))
            target = self.path / name
            if target.exists():  # left by a run killed between rename and CURRENT: never live, safe to drop
                shutil.rmtree(target)
            os.rename(tmp, target)
            write_atomic(self.path / "CURRENT", name + "\n")
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write the new state ({exc.strerror or exc}); the old one is kept") from exc
        self.version, self._manifest = version, manifest
        self._tidy()

    def _tidy(self) -> None:
        """Drop versions older than the kept ones and leftovers of killed runs (we hold the lock)."""
        for child in self.path.iterdir():
            stale_version = child.name.startswith("v") and child.name[1:].isdigit() and (
                int(child.name[1:]) < self.version - KEEP_OLD_VERSIONS or int(child.name[1:]) > self.version
            )
            if child.name.startswith(".tmp-") or stale_version:
                shutil.rmtree(child, ignore_errors=True)
        # A run killed after writing its article segment but before CURRENT moved leaves it unreferenced.
        live = set(self._manifest.get("segments", {}))
        folder = self.path / "articles"
        for segment in folder.iterdir() if folder.is_dir() else ():
            if segment.name not in live and segment.name.startswith(("seg-", ".seg-")):
                segment.unlink(missing_ok=True)


def _is_leftover(name: str) -> bool:
    return name.startswith(".tmp-") or (name.startswith("v") and name[1:].isdigit())


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _grouper_to(grouper: StoryGrouper) -> dict:
    grouper.settle()  # the saved norms² are those of the current IDF, as a loaded grouper expects
    return {
        "n_docs": grouper.n_docs_,
        "word_df": dict(grouper.word_df_),
        "name_df": dict(grouper.name_df_),
        "idf_n": grouper.idf_n_,
        "idf_word_df": grouper.idf_word_df_,
        "idf_name_df": grouper.idf_name_df_,
        "stories": [asdict(s) for s in grouper.stories_.values()],
        "index": {k: {str(b): sorted(ids) for b, ids in buckets.items()} for k, buckets in grouper.index_.items()},
        "signature_ids": list(grouper.duplicates_.signatures_),
        "model": grouper.model_.data,
        # The story-merge model (issue 12, fifth round); absent in states written before it: none.
        "merge_model": grouper.merge_.data if grouper.merge_ is not None else None,
    }


def _grouper_from(data: dict, signatures: np.ndarray) -> StoryGrouper:
    merge = data.get("merge_model")
    grouper = StoryGrouper(SameStoryModel.from_dict(data["model"], "the state's model"),
                           MergeModel.from_dict(merge, "the state's merge model") if merge is not None else None)
    grouper.n_docs_ = int(data["n_docs"])
    grouper.word_df_ = Counter(data["word_df"])
    grouper.name_df_ = Counter(data["name_df"])
    grouper.idf_n_ = int(data["idf_n"])
    grouper.idf_word_df_ = dict(data["idf_word_df"])
    grouper.idf_name_df_ = dict(data["idf_name_df"])
    grouper.refresh_idf()
    for record in data["stories"]:
        story = StoryState(**record)
        grouper.stories_[story.id] = story
        for article in story.articles:
            grouper.story_of_[article] = story.id
    grouper.index_ = {k: {int(b): set(ids) for b, ids in buckets.items()} for k, buckets in data["index"].items()}
    ids = data["signature_ids"]
    if len(ids) != len(signatures) or (len(ids) and signatures.shape[1] != NUM_PERM):
        raise ValueError(f"{len(ids)} signature ids but {signatures.shape} signatures")
    for article_id, sig in zip(ids, signatures):
        grouper.duplicates_.add(article_id, sig.astype(np.uint32))
    return grouper
