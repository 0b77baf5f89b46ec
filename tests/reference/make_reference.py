#!/usr/bin/env python3
"""High-precision reference values for the loss core, written to focal_reference.csv.

Run by hand (python3 tests/reference/make_reference.py) and commit the CSV; the native tests read
it. Needs mpmath (Debian: python3-mpmath).

Every loss is written straight from its definition, with p = 1 / (1 + exp(-x)) and
1 - p = 1 / (1 + exp(x)) (exact identities, so no probability is formed by subtraction) and no
other rearrangement. That only works if the working precision can hold 1 + exp(-700) without
rounding it to 1: at 60 digits log(1 / (1 + e^-700)) comes out as 0 instead of -1e-304. So the
values are computed at DIGITS = 400 decimal digits and again at CHECK_DIGITS = 500, and the two
must agree to 1e-40 wherever the value is representable; a disagreement means some term needed
even more precision and stops the script.

Gradients are mpmath.diff of the same definitions (mpmath's numerical differentiation, which
raises the working precision and takes a step of about 2^-(working bits), so it is exact to far
beyond double precision for these smooth functions). Each one is cross-checked against a
hand-derived derivative (paper, Appendix B, and the variants' chain rules) evaluated in mpmath,
again to 1e-40.

Inputs are exact doubles (Python floats turned into mpf without rounding) and are written with
repr, so the C++ side reads back bit-identical arguments. Values whose exact magnitude is below
the smallest normal double (2.2e-308), including exact zeros, are left empty: a relative error
is meaningless there. A row with nothing left to compare is dropped.
"""

import os
import random
import sys

import mpmath
from mpmath import mp, mpf

DIGITS = 400
CHECK_DIGITS = 500
AGREE = mpf("1e-40")
DBL_MIN = mpf(2.2250738585072014e-308)
SEED = 1708_02002  # the paper's arXiv number

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "focal_reference.csv")


def sig(x):
    return 1 / (1 + mpmath.exp(-x))


def sig_c(x):
    # 1 - sigmoid(x), by the identity, never by subtraction
    return 1 / (1 + mpmath.exp(x))


def sign_of(y):
    return 1 if y == 1 else -1


def alpha_t(alpha, y):
    if alpha < 0:
        return mpf(1)
    return mpf(alpha) if y == 1 else 1 - mpf(alpha)


# Each loss: (value(x, *params), hand_grad(x, *params)); x is an mpf, params are Python floats.

def bce(x, y):
    return -mpmath.log(sig(sign_of(y) * x))


def bce_grad(x, y):
    s = sign_of(y)
    return s * (sig(s * x) - 1)


def alpha_ce(x, y, alpha):
    return alpha_t(alpha, y) * bce(x, y)


def alpha_ce_grad(x, y, alpha):
    return alpha_t(alpha, y) * bce_grad(x, y)


def focal(x, y, alpha, gamma):
    xt = sign_of(y) * x
    return -alpha_t(alpha, y) * sig_c(xt) ** mpf(gamma) * mpmath.log(sig(xt))


def focal_grad(x, y, alpha, gamma):
    # Appendix B: dFL/dx = y alpha_t (1 - p_t)^gamma (gamma p_t log p_t + p_t - 1)
    s = sign_of(y)
    pt, qt, g = sig(s * x), sig_c(s * x), mpf(gamma)
    return s * alpha_t(alpha, y) * qt ** g * (g * pt * mpmath.log(pt) + pt - 1)


def focal_star(x, y, gamma, beta):
    return -mpmath.log(sig(mpf(gamma) * sign_of(y) * x + mpf(beta))) / mpf(gamma)


def focal_star_grad(x, y, gamma, beta):
    s = sign_of(y)
    return s * (sig(mpf(gamma) * s * x + mpf(beta)) - 1)


def modulating(x, y, gamma):
    return sig_c(sign_of(y) * x) ** mpf(gamma)


def qfl(x, y, beta):
    p, q, y, b = sig(x), sig_c(x), mpf(y), mpf(beta)
    return -abs(y - p) ** b * ((1 - y) * mpmath.log(q) + y * mpmath.log(p))


def qfl_grad(x, y, beta):
    p, q, y, b = sig(x), sig_c(x), mpf(y), mpf(beta)
    d = p - y
    bce_soft = -((1 - y) * mpmath.log(q) + y * mpmath.log(p))
    return b * abs(d) ** (b - 1) * mpmath.sign(d) * p * q * bce_soft + abs(d) ** b * d


def vfl(x, q, alpha, gamma):
    p, pc = sig(x), sig_c(x)
    if q > 0:
        q = mpf(q)
        return -q * (q * mpmath.log(p) + (1 - q) * mpmath.log(pc))
    return -mpf(alpha) * p ** mpf(gamma) * mpmath.log(pc)


def vfl_grad(x, q, alpha, gamma):
    p, pc = sig(x), sig_c(x)
    if q > 0:
        return mpf(q) * (p - mpf(q))
    g = mpf(gamma)
    return mpf(alpha) * p ** g * (g * pc * -mpmath.log(pc) + p)


def asl(x, y, gamma_pos, gamma_neg, margin):
    if y == 1:
        return -sig_c(x) ** mpf(gamma_pos) * mpmath.log(sig(x))
    pm = max(sig(x) - mpf(margin), mpf(0))
    one_minus_pm = sig_c(x) + mpf(margin)
    return -pm ** mpf(gamma_neg) * mpmath.log(one_minus_pm) if pm > 0 else mpf(0)


def asl_grad(x, y, gamma_pos, gamma_neg, margin):
    if y == 1:
        return focal_grad(x, 1, -1.0, gamma_pos)
    p, pc = sig(x), sig_c(x)
    pm = p - mpf(margin)
    if pm <= 0:
        return mpf(0)
    g, one_minus_pm = mpf(gamma_neg), pc + mpf(margin)
    dl_dpm = g * pm ** (g - 1) * -mpmath.log(one_minus_pm) + pm ** g / one_minus_pm
    return dl_dpm * p * pc


def poly1_ce(x, y, epsilon):
    return bce(x, y) + mpf(epsilon) * sig_c(sign_of(y) * x)


def poly1_ce_grad(x, y, epsilon):
    s = sign_of(y)
    return bce_grad(x, y) - s * mpf(epsilon) * sig(s * x) * sig_c(s * x)


def poly1_focal(x, y, alpha, gamma, epsilon):
    return focal(x, y, alpha, gamma) + mpf(epsilon) * sig_c(sign_of(y) * x) ** (mpf(gamma) + 1)


def poly1_focal_grad(x, y, alpha, gamma, epsilon):
    s, g = sign_of(y), mpf(gamma)
    qt = sig_c(s * x)
    return focal_grad(x, y, alpha, gamma) - s * mpf(epsilon) * (g + 1) * sig(s * x) * qt ** (g + 1)


def flsd_gamma(x, y):
    return 5.0 if sig(sign_of(y) * x) < mpf("0.2") else 3.0


def flsd53(x, y):
    return focal(x, y, -1.0, flsd_gamma(x, y))


def flsd53_grad(x, y):
    # gamma is piecewise constant; away from p_t = 0.2 it does not move under differentiation
    return focal_grad(x, y, -1.0, flsd_gamma(x, y))


def softmax_focal(zs, target, alpha, gamma):
    es = [mpmath.exp(z) for z in zs]
    total = mpmath.fsum(es)
    pc = es[target] / total
    qc = mpmath.fsum(e for j, e in enumerate(es) if j != target) / total  # 1 - p_c as a sum
    weight = mpf(1) if alpha < 0 else mpf(alpha)
    return -weight * qc ** mpf(gamma) * mpmath.log(pc)


def softmax_focal_grad(zs, target, alpha, gamma):
    # chain rule through p_c: dp_c/dz_j = p_c (delta_cj - p_j)
    es = [mpmath.exp(z) for z in zs]
    total = mpmath.fsum(es)
    ps = [e / total for e in es]
    pc = ps[target]
    qc = mpmath.fsum(e for j, e in enumerate(es) if j != target) / total
    g = mpf(gamma)
    weight = mpf(1) if alpha < 0 else mpf(alpha)
    dl_dpc = weight * (g * qc ** (g - 1) * mpmath.log(pc) - qc ** g / pc)
    return [dl_dpc * pc * ((1 if j == target else 0) - ps[j]) for j in range(len(zs))]


BINARY = {
    "bce": (bce, bce_grad),
    "alpha_ce": (alpha_ce, alpha_ce_grad),
    "focal": (focal, focal_grad),
    "focal_star": (focal_star, focal_star_grad),
    "modulating": (modulating, None),
    "qfl": (qfl, qfl_grad),
    "vfl": (vfl, vfl_grad),
    "asl": (asl, asl_grad),
    "poly1_ce": (poly1_ce, poly1_ce_grad),
    "poly1_focal": (poly1_focal, poly1_focal_grad),
    "flsd53": (flsd53, flsd53_grad),
}


def representable(v):
    return abs(v) >= DBL_MIN


def agree(a, b):
    if not representable(a) and not representable(b):
        return True
    return abs(a - b) <= AGREE * max(abs(a), abs(b))


def at_both_precisions(compute):
    with mp.workdps(DIGITS):
        first = compute()
    with mp.workdps(CHECK_DIGITS):
        second = compute()
    return first, second


def fmt(v):
    return mpmath.nstr(v, 17, strip_zeros=False) if representable(v) else ""


def binary_row(name, x, y, params):
    value_fn, grad_fn = BINARY[name]
    xm = mpf(x)

    v, v_check = at_both_precisions(lambda: value_fn(xm, y, *params))
    if not agree(v, v_check):
        sys.exit(f"{name} x={x!r} y={y} {params}: value needs more than {DIGITS} digits")
    g_text = ""
    if grad_fn is not None:
        g, g_check = at_both_precisions(lambda: mpmath.diff(lambda t: value_fn(t, y, *params), xm))
        if not agree(g, g_check):
            sys.exit(f"{name} x={x!r} y={y} {params}: gradient needs more than {DIGITS} digits")
        with mp.workdps(DIGITS):
            hand = grad_fn(xm, y, *params)
        if not agree(g, hand):
            sys.exit(f"{name} x={x!r} y={y} {params}: mpmath.diff {g} disagrees with the formula {hand}")
        g_text = fmt(g)
    v_text = fmt(v)
    if not v_text and not g_text:
        return None
    cols = [repr(float(c)) for c in params] + [""] * (3 - len(params))
    return [name, repr(x), repr(y), *cols, v_text, g_text]


def softmax_row(zs, target, alpha, gamma):
    zm = [mpf(z) for z in zs]
    v, v_check = at_both_precisions(lambda: softmax_focal(zm, target, alpha, gamma))
    if not agree(v, v_check):
        sys.exit(f"softmax {zs} {target}: value needs more precision")
    grads = []
    for j in range(len(zs)):
        order = tuple(1 if k == j else 0 for k in range(len(zs)))
        g, g_check = at_both_precisions(
            lambda: mpmath.diff(lambda *z: softmax_focal(list(z), target, alpha, gamma), zm, order))
        if not agree(g, g_check):
            sys.exit(f"softmax {zs} {target}: gradient {j} needs more precision")
        grads.append(g)
    with mp.workdps(DIGITS):
        hand = softmax_focal_grad(zm, target, alpha, gamma)
    for g, h in zip(grads, hand):
        if not agree(g, h):
            sys.exit(f"softmax {zs} {target}: mpmath.diff {g} disagrees with the formula {h}")
    v_text = fmt(v)
    g_text = ";".join(fmt(g) for g in grads)
    if not v_text and not g_text.strip(";"):
        return None
    return ["softmax_focal", ";".join(repr(z) for z in zs), repr(target), repr(float(alpha)), repr(float(gamma)), "",
            v_text, g_text]


def main():
    rng = random.Random(SEED)

    # Dense near 0, dense at both ends, exactly +-700, and the paper's p_t = 0.9 and 0.968377.
    magnitudes = [1e-300, 1e-12, 1e-6, 1e-3, 0.01, 0.1, 0.3, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0,
                  20.0, 30.0, 36.7368005696771, 40.0, 50.0, 100.0, 200.0, 300.0, 500.0, 650.0, 690.0,
                  699.9, 700.0, 2.1972245773362196, 3.4217440654679825]
    fixed_logits = [0.0] + magnitudes + [-m for m in magnitudes]

    def random_logit():
        kind = rng.random()
        if kind < 0.4:
            return rng.choice((-1, 1)) * 10 ** rng.uniform(-8, 2.845098)  # log-uniform up to 700
        if kind < 0.7:
            return rng.uniform(-700, 700)
        return rng.uniform(-12, 12)

    fixed_gammas = [0.0, 0.3, 0.5, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    alphas = [-1.0, 0.25, 0.5, 0.9]

    def random_gamma():
        return rng.choice(fixed_gammas) if rng.random() < 0.5 else rng.uniform(0, 10)

    rows = []

    def add(row):
        if row is not None:
            rows.append(row)

    for x in fixed_logits:
        for y in (0, 1):
            add(binary_row("bce", x, y, ()))
            add(binary_row("alpha_ce", x, y, (rng.choice(alphas[1:]),)))
            add(binary_row("flsd53", x, y, ()))
            add(binary_row("poly1_ce", x, y, (rng.choice([-1.0, 1.0, 2.0]),)))
            for gamma in fixed_gammas:
                add(binary_row("focal", x, y, (rng.choice(alphas), gamma)))
    for _ in range(300):
        add(binary_row("focal", random_logit(), rng.choice((0, 1)), (rng.choice(alphas), random_gamma())))
    for _ in range(100):
        add(binary_row("bce", random_logit(), rng.choice((0, 1)), ()))
        add(binary_row("alpha_ce", random_logit(), rng.choice((0, 1)), (rng.choice(alphas),)))
    for _ in range(300):
        x, y = rng.choice(fixed_logits + [random_logit()]), rng.choice((0, 1))
        gamma = rng.choice([g for g in fixed_gammas if g > 0] + [rng.uniform(0.01, 10)])
        add(binary_row("focal_star", x, y, (gamma, rng.choice([0.0, 1.0, -2.5, rng.uniform(-5, 5)]))))
        add(binary_row("modulating", rng.choice(fixed_logits + [random_logit()]), rng.choice((0, 1)), (random_gamma(),)))
    for _ in range(300):
        x = rng.choice(fixed_logits + [random_logit()])
        y = rng.choice([0.0, 1.0, 0.3, 0.5, 0.9, rng.random()])
        add(binary_row("qfl", x, y, (rng.choice([0.0, 0.5, 1.0, 2.0, 2.0, 3.0, rng.uniform(0, 4)]),)))
        q = rng.choice([0.0, 0.0, 1.0, 0.6, rng.random()])
        add(binary_row("vfl", rng.choice(fixed_logits + [random_logit()]), q, (rng.choice([0.25, 0.5, 0.75, 0.9]), random_gamma())))
        asl_params = (rng.choice([0.0, 0.0, 1.0, 0.5]), rng.choice([4.0, 4.0, 0.0, 0.5, 2.5, 10.0]),
                      rng.choice([0.05, 0.05, 0.0, 0.2]))
        add(binary_row("asl", rng.choice(fixed_logits + [random_logit()]), rng.choice((0, 1)), asl_params))
        add(binary_row("poly1_focal", rng.choice(fixed_logits + [random_logit()]), rng.choice((0, 1)),
                       (rng.choice(alphas), random_gamma(), rng.choice([-1.0, -1.0, -0.5, 0.0, 1.0, 2.0]))))
    for _ in range(100):
        x = random_logit()
        # FLSD-53 jumps at p_t = 0.2; a reference value next to the jump would test the rounding of the
        # comparison, not the loss.
        if abs(sig(abs(x)) - mpf("0.8")) > 1e-6:
            add(binary_row("flsd53", x, rng.choice((0, 1)), ()))

    def random_logits(k):
        scale = rng.choice([1.0, 10.0, 100.0, 700.0])
        zs = [rng.uniform(-scale, scale) for _ in range(k)]
        if rng.random() < 0.3:
            zs[rng.randrange(k)] = rng.choice([-700.0, 700.0, 0.0])
        return zs

    for _ in range(300):
        k = rng.choice([2, 2, 3, 4, 5, 10])
        zs = random_logits(k)
        target = rng.randrange(k)
        if rng.random() < 0.2:  # the target far ahead: 1 - p_c tiny, the case that needs care
            zs[target] = max(zs) + rng.uniform(5, 60)
        add(softmax_row(zs, target, rng.choice(alphas), rng.choice([random_gamma(), rng.uniform(0.01, 0.99)])))

    with open(OUT, "w") as f:
        f.write("# Exact values (mpmath, 400 digits) for the native accuracy test; regenerate with "
                "python3 tests/reference/make_reference.py. a,b,c are the loss's parameters in C++ "
                "argument order; softmax_focal: x holds the logits and grad the gradient, ';'-separated, y the "
                "target class. Empty: exact value below the smallest normal double.\n")
        f.write("loss,x,y,a,b,c,value,grad\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
