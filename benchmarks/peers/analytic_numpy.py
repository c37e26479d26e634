"""numpy peer of benchmarks/analytic/run.ts: the same two computations, vectorised numpy.

1. Optimal-SDE simulation for the Fig. 8 GMM (eps = 0.02): 1e5 paths x 100 Euler-Maruyama steps with the
   drift eps * grad log p_t (log-sum-exp responsibilities), X0 drawn exactly from the GMM.
2. Blahut-Arimoto on a 1000-point grid for the same source at eps = 0.02: precomputed Gibbs kernel, log-domain
   marginal, bounds every 10 iterations, stop at gap <= 1e-6 or when R and beta*D change by <= 1e-12.
Prints one JSON object with timings (seconds) and results.
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


def blahut_arimoto(points=1000, tol=1e-6, max_iter=20000, check_every=10, stall=1e-12):
    lo, hi = -2.0, 2.0
    h = (hi - lo) / points
    xs = lo + (np.arange(points) + 0.5) * h
    p = gmm_pdf(xs)
    p /= p.sum()
    beta = 1 / EPS
    d = 0.5 * (xs[:, None] - xs[None, :]) ** 2
    K = np.exp(-beta * d)
    KD = K * d
    logq = np.zeros(points)
    prev_r = prev_d = np.nan
    it = 0
    rate = lower = dist = np.nan
    for it in range(1, max_iter + 1):
        mx = logq.max()
        q = np.exp(logq - mx)
        qs = q.sum()
        log_norm = mx + np.log(qs)
        q /= qs
        z = K @ q
        w = p / z
        c = K @ w
        if it % check_every == 0:
            dist = w @ (KD @ q)
            base = -beta * dist - p @ np.log(z)
            lc = np.log(c)
            rate = base - np.sum(q * c * lc)
            lower = base - lc.max()
            if rate - lower <= tol:
                break
            if abs(rate - prev_r) <= stall and beta * abs(dist - prev_d) <= stall:
                break
            prev_r, prev_d = rate, dist
        logq = logq - log_norm + np.log(c)
    return rate, dist, lower, it


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    t0 = time.perf_counter()
    D = simulate(n, steps)
    t1 = time.perf_counter()
    max_iter = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    rate, dist, lower, it = blahut_arimoto(max_iter=max_iter)
    t2 = time.perf_counter()
    print(json.dumps({"sdeSeconds": t1 - t0, "sdeDistortion": D, "baSeconds": t2 - t1, "baRate": rate,
                      "baDistortion": dist, "baLowerBound": lower, "baIterations": it, "numpy": np.__version__}))
