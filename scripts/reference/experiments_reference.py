#!/usr/bin/env python3
"""Reference values for src/main/services/experiments/stats, computed with numpy/scipy from unit-level data.

Regenerate with:  python3 scripts/reference/experiments_reference.py
Writes src/main/services/experiments/stats/__fixtures__/reference.json.

Each case draws per-unit values from a fixed seed and computes the figures the engine must reproduce from those
values directly (np.mean, np.var, np.cov, scipy.stats), while the fixture hands the TypeScript side only the sums it
would get from an import (n, sum x, sum x^2, sum x*y). So the test checks both the sums-to-moments algebra and the
tests themselves. Conventions follow gbstats (GrowthBook's stats engine): a proportion's variance is p(1-p), a mean's
the sample variance; relative lift is (B - A) / |A| with the delta method; CUPED's theta is fitted on both arms pooled;
the sequential interval is eq. 9 of Waudby-Smith et al. (arXiv 2103.06476) with rho from eq. 161.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import optimize, stats

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'main', 'services', 'experiments', 'stats', '__fixtures__', 'reference.json')
ALPHA = 0.05


def fl(x):
    return float(x)


# ----------------------------------------------------------------------------- unit-level data and their sums
def base_sums(x, kind):
    s = {'kind': kind, 'n': int(len(x)), 'sum': fl(np.sum(x))}
    if kind == 'mean':
        s['sumSquares'] = fl(np.sum(x * x))
    return s


def var_of(x, kind):
    # gbstats: proportions p(1-p), means the sample variance
    return fl(np.var(x, ddof=0)) if kind == 'proportion' else fl(np.var(x, ddof=1))


def cov_of(x, y, kinds):
    ddof = 0 if kinds == ('proportion', 'proportion') else 1
    return fl(np.cov(np.vstack([x, y]), ddof=ddof)[0, 1])


def draw_base(r, kind, n, shift):
    if kind == 'proportion':
        return (r.random(n) < 0.1 + 0.3 * r.random() + shift * 0.05).astype(np.float64)
    return np.round(r.lognormal(1.0 + shift * 0.1, 0.8, n), 4)


# ----------------------------------------------------------------------------- statistics from unit data
def stat_mean_var(arm, kind):
    """(mean, unadjusted mean, per-unit variance) of one arm's value."""
    if kind in ('mean', 'proportion'):
        m = fl(np.mean(arm['x']))
        return m, m, var_of(arm['x'], kind)
    if kind == 'ratio':
        mm, dm = np.mean(arm['m']), np.mean(arm['d'])
        c = np.cov(np.vstack([arm['m'], arm['d']]), ddof=1)
        g = np.array([1 / dm, -mm / dm**2])
        return fl(np.sum(arm['m']) / np.sum(arm['d'])), fl(np.sum(arm['m']) / np.sum(arm['d'])), fl(g @ c @ g)
    raise ValueError(kind)


def cuped_theta(a, b, kind):
    post = np.concatenate([a['x'], b['x']])
    pre = np.concatenate([a['p'], b['p']])
    ddof = 0 if kind == 'proportion' else 1
    vpre = np.var(pre, ddof=ddof)
    if vpre == 0 or np.var(post, ddof=ddof) == 0:
        return 0.0
    return fl(np.cov(np.vstack([post, pre]), ddof=ddof)[0, 1] / vpre)


def ratio_cuped_pieces(arm):
    """Mean vector and covariance of (m_post, d_post, m_pre, d_pre)."""
    z = np.vstack([arm['m'], arm['d'], arm['mp'], arm['dp']])
    return z.mean(axis=1), np.cov(z, ddof=1)


def ratio_cuped_grad(beta, theta):
    b0, b1, b2, b3 = beta
    return np.array([1 / b1, -b0 / b1**2, -theta / b3, theta * b2 / b3**2])


def effect(a, b, kind, relative):
    """Point estimate and variance of the estimate, and per-arm per-unit variances (for the Welch dof)."""
    if kind == 'cuped' or kind == 'cupedProportion':
        bk = 'proportion' if kind == 'cupedProportion' else 'mean'
        theta = cuped_theta(a, b, bk)
        ya, yb = a['x'] - theta * a['p'], b['x'] - theta * b['p']
        ddof = 0 if bk == 'proportion' else 1
        va = fl(np.var(a['x'], ddof=ddof) + theta**2 * np.var(a['p'], ddof=ddof)
                - 2 * theta * np.cov(np.vstack([a['x'], a['p']]), ddof=ddof)[0, 1])
        vb = fl(np.var(b['x'], ddof=ddof) + theta**2 * np.var(b['p'], ddof=ddof)
                - 2 * theta * np.cov(np.vstack([b['x'], b['p']]), ddof=ddof)[0, 1])
        ma, mb, ua = fl(np.mean(ya)), fl(np.mean(yb)), fl(np.mean(a['x']))
        na, nb = len(a['x']), len(b['x'])
        if relative:
            # gradient of (mb - ma) / ua w.r.t. (mean post_b, mean pre_b) and (mean post_a, mean pre_a), ua = mean post_a
            gb = np.array([1 / ua, -theta / ua])
            cb = np.cov(np.vstack([b['x'], b['p']]), ddof=ddof)
            mpb = np.mean(b['x'])
            ga = np.array([-mpb / ua**2, theta / ua])
            ca = np.cov(np.vstack([a['x'], a['p']]), ddof=ddof)
            # gbstats folds theta*mean(pre) terms as written in frequentist_variance_relative_cuped
            v = fl(gb @ cb @ gb / nb + ga @ ca @ ga / na)
            est = (mb - ma) / abs(ua)
        else:
            v = va / na + vb / nb
            est = mb - ma
        return est, v, va, vb, na, nb, {'theta': theta}
    if kind == 'cupedRatio':
        ba, la = ratio_cuped_pieces(a)
        bb, lb = ratio_cuped_pieces(b)
        one_a, one_b = ratio_cuped_grad(ba, 1.0), ratio_cuped_grad(bb, 1.0)
        var_pre = one_a[2:] @ la[2:, 2:] @ one_a[2:] + one_b[2:] @ lb[2:, 2:] @ one_b[2:]
        cov = one_a[2:] @ la[2:, :2] @ one_a[:2] + one_b[2:] @ lb[2:, :2] @ one_b[:2]
        theta = fl(-cov / var_pre)
        ga, gb = ratio_cuped_grad(ba, theta), ratio_cuped_grad(bb, theta)
        va, vb = fl(ga @ la @ ga), fl(gb @ lb @ gb)
        ma = ba[0] / ba[1] - theta * ba[2] / ba[3]
        mb = bb[0] / bb[1] - theta * bb[2] / bb[3]
        ua = ba[0] / ba[1]
        na, nb = len(a['m']), len(b['m'])
        if relative:
            # exact gradient of (mb - ma) / |ua| (ua = m_post/d_post of control does not depend on the pre means)
            g, g_abs = abs(ua), (mb - ma) * np.sign(ua)
            m_a, d_a, mp_a, dp_a = ba
            grad_a = np.array([-(g + g_abs) / (d_a * g**2), m_a * (g + g_abs) / (d_a**2 * g**2),
                               theta / (dp_a * g), -theta * mp_a / (dp_a**2 * g)])
            v = fl(grad_a @ la @ grad_a / na + (gb / g) @ lb @ (gb / g) / nb)
            est = fl((mb - ma) / g)
        else:
            v = va / na + vb / nb
            est = fl(mb - ma)
        return est, v, va, vb, na, nb, {'theta': theta}
    base = 'proportion' if kind == 'proportion' else ('ratio' if kind == 'ratio' else 'mean')
    ma, ua, va = stat_mean_var(a, base)
    mb, ub, vb = stat_mean_var(b, base)
    na = len(a['x'] if 'x' in a else a['m'])
    nb = len(b['x'] if 'x' in b else b['m'])
    if relative:
        # delta method for (mb - ma)/ma with independent arms
        v = vb / nb / ua**2 + va / na * ub**2 / ua**4
        est = (mb - ma) / abs(ua)
    else:
        v = va / na + vb / nb
        est = mb - ma
    return est, v, va, vb, na, nb, {}


def welch(est, v, va, vb, na, nb):
    dof = (va / na + vb / nb) ** 2 / (va**2 / (na**2 * (na - 1)) + vb**2 / (nb**2 * (nb - 1)))
    se = math.sqrt(v)
    t = est / se
    p = 2 * stats.t.sf(abs(t), dof)
    half = stats.t.ppf(1 - ALPHA / 2, dof) * se
    return {'dof': fl(dof), 'pValue': fl(p), 'ci': [fl(est - half), fl(est + half)]}


def sequential(est, v, n, tuning):
    rho = math.sqrt((-2 * math.log(ALPHA) + math.log(-2 * math.log(ALPHA) + 1)) / tuning)
    s2 = v * n
    half = math.sqrt(s2) * math.sqrt(2 * (n * rho**2 + 1) * math.log(math.sqrt(n * rho**2 + 1) / ALPHA) / (n * rho) ** 2)
    st2 = est**2 * n / v
    tr = n * rho**2 + 1
    e_value = math.exp(rho**2 * st2 / (2 * tr)) / math.sqrt(tr)
    return {'tuning': tuning, 'ci': [fl(est - half), fl(est + half)], 'pValue': fl(min(1 / e_value, 1))}


def truncated_risk(mu, sd):
    if abs(mu / sd) > 37:
        return [max(mu, 0.0), max(-mu, 0.0)]
    p_neg = stats.norm.cdf(0, mu, sd)
    a, b = (0 - mu) / sd, np.inf
    mean_pos = stats.truncnorm.mean(a, b, loc=mu, scale=sd)
    mean_neg = stats.truncnorm.mean(-np.inf, (0 - mu) / sd, loc=mu, scale=sd)
    return [fl((1 - p_neg) * mean_pos), fl(-p_neg * mean_neg)]


def bayes(est, v, ua, relative, proper, inverse=False, prior_mean=0.0, prior_sd=0.3):
    pm, pv = prior_mean, prior_sd**2
    if not relative:
        pm, pv = pm * abs(ua), pv * ua**2
    prec = 1 / v + (1 / pv if proper else 0)
    mu = (est / v + pm / pv) / prec if proper else est
    sd = math.sqrt(1 / prec)
    ctw = stats.norm.sf(0, mu, sd)
    risk = truncated_risk(mu, sd)
    if inverse:
        ctw, risk = 1 - ctw, [risk[1], risk[0]]
    lo, hi = stats.norm.ppf([ALPHA / 2, 1 - ALPHA / 2], mu, sd)
    return {'proper': proper, 'inverse': inverse, 'mean': fl(mu), 'sd': fl(sd), 'ci': [fl(lo), fl(hi)],
            'chanceToWin': fl(ctw), 'risk': risk}


# ----------------------------------------------------------------------------- one case per (kind, seed)
def make_arms(seed, kind):
    r = np.random.default_rng(seed)
    arms = []
    for i in range(2):
        n = int(r.integers(150, 4000))
        if kind in ('mean', 'proportion'):
            arms.append({'x': draw_base(r, kind, n, i)})
        elif kind in ('cuped', 'cupedProportion'):
            bk = 'proportion' if kind == 'cupedProportion' else 'mean'
            pre = draw_base(r, bk, n, 0)
            if bk == 'mean':
                post = np.round(0.6 * pre + r.lognormal(0.5 + 0.1 * i, 0.7, n), 4)
            else:
                post = ((pre + (r.random(n) < 0.15 + 0.03 * i)) > 0).astype(np.float64)
            arms.append({'x': post, 'p': pre})
        elif kind == 'ratio':
            d = np.round(r.lognormal(1.5, 0.5, n), 4)
            m = np.round(d * (0.3 + 0.02 * i) + r.normal(0, 0.5, n), 4)
            arms.append({'m': m, 'd': d})
        elif kind == 'cupedRatio':
            dp = np.round(r.lognormal(1.5, 0.5, n), 4)
            mp = np.round(dp * 0.3 + r.normal(0, 0.5, n), 4)
            d = np.round(dp * 0.8 + r.lognormal(0.5, 0.5, n), 4)
            m = np.round(0.5 * mp + d * (0.25 + 0.02 * i) + r.normal(0, 0.4, n), 4)
            arms.append({'m': m, 'd': d, 'mp': mp, 'dp': dp})
    return arms


def sums_of(arm, kind):
    if kind in ('mean', 'proportion'):
        return base_sums(arm['x'], kind)
    if kind in ('cuped', 'cupedProportion'):
        bk = 'proportion' if kind == 'cupedProportion' else 'mean'
        return {'kind': 'cuped', 'n': len(arm['x']), 'post': base_sums(arm['x'], bk), 'pre': base_sums(arm['p'], bk),
                'sumPostPre': fl(np.sum(arm['x'] * arm['p'])), 'theta': None}
    if kind == 'ratio':
        return {'kind': 'ratio', 'n': len(arm['m']), 'm': base_sums(arm['m'], 'mean'), 'd': base_sums(arm['d'], 'mean'),
                'sumMD': fl(np.sum(arm['m'] * arm['d']))}
    if kind == 'cupedRatio':
        m, d, mp, dp = arm['m'], arm['d'], arm['mp'], arm['dp']
        return {'kind': 'cupedRatio', 'n': len(m), 'mPost': base_sums(m, 'mean'), 'dPost': base_sums(d, 'mean'),
                'mPre': base_sums(mp, 'mean'), 'dPre': base_sums(dp, 'mean'),
                'sumMPostMPre': fl(np.sum(m * mp)), 'sumDPostDPre': fl(np.sum(d * dp)), 'sumMPreDPre': fl(np.sum(mp * dp)),
                'sumMPostDPost': fl(np.sum(m * d)), 'sumMPostDPre': fl(np.sum(m * dp)), 'sumMPreDPost': fl(np.sum(mp * d)),
                'theta': None}
    raise ValueError(kind)


def unadjusted_control_mean(a, kind):
    if 'x' in a:
        return fl(np.mean(a['x']))
    return fl(np.sum(a['m']) / np.sum(a['d']))


def effect_cases():
    out = []
    for kind in ('mean', 'proportion', 'ratio', 'cuped', 'cupedProportion', 'cupedRatio'):
        for seed in range(6):
            a, b = make_arms(1000 * len(kind) + seed, kind)
            ua = unadjusted_control_mean(a, kind)
            case = {'kind': kind, 'seed': seed, 'control': sums_of(a, kind), 'treatment': sums_of(b, kind)}
            for diff in ('relative', 'absolute'):
                est, v, va, vb, na, nb, extra = effect(a, b, kind, diff == 'relative')
                case[diff] = {
                    'estimate': fl(est), 'variance': fl(v), **extra,
                    'ttest': welch(est, v, va, vb, na, nb),
                    'sequential': [sequential(est, v, na + nb, t) for t in (5000, 600)],
                    'bayesian': [bayes(est, v, ua, diff == 'relative', proper)
                                 for proper in (False, True)] + [bayes(est, v, ua, diff == 'relative', True, True, 0.05, 0.1)],
                }
            out.append(case)
    return out


def srm_cases():
    r = np.random.default_rng(7)
    out = []
    for i in range(12):
        k = int(r.integers(2, 5))
        w = r.random(k) + 0.2
        w = w / w.sum()
        total = int(r.integers(50, 200000))
        true_w = w * (1 + 0.03 * (np.arange(k) == 0)) if i % 3 == 0 else w  # every third split is a little off
        units = r.multinomial(total, true_w / true_w.sum())
        res = stats.chisquare(units, w * units.sum())
        out.append({'units': [int(u) for u in units], 'weights': [fl(x) for x in w], 'chiSquare': fl(res.statistic), 'pValue': fl(res.pvalue)})
    return out


def holm(p):
    p = np.asarray(p)
    m = len(p)
    order = np.argsort(p, kind='stable')
    adj = np.minimum(np.maximum.accumulate(p[order] * (m - np.arange(m))), 1)
    out = np.empty(m)
    out[order] = adj
    return out


def correction_cases():
    r = np.random.default_rng(11)
    out = []
    for m in (1, 3, 8, 25):
        p = np.round(np.concatenate([r.random(m - m // 3) , r.random(m // 3) * 0.01]), 6)
        out.append({'pValues': [fl(x) for x in p], 'holm': [fl(x) for x in holm(p)],
                    'bh': [fl(x) for x in stats.false_discovery_control(p, method='bh')]})
    return out


def planned_se(mean, var, n_per, effect):
    mb = mean * (1 + effect)
    return math.sqrt(var / (mean**2 * n_per) + var * mb**2 / (mean**4 * n_per))


def power_of(effect, se):
    z = stats.norm.ppf(1 - ALPHA / 2)
    return stats.norm.sf(z - effect / se) + stats.norm.cdf(-z - effect / se)


def power_cases():
    out = []
    for mean, var, effect, k in ((0.1, 0.09, 0.05, 2), (10.0, 3909.99977, 0.05, 3), (2.5, 4.0, 0.02, 2), (0.3, 0.21, 0.1, 4)):
        n_total = 40000
        power = power_of(effect, planned_se(mean, var, n_total / k, effect))
        # MDE (GrowthBook's definition): the effect e with e / se(e) = z(1 - alpha/2) - z(1 - power), solved numerically
        zz = stats.norm.ppf(1 - ALPHA / 2) - stats.norm.ppf(0.2)
        mde = optimize.brentq(lambda e: e / planned_se(mean, var, n_total / k, e) - zz, 1e-9, 50, xtol=1e-15)
        # sample size: smallest total n with power >= 0.8
        root = optimize.brentq(lambda n: power_of(effect, planned_se(mean, var, n / k, effect)) - 0.8, 2, 1e13, xtol=1e-9)
        out.append({'mean': mean, 'variance': var, 'effect': effect, 'variations': k, 'nTotal': n_total,
                    'power': fl(power), 'mde': fl(mde),
                    'sampleSize': int(math.ceil(root))})
    return out


def mid_power_cases():
    out = []
    for se, n, mde, seq, proper in ((0.05, 1000, 0.05, None, False), (0.02, 20000, 0.03, 5000, False), (0.04, 4000, 0.05, None, True)):
        alpha = ALPHA
        z = stats.norm.ppf(1 - alpha / 2)

        def power(scaling):
            v = se**2 / (1 + scaling)
            sd = math.sqrt(v)
            if proper:
                pv, pm = 0.3**2, 0.0
                n1 = v * math.sqrt(1 / pv + 1 / v) * z
                n2 = v * pm / pv
                return stats.norm.sf((n1 - n2 - mde) / sd) + stats.norm.cdf(-(n1 + n2 + mde) / sd)
            if seq:
                rho = math.sqrt((-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / seq)
                nn = n * (1 + scaling)
                half = math.sqrt(n * se**2) * math.sqrt(2 * (nn * rho**2 + 1) * math.log(math.sqrt(nn * rho**2 + 1) / alpha) / (nn * rho) ** 2)
            else:
                half = z * sd
            return stats.norm.sf((half - mde) / sd) + stats.norm.cdf(-(half + mde) / sd)

        scaling = optimize.brentq(lambda s: power(s) - 0.8, 0, 1e9, xtol=1e-12)
        out.append({'se': se, 'n': n, 'mde': mde, 'sequential': seq, 'proper': proper, 'powerNow': fl(power(0)),
                    'powerAt2': fl(power(2.0)), 'scalingFactor': fl(scaling)})
    return out


def main():
    ref = {
        'versions': {'numpy': np.__version__, 'scipy': scipy.__version__},
        'alpha': ALPHA,
        'effects': effect_cases(),
        'srm': srm_cases(),
        'corrections': correction_cases(),
        'power': power_cases(),
        'midPower': mid_power_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(ref, f, indent=1)
        f.write('\n')
    print(f'wrote {OUT}')


if __name__ == '__main__':
    main()
