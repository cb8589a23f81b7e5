"""The budgeted concept-coverage program of summary selection, solved exactly by HiGHS (issue 10).

Gillick & Favre (2009): a binary y per candidate line, a concept counted (z = 1) only when a chosen
line holds it, each concept counted once however many lines repeat it, so repeating a fact earns
nothing; at most ``budget`` words; ``conflicts`` pairs and ``groups`` of which at most one line
stands. :func:`solve_coverage` is the one public function; :mod:`newsbrief.summarize` and the
ICSISumm baseline (:mod:`newsbrief.baselines`) both call it.

HiGHS is called through its own binding, highspy, rather than ``scipy.optimize.milp``: it takes a
starting solution, and the cost-scaled greedy gives a good one, so the solver's own primal
heuristics (sub-MIPs, RINS, RENS: most of its time on these programs of about 100 lines) are
switched off. The optimum is the same (HiGHS proves it either way); on Multi-News dev the 102
programs went from 6.2 s to about 3 s, and ``import highspy`` costs 0.2 s where
``scipy.optimize`` cost 1.1 s (see BENCHMARKS.md, "Selection solver").
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Sequence

import numpy as np
from scipy import sparse

_LOG = logging.getLogger(__name__)

# HiGHS options for every solve: silent, one thread (a batch runs one process per core already),
# no primal heuristics, the greedy start standing in for them, and a small cut pool: with
# HiGHS's default (10,000 rows) the separation and propagation over a growing pool was most of
# the branch-and-bound on these ~100-line programs. Same optima; solve time 27.1 → 15.7 s over
# DUC 2006's 50 programs, 2.4 → 1.9 s over Multi-News dev's 102 (BENCHMARKS.md, "Selection solver").
_OPTIONS = {
    "mip_pool_soft_limit": 10,
    # The bound on a solve is a node count, not a clock: a time limit is reached or not with the
    # machine's load, and a brief must not change with it (a DUC 2006 story did, under a test run
    # at load 8). The largest tree on our sets has 213 nodes (DUC 2006 @250; Multi-News dev 34).
    "mip_max_nodes": 5000,
    "output_flag": False,
    "threads": 1,
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
}


def solve_coverage(
    concepts: Sequence[set],
    weights: dict,
    lengths: Sequence[int],
    budget: int,
    *,
    bonus: Sequence[float] | None = None,
    conflicts: Sequence[tuple[int, int]] = (),
    groups: Sequence[Sequence[int]] = (),
    time_limit_s: float = 120.0,
) -> list[int]:
    """The candidates that maximise covered concept weight (+ their ``bonus``) within ``budget`` words.

    A solve stops at the optimum, or at ``_OPTIONS``' node limit with the best selection found (the
    same on every machine); ``time_limit_s`` is only a last resort against a runaway solve.

    Returns:
        Indices of the chosen candidates, ascending.
    """
    n = len(concepts)
    if n == 0:
        return []
    own, shared = _reduce(concepts, weights, bonus)
    holders = list(shared)
    m = len(holders)
    weight = np.fromiter(shared.values(), float, m)
    lengths = np.asarray(lengths, dtype=float)
    exclusive = [tuple(g) for g in [*conflicts, *groups] if len(g) >= 2]
    start = _greedy(own, holders, weight, lengths, budget, exclusive, n)
    # Rows: z_k - (sum of y over concept k's holders) <= 0; the budget; one row per exclusive set.
    rows, cols, vals = [], [], []
    for k, who in enumerate(holders):
        rows += [k] * (len(who) + 1)
        cols += [*who, n + k]
        vals += [-1.0] * len(who) + [1.0]
    rows += [m] * n
    cols += list(range(n))
    vals += lengths.tolist()
    for r, group in enumerate(exclusive, start=m + 1):
        rows += [r] * len(group)
        cols += list(group)
        vals += [1.0] * len(group)
    upper = np.r_[np.zeros(m), float(budget), np.ones(len(exclusive))]
    matrix = sparse.csc_matrix((vals, (rows, cols)), shape=(len(upper), n + m))
    cost = -np.r_[own, weight]
    covered = np.array([1.0 if any(start[i] for i in who) else 0.0 for who in holders])
    x = _highs(cost, matrix, upper, n, np.r_[start, covered], time_limit_s)
    if x is None:
        return []
    return [i for i in range(n) if x[i] > 0.5]


def _reduce(concepts: Sequence[set], weights: dict, bonus: Sequence[float] | None) -> tuple[np.ndarray, dict]:
    """Each candidate's own gain, and the concepts several candidates hold, by their holders.

    The same program, smaller: concepts held by the same candidates are one concept of their summed
    weight, and a concept only one candidate holds is that candidate's own gain (its z equals that y
    at the optimum). Most bigrams are in one line, so HiGHS sees a fraction of the variables.
    """
    holders: dict = {}
    for i, held in enumerate(concepts):
        # Sorted: a set's order changes with the hash seed, and with it the program's column order,
        # which is how HiGHS breaks ties between equally good selections (the same input gave
        # different briefs from run to run).
        for c in sorted(held):
            if weights.get(c, 0) > 0:
                holders.setdefault(c, []).append(i)
    own = np.asarray(bonus, dtype=float).copy() if bonus is not None else np.zeros(len(concepts))
    shared: dict = {}
    for c, who in holders.items():
        if len(who) == 1:
            own[who[0]] += weights[c]
        else:
            key = tuple(who)
            shared[key] = shared.get(key, 0.0) + weights[c]
    return own, shared


def _greedy(
    own: np.ndarray, holders: list, weight: np.ndarray, lengths: np.ndarray, budget: int, exclusive: list, n: int
) -> np.ndarray:
    """A feasible start: the cost-scaled greedy (gain per word), or the best single line if better.

    Khuller, Moss & Naor's budgeted maximum coverage greedy; only a start here, HiGHS improves it.
    """
    held = sparse.csr_matrix(
        (np.ones(sum(map(len, holders))), ([i for who in holders for i in who], [k for k, who in enumerate(holders) for _ in who])),
        shape=(n, len(holders)),
    )
    rivals = [set() for _ in range(n)]
    for group in exclusive:
        for i in group:
            rivals[i].update(group)
    chosen = np.zeros(n, dtype=bool)
    open_ = lengths <= budget
    uncovered = np.ones(len(holders), dtype=bool)
    used = 0.0
    while open_.any():
        gain = own + held @ (weight * uncovered)
        ratio = np.where(open_, gain / np.maximum(lengths, 1.0), -np.inf)
        best = int(np.argmax(ratio))
        if ratio[best] <= 0:
            break
        chosen[best] = True
        used += lengths[best]
        uncovered[held.indices[held.indptr[best] : held.indptr[best + 1]]] = False
        open_[list(rivals[best] | {best})] = False
        open_ &= lengths <= budget - used
    alone = np.where(lengths <= budget, own + held @ weight, -np.inf)
    single = int(np.argmax(alone))
    total = own[chosen].sum() + weight[np.asarray(held[chosen].sum(axis=0)).ravel() > 0].sum()
    if np.isfinite(alone[single]) and alone[single] > total:
        chosen[:] = False
        chosen[single] = True
    return chosen.astype(float)


def _highs(cost: np.ndarray, matrix: sparse.csc_matrix, upper: np.ndarray, n_binary: int, start: np.ndarray, time_limit_s: float):
    """Minimise ``cost @ x`` subject to ``matrix @ x <= upper``, 0 <= x <= 1, the first ``n_binary`` integer."""
    import highspy

    h = highspy.Highs()
    for name, value in {**_OPTIONS, "time_limit": float(time_limit_s)}.items():
        h.setOptionValue(name, value)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(matrix.shape[1])
    lp.col_upper_ = np.ones(matrix.shape[1])
    lp.row_lower_ = np.full(matrix.shape[0], -highspy.kHighsInf)
    lp.row_upper_ = upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_binary + [highspy.HighsVarType.kContinuous] * (
        matrix.shape[1] - n_binary
    )
    with _quiet_stdout():
        h.passModel(lp)
        solution = highspy.HighsSolution()
        solution.col_value = start.tolist()
        solution.value_valid = True
        h.setSolution(solution)
        h.run()
    if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible: no solution at all
        return None
    return np.asarray(h.getSolution().col_value)


_STDOUT_LOCK = threading.Lock()


@contextlib.contextmanager
def _quiet_stdout():
    """Keep what C code prints to file descriptor 1 out of our output (it is logged at debug level).

    HiGHS prints "HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();" with
    printf whatever its output flag says (ERGO-Code/HiGHS#2783), which would land in the middle of
    ``newsbrief brief`` output and of the JSON a script parses. The descriptor is process-wide, so
    solves take turns.
    """
    try:
        saved = os.dup(1)
    except OSError:  # no stdout at all: nothing to protect
        yield
        return
    with _STDOUT_LOCK, tempfile.TemporaryFile() as sink:
        sys.stdout.flush()
        os.dup2(sink.fileno(), 1)
        try:
            yield
        finally:
            _flush_c_stdout()
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            printed = sink.read().decode("utf-8", "replace").strip()
            if printed:
                _LOG.debug("HiGHS printed: %s", printed[:500])


def _flush_c_stdout() -> None:
    """Flush C's stdio buffers (printf to a pipe is block-buffered: unflushed, it leaks after dup2)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError, TypeError):  # no C library to ask (Windows: CDLL(None) is a TypeError)
        pass
