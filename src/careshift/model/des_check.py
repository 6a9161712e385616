"""A discrete-event check of the bed and queue formulas, with simpy (Team SimPy, simpy.readthedocs.io).

The engine never simulates patients: it evaluates closed forms on quantiles (``capacity``) and a
queueing approximation per pathway (``discharge``). This module simulates the same systems patient by
patient so tests can check the formulas against an independent model within Monte Carlo error:

* ``simulate_beds``: Poisson admissions at rate ``A / mean_stay`` to ``beds`` beds, lognormal stays
  (any distribution would do: both results are insensitive to it). It counts the share of arrivals that
  find every bed taken when no one is turned away (patients over the beds wait elsewhere: compare
  ``capacity.probability_no_bed``), and in a second run the share turned away when those patients are
  lost (compare ``capacity.erlang_b``);
* ``simulate_queue``: the M/M/c queue of a discharge pathway (Poisson arrivals of patients ready to
  leave, ``servers`` places downstream, exponential stays): the mean number waiting (in acute beds) by
  Little's law, ``L_q = lambda W_q`` (compare ``discharge.queue_length``).

Each returns its estimate with a standard error from batch means (the run after a warm-up split into
``batches`` equal periods). Seeded: the same arguments give the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy


@dataclass(frozen=True)
class Estimate:
    """A simulated share or mean and its standard error (batch means)."""

    value: float
    se: float


def _batch(values: np.ndarray, times: np.ndarray, start: float, end: float, batches: int) -> Estimate:
    edges = np.linspace(start, end, batches + 1)
    which = np.searchsorted(edges, times, side="right") - 1
    keep = (which >= 0) & (which < batches)
    sums = np.bincount(which[keep], values[keep], minlength=batches)
    counts = np.bincount(which[keep], minlength=batches)
    means = sums / np.maximum(counts, 1)
    return Estimate(float(means.mean()), float(means.std(ddof=1) / math.sqrt(batches)))


def _stays(rng: np.random.Generator, mean: float, cv: float, size: int) -> np.ndarray:
    sigma2 = math.log(1 + cv * cv)
    return rng.lognormal(math.log(mean) - sigma2 / 2, math.sqrt(sigma2), size)


def simulate_beds(
    load: float,
    beds: int,
    *,
    lose_when_full: bool,
    mean_stay: float = 4.0,
    cv: float = 1.0,
    days: float = 20_000.0,
    seed: int = 0,
    batches: int = 20,
) -> Estimate:
    """The share of arrivals finding all ``beds`` taken (``lose_when_full=False``) or turned away
    (``True``), for offered load ``load`` (mean beds needed if no one were turned away)."""
    rng = np.random.default_rng(seed)
    rate = load / mean_stay
    n = int(rate * days * 1.2) + 100
    gaps, stays = rng.exponential(1 / rate, n), _stays(rng, mean_stay, cv, n)
    env = simpy.Environment()
    state = {"in_bed": 0}
    full: list[float] = []
    when: list[float] = []

    def stay(length: float) -> Generator[Any, Any, None]:
        state["in_bed"] += 1
        yield env.timeout(length)
        state["in_bed"] -= 1

    def arrivals() -> Generator[Any, Any, None]:
        for gap, length in zip(gaps, stays, strict=True):
            yield env.timeout(gap)
            is_full = state["in_bed"] >= beds
            full.append(float(is_full))
            when.append(env.now)
            if not (is_full and lose_when_full):
                env.process(stay(length))

    env.process(arrivals())
    env.run(until=days)
    warmup = 10 * mean_stay
    return _batch(np.array(full), np.array(when), warmup, days, batches)


def simulate_queue(
    arrival_rate: float,
    mean_stay: float,
    servers: int,
    *,
    days: float = 20_000.0,
    seed: int = 0,
    batches: int = 20,
) -> Estimate:
    """Mean number waiting in an M/M/c queue, ``lambda x`` the mean wait of arrivals (Little's law)."""
    rng = np.random.default_rng(seed)
    n = int(arrival_rate * days * 1.2) + 100
    gaps, stays = rng.exponential(1 / arrival_rate, n), rng.exponential(mean_stay, n)
    env = simpy.Environment()
    places = simpy.Resource(env, capacity=servers)
    waits: list[float] = []
    when: list[float] = []

    def patient(length: float) -> Generator[Any, Any, None]:
        arrived = env.now
        with places.request() as request:
            yield request
            waits.append(env.now - arrived)
            when.append(arrived)
            yield env.timeout(length)

    def arrivals() -> Generator[Any, Any, None]:
        for gap, length in zip(gaps, stays, strict=True):
            yield env.timeout(gap)
            env.process(patient(length))

    env.process(arrivals())
    env.run(until=days)
    mean_wait = _batch(np.array(waits), np.array(when), 10 * mean_stay, days * 0.95, batches)
    return Estimate(arrival_rate * mean_wait.value, arrival_rate * mean_wait.se)
