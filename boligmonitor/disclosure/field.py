"""Exact linear algebra on small dense matrices over the prime field GF(p).

The disclosure audit asks structural questions: is a target functional in the span of the published ones? Which
perturbations of the unknown counts leave every published number unchanged? Over the rationals these questions have
exact answers; we compute them modulo a prime instead of with floating point, which is exact for every matrix whose
relevant minors are not multiples of p. Our matrices hold small integers (mostly 0 and ±1, and the scales 100 and
10^6), so their minors are far below p's multiples in practice; a test cross-checks the answers with a second prime.

``P`` is below 2^26 so that a product of two residues is below 2^52 and a sum of up to 2^11 such products still fits
in int64: plain numpy matrix products are exact, with one reduction at the end.
"""

from __future__ import annotations

import numpy as np

P = 67_108_859  # the largest prime below 2^26

Matrix = np.ndarray  # int64, entries in [0, P)


def reduce(m: np.ndarray, p: int = P) -> Matrix:
    """Integers (any sign, any size that fits int64) as residues."""
    return np.mod(np.asarray(m, dtype=np.int64), p)


def dot(a: Matrix, b: Matrix, p: int = P) -> Matrix:
    """a @ b mod p for residue matrices (exact while the inner dimension is at most 2^11)."""
    if a.shape[-1] > 2048:
        raise ValueError("inner dimension too large for exact int64 products")
    return np.asarray(np.mod(a @ b, p))


def rref(m: Matrix, p: int = P) -> tuple[Matrix, list[int]]:
    """Reduced row echelon form: the nonzero rows and their pivot columns."""
    a = np.array(m, dtype=np.int64, copy=True)
    rows, cols = a.shape
    pivots: list[int] = []
    r = 0
    for c in range(cols):
        if r == rows:
            break
        nz = np.nonzero(a[r:, c])[0]
        if nz.size == 0:
            continue
        k = r + int(nz[0])
        if k != r:
            a[[r, k]] = a[[k, r]]
        inv = pow(int(a[r, c]), p - 2, p)
        a[r] = np.mod(a[r] * inv, p)
        col = a[:, c].copy()
        col[r] = 0
        hit = np.nonzero(col)[0]
        if hit.size:
            a[hit] = np.mod(a[hit] - np.mod(col[hit, None] * a[r][None, :], p), p)
        pivots.append(c)
        r += 1
    return a[:r], pivots


def _key(*ms: Matrix) -> tuple[object, ...]:
    return tuple((m.shape, m.tobytes()) for m in ms)


_MEMO: dict[tuple[object, ...], Matrix] = {}
_MEMO_LIMIT = 200_000


def _memo(key: tuple[object, ...], make: object) -> Matrix:
    """Subspaces are kept in canonical form (reduced row echelon), so equal spaces have equal bytes and every
    operation on them can be remembered: the same few spaces recur thousands of times in a run."""
    got = _MEMO.get(key)
    if got is None:
        got = make()  # type: ignore[operator]
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()
        got.flags.writeable = False
        _MEMO[key] = got
    return got


def basis(m: Matrix, n: int, p: int = P) -> Matrix:
    """The canonical basis (reduced row echelon rows) of the row space of ``m`` in GF(p)^n."""
    if m.size == 0 or m.shape[0] == 0:
        return np.zeros((0, n), dtype=np.int64)
    return _memo(("basis", p, *_key(m)), lambda: rref(m, p)[0])


def nullspace(m: Matrix, n: int, p: int = P) -> Matrix:
    """The canonical basis of {x : m x = 0} in GF(p)^n."""
    if m.size == 0 or m.shape[0] == 0:
        return np.eye(n, dtype=np.int64)
    return _memo(("null", p, n, *_key(m)), lambda: _nullspace(m, n, p))


def _nullspace(m: Matrix, n: int, p: int) -> Matrix:
    r, pivots = rref(m, p)
    pivot_set = set(pivots)
    free = [c for c in range(n) if c not in pivot_set]
    out = np.zeros((len(free), n), dtype=np.int64)
    for i, f in enumerate(free):
        out[i, f] = 1
        for row, pc in enumerate(pivots):
            out[i, pc] = (-int(r[row, f])) % p
    return rref(out, p)[0] if out.shape[0] else out


def intersect(a: Matrix, b: Matrix, n: int, p: int = P) -> Matrix:
    """The intersection of two row spaces: (A^⊥ + B^⊥)^⊥."""
    if a.shape[0] == 0 or b.shape[0] == 0:
        return np.zeros((0, n), dtype=np.int64)
    if a.shape == b.shape and np.array_equal(a, b):
        return a
    return _memo(("meet", p, n, *_key(a, b)),
                 lambda: nullspace(np.vstack([nullspace(a, n, p), nullspace(b, n, p)]), n, p))


def add(*spaces: Matrix, n: int, p: int = P) -> Matrix:
    """The sum of row spaces."""
    parts = [s for s in spaces if s.shape[0]]
    if not parts:
        return np.zeros((0, n), dtype=np.int64)
    if len(parts) == 1:
        return basis(parts[0], n, p)
    first = parts[0]
    if all(x.shape == first.shape and np.array_equal(x, first) for x in parts[1:]):
        return basis(first, n, p)
    if len(parts) > 2:
        acc = parts[0]
        for x in parts[1:]:
            acc = add(acc, x, n=n, p=p)
        return acc
    return _memo(("join", p, n, *_key(*parts)), lambda: basis(np.vstack(parts), n, p))


def orthogonal(space: Matrix, targets: Matrix, p: int = P) -> np.ndarray:
    """For each target row: is it orthogonal to every vector of ``space``? (True = the target is determined.)"""
    if space.shape[0] == 0:
        return np.ones(targets.shape[0], dtype=bool)
    return np.asarray(~np.any(dot(targets, space.T, p) != 0, axis=1))
