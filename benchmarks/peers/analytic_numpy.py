"""numpy peer of benchmarks/analytic/run.ts: the same computations, vectorised numpy, one task per invocation
(run.ts alternates TypeScript and numpy repetitions, so that both sides see the same machine load).

sde PATHS STEPS
    Optimal-SDE simulation for the Fig. 8 GMM (eps = 0.02): PATHS x STEPS Euler-Maruyama steps with the drift
    eps * grad log p_t (log-sum-exp responsibilities), X0 drawn exactly from the GMM.
ba PRODUCT ACCEL TOL
    Blahut-Arimoto on a 1000-point grid for the same source at eps = 0.02, stopping when one plain update
    decreases the BA functional L = -sum p log(Kq) by <= TOL; ACCEL is none or squarem (the same SQUAREM S3 as
    blahutArimotoGrid1d); PRODUCT is how K is applied:
      dense  precomputed dense Gibbs kernel, BLAS matvecs (K @ v);
      fft    K as the leading block of a circulant of size N = 2048, applied with numpy.fft.rfft/irfft, and
             entries below the FFT error bound 2*log2(N)*u*sum|C|*||v||_2 divided by 1e-6 recomputed exactly
             with the dense rows (K[idx] @ v) -- the same rule as SymmetricToeplitzFft in the TypeScript code.
    Rate, distortion and the dual lower bound are evaluated at the final marginal, as in blahutArimotoGrid1d.
Each prints one JSON object: seconds (the whole computation: for BA the grid, the density, the kernel set-up,
the iterations and the bounds, as blahutArimotoGrid1d does them) and the results. numpy is pinned to one BLAS thread by the caller (OPENBLAS_NUM_THREADS=1 etc.).
"""
import json
import sys
import time

import numpy as np

W = np.array([1 / 3, 1 / 3, 1 / 3])
M = np.array([-0.4, 0.0, 0.4])
V = np.array([0.04, 0.05, 0.06])
EPS = 0.02


def simulate(n, steps, seed=0):
    rng = np.random.default_rng(seed)
    comp = rng.choice(3, size=n, p=W)
    x0 = M[comp] + np.sqrt(V[comp]) * rng.standard_normal(n)
    x = x0.copy()
    dt = 1.0 / steps
    lw = np.log(W)
    for i in range(steps):
        t = i * dt
        v = V - EPS * t
        y = x[:, None] - M[None, :]
        e = lw - 0.5 * np.log(v) - 0.5 * y * y / v
        e -= e.max(axis=1, keepdims=True)
        r = np.exp(e)
        u = EPS * (r * (-y / v)).sum(axis=1) / r.sum(axis=1)
        x = x + u * dt + np.sqrt(EPS * dt) * rng.standard_normal(n)
    return 0.5 * np.mean((x - x0) ** 2)


def gmm_pdf(x):
    return sum(w * np.exp(-(x - m) ** 2 / (2 * v)) / np.sqrt(2 * np.pi * v) for w, m, v in zip(W, M, V))


def ba_grid(points=1000):
    lo, hi = -2.0, 2.0
    h = (hi - lo) / points
    xs = lo + (np.arange(points) + 0.5) * h
    p = gmm_pdf(xs)
    p /= p.sum()
    beta = 1 / EPS
    dcol = 0.5 * (np.arange(points) * h) ** 2  # the kernels depend on |i - j| only
    return p, np.exp(-beta * dcol), dcol, beta


FFT_REL_TOL = 1e-6
FFT_ERROR_FACTOR = 2.0


def dense_product(col, dcol):
    """K v and (K*d) v with the dense matrices (BLAS matvecs)."""
    n = col.size
    dist = np.abs(np.arange(n)[:, None] - np.arange(n)[None, :])
    K = col[dist]
    KD = K * dcol[dist]
    return (lambda v: K @ v), (lambda v: KD @ v)


def fft_product(col, dcol):
    """K v for the symmetric Toeplitz K by circulant embedding and numpy.fft, small entries recomputed exactly with
    the dense rows K[small] @ v; (K*d) v (bounds only) by direct convolution, as the TypeScript side does it densely.
    (Recomputing the rows from the Toeplitz column on the fly instead, col[|small - j|] @ v, was ~5x slower.)"""
    n = col.size
    K = col[np.abs(np.arange(n)[:, None] - np.arange(n)[None, :])]
    band = int(np.flatnonzero(col)[-1]) + 1
    size = 2
    while size < n + band - 1:
        size *= 2
    c = np.zeros(size)
    c[:band] = col[:band]
    c[size - band + 1:] = col[1:band][::-1]
    spectrum = np.fft.rfft(c).real
    bound = FFT_ERROR_FACTOR * np.log2(size) * 2.0 ** -53 * np.abs(c).sum()
    kd_full = np.concatenate(((col * dcol)[:0:-1], col * dcol))  # (K*d)[|m|], m = -(n-1)..n-1

    def apply(v):
        y = np.fft.irfft(np.fft.rfft(v, size) * spectrum, size)[:n]
        small = np.flatnonzero(~(np.abs(y) >= bound * np.sqrt(v @ v) / FFT_REL_TOL))
        if small.size:
            y[small] = K[small] @ v
        return y

    return apply, (lambda v: np.convolve(v, kd_full, "valid"))


def blahut_arimoto(p, Kv, KDv, beta, tol=1e-11, max_iter=20000, accel="none"):
    """Same algorithm and stopping rule as blahutArimotoGrid1d: stop when one plain BA update decreases
    L(q) = -sum p log(Kq) by <= tol; optional SQUAREM (S3) on log q with the same safeguards."""
    it = 0

    def update(logq):
        nonlocal it
        m = logq.max()
        e = np.exp(logq - m)
        s = e.sum()
        q = e / s
        it += 1
        z = Kv(q)
        w = p / z
        lag = -(p @ np.log(z))
        c = Kv(w)
        return lag, logq - (m + np.log(s)) + np.log(c)

    def bounds(logq):
        e = np.exp(logq - logq.max())
        q = e / e.sum()
        z = Kv(q)
        w = p / z
        lag = -(p @ np.log(z))
        c = Kv(w)
        dist = w @ KDv(q)
        lc = np.log(c)
        base = lag - beta * dist
        return base - np.sum(q * c * lc), dist, base - lc.max()

    theta = np.zeros(len(p))
    change = np.nan
    if accel == "none":
        prev = np.nan
        while it < max_iter:
            lag, theta = update(theta)
            if it >= 2:
                change = prev - lag
                if change <= tol:
                    break
            prev = lag
    else:
        step_max = 1.0
        while it + 2 <= max_iter:
            l0, t1 = update(theta)
            l1, t2 = update(t1)
            change = l0 - l1
            if change <= tol or it + 1 > max_iter:
                theta = t2
                break
            r = t1 - theta
            v = t2 - 2 * t1 + theta
            ok = np.isfinite(r) & np.isfinite(v)
            alpha = np.sqrt(np.sum(r[ok] ** 2) / np.sum(v[ok] ** 2))
            if not alpha >= 1:
                alpha = 1.0
            if alpha >= step_max:
                alpha = step_max
                step_max *= 4
            x = theta + 2 * alpha * r + alpha * alpha * v
            x = np.where(np.isfinite(x), x, t2)
            lx, tx = update(x)
            if lx <= l1:
                theta = tx
            else:
                theta = t2
                step_max = max(1.0, step_max / 4)
    rate, dist, lower = bounds(theta)
    return rate, dist, lower, it, change


if __name__ == "__main__":
    task = sys.argv[1]
    out = {"numpy": np.__version__, "python": sys.executable}
    if task == "sde":
        n, steps = int(sys.argv[2]), int(sys.argv[3])
        t0 = time.perf_counter()
        D = simulate(n, steps)
        out.update(seconds=time.perf_counter() - t0, distortion=D)
    elif task == "ba":
        product, accel, tol = sys.argv[2], sys.argv[3], float(sys.argv[4])
        t0 = time.perf_counter()  # grid, density and kernel set-up are timed, as on the TypeScript side
        p, col, dcol, beta = ba_grid(1000)
        Kv, KDv = {"dense": dense_product, "fft": fft_product}[product](col, dcol)
        rate, dist, lower, it, change = blahut_arimoto(p, Kv, KDv, beta, tol=tol, accel=accel)
        out.update(seconds=time.perf_counter() - t0, rate=rate, distortion=dist, lowerBound=lower, iterations=it,
                   lagrangianChange=change)
    else:
        raise SystemExit(f"unknown task {task!r}: sde or ba")
    print(json.dumps(out))
