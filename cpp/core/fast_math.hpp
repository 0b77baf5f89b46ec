// exp and log1p on the ranges the focal kernel needs, as straight-line code (no branches, no
// calls, no tables) so that a loop over them vectorises: SSE2/AVX natively, SIMD128 in wasm.
// libm's exp and log1p are calls the vectoriser cannot see through; that call cost dominated the
// batch loss before these existed.
//
// Accuracy (measured by tests/cpp/fast_math_test.cpp against long double over their ranges):
// relative error below 1e-14 (exp) and 3e-15 (log1p), far inside the 1e-12 the core promises.
#pragma once

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

// exp(-a) for a >= 0 (any a above about 745 gives 0, as the true value underflows).
// Range reduction: -a = n ln2 + r, |r| <= ln2 / 2, with ln2 split in two so n ln2_hi is exact
// (ln2_hi has 11 trailing zero bits and |n| < 2^11). exp(r) is its Taylor polynomial to degree
// 11 (truncation below 7e-15 relative on that interval). 2^n is applied as two normal powers of
// two, so results in the subnormal range still come out right instead of flushing to zero.
FOCAL_INLINE double expNegative(double a) {
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 0x1.62e42fee00000p-1;
  constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;
  constexpr double kRoundMagic = 0x1.8p52;  // adding it rounds to an integer held in the low bits
  const double v = -(a < 746.0 ? a : 746.0);
  const double shifted = v * kLog2e + kRoundMagic;
  const double n = shifted - kRoundMagic;
  const double r = (v - n * kLn2Hi) - n * kLn2Lo;
  // Estrin's scheme: the terms pair up independently, so the dependency chain is about four
  // multiply-adds deep instead of eleven, and the out-of-order core overlaps more elements.
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double r8 = r4 * r4;
  const double c01 = 1.0 + r;
  const double c23 = 1.0 / 2.0 + r * (1.0 / 6.0);
  const double c45 = 1.0 / 24.0 + r * (1.0 / 120.0);
  const double c67 = 1.0 / 720.0 + r * (1.0 / 5040.0);
  const double c89 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
  const double c1011 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
  const double p = (c01 + r2 * c23) + r4 * (c45 + r2 * c67) + r8 * (c89 + r2 * c1011);
  // n is in [-1077, 0]; split it as n1 + n2 with both halves >= -539, each a normal 2^k.
  const double n1 = (n * 0.5 + kRoundMagic) - kRoundMagic;
  const double scale1 = powerOfTwo(n1);
  const double scale2 = powerOfTwo(n - n1);
  return p * scale1 * scale2;
}

// log1p(t) for t in [0, 1], together with 1 / (1 + t), which the focal kernel needs as well.
// With u = 1 + t rounded, c = t - (u - 1) is the part of t the rounding dropped, and
// log1p(t) = log(u) + c / u to first order (c / u is below one ulp of the result).
// log(u) for u in [1, 2]: halve u above sqrt(2) (adding ln 2), then
// log f = 2 atanh(s), s = (f - 1) / (f + 1), |s| <= 0.1716, summed to s^17.
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
  // 2 atanh(s) / s = 2 (1 + s^2/3 + s^4/5 + ... + s^16/17), in Estrin form; the next term is
  // below 2e-15 relative.
  const double s4 = s2 * s2;
  const double s8 = s4 * s4;
  const double d01 = 2.0 + s2 * (2.0 / 3.0);
  const double d23 = 2.0 / 5.0 + s2 * (2.0 / 7.0);
  const double d45 = 2.0 / 9.0 + s2 * (2.0 / 11.0);
  const double d67 = 2.0 / 13.0 + s2 * (2.0 / 15.0);
  const double p = (d01 + s4 * d23) + s8 * (d45 + s4 * d67) + s8 * s8 * (2.0 / 17.0);
  return {k + s * p + c * inverseU, inverseU};
}

FOCAL_INLINE double log1pUnit(double t) { return log1pWithReciprocal(t).log1p; }

}  // namespace fast
}  // namespace focal
