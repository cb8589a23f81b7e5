"""The selection program and its solver (coverage_ilp.py, issue 10): exact optimum, greedy start, quiet C."""

from __future__ import annotations

import ctypes
import itertools
import random

import numpy as np
import pytest

from newsbrief.summarize import coverage_ilp
from newsbrief.summarize.coverage_ilp import solve_coverage


def test_issue10_what_c_code_prints_during_a_solve_never_reaches_stdout(capfd):
    """HiGHS printf()s a debug line whatever its output flag (ERGO-Code/HiGHS#2783); the solve keeps
    file descriptor 1 to itself, and the C buffer is flushed before it is given back."""
    with coverage_ilp._quiet_stdout():
        ctypes.CDLL(None).printf(b"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();\n")
    print("ours")
    assert capfd.readouterr().out == "ours\n"
    assert solve_coverage([{"a"}, {"b"}], {"a": 2.0, "b": 1.0}, [5, 5], 5) == [0]


def _instances(seed: int, count: int):
    """Small random programs: concepts, weights, lengths, bonus, budget, conflict pairs, groups."""
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, 9)
        concepts = [set(rng.sample("abcdefghijkl", rng.randint(0, 5))) for _ in range(n)]
        weights = {c: rng.choice([0.0, 0.5, 1.0, 2.0, 3.5]) for c in "abcdefghijkl"}
        lengths = [rng.randint(1, 10) for _ in range(n)]
        bonus = [rng.choice([0.0, 0.25, 1.0]) for _ in range(n)]
        budget = rng.randint(1, 25)
        pairs = list(itertools.combinations(range(n), 2))
        conflicts = rng.sample(pairs, min(len(pairs), rng.randint(0, 3)))
        groups = [rng.sample(range(n), 3)] if n >= 3 and rng.random() < 0.4 else []
        yield concepts, weights, lengths, bonus, budget, conflicts, groups


def _value(concepts, weights, bonus, chosen) -> float:
    covered = set().union(*(concepts[i] for i in chosen)) if chosen else set()
    return sum(weights[c] for c in covered) + sum(bonus[i] for i in chosen)


def _feasible(lengths, budget, conflicts, groups, chosen) -> bool:
    return (
        sum(lengths[i] for i in chosen) <= budget
        and not any(a in chosen and b in chosen for a, b in conflicts)
        and all(sum(i in chosen for i in g) <= 1 for g in groups)
    )


def test_coverage_program_finds_the_best_choice_as_brute_force_does():
    """The (reduced) concept program's optimum equals exhaustive search on small random instances:
    merging concepts held by the same lines, folding single-holder concepts into their line and
    starting from the greedy must not change what is optimal."""
    for concepts, weights, lengths, bonus, budget, conflicts, groups in _instances(7, 120):
        n = len(concepts)
        best = max(
            _value(concepts, weights, bonus, c)
            for r in range(n + 1)
            for c in itertools.combinations(range(n), r)
            if _feasible(lengths, budget, conflicts, groups, c)
        )
        got = solve_coverage(concepts, weights, lengths, budget, bonus=bonus, conflicts=conflicts, groups=groups)
        assert _feasible(lengths, budget, conflicts, groups, got)
        assert _value(concepts, weights, bonus, got) == pytest.approx(best, abs=1e-6), (concepts, lengths, budget)


def test_the_greedy_start_is_feasible_and_no_worse_than_the_best_single_line():
    """HiGHS only uses a start it can check; a start that broke the budget or a conflict would be
    dropped silently and cost the time the start is there to save."""
    for concepts, weights, lengths, bonus, budget, conflicts, groups in _instances(11, 200):
        own, shared = coverage_ilp._reduce(concepts, weights, bonus)
        holders = list(shared)
        exclusive = [tuple(g) for g in [*conflicts, *groups]]
        start = coverage_ilp._greedy(
            own, holders, np.fromiter(shared.values(), float, len(holders)), np.asarray(lengths, float),
            budget, exclusive, len(concepts),
        )
        chosen = tuple(int(i) for i in np.flatnonzero(start))
        assert _feasible(lengths, budget, conflicts, groups, chosen)
        singles = [_value(concepts, weights, bonus, (i,)) for i in range(len(concepts)) if lengths[i] <= budget]
        assert _value(concepts, weights, bonus, chosen) >= max(singles, default=0.0) - 1e-9
