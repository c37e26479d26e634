"""Euler floor of R2D2's Eq. (24) read-out on NERD's 20-dim Gaussian (eigenvalues 4 e^(-0.5 i), i = 0..19).

For a Gaussian source and a controller linear in each principal direction (the optimal family here), the
Euler-Maruyama chain x_{k+1} = (1 - a_k dt) x_k + sqrt(eps dt) xi_k is Gaussian, so energy, H(X1) and D are
exact functions of the gains a_k. This script computes, per eps and number of steps N:
  * "exact drift": the continuous optimum (eps/(lam - eps t) in active directions, the bridge gain 1/(1 - t) in
    inactive ones, lam <= eps) used on the Euler grid - its read-out misses by about (gamma + 1)/2 = 0.79 nats per
    inactive direction (the harmonic sum of the bridge energy against log N), whatever N;
  * "discrete optimum": the gains minimising the TEC loss energy + eps H(X1) on the grid (L-BFGS) - the best any
    R2D2 controller can do with that Euler grid, and its gap R_hat - R(D_hat) to water-filling at its own D_hat.
The last table is the noise-controlled chain of R2D2's noise: 'controlled' (core's solveNoiseControlledTf): each
step also scales its noise variance by m_k and pays the Gaussian KL 1/2 (m_k - 1 - log m_k); its discrete optimum
has no floor (gap < 1e-4 nats with 5..50 steps), and the same computation for N(0, 1) near eps = 1 shows the
fixed-noise floor that limits R2D2 at the top of the Fig. 2 range.
Rates in nats, D = 1/2 E|X - X_hat|^2.   python3 benchmarks/baselines/euler-floor.py
"""
import numpy as np
from scipy.optimize import minimize

LAM = np.array([(2 * np.exp(-0.25 * i)) ** 2 for i in range(20)])


def water_filling(eps):
    return sum(0.5 * np.log(l / eps) for l in LAM if l > eps), sum(0.5 * min(l, eps) for l in LAM)


def rate_at_distortion(D):
    lo, hi = 1e-12, 10.0
    for _ in range(200):
        m = (lo * hi) ** 0.5
        if sum(0.5 * min(l, m) for l in LAM) > D:
            hi = m
        else:
            lo = m
    return sum(0.5 * np.log(l / lo) for l in LAM if l > lo)


def direction(f, lam, eps, dts):
    """Loss, Eq. (24) rate and distortion of one direction; f_k = 1 - a_k dt."""
    v, c, energy = lam, lam, 0.0
    for fk, dt in zip(f, dts):
        energy += 0.5 * (1 - fk) ** 2 * v / dt
        v = fk * fk * v + eps * dt
        c = fk * c
    h = 0.5 * np.log(2 * np.pi * np.e * v)
    D = 0.5 * (v - 2 * c + lam)
    loss = energy + eps * h
    return loss, (loss - D) / eps - 0.5 * np.log(2 * np.pi * eps), D


def totals(eps, times):
    dts, t = np.diff(times), times[:-1]
    opt = np.zeros(2)
    exact = np.zeros(2)
    for lam in LAM:
        a_exact = np.where(lam > eps, eps / (lam - eps * t), 1 / (1 - t))
        f_exact = 1 - a_exact * dts
        best = min((minimize(lambda f: direction(f, lam, eps, dts)[0] / eps, f0, method='L-BFGS-B') for f0 in (np.ones(len(dts)), f_exact)),
                   key=lambda r: r.fun)
        opt += direction(best.x, lam, eps, dts)[1:]
        exact += direction(f_exact, lam, eps, dts)[1:]
    return opt, exact


print('eps    N   grid     | water-filling R, D | discrete optimum R, D, gap at D | exact drift on the grid R, D, gap at D')
for N, grid in ((50, 'uniform'), (50, 'power2'), (100, 'uniform'), (200, 'uniform')):
    s = np.linspace(0, 1, N + 1)
    times = s if grid == 'uniform' else 1 - (1 - s) ** 2
    for eps in (0.05, 0.25, 1.0):
        R, D = water_filling(eps)
        (Ro, Do), (Re, De) = totals(eps, times)
        print(f'{eps:<5}  {N:<3} {grid:8s} | {R:.3f}, {D:.4f} | {Ro:.3f}, {Do:.4f}, {Ro - rate_at_distortion(Do):+.3f} | '
              f'{Re:.3f}, {De:.4f}, {Re - rate_at_distortion(De):+.3f}', flush=True)


def controlled_direction(p, lam, eps, dts):
    """Loss, Eq. (24) rate and distortion of one direction of the noise-controlled chain; p = (f_k, log m_k)."""
    K = len(dts)
    f, m = p[:K], np.exp(p[K:])
    v, c, energy, kl = lam, lam, 0.0, 0.0
    for fk, mk, dt in zip(f, m, dts):
        energy += 0.5 * (1 - fk) ** 2 * v / dt
        kl += 0.5 * (mk - 1 - np.log(mk))
        v = fk * fk * v + mk * eps * dt
        c = fk * c
    h = 0.5 * np.log(2 * np.pi * np.e * v)
    D = 0.5 * (v - 2 * c + lam)
    loss = energy + eps * (kl + h)
    return loss, (loss - D) / eps - 0.5 * np.log(2 * np.pi * eps), D


def best_direction(lam, eps, N, controlled):
    dts = np.full(N, 1 / N)
    if controlled:
        fun = lambda p: controlled_direction(p, lam, eps, dts)[0] / eps
        starts = [np.concatenate([f0, np.zeros(N)]) for f0 in (np.ones(N), np.full(N, 0.5))]
    else:
        fun = lambda p: controlled_direction(np.concatenate([p, np.zeros(N)]), lam, eps, dts)[0] / eps
        starts = [np.ones(N), np.full(N, 0.5)]
    best = min((minimize(fun, x0, method='L-BFGS-B') for x0 in starts), key=lambda r: r.fun)
    p = best.x if controlled else np.concatenate([best.x, np.zeros(N)])
    return controlled_direction(p, lam, eps, dts)[1:]


print()
print('discrete optimum, fixed vs controlled noise: gap R - R(D) at the optimum\'s own D (nats)')
print('source           eps    N   | fixed    | controlled')
for N in (5, 20, 50):
    for eps in (0.05, 1.0):
        gaps = []
        for controlled in (False, True):
            R = D = 0.0
            for lam in LAM:
                r, d = best_direction(lam, eps, N, controlled)
                R, D = R + r, D + d
            gaps.append(R - rate_at_distortion(D))
        print(f'NERD 20-dim      {eps:<5}  {N:<3} | {gaps[0]:+.4f} | {gaps[1]:+.5f}', flush=True)
for N in (20, 50, 100):
    for eps in (0.75, 0.95):
        gaps = []
        for controlled in (False, True):
            r, d = best_direction(1.0, eps, N, controlled)
            gaps.append(r - max(0.0, 0.5 * np.log(1 / (2 * d))))
        print(f'N(0, 1)          {eps:<5}  {N:<3} | {gaps[0]:+.4f} | {gaps[1]:+.5f}', flush=True)
