"""Each row's most similar row of another group (article), at a cost linear in the rows (issue 13).

Off-story detection needs each article's best cosine to any other article; coverage needs each
sentence's best cosine to a sentence of another article. All pairs is quadratic: 50,000 sentences
made an 18.6 GiB dense matrix. Here each row is compared with at most about PAIRS_PER_ROW others:

* up to EXACT_MAX_ROWS rows, every pair is compared (exact; every story of multinews-dev, TAC 2011
  and DUC 2006), at most EXACT_MAX_ROWS² cosines, a fixed bound;
* above it, rows are compared only when they share a *candidate term*: terms are admitted rarest
  first while the pairs they create (the sum of their document frequencies squared) stay within
  PAIRS_PER_ROW × rows. A pair compared gets its exact cosine (over all its terms); a pair sharing
  only the story's commonest words is never compared, so a best value can come out lower than the
  exact one. What that costs is measured in BENCHMARKS.md ("Bounded cost").

Rows must be L2-normalised (TF-IDF or log-tf vectors), so a dot product is a cosine.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

# Up to this many rows every pair is compared: 4 M cosines, ~0.5 s, the largest dataset story
# (DUC 2006, ~900 sentences) well inside. Past it, about PAIRS_PER_ROW candidate pairs per row:
# agreement with the exact answer is measured in BENCHMARKS.md "Bounded cost" (growth.py --bounds).
EXACT_MAX_ROWS = 2000
PAIRS_PER_ROW = 200
# Rows multiplied at a time, and stored non-zeros gathered at a time: memory stays a few tens of MB.
_CHUNK_ROWS = 1024
_GATHER_NONZEROS = 4_000_000


def best_elsewhere(
    matrix: sparse.csr_matrix,
    groups: np.ndarray,
    *,
    pairs_per_row: int = PAIRS_PER_ROW,
    exact_max_rows: int = EXACT_MAX_ROWS,
) -> np.ndarray:
    """Per row, the largest cosine to a row of another group (0.0 when none is compared).

    Args:
        matrix: one L2-normalised row per item (sentence or article).
        groups: per row, its group (article index); rows of the same group are never compared.
        pairs_per_row: the comparison budget per row past ``exact_max_rows`` (see the module docstring).
        exact_max_rows: up to this many rows, every pair is compared.

    Example:
        >>> m = sparse.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]]))
        >>> best_elsewhere(m, np.array([0, 0, 1])).round(2).tolist()
        [0.0, 0.8, 0.8]
    """
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    n = matrix.shape[0]
    groups = np.asarray(groups)
    best = np.zeros(n)
    if n < 2:
        return best
    if n <= exact_max_rows:
        for start in range(0, n, _CHUNK_ROWS):
            block = (matrix[start : start + _CHUNK_ROWS] @ matrix.T).toarray()
            rows = np.arange(start, min(n, start + _CHUNK_ROWS))
            block[groups[rows][:, None] == groups[None, :]] = 0.0
            best[rows] = block.max(axis=1)
        return best
    candidates = _candidate_terms(matrix, pairs_per_row * n)
    for start in range(0, n, _CHUNK_ROWS):
        pattern = (candidates[start : start + _CHUNK_ROWS] @ candidates.T).tocoo()
        rows, cols = pattern.row + start, pattern.col
        other = groups[rows] != groups[cols]
        rows, cols = rows[other], cols[other]
        sims = _pair_cosines(matrix, rows, cols)
        np.maximum.at(best, rows, sims)
    return best


def _candidate_terms(matrix: sparse.csr_matrix, budget_pairs: int) -> sparse.csr_matrix:
    """0/1 rows over the rarest terms whose pairs (document frequency²) fit in ``budget_pairs``."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1]).astype(np.float64)
    order = np.argsort(df, kind="stable")
    admitted = order[np.cumsum(df[order] ** 2) <= budget_pairs]
    keep = np.zeros(matrix.shape[1], dtype=bool)
    keep[admitted] = True
    binary = matrix.copy()
    binary.data = keep[binary.indices].astype(np.float32)
    binary.eliminate_zeros()
    return binary


def _pair_cosines(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact dot products of the row pairs, a slice of pairs at a time (memory stays bounded)."""
    out = np.empty(len(rows))
    per_row = max(1, matrix.nnz // max(1, matrix.shape[0]))
    step = max(1, _GATHER_NONZEROS // per_row)
    for start in range(0, len(rows), step):
        a, b = rows[start : start + step], cols[start : start + step]
        out[start : start + step] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return out
