"""Best match in another article within a comparison budget (issue 13)."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from newsbrief.analyze.neighbours import best_elsewhere


def _rows(rng, n, vocabulary):
    """Normalised rows: a few rare words per row (a topic of its own) and common words everywhere."""
    dense = np.zeros((n, vocabulary))
    for i in range(n):
        dense[i, rng.choice(20, 3, replace=False)] = 1.0  # common words
        dense[i, 20 + (i // 2) % (vocabulary - 20)] = 3.0  # a rare word shared by rows 2k and 2k + 1
    return sparse.csr_matrix(dense / np.linalg.norm(dense, axis=1, keepdims=True))


def _exact(matrix, groups):
    sims = (matrix @ matrix.T).toarray()
    sims[groups[:, None] == groups[None, :]] = 0.0
    return sims.max(axis=1)


def test_small_inputs_compare_every_pair():
    rng = np.random.default_rng(0)
    matrix = _rows(rng, 60, 200)
    groups = np.arange(60) % 7
    assert np.allclose(best_elsewhere(matrix, groups), _exact(matrix, groups))


def test_over_the_budget_pairs_sharing_a_rare_word_are_still_found_exactly():
    rng = np.random.default_rng(1)
    matrix = _rows(rng, 400, 400)
    groups = np.arange(400)  # every row its own article
    bounded = best_elsewhere(matrix, groups, pairs_per_row=10, exact_max_rows=0)
    exact = _exact(matrix, groups)
    # Each row's best partner shares its rare word, so the budget loses nothing here ...
    assert np.allclose(bounded, exact)
    # ... and a bound never invents similarity: it is at most the exact best.
    assert np.all(bounded <= exact + 1e-12)


def test_rows_of_one_group_are_never_compared():
    matrix = sparse.csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    assert best_elsewhere(matrix, np.array([0, 0, 1])).tolist() == [0.0, 0.0, 0.0]
