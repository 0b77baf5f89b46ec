#include "seeded_random.hpp"

#include <cmath>

#include "validation.hpp"

namespace focal {

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
