// The anchor population's draws: how many anchors each group gets, and each group's logits drawn
// already sorted. Declared in anchor_simulation.hpp, whose simulator caches what this draws.
#include "anchor_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "anchor_params.hpp"
#include "seeded_random.hpp"

namespace focal {
namespace {

// The length of sortedStandardLogistic's vectorised passes. It does not change the draws: the
// generator and the partial sums run in order whatever the block.
constexpr std::size_t kDrawBlock = 512;

}  // namespace

std::array<std::size_t, kAnchorGroups> anchorGroupCounts(const AnchorSimulationParams& p) {
  const std::size_t n = static_cast<std::size_t>(p.count);
  const long long wanted = std::llround(p.count * p.foregroundFraction);
  const std::size_t positives = static_cast<std::size_t>(std::clamp<long long>(wanted, 1, static_cast<long long>(n) - 1));
  const std::size_t negatives = n - positives;
  const std::size_t hard = static_cast<std::size_t>(std::llround(static_cast<double>(negatives) * p.hardNegativeFraction));
  std::array<std::size_t, kAnchorGroups> counts{};
  counts[EasyNegatives] = negatives - hard;
  counts[HardNegatives] = hard;
  counts[Positives] = positives;
  return counts;
}

// Order statistics without sorting (Devroye, Non-Uniform Random Variate Generation, V.2): with
// E_1..E_{n+1} independent exponentials and S_i their partial sums, S_i / S_{n+1} (i = 1..n) are
// distributed exactly as n sorted uniforms. A uniform u becomes a standard logistic as
// log(u / (1 - u)) = log(S_i / (S_{n+1} - S_i)), so each draw costs two logs and no comparison.
// Per block, the generator and the partial sums run in order while the logs, the costly part, run
// as a vectorised loop; the operations and their order are those of the plain per-draw loop, so the
// draws are the same bits (a test compares them with that loop).
void sortedStandardLogistic(std::uint64_t seed, std::uint64_t stream, std::size_t n, std::vector<double>& out) {
  out.resize(n);
  double* s = out.data();
  Random rng(seed, stream);
  double block[kDrawBlock];
  double sum = 0.0;
  for (std::size_t start = 0; start < n; start += kDrawBlock) {
    const std::size_t len = std::min(kDrawBlock, n - start);
    for (std::size_t i = 0; i < len; ++i) block[i] = rng.uniformOpen();
    for (std::size_t i = 0; i < len; ++i) block[i] = portableLog(block[i]);
    // rng.exponential() is -portableLog(u), and sum + (-l) is sum - l in IEEE arithmetic.
    for (std::size_t i = 0; i < len; ++i) s[start + i] = sum -= block[i];
  }
  const double last = rng.exponential();
  const double total = sum + last;
  double previous = -INFINITY;
  for (std::size_t start = 0; start < n; start += kDrawBlock) {
    const std::size_t len = std::min(kDrawBlock, n - start);
    for (std::size_t i = 0; i < len; ++i) {
      // The exact tail S_{n+1} - S_i is at least E_{n+1}; the floor only matters when E_{n+1} is
      // below the rounding of a large total, which would otherwise give a zero tail and +inf.
      const double tail = std::max(total - s[start + i], last);
      block[i] = portableLog(s[start + i] / tail);
    }
    // portableLog is not guaranteed monotone to the last ulp; keep the array sorted regardless.
    for (std::size_t i = 0; i < len; ++i) s[start + i] = previous = std::max(previous, block[i]);
  }
}

std::array<std::vector<double>, kAnchorGroups> sampleAnchorLogits(const AnchorSimulationParams& params) {
  validateAnchorParams(params);
  const auto counts = anchorGroupCounts(params);
  const LogitDistribution* dists[kAnchorGroups] = {&params.easyNegatives, &params.hardNegatives, &params.positives};
  const std::uint64_t seed = requireSeed("seed", params.seed);
  std::array<std::vector<double>, kAnchorGroups> logits;
  for (int g = 0; g < kAnchorGroups; ++g) {
    sortedStandardLogistic(seed, static_cast<std::uint64_t>(g) + 1, counts[g], logits[g]);
    const double scale = logisticScale(dists[g]->std);
    for (double& x : logits[g]) x = dists[g]->mean + scale * x;
  }
  return logits;
}

}  // namespace focal
