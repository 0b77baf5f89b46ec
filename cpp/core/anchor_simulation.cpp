#include "anchor_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "anchor_params.hpp"
#include "anchor_walk.hpp"
#include "losses.hpp"
#include "registry.hpp"
#include "seeded_random.hpp"
#include "validation.hpp"

namespace focal {
namespace {

constexpr const char* kGroupNames[kAnchorGroups] = {"easyNegatives", "hardNegatives", "positives"};
void finishShares(GroupLoss& g) {
  g.total = g.sums[0] + g.sums[1] + g.sums[2];
  g.gradientTotal = g.gradientSums[0] + g.gradientSums[1] + g.gradientSums[2];
  for (int k = 0; k < kAnchorGroups; ++k) {
    g.shares[k] = g.total > 0 ? g.sums[k] / g.total : 0.0;
    g.gradientShares[k] = g.gradientTotal > 0 ? g.gradientSums[k] / g.gradientTotal : 0.0;
  }
}

InitialLoss initialLoss(LossGrad negative, LossGrad positive, std::size_t negatives, std::size_t positives) {
  InitialLoss r;
  r.lossPerNegative = negative.loss;
  r.lossPerPositive = positive.loss;
  const double neg = static_cast<double>(negatives) * negative.loss;
  r.total = neg + static_cast<double>(positives) * positive.loss;
  r.perPositive = r.total / static_cast<double>(std::max<std::size_t>(1, positives));
  r.backgroundShare = r.total > 0 ? neg / r.total : 0.0;
  const double gNeg = static_cast<double>(negatives) * std::fabs(negative.grad);
  const double gTotal = gNeg + static_cast<double>(positives) * std::fabs(positive.grad);
  r.gradientBackgroundShare = gTotal > 0 ? gNeg / gTotal : 0.0;
  return r;
}

InitialState initialState(double bias, const AnchorSimulationParams& p, std::size_t negatives, std::size_t positives) {
  InitialState s;
  s.bias = bias;
  s.crossEntropy = initialLoss(binaryCrossEntropy(bias, 0), binaryCrossEntropy(bias, 1), negatives, positives);
  s.alphaCrossEntropy = initialLoss(alphaBalancedCrossEntropy(bias, 0, p.alpha),
                                    alphaBalancedCrossEntropy(bias, 1, p.alpha), negatives, positives);
  s.focal = initialLoss(sigmoidFocal(bias, 0, p.alpha, p.gamma), sigmoidFocal(bias, 1, p.alpha, p.gamma), negatives,
                        positives);
  return s;
}

// How many of the k easiest negatives are easy negatives, when the two sorted groups are merged with
// the easy one first on ties: the merge-path binary search. With it each group is walked on its own
// and the negatives' curves are sums of the two groups' prefixes at these split points.
std::size_t easyAmongEasiest(std::size_t k, const std::vector<double>& easy, double easyMean, double easyScale,
                             const std::vector<double>& hard, double hardMean, double hardScale) {
  std::size_t lo = k > hard.size() ? k - hard.size() : 0;
  std::size_t hi = std::min(k, easy.size());
  while (lo < hi) {
    const std::size_t i = lo + (hi - lo) / 2;
    // Too few easy ones while easy[i] still comes before hard[k - i - 1].
    if (easyMean + easyScale * easy[i] <= hardMean + hardScale * hard[k - i - 1]) lo = i + 1;
    else hi = i;
  }
  return lo;
}

// Fills `ranks` with one side's stops: the checkpoints k_j = round(j n / (P - 1)) with the readout rank
// n - round(readoutFraction n) merged in, so a walk passes them in order. Returns the readout's index;
// checkpoint j sits at index j below it and j + 1 from it on.
std::size_t sideStops(const AnchorSimulationParams& p, std::size_t count, std::vector<std::size_t>& ranks) {
  const std::size_t points = static_cast<std::size_t>(p.cdfPoints);
  const std::size_t readoutRank =
      count - static_cast<std::size_t>(std::llround(p.readoutFraction * static_cast<double>(count)));
  ranks.resize(points + 1);
  // 64-bit on purpose: size_t is 32 bits in wasm and j n reaches 2e10. Exact, and the last is n.
  const std::uint64_t denominator = points - 1, n = count;
  std::size_t readout = points;
  for (std::size_t j = 0; j < points; ++j) {
    const auto rank =
        static_cast<std::size_t>((2 * static_cast<std::uint64_t>(j) * n + denominator) / (2 * denominator));
    if (readout == points && rank > readoutRank) readout = j;
    ranks[j < readout ? j : j + 1] = rank;
  }
  ranks[readout] = readoutRank;
  return readout;
}

// Normalises one side's curves from the prefixes of its groups (the negatives have two).
void finishCdf(const AnchorSimulationParams& p, std::size_t count, const std::vector<std::size_t>& ranks,
               std::size_t readout, const std::vector<double>* prefixes, int groups, LossCdf& cdf) {
  const std::size_t points = static_cast<std::size_t>(p.cdfPoints), gammas = p.cdfGammas.size();
  const std::size_t stopCount = ranks.size();
  const auto stopOf = [&](std::size_t j) { return j < readout ? j : j + 1; };
  cdf.count = count;
  cdf.fraction.resize(points);
  cdf.curves.resize(gammas * points);
  cdf.hardestShare.resize(gammas);
  for (std::size_t j = 0; j < points; ++j)
    cdf.fraction[j] = count > 0 ? static_cast<double>(ranks[stopOf(j)]) / static_cast<double>(count) : 0.0;
  for (std::size_t g = 0; g < gammas; ++g) {
    const auto at = [&](std::size_t s) {
      double v = prefixes[0][g * stopCount + s];
      for (int k = 1; k < groups; ++k) v += prefixes[k][g * stopCount + s];
      return v;
    };
    // The same expression as the last checkpoint (rank n), so the curve ends at exactly 1.
    const double total = at(stopOf(points - 1));
    double* curve = cdf.curves.data() + g * points;
    if (total > 0) {
      for (std::size_t j = 0; j < points; ++j) curve[j] = at(stopOf(j)) / total;
      cdf.hardestShare[g] = (total - at(readout)) / total;
    } else {
      for (std::size_t j = 0; j < points; ++j) curve[j] = cdf.fraction[j];
      cdf.hardestShare[g] = count > 0 ? 1.0 - static_cast<double>(ranks[readout]) / static_cast<double>(count) : 0.0;
    }
  }
}

}  // namespace

void validateAnchorParams(const AnchorSimulationParams& p) {
  // Ranges from the registry (registry.cpp); gamma, alpha and the Figure 4 gammas accept their whole
  // domain, as every loss parameter of the core does.
  const std::vector<OptionSpec>& options = anchorOptionRegistry();
  requireOption(options, "count", p.count);
  requireOption(options, "foregroundFraction", p.foregroundFraction);
  requireOption(options, "hardNegativeFraction", p.hardNegativeFraction);
  requireSeed("seed", p.seed);
  const LogitDistribution* dists[kAnchorGroups] = {&p.easyNegatives, &p.hardNegatives, &p.positives};
  for (int g = 0; g < kAnchorGroups; ++g) {
    const OptionSpec& spec = optionSpec(options, kGroupNames[g]);
    requireInRange(std::string(kGroupNames[g]) + ".mean", spec.mean, dists[g]->mean);
    requireInRange(std::string(kGroupNames[g]) + ".std", spec.std, dists[g]->std);
  }
  requireGamma(p.gamma);
  requireAlpha(p.alpha);
  const OptionSpec& gammas = optionSpec(options, "cdfGammas");
  // The walk keeps one focusing path per gamma in a fixed array of kMaxCdfGammas.
  const std::size_t maxGammas = std::min<std::size_t>(static_cast<std::size_t>(gammas.maxItems), anchor_walk::kMaxCdfGammas);
  if (p.cdfGammas.size() < static_cast<std::size_t>(gammas.minItems) || p.cdfGammas.size() > maxGammas)
    failParameter("cdfGammas", std::to_string(p.cdfGammas.size()) + " values",
                  std::to_string(gammas.minItems) + " to " + std::to_string(maxGammas) + " values");
  for (std::size_t g = 0; g < p.cdfGammas.size(); ++g) {
    const double v = p.cdfGammas[g];
    if (!(std::isfinite(v) && v >= 0))
      failParameter("cdfGammas[" + std::to_string(g) + "]", formatValue(v), "a finite number >= 0");
  }
  requireOption(options, "cdfPoints", p.cdfPoints);
  requireOption(options, "readoutFraction", p.readoutFraction);
  requireOption(options, "histogramBins", p.histogramBins);
  requireOption(options, "histogramMinLog10", p.histogramMinLog10);
  requireOption(options, "priorPi", p.priorPi);
}

AnchorDistributions anchorDistributions(double q) {
  requireUnitInterval("detectorQuality", q);
  AnchorDistributions d;
  d.easyNegatives = {-2.0 - 5.0 * q, 1.0};
  d.hardNegatives = {0.5 - 2.5 * q, 1.0};
  d.positives = {-1.0 + 4.0 * q, 1.5};
  return d;
}

void AnchorSimulator::resample(const AnchorSimulationParams& p) {
  const auto counts = anchorGroupCounts(p);
  const std::uint64_t seed = requireSeed("seed", p.seed);
  // One stream per group: the hard negatives do not change when only the positives' count does.
  for (int g = 0; g < kAnchorGroups; ++g)
    sortedStandardLogistic(seed, static_cast<std::uint64_t>(g) + 1, counts[g], standard_[g]);
  expScaledFor_.fill(NAN);
  count_ = p.count;
  foregroundFraction_ = p.foregroundFraction;
  hardNegativeFraction_ = p.hardNegativeFraction;
  seed_ = p.seed;
  sampled_ = true;
}

const AnchorReport& AnchorSimulator::simulate(const AnchorSimulationParams& p) {
  validateAnchorParams(p);
  if (!sampled_ || p.count != count_ || p.foregroundFraction != foregroundFraction_ ||
      p.hardNegativeFraction != hardNegativeFraction_ || p.seed != seed_)
    resample(p);

  AnchorReport& r = report_;
  for (int g = 0; g < kAnchorGroups; ++g) r.counts[g] = standard_[g].size();
  r.crossEntropy = r.alphaCrossEntropy = r.focal = GroupLoss{};
  r.cdfGammas.assign(p.cdfGammas.begin(), p.cdfGammas.end());
  const std::size_t bins = static_cast<std::size_t>(p.histogramBins);
  r.histogramEdges.resize(bins + 1);
  for (std::size_t b = 0; b <= bins; ++b)
    r.histogramEdges[b] = p.histogramMinLog10 * (1.0 - static_cast<double>(b) / static_cast<double>(bins));

  anchor_walk::WalkSettings w;
  w.gamma = p.gamma;
  w.focusing = anchor_walk::focusing(p.gamma);
  w.cdfGammas = p.cdfGammas.size();
  for (std::size_t g = 0; g < w.cdfGammas; ++g) w.cdfFocusing[g] = anchor_walk::focusing(p.cdfGammas[g]);
  w.bins = static_cast<double>(bins);
  w.minLog10 = p.histogramMinLog10;
  w.binsPerDecade = static_cast<double>(bins) / -p.histogramMinLog10;
  binCounts_.resize(bins + 1);

  const LogitDistribution* dists[kAnchorGroups] = {&p.easyNegatives, &p.hardNegatives, &p.positives};
  // Walks one group and files its sums (alpha_t applied here, once) and histogram in the report.
  const auto walk = [&](int group, const std::vector<std::size_t>& stops) {
    const std::vector<double>& z = standard_[group];
    anchor_walk::GroupInput in;
    in.z = z.data();
    in.n = z.size();
    in.positive = group == Positives;
    in.mean = dists[group]->mean;
    in.scale = logisticScale(dists[group]->std);
    const double largestZ = z.empty() ? 0.0 : std::max(-z.front(), z.back());
    if (std::fabs(in.mean) <= anchor_walk::kCachedExponent && in.scale * largestZ <= anchor_walk::kCachedExponent) {
      if (!(expScaledFor_[group] == in.scale)) {
        expScaled_[group].resize(z.size());
        anchor_walk::fillExpScaled(z.data(), z.size(), in.scale, expScaled_[group].data());
        expScaledFor_[group] = in.scale;
      }
      in.expScaled = expScaled_[group].data();
    }
    anchor_walk::GroupSums sums;
    std::fill(binCounts_.begin(), binCounts_.end(), 0.0);
    prefix_[group].resize(w.cdfGammas * stops.size());
    anchor_walk::walkGroup(w, in, stops.data(), stops.size(), prefix_[group].data(), sums, binCounts_.data());
    const double weight = alphaWeight(p.alpha, in.positive ? 1.0 : 0.0);
    r.crossEntropy.sums[group] = sums.crossEntropy;
    r.crossEntropy.gradientSums[group] = sums.crossEntropyGradient;
    r.alphaCrossEntropy.sums[group] = weight * sums.crossEntropy;
    r.alphaCrossEntropy.gradientSums[group] = weight * sums.crossEntropyGradient;
    r.focal.sums[group] = weight * sums.focal;
    r.focal.gradientSums[group] = weight * sums.focalGradient;
    r.histogramCounts[group].assign(binCounts_.begin(), binCounts_.begin() + static_cast<std::ptrdiff_t>(bins));
    r.histogramBelow[group] = binCounts_[bins];
  };

  // Negatives, easiest first: increasing x. Each group is walked on its own; their stops are the
  // side's stops split by how many of the easiest anchors each group holds.
  {
    const std::vector<double>& easy = standard_[EasyNegatives];
    const std::vector<double>& hard = standard_[HardNegatives];
    const double easyMean = p.easyNegatives.mean, easyScale = logisticScale(p.easyNegatives.std);
    const double hardMean = p.hardNegatives.mean, hardScale = logisticScale(p.hardNegatives.std);
    const std::size_t count = easy.size() + hard.size();
    const std::size_t readout = sideStops(p, count, stops_);
    groupStops_[EasyNegatives].resize(stops_.size());
    groupStops_[HardNegatives].resize(stops_.size());
    for (std::size_t s = 0; s < stops_.size(); ++s) {
      const std::size_t k = stops_[s];
      const std::size_t fromEasy = easyAmongEasiest(k, easy, easyMean, easyScale, hard, hardMean, hardScale);
      groupStops_[EasyNegatives][s] = fromEasy;
      groupStops_[HardNegatives][s] = k - fromEasy;
    }
    walk(EasyNegatives, groupStops_[EasyNegatives]);
    walk(HardNegatives, groupStops_[HardNegatives]);
    finishCdf(p, count, stops_, readout, &prefix_[EasyNegatives], 2, r.negativeCdf);
  }
  // Positives, easiest first: decreasing x.
  {
    const std::size_t readout = sideStops(p, standard_[Positives].size(), stops_);
    walk(Positives, stops_);
    finishCdf(p, standard_[Positives].size(), stops_, readout, &prefix_[Positives], 1, r.positiveCdf);
  }
  finishShares(r.crossEntropy);
  finishShares(r.alphaCrossEntropy);
  finishShares(r.focal);

  const std::size_t negatives = r.counts[EasyNegatives] + r.counts[HardNegatives];
  r.zeroBias = initialState(0.0, p, negatives, r.counts[Positives]);
  r.priorBias = initialState(focal::priorBias(p.priorPi), p, negatives, r.counts[Positives]);
  r.negativeLossRatio = r.zeroBias.crossEntropy.lossPerNegative / r.priorBias.crossEntropy.lossPerNegative;
  return r;
}

}  // namespace focal
