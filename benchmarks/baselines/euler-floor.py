"""Euler floor of R2D2's Eq. (24) read-out on NERD's 20-dim Gaussian (eigenvalues 4 e^(-0.5 i), i = 0..19).

For a Gaussian source and a controller linear in each principal direction (the optimal family here), the
Euler-Maruyama chain x_{k+1} = (1 - a_k dt) x_k + sqrt(eps dt) xi_k is Gaussian, so energy, H(X1) and D are
exact functions of the gains a_k. This script computes, per eps and number of steps N:
  * "exact drift": the continuous optimum (eps/(lam - eps t) in active directions, the bridge gain 1/(1 - t) in
    inactive ones, lam <= eps) used on the Euler grid - its read-out misses by about (gamma + 1)/2 = 0.79 nats per
    inactive direction (the harmonic sum of the bridge energy against log N), whatever N;
  * "discrete optimum": the gains minimising the TEC loss energy + eps H(X1) on the grid (L-BFGS) - the best any
    R2D2 controller can do with that Euler grid, and its gap R_hat - R(D_hat) to water-filling at its own D_hat.
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
