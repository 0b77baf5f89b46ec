#include "seeded_random.hpp"

#include <cmath>
#include <cstring>

#include "validation.hpp"

namespace focal {

// log x = e ln 2 + log m with x = m 2^e, m in [sqrt(1/2), sqrt(2)). With s = (m - 1) / (m + 1),
// log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...); |s| <= 0.1716, so eleven terms reach 2^-56.
// ln 2 is split so that e * kLn2Hi is exact (kLn2Hi has 32 trailing zero bits).
double portableLog(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int e = static_cast<int>((bits >> 52) & 0x7ff);
  if (e == 0) {  // subnormal: scale into the normal range first (exact)
    x *= 0x1.0p54;
    std::memcpy(&bits, &x, sizeof bits);
    e = static_cast<int>((bits >> 52) & 0x7ff) - 54;
  }
  e -= 1023;
  // Mantissa in [1, 2), then folded into [sqrt(1/2), sqrt(2)) so s stays small.
  bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.4142135623730951) {
    m *= 0.5;
    ++e;
  }
  const double f = m - 1.0;  // exact (Sterbenz)
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
  const double de = static_cast<double>(e);
  return de * kLn2Hi + (logM + de * kLn2Lo);
}

std::uint64_t requireSeed(const char* name, double seed) {
  if (!(seed >= 0 && seed <= 0x1.0p53 && std::floor(seed) == seed))
    failParameter(name, formatValue(seed), "a whole number in [0, 2^53]");
  return static_cast<std::uint64_t>(seed);
}

Random::Random(std::uint64_t seed, std::uint64_t stream) {
  // The stream number is mixed in after the seed has been spread, so (seed, stream) pairs that
  // differ in either give unrelated states.
  SplitMix64 mixer(seed);
  SplitMix64 filler(mixer.next() ^ (stream * 0xd1b54a32d192ed03ULL));
  for (std::uint64_t& word : s_) word = filler.next();
}

double Random::normal() {
  if (hasSpare_) {
    hasSpare_ = false;
    return spare_;
  }
  double u, v, r;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    r = u * u + v * v;
  } while (r >= 1.0 || r == 0.0);
  const double scale = std::sqrt(-2.0 * portableLog(r) / r);
  spare_ = v * scale;
  hasSpare_ = true;
  return u * scale;
}

void Random::unitCircle(double& c, double& s) {
  double u, v, r;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    r = u * u + v * v;
  } while (r >= 1.0 || r < 1e-12);
  const double inv = 1.0 / std::sqrt(r);
  c = u * inv;
  s = v * inv;
}

}  // namespace focal
