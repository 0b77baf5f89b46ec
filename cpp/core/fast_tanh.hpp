// tanh for the trainer's hidden layer, as straight-line code the compiler vectorises over a block
// of samples (SSE2 natively, SIMD128 in wasm). libm's tanh, and exp inside 1 - 2 / (e^{2a} + 1),
// are calls the vectoriser cannot see through, and the hidden layer is where training spends
// its time: one tanh per hidden unit per sample per step.
//
// With m = |a| and e = expm1(-2m), tanh m = -e / (2 + e). Going through expm1 rather than exp keeps
// the relative accuracy for small m, where 1 - e^{-2m} would cancel. expm1 comes from the reduction
// -2m = n ln2 + r (|r| <= ln2 / 2) and the rational form expm1(r) = 2r / (2 - c(r)), where
// c(r) = r - r^2 P(r^2) with P a degree-4 Chebyshev fit (tests/reference/make_fast_math_coefficients.py;
// its relative error in expm1 is 4e-18). Putting the pieces over one denominator, with s = 2^n,
//   tanh m = ((1 - s)(2 - c) - 2 s r) / (s (2 - c + 2r) + (2 - c)),
// one division per value. For n = 0 (m below ln2 / 4) the numerator is -2r, about 4m, with no
// cancellation however small m is; for n < 0 its first term is at least 0.8 and the second at most
// 0.35, so it never cancels either.
// Measured below 1e-15 relative everywhere (tests/cpp/seed_repeat_test.cpp, against long double).
#pragma once

#include <cmath>
#include <cstdint>

#include "fast_math.hpp"

namespace focal {
namespace fast {

// The constants of tanh, in one struct so that a hot loop can take them as values the compiler
// cannot fold (trainer.cpp): V8 rebuilds every wasm SIMD constant at each use inside a loop (three
// instructions each), while values already in locals are splatted once before it.
struct TanhConstants {
  double scale;     // -2 log2(e): u = -2m / ln2, so that n = round(u)
  double magic;     // 1.5 2^52: adding it rounds to an integer held in the low mantissa bits
  double ln2;
  double p0, p1, p2, p3, p4;
  double limit;     // |a| is clamped here: tanh(20) is 1 to double precision, and 2^n stays normal
  double one, two;
  std::uint64_t bias;  // the bits of magic, minus the exponent bias 1023
};

constexpr TanhConstants kTanhConstants = {
    -2.8853900817779268, 0x1.8p52, 0.6931471805599453,
    0x1.5555555555553p-3, -0x1.6c16c16c0ac0dp-9, 0x1.1566ab5c1c1c8p-14, -0x1.bbd532403d54ap-20, 0x1.63f285ba006ecp-25,
    20.0, 1.0, 2.0, 0x4338000000000000ULL - 1023};

// tanh(a) to about 1e-15 relative; +-1 for large |a|, NaN for NaN, -0 for -0.
FOCAL_INLINE double tanh(double a, const TanhConstants& k) {
  double m = std::fabs(a);
  // Written as limit < m (and the sign below as an exclusive or), these compile to single SIMD128
  // instructions (pmin, xor) where a compare and a bitselect would take four; a NaN stays NaN.
  m = k.limit < m ? k.limit : m;
  // u = -2m / ln2 with one rounding: its error is at most 2^-53 |u|, which moves e^{-2m} by a
  // relative 2^-53 |u| ln2; that only matters where e^{-2m} itself is tiny against 1, i.e. never.
  const double u = m * k.scale;
  const double t = u + k.magic;
  const double n = t - k.magic;
  const double r = (u - n) * k.ln2;  // u - n is exact (Sterbenz)
  const double z = r * r;
  const double z2 = z * z;
  const double p = (k.p0 + z * k.p1) + z2 * ((k.p2 + z * k.p3) + z2 * k.p4);
  const double c = r - z * p;
  const double d = k.two - c;
  // 2^n from the integer that t holds in its low bits: n is in [-58, 0], so 2^n is normal.
  const double s = fromBits((bitsOf(t) - k.bias) << 52);
  const double twoR = r + r;
  const double numerator = (k.one - s) * d - s * twoR;
  const double denominator = s * (d + twoR) + d;
  // The quotient is >= 0: a's sign bit, xor-ed in, is copysign.
  return fromBits(bitsOf(numerator / denominator) ^ (bitsOf(a) & 0x8000000000000000ULL));
}

FOCAL_INLINE double tanh(double a) { return tanh(a, kTanhConstants); }

}  // namespace fast
}  // namespace focal
