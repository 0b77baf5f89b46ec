"""Coefficients of the polynomials in cpp/core/fast_math.hpp, by Chebyshev fitting in mpmath.

    python3 tests/reference/make_fast_math_coefficients.py

exp(r) on [-ln2/2, ln2/2] with degree 10, and 2 atanh(s) / s as a polynomial in z = s^2 on
[0, ((sqrt2 - 1) / (sqrt2 + 1))^2] with degree 6. A Chebyshev fit is within a small factor of
the best (minimax) fit and needs no Remez iteration. Prints the coefficients, lowest degree
first, as exact hexadecimal doubles, and the fit's maximum relative error.
"""
import mpmath as mp

mp.mp.dps = 50


def fit(name, function, interval, degree, scale):
    coefficients, error = mp.chebyfit(function, interval, degree + 1, error=True)
    print(f"// {name}: degree {degree}, max relative error of the fit {mp.nstr(error / scale, 3)}")
    for power, c in enumerate(reversed(coefficients)):
        print(f"  {float(c).hex()},  // x^{power}")


half_ln2 = mp.log(2) / 2
fit("exp(r), r in [-ln2/2, ln2/2]", mp.exp, [-half_ln2, half_ln2], 10, mp.exp(-half_ln2))

s_max = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)


def atanh_ratio(z):
    if z == 0:
        return mp.mpf(2)
    s = mp.sqrt(z)
    return 2 * mp.atanh(s) / s


fit("2 atanh(s) / s, z = s^2 in [0, 0.0295]", atanh_ratio, [0, s_max * s_max], 6, 2)

# fast_tanh.hpp: expm1(r) = 2r / (2 - c(r)) on [-ln2/2, ln2/2] with c(r) = r - r^2 P(r^2), so
# P(z) = (r - c(r)) / r^2 with c(r) = 2 - 2r / expm1(r); fitted in z = r^2 with degree 4. The
# relative error printed is P's; expm1's is smaller (measured 4e-18 over the interval).


def tanh_rational_p(z):
    if z == 0:
        return mp.mpf(1) / 6
    r = mp.sqrt(z)
    c = 2 - 2 * r / mp.expm1(r)
    return (r - c) / (r * r)


fit("P(z) of fast_tanh.hpp's expm1, z = r^2 in [0, (ln2/2)^2]", tanh_rational_p, [0, half_ln2 * half_ln2], 4, mp.mpf(1) / 6)
