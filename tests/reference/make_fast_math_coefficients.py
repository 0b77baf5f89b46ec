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
