// exp and log1p on the ranges the focal kernel needs, as straight-line code (no branches, no
// calls, no tables) so that a loop over them vectorises: SSE2/AVX natively, SIMD128 in wasm.
// libm's exp and log1p are calls the vectoriser cannot see through; that call cost dominated the
// batch loss before these existed.
//
// Accuracy (measured by tests/cpp/fast_math_test.cpp against long double over their ranges):
// relative error below 1e-15 for both, far inside the 1e-12 the core promises.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

// The vectoriser only sees through these if they are inlined into the loop, which GCC's size
// heuristics would otherwise decline once a loop calls exp twice.
#if defined(__GNUC__)
#define FOCAL_INLINE inline __attribute__((always_inline))
#else
#define FOCAL_INLINE inline
#endif

namespace focal {
namespace fast {

FOCAL_INLINE std::uint64_t bitsOf(double v) {
  std::uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

FOCAL_INLINE double fromBits(std::uint64_t u) {
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// 2^k for an integral k in [-1022, 1023], built from its exponent bits. Only 64-bit adds and a
// left shift, which SSE2 and wasm SIMD both have (an arithmetic right shift would not vectorise).
FOCAL_INLINE double powerOfTwo(double k) {
  constexpr double kRoundMagic = 0x1.8p52;
  const std::uint64_t integer = bitsOf(k + kRoundMagic) - bitsOf(kRoundMagic);
  return fromBits((integer + 1023) << 52);
}

// exp(-a) for a >= 0, to about 3e-16 relative wherever the result is a normal double.
// Results below the normal range (a above -ln(DBL_MIN) = 708.396...) are flushed to 0: no loss or
// gradient the kernel forms from them is large enough to be a normal double either, and one
// power-of-two scale (instead of two, for subnormals) keeps the loop shorter.
// Range reduction: -a = n ln2 + r, |r| <= ln2 / 2, with ln2 split in two so n ln2_hi is exact
// (ln2_hi has 11 trailing zero bits and |n| < 2^11). exp(r) is a degree-10 Chebyshev fit
// (tests/reference/make_fast_math_coefficients.py), evaluated in Estrin's scheme: the terms pair
// up independently, so the dependency chain is four multiply-adds deep instead of ten.
FOCAL_INLINE double expNegative(double a) {
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 0x1.62e42fee00000p-1;
  constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
  constexpr double kRoundMagic = 0x1.8p52;  // adding it rounds to an integer held in the low bits
  constexpr double kSmallestNormalExponent = 708.3964185322641;  // -ln(DBL_MIN)
  const bool belowNormal = a > kSmallestNormalExponent;
  const double v = belowNormal ? 0.0 : -a;
  const double n = (v * kLog2e + kRoundMagic) - kRoundMagic;
  const double r = (v - n * kLn2Hi) - n * kLn2Lo;
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double r8 = r4 * r4;
  const double e01 = 0x1.0000000000000p+0 + r * 0x1.000000000001ep+0;
  const double e23 = 0x1.0000000000005p-1 + r * 0x1.555555554b757p-3;
  const double e45 = 0x1.55555555520afp-5 + r * 0x1.1111112dd67c5p-7;
  const double e67 = 0x1.6c16c17f43a58p-10 + r * 0x1.a01978c6baf81p-13;
  const double e89 = 0x1.a019a66a75dd4p-16 + r * 0x1.72faf024b693bp-19;
  const double p = (e01 + r2 * e23) + r4 * (e45 + r2 * e67) + r8 * (e89 + r2 * 0x1.28a2c0a7209fbp-22);
  return belowNormal ? 0.0 : p * powerOfTwo(n);
}

// log1p(t) for t in [0, 1], together with 1 / (1 + t), which the focal kernel needs as well.
// With u = 1 + t rounded, c = t - (u - 1) is the part of t the rounding dropped, and
// log1p(t) = log(u) + c / u to first order (c / u is below one ulp of the result).
// log(u) for u in [1, 2]: halve u above sqrt(2) (adding ln 2), then
// log f = 2 atanh(s), s = (f - 1) / (f + 1), |s| <= 0.1716.
// One division serves both quotients: with g = f + 1, 1 / u = g / (u g) and 1 / g = u / (u g).
// Divisions are the slowest vector operation in the loop.
struct Log1pAndReciprocal {
  double log1p;       // log1p(t)
  double reciprocal;  // 1 / (1 + t)
};

FOCAL_INLINE Log1pAndReciprocal log1pWithReciprocal(double t) {
  constexpr double kLn2 = 0.6931471805599453;
  constexpr double kSqrt2 = 1.4142135623730951;
  const double u = 1.0 + t;
  const double c = t - (u - 1.0);
  const bool high = u > kSqrt2;
  const double f = high ? 0.5 * u : u;
  const double k = high ? kLn2 : 0.0;
  const double g = f + 1.0;
  const double both = 1.0 / (u * g);
  const double inverseU = both * g;
  const double s = (f - 1.0) * (both * u);
  const double s2 = s * s;
  // 2 atanh(s) / s as a degree-6 Chebyshev fit in s^2 (relative error below 2e-16;
  // tests/reference/make_fast_math_coefficients.py), in Estrin form.
  const double s4 = s2 * s2;
  const double d01 = 0x1.0000000000001p+1 + s2 * 0x1.5555555552d50p-1;
  const double d23 = 0x1.999999a435066p-2 + s2 * 0x1.249240b87155dp-2;
  const double d45 = 0x1.c722cceee92f4p-3 + s2 * 0x1.732320a9c93b0p-3;
  const double p = (d01 + s4 * d23) + s4 * s4 * (d45 + s4 * 0x1.58d5d4a93822dp-3);
  return {k + s * p + c * inverseU, inverseU};
}

FOCAL_INLINE double log1pUnit(double t) { return log1pWithReciprocal(t).log1p; }

}  // namespace fast
}  // namespace focal
