#!/usr/bin/env python3
"""R2D2 (Freirich & Weinberger, ICLR 2026, Alg. 1) in PyTorch: the peer side of `benchmarks/speed`.

One controller step: sample eps ~ U[eps_min, eps_max], a batch X0 ~ N(0, sigma^2 I_d), roll the SDE
dX = u_theta(X, t, eps) dt + sqrt(eps) dW out with Euler-Maruyama (dt = 1/100), loss = sum_k 1/2 |u_k|^2 dt
(batch mean) + eps * H(X1), one Adam step. H is the Gaussian plug-in 1/2 log det(2 pi e Cov(X1)) or the
Gaussian plug-in minus the DV negentropy bound with an eps-conditioned critic trained 3 Adam steps per
controller step (App. B.1 / E.1). Conventions match the TypeScript side: D = 1/2 E|X - X^|^2, rates in nats,
eps = 1/beta, features (x/s, 2t - 1, log-eps mapped to [-1, 1]), nn.Linear's default initialisation,
LeakyReLU(0.01), optional eps-score output scaling u = eps/s * f.

Install (Debian 12): apt-get install -y python3-torch libopenblas0-pthread
Run single-threaded:  OPENBLAS_NUM_THREADS=1 python3 benchmarks/peers/r2d2_torch.py --dim 1 --steps 100
Prints one JSON object on stdout (per-step seconds, losses, optional checkpoints of |dR|, peak RSS).
"""
import argparse
import json
import math
import os
import resource
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import torch  # noqa: E402
from torch import nn  # noqa: E402


def eps_feature(eps, lo, hi):
    a, b = math.log(lo), math.log(hi)
    return 2.0 * (math.log(eps) - a) / (b - a) - 1.0


class Controller(nn.Module):
    """u(x, t, eps): MLP on the concatenated features, as in App. E.1."""

    def __init__(self, dim, hidden, eps_score, sigma):
        super().__init__()
        self.sigma = sigma
        widths = [dim + 2] + list(hidden)
        layers = []
        for a, b in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(a, b), nn.LeakyReLU(0.01)]
        layers.append(nn.Linear(widths[-1], dim))
        self.net = nn.Sequential(*layers)
        self.eps_score = eps_score

    def forward(self, x, t_feat, e_feat, eps):
        n = x.shape[0]
        feats = torch.cat([x / self.sigma, x.new_full((n, 1), t_feat), x.new_full((n, 1), e_feat)], dim=1)
        u = self.net(feats)
        return u * (eps / self.sigma) if self.eps_score else u


class Critic(nn.Module):
    def __init__(self, dim, hidden, sigma):
        super().__init__()
        self.sigma = sigma
        widths = [dim + 1] + list(hidden)
        layers = []
        for a, b in zip(widths[:-1], widths[1:]):
            layers += [nn.Linear(a, b), nn.LeakyReLU(0.01)]
        layers.append(nn.Linear(widths[-1], 1))
        self.net = nn.Sequential(*layers)

    def forward(self, v, e_feat):
        return self.net(torch.cat([v / self.sigma, v.new_full((v.shape[0], 1), e_feat)], dim=1)).squeeze(1)


def covariance(x):
    c = x - x.mean(0, keepdim=True)
    return c.T @ c / (x.shape[0] - 1)


def gaussian_entropy(x):
    d = x.shape[1]
    return 0.5 * (torch.logdet(covariance(x)) + d * math.log(2 * math.pi * math.e))


def log_mean_exp(v):
    return torch.logsumexp(v, 0) - math.log(v.shape[0])


def reference(x, gen):
    """Gaussian sample with the mean and covariance of x (differentiable w.r.t. x)."""
    L = torch.linalg.cholesky(covariance(x))
    xi = torch.randn(x.shape, generator=gen)
    return x.mean(0, keepdim=True) + xi @ L.T


def dv_negentropy(critic, x, e_feat, gen):
    z = reference(x, gen)
    return critic(x, e_feat).mean() - log_mean_exp(critic(z, e_feat))


def rollout(ctrl, x0, eps, e_feat, n_steps, gen):
    dt = 1.0 / n_steps
    x = x0
    energy = x0.new_zeros(())
    noise = math.sqrt(eps * dt)
    for k in range(n_steps):
        u = ctrl(x, 2.0 * k * dt - 1.0, e_feat, eps)
        energy = energy + 0.5 * dt * (u * u).sum(1).mean()
        x = x + u * dt + noise * torch.randn(x.shape, generator=gen)
    return x, energy


def peak_rss_mib():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dim", type=int, default=1)
    p.add_argument("--variance", type=float, default=1.0)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--dt", type=float, default=0.01)
    p.add_argument("--hidden", type=str, default="128,128")
    p.add_argument("--entropy", choices=["gaussian", "dv"], default="gaussian")
    p.add_argument("--critic-steps", type=int, default=3)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--eps-min", type=float, default=0.025)
    p.add_argument("--eps-max", type=float, default=0.975)
    p.add_argument("--output-scaling", choices=["eps-score", "none"], default="eps-score")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--eval-every", type=int, default=0, help="checkpoint |dR| every N steps (0: never)")
    p.add_argument("--eval-batch", type=int, default=4096)
    p.add_argument("--eval-batches", type=int, default=2)
    p.add_argument("--target", type=float, default=0.0, help="stop once median |dR| <= target")
    p.add_argument("--max-seconds", type=float, default=float("inf"), help="training-time cap")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed + 1)
    n_steps = round(1 / a.dt)
    hidden = [int(h) for h in a.hidden.split(",")]
    sigma = math.sqrt(a.variance)
    d = a.dim
    ctrl = Controller(d, hidden, a.output_scaling == "eps-score", sigma)
    opt = torch.optim.Adam(ctrl.parameters(), lr=a.lr)
    critic = crit_opt = None
    if a.entropy == "dv":
        critic = Critic(d, hidden, sigma)
        crit_opt = torch.optim.Adam(critic.parameters(), lr=a.lr)

    def entropy_of(x1, e_feat):
        h = gaussian_entropy(x1)
        if critic is not None:
            h = h - dv_negentropy(critic, x1, e_feat, gen)
        return h

    def step():
        eps = a.eps_min + torch.rand((), generator=gen).item() * (a.eps_max - a.eps_min)
        e_feat = eps_feature(eps, a.eps_min, a.eps_max)
        x0 = sigma * torch.randn((a.batch, d), generator=gen)
        x1, energy = rollout(ctrl, x0, eps, e_feat, n_steps, gen)
        if critic is not None:
            for prm in critic.parameters():
                prm.requires_grad_(False)
        loss = energy + eps * entropy_of(x1, e_feat)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if critic is not None:
            for prm in critic.parameters():
                prm.requires_grad_(True)
            x1d = x1.detach()
            for _ in range(a.critic_steps):
                crit_opt.zero_grad(set_to_none=True)
                (-dv_negentropy(critic, x1d, e_feat, gen)).backward()
                crit_opt.step()
        return loss.item()

    eval_gen = torch.Generator().manual_seed(a.seed + 2)
    eps_grid = [0.05 + 0.1 * i for i in range(10)]

    @torch.no_grad()
    def median_abs_err():
        errs = []
        for eps in eps_grid:
            e_feat = eps_feature(eps, a.eps_min, a.eps_max)
            rates, dists = [], []
            for _ in range(a.eval_batches):
                x0 = sigma * torch.randn((a.eval_batch, d), generator=eval_gen, dtype=torch.float32)
                x1, energy = rollout(ctrl, x0, eps, e_feat, n_steps, eval_gen)
                if critic is not None:
                    h = gaussian_entropy(x1.double()) - dv_negentropy(critic, x1, e_feat, eval_gen).double()
                else:
                    h = gaussian_entropy(x1.double())
                dist = 0.5 * ((x1.double() - x0.double()) ** 2).sum(1).mean()
                loss = energy.double() + eps * h
                rates.append(((loss - dist) / eps - 0.5 * d * math.log(2 * math.pi * eps)).item())
                dists.append(dist.item())
            r, dd = sum(rates) / len(rates), sum(dists) / len(dists)
            # Closed form of the Gaussian source at the estimated distortion (1-D: 1/2 log(sigma^2/(2D))).
            errs.append(abs(r - 0.5 * d * math.log(a.variance / (2 * dd / d))))
        errs.sort()
        return 0.5 * (errs[4] + errs[5])

    for _ in range(a.warmup):
        step()
    times, cpu_times, losses, checkpoints = [], [], [], []
    trained = 0.0
    trained_cpu = 0.0
    reached = None
    for s in range(1, a.steps + 1):
        t0 = time.perf_counter()
        c0 = time.process_time()
        losses.append(step())
        dt_s = time.perf_counter() - t0
        cpu_times.append(time.process_time() - c0)
        times.append(dt_s)
        trained += dt_s
        trained_cpu += cpu_times[-1]
        if a.eval_every and s % a.eval_every == 0:
            err = median_abs_err()
            checkpoints.append({"step": s, "trainSeconds": trained, "trainCpuSeconds": trained_cpu, "medianAbsErr": err})
            print(f"torch step {s}: median |dR| = {err:.4f} after {trained:.2f} s (cpu {trained_cpu:.2f} s)", file=sys.stderr)
            if a.target and err <= a.target:
                reached = checkpoints[-1]
                break
        if trained > a.max_seconds:
            break
    print(json.dumps({
        "side": "pytorch",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "settings": {k: v for k, v in vars(a).items() if k != "max_seconds"} | {"maxSeconds": a.max_seconds if math.isfinite(a.max_seconds) else None},
        "warmupSteps": a.warmup,
        "stepSeconds": times,
        # CPU time of this process per step (user + system): steadier than wall time on a shared machine.
        "stepCpuSeconds": cpu_times,
        "losses": losses,
        "checkpoints": checkpoints,
        "reached": reached,
        "peakRssMiB": peak_rss_mib(),
    }))


if __name__ == "__main__":
    main()
