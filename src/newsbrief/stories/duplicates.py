"""Near-duplicates (wire copies, reprints) via MinHash signatures and LSH.

Two sites running the same AFP text with different furniture share almost
all word 5-grams of the cleaned text; two independent reports of one event
share few. A MinHash signature per article estimates that overlap, and an
LSH index finds the candidates without comparing all pairs.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

# 64 permutations estimate a Jaccard of 0.7 within about ±0.06: enough to
# tell a reprint (≥ 0.8 on real wire copies) from a rewrite (< 0.3).
NUM_PERM = 64
# Estimated shingle Jaccard at or above which two articles are one text.
# Measured by benchmarks/stories.py on the pool: a reprint with a new
# headline, other furniture and its last paragraph dropped scores median 0.94
# (91% of 365 reach 0.7; the misses are short texts whose last paragraph was a
# large share); of 714 pairs of different articles of one story, one reaches
# 0.7 (two identical Twitter boilerplate stubs), the next scores 0.52.
DUPLICATE_JACCARD = 0.7
# Articles this short (in shingles) are too small to call copies: two tweets
# quoting one line would look identical.
MIN_SHINGLES = 12
_SEED = 7

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=int).permutations
_A, _B = (np.asarray(p, dtype=np.uint32) for p in _PERMUTATIONS)


def signature(shingles: Iterable[int] | np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32 values) of hashed shingles.

    Bit for bit what datasketch's ``MinHash(scheme="affine32").update_batch`` gives with these
    permutations (a test checks it), computed in three numpy steps: building a MinHash per article
    cost as much as hashing its shingles (issue 12 timing).
    """
    hashes = np.asarray(shingles if isinstance(shingles, np.ndarray) else list(shingles), dtype=np.uint64)
    if not len(hashes):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    mixed = _fmix32(hashes.astype(np.uint32))
    return (mixed[:, None] * _A + _B).min(axis=0)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix of datasketch's affine32 scheme (wraps mod 2^32)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


class DuplicateIndex:
    """An LSH index over article signatures; finds likely copies of a new article.

    The index itself is rebuilt from stored signatures when state is loaded
    (rebuilding 10,000 signatures takes well under a second), so only the
    signatures need to be persisted.
    """

    def __init__(self, threshold: float = DUPLICATE_JACCARD) -> None:
        self.threshold = threshold
        # LSH at a lower threshold than the check, so borderline copies are
        # still proposed and then verified against the signature. The bands are
        # datasketch's choice for that threshold (12 bands of 5 values at 0.55);
        # the tables are kept here, keyed by each band's bytes: building a
        # MinHash object per article and datasketch's byte-swapped keys cost a
        # quarter of the grouping pass, for the same candidates (issue 12 timing).
        self._bands = MinHashLSH(threshold=max(0.3, threshold - 0.15), num_perm=NUM_PERM).hashranges
        self._tables: list[dict[bytes, list[str]]] = [{} for _ in self._bands]
        self.signatures_: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.signatures_)

    def add(self, article_id: str, sig: np.ndarray) -> None:
        self.signatures_[article_id] = sig
        self._insert(article_id, self._keys(sig))

    def near_then_add(self, article_id: str, sig: np.ndarray) -> list[tuple[str, float]]:
        """:meth:`near` for ``sig``, then ``sig`` indexed under ``article_id`` (its band keys made once for both)."""
        keys = self._keys(sig)
        found = self._near(sig, keys) if self.signatures_ else []
        self.signatures_[article_id] = sig
        self._insert(article_id, keys)
        return found

    def query(self, sig: np.ndarray) -> list[tuple[str, float]]:
        """Indexed articles whose estimated Jaccard with ``sig`` reaches the threshold, best first."""
        return [(other, score) for other, score in self.near(sig) if score >= self.threshold]

    def near(self, sig: np.ndarray) -> list[tuple[str, float]]:
        """Every article the LSH proposes (Jaccard roughly ≥ 0.55) with its estimated Jaccard, best first."""
        if not self.signatures_:
            return []
        return self._near(sig, self._keys(sig))

    def _near(self, sig: np.ndarray, keys: list[bytes]) -> list[tuple[str, float]]:
        proposed: set[str] = set()
        for key, table in zip(keys, self._tables):
            found = table.get(key)
            if found:
                proposed.update(found)
        found = [(other, similarity(sig, self.signatures_[other])) for other in proposed]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found

    def _insert(self, article_id: str, keys: list[bytes]) -> None:
        for key, table in zip(keys, self._tables):
            table.setdefault(key, []).append(article_id)

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        """One key per band: two signatures share a band's key exactly when they agree on all its values."""
        data = np.ascontiguousarray(sig, dtype=np.uint32)
        return [data[start:end].tobytes() for start, end in self._bands]
