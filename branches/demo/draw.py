"""Seeded draws the demo's tree and members share: totals spread over buckets, weighted picks."""

from __future__ import annotations

import random


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainders get the spare units)."""
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def split(rng: random.Random, total: int, parts: int, minimum: int = 1) -> list[int]:
    """`total` spread over `parts` buckets, each at least `minimum`, roughly even but uneven."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    spare = total - minimum * parts
    counts = [minimum + int(spare * w / sum(weights)) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def sizes(rng: random.Random, total: int, weights: list[float], minimum: int) -> list[int]:
    """`total` over one bucket per weight, each at least `minimum`, uneven around the weights."""
    jittered = [w * rng.uniform(0.6, 1.4) for w in weights]
    return [minimum + n for n in apportion(total - minimum * len(weights), jittered)]


def pick(rng: random.Random, count: int, weights: list[float]) -> set[int]:
    """Exactly `count` indices, drawn with the given weights (Efraimidis–Spirakis keys).

    A zero weight is never drawn.
    """
    keys = [rng.random() ** (1 / w) if w > 0 else -1.0 for w in weights]
    if sum(1 for w in weights if w > 0) < count:
        raise ValueError(f"Cannot pick {count} from {len(weights)} with these weights.")
    return set(sorted(range(len(weights)), key=lambda i: -keys[i])[:count])
