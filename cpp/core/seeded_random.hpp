// The core's only source of randomness: a small, explicitly seeded generator that gives the same
// numbers natively (libstdc++, glibc) and in the browser (libc++, musl), so a seed in a shared link
// reproduces the same anchors, data set and training run everywhere.
//
// <random>'s engines are portable but its distributions are not (each standard library may draw
// normals its own way), and libm's log/exp/sin may differ in the last bit between platforms (glibc
// even picks an FMA variant at run time). So every transform here uses only +, -, *, / and sqrt,
// which IEEE 754 rounds identically everywhere, plus portableLog below.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fast_math.hpp"

namespace focal {

// Natural logarithm from basic operations only, for x > 0 (finite, subnormals included). Accurate to
// a few ulp; what matters is that it returns the same bits on every IEEE 754 platform.
// log x = e ln 2 + log m with x = m 2^e, m in [sqrt(1/2), sqrt(2)). With s = (m - 1) / (m + 1),
// log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...); |s| <= 0.1716, so eleven terms reach 2^-56.
// ln 2 is split so that e * kLn2Hi is exact (kLn2Hi has 32 trailing zero bits). Written with
// selects instead of branches so the sampler's loops over it vectorise; inline for the same reason.
FOCAL_INLINE double portableLog(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  const bool subnormal = x < 0x1.0p-1022;  // scaled into the normal range first (exact)
  const std::uint64_t bits = fast::bitsOf(subnormal ? x * 0x1.0p54 : x);
  // The biased exponent as a double, exactly: its 11 bits placed in the low mantissa bits of 2^52.
  const double biased = fast::fromBits((bits >> 52) | 0x4330000000000000ULL) - 0x1.0p52;
  const double mantissa = fast::fromBits((bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
  const bool high = mantissa > 1.4142135623730951;
  const double m = high ? mantissa * 0.5 : mantissa;
  // Small whole numbers, so every step is exact: the exponent arithmetic stays integral.
  const double e = biased - (subnormal ? 1023.0 + 54.0 : 1023.0) + (high ? 1.0 : 0.0);
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double s2 = s * s;
  double series = 1.0 / 21;
  series = series * s2 + 1.0 / 19;
  series = series * s2 + 1.0 / 17;
  series = series * s2 + 1.0 / 15;
  series = series * s2 + 1.0 / 13;
  series = series * s2 + 1.0 / 11;
  series = series * s2 + 1.0 / 9;
  series = series * s2 + 1.0 / 7;
  series = series * s2 + 1.0 / 5;
  series = series * s2 + 1.0 / 3;
  const double logM = 2.0 * s + 2.0 * s * (s2 * series);
  return e * kLn2Hi + (logM + e * kLn2Lo);
}

// A seed crosses from JS as a number: it must be a whole number in [0, 2^53] so that it survives
// the URL and the number type unchanged. Throws std::invalid_argument naming `name` otherwise.
std::uint64_t requireSeed(const char* name, double seed);

// SplitMix64 (Steele, Lea, Flood 2014): spreads any seed, even 0 or 1, into well-mixed words;
// used only to fill the state of the generator below.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// xoshiro256** (Blackman, Vigna 2018): fast, 256 bits of state, passes BigCrush.
// One generator per purpose: Random(seed, stream) gives independent streams for, say, the data set
// and the initial weights, so changing one never shifts the numbers of the other.
class Random {
 public:
  explicit Random(std::uint64_t seed, std::uint64_t stream = 0);

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) on the 2^-53 grid.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1): the grid shifted by half a step, so log() of it is always finite and < 0.
  double uniformOpen() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // A whole number in [0, n), n >= 1. The bias of scaling a 53-bit uniform is below 2^-32 for the
  // sizes used here (n < 2^21), far under anything a sample could show.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
  // Exponential with mean 1.
  double exponential() { return -portableLog(uniformOpen()); }
  // Standard normal by Marsaglia's polar method: sqrt and portableLog only, no sin/cos.
  double normal();
  // A point uniform on the unit circle, by rejection from the disk (again no sin/cos).
  void unitCircle(double& c, double& s);

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t s_[4];
  double spare_ = 0.0;
  bool hasSpare_ = false;
};

}  // namespace focal
