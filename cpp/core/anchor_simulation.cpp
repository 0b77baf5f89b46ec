#include "anchor_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "losses.hpp"
#include "seeded_random.hpp"
#include "stable_math.hpp"
#include "validation.hpp"

namespace focal {
namespace {

constexpr const char* kGroupNames[kAnchorGroups] = {"easyNegatives", "hardNegatives", "positives"};
constexpr long long kMaxCount = 2000000;
constexpr std::size_t kMaxCdfGammas = 16;

// A logistic with standard deviation 1 has scale sqrt(3) / pi.
double logisticScale(double std) { return std * (std::sqrt(3.0) / 3.14159265358979323846); }

void requireDistribution(const char* group, const LogitDistribution& d) {
  const std::string name(group);
  if (!(d.mean >= -1000 && d.mean <= 1000)) failParameter(name + ".mean", formatValue(d.mean), "in [-1000, 1000]");
  if (!(d.std >= 0 && d.std <= 100)) failParameter(name + ".std", formatValue(d.std), "in [0, 100]");
}

void validate(const AnchorSimulationParams& p) {
  requireWholeNumber("count", p.count, 2, kMaxCount);
  if (!(p.foregroundFraction > 0 && p.foregroundFraction <= 0.5))
    failParameter("foregroundFraction", formatValue(p.foregroundFraction), "in (0, 0.5]");
  requireUnitInterval("hardNegativeFraction", p.hardNegativeFraction);
  requireSeed("seed", p.seed);
  requireDistribution(kGroupNames[EasyNegatives], p.easyNegatives);
  requireDistribution(kGroupNames[HardNegatives], p.hardNegatives);
  requireDistribution(kGroupNames[Positives], p.positives);
  requireGamma(p.gamma);
  requireAlpha(p.alpha);
  if (p.cdfGammas.empty() || p.cdfGammas.size() > kMaxCdfGammas)
    failParameter("cdfGammas", std::to_string(p.cdfGammas.size()) + " values", "1 to 16 values");
  for (std::size_t g = 0; g < p.cdfGammas.size(); ++g) {
    const double v = p.cdfGammas[g];
    if (!(std::isfinite(v) && v >= 0))
      failParameter("cdfGammas[" + std::to_string(g) + "]", formatValue(v), "a finite number >= 0");
  }
  requireWholeNumber("cdfPoints", p.cdfPoints, 2, 10000);
  requireUnitInterval("readoutFraction", p.readoutFraction);
  requireWholeNumber("histogramBins", p.histogramBins, 1, 1000);
  if (!(p.histogramMinLog10 >= -300 && p.histogramMinLog10 < 0))
    failParameter("histogramMinLog10", formatValue(p.histogramMinLog10), "in [-300, 0)");
  if (!(p.priorPi > 0 && p.priorPi < 1)) failParameter("priorPi", formatValue(p.priorPi), "in (0, 1)");
}

// (1 - p_t)^gamma with the case picked once per call instead of once per anchor: the per-anchor
// loop runs for every one of a million anchors and every gamma, so its branches matter.
class Focusing {
 public:
  Focusing() : Focusing(0.0) {}
  explicit Focusing(double gamma) : gamma_(gamma) {
    if (gamma == 0.0) kind_ = Kind::One;
    else if (gamma == 0.5) kind_ = Kind::Root;  // the paper's 0.5, without an exp
    else if (gamma == 1.0) kind_ = Kind::Linear;
    else if (gamma == 2.0) kind_ = Kind::Square;
    else kind_ = Kind::General;
  }
  double operator()(const LogitTerms& t) const {
    switch (kind_) {
      case Kind::One: return 1.0;
      case Kind::Root: return std::sqrt(t.qt);
      case Kind::Linear: return t.qt;
      case Kind::Square: return t.qt * t.qt;
      case Kind::General: break;
    }
    return modulatingPower(t, gamma_);
  }

 private:
  enum class Kind { One, Root, Linear, Square, General };
  double gamma_;
  Kind kind_;
};

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

// One pass over one side (positives, or all negatives) in order of increasing loss. Everything the
// report needs is accumulated per anchor from a single logitTerms (one exp, one log1p): the three
// losses and their gradients, the modulating-factor histogram and the running FL sums that become
// the cumulative curves, recorded at the checkpoint ranks as the walk passes them. Sums live in the
// walk, not the report, so the compiler can keep them close.
class SideWalk {
 public:
  SideWalk(const AnchorSimulationParams& p, AnchorReport& report, LossCdf& cdf, std::vector<std::size_t>& checkpoints,
           std::size_t count, bool positive)
      : report_(report), cdf_(cdf), checkpoints_(checkpoints), count_(count), gamma_(p.gamma), focusing_(p.gamma) {
    points_ = static_cast<std::size_t>(p.cdfPoints);
    gammas_ = p.cdfGammas.size();
    for (std::size_t g = 0; g < gammas_; ++g) cdfFocusing_[g] = Focusing(p.cdfGammas[g]);
    weight_ = alphaWeight(p.alpha, positive ? 1.0 : 0.0);
    bins_ = static_cast<std::size_t>(p.histogramBins);
    minLog10_ = p.histogramMinLog10;
    binsPerDecade_ = static_cast<double>(bins_) / -p.histogramMinLog10;
    histogram_ = {report.histogramCounts[0].data(), report.histogramCounts[1].data(), report.histogramCounts[2].data()};
    cdf_.count = count;
    cdf_.fraction.resize(points_);
    cdf_.curves.assign(gammas_ * points_, 0.0);
    cdf_.hardestShare.assign(gammas_, 0.0);
    // k_j = round(j n / (P - 1)) in integers: exact, and the last checkpoint is n itself.
    checkpoints_.resize(points_);
    // 64-bit on purpose: size_t is 32 bits in wasm and j n reaches 2e10.
    const std::uint64_t denominator = points_ - 1, n = count;
    for (std::size_t j = 0; j < points_; ++j) {
      checkpoints_[j] = static_cast<std::size_t>((2 * static_cast<std::uint64_t>(j) * n + denominator) / (2 * denominator));
      cdf_.fraction[j] = count > 0 ? static_cast<double>(checkpoints_[j]) / static_cast<double>(count) : 0.0;
    }
    readoutRank_ = count - static_cast<std::size_t>(std::llround(p.readoutFraction * static_cast<double>(count)));
    record();
  }

  void visit(double xt, int group) {
    const LogitTerms t = logitTerms(xt);
    const double ce = t.negLogPt;
    const double m = focusing_(t);
    sums_[0][group] += ce;
    sums_[1][group] += t.qt;
    sums_[2][group] += m * ce;
    sums_[3][group] += m * (t.qt + gamma_ * t.pt * ce);
    // log10((1 - p_t)^gamma) = -gamma softplus(x_t) / ln 10, already in hand: no extra log.
    const double position = (-gamma_ * t.negLogQt * 0.43429448190325182765 - minLog10_) * binsPerDecade_;
    if (position < 0) below_[group] += 1;
    else histogram_[group][std::min(bins_ - 1, static_cast<std::size_t>(position))] += 1;
    for (std::size_t g = 0; g < gammas_; ++g) running_[g] += cdfFocusing_[g](t) * ce;
    if (++seen_ == nextStop_) record();
  }

  // Adds this side's sums to the report (alpha_t is constant within a side, so it is applied here,
  // once) and normalises the curves.
  void finish() {
    for (int group = 0; group < kAnchorGroups; ++group) {
      report_.crossEntropy.sums[group] += sums_[0][group];
      report_.crossEntropy.gradientSums[group] += sums_[1][group];
      report_.alphaCrossEntropy.sums[group] += weight_ * sums_[0][group];
      report_.alphaCrossEntropy.gradientSums[group] += weight_ * sums_[1][group];
      report_.focal.sums[group] += weight_ * sums_[2][group];
      report_.focal.gradientSums[group] += weight_ * sums_[3][group];
      report_.histogramBelow[group] += below_[group];
    }
    for (std::size_t g = 0; g < gammas_; ++g) {
      const double total = running_[g];
      double* curve = cdf_.curves.data() + g * points_;
      if (total > 0) {
        for (std::size_t j = 0; j < points_; ++j) curve[j] /= total;
        cdf_.hardestShare[g] = (total - atReadout_[g]) / total;
      } else {
        for (std::size_t j = 0; j < points_; ++j) curve[j] = cdf_.fraction[j];
        cdf_.hardestShare[g] = count_ > 0 ? 1.0 - static_cast<double>(readoutRank_) / static_cast<double>(count_) : 0.0;
      }
    }
  }

 private:
  // Copies the running sums into every checkpoint (and the readout) at the current rank, then finds
  // the next rank where the walk must stop again, so visit() tests a single integer.
  void record() {
    while (next_ < points_ && checkpoints_[next_] == seen_) {
      for (std::size_t g = 0; g < gammas_; ++g) cdf_.curves[g * points_ + next_] = running_[g];
      ++next_;
    }
    if (seen_ == readoutRank_)
      for (std::size_t g = 0; g < gammas_; ++g) atReadout_[g] = running_[g];
    nextStop_ = next_ < points_ ? checkpoints_[next_] : count_ + 1;
    if (readoutRank_ > seen_) nextStop_ = std::min(nextStop_, readoutRank_);
  }

  AnchorReport& report_;
  LossCdf& cdf_;
  std::vector<std::size_t>& checkpoints_;
  std::size_t count_;
  double gamma_;
  Focusing focusing_;
  std::array<Focusing, kMaxCdfGammas> cdfFocusing_;
  std::array<double*, kAnchorGroups> histogram_{};
  std::array<std::array<double, kAnchorGroups>, 4> sums_{};  // CE, |dCE/dx|, FL / alpha_t, |dFL/dx| / alpha_t
  std::array<double, kAnchorGroups> below_{};
  std::array<double, kMaxCdfGammas> running_{};
  std::array<double, kMaxCdfGammas> atReadout_{};
  std::size_t points_ = 0, gammas_ = 0, bins_ = 0, readoutRank_ = 0, next_ = 0, seen_ = 0, nextStop_ = 0;
  double weight_ = 1.0, minLog10_ = -8.0, binsPerDecade_ = 1.0;
};

}  // namespace

AnchorDistributions anchorDistributions(double q) {
  requireUnitInterval("detectorQuality", q);
  AnchorDistributions d;
  d.easyNegatives = {-2.0 - 5.0 * q, 1.0};
  d.hardNegatives = {0.5 - 2.5 * q, 1.0};
  d.positives = {-1.0 + 4.0 * q, 1.5};
  return d;
}

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
void sortedStandardLogistic(std::uint64_t seed, std::uint64_t stream, std::size_t n, std::vector<double>& out) {
  out.resize(n);
  Random rng(seed, stream);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += rng.exponential();
    out[i] = sum;
  }
  const double last = rng.exponential();
  const double total = sum + last;
  double previous = -INFINITY;
  for (std::size_t i = 0; i < n; ++i) {
    // The exact tail S_{n+1} - S_i is at least E_{n+1}; the floor only matters when E_{n+1} is
    // below the rounding of a large total, which would otherwise give a zero tail and +inf.
    const double tail = std::max(total - out[i], last);
    // portableLog is not guaranteed monotone to the last ulp; keep the array sorted regardless.
    previous = std::max(previous, portableLog(out[i] / tail));
    out[i] = previous;
  }
}

std::array<std::vector<double>, kAnchorGroups> sampleAnchorLogits(const AnchorSimulationParams& params) {
  validate(params);
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

void AnchorSimulator::resample(const AnchorSimulationParams& p) {
  const auto counts = anchorGroupCounts(p);
  const std::uint64_t seed = requireSeed("seed", p.seed);
  // One stream per group: the hard negatives do not change when only the positives' count does.
  for (int g = 0; g < kAnchorGroups; ++g)
    sortedStandardLogistic(seed, static_cast<std::uint64_t>(g) + 1, counts[g], standard_[g]);
  count_ = p.count;
  foregroundFraction_ = p.foregroundFraction;
  hardNegativeFraction_ = p.hardNegativeFraction;
  seed_ = p.seed;
  sampled_ = true;
}

const AnchorReport& AnchorSimulator::simulate(const AnchorSimulationParams& p) {
  validate(p);
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
  for (int g = 0; g < kAnchorGroups; ++g) {
    r.histogramCounts[g].assign(bins, 0.0);
    r.histogramBelow[g] = 0.0;
  }

  // Negatives, easiest first: x_t = -x, so increasing x. The two sorted groups are merged on the fly.
  {
    const std::vector<double>& easy = standard_[EasyNegatives];
    const std::vector<double>& hard = standard_[HardNegatives];
    const double easyMean = p.easyNegatives.mean, easyScale = logisticScale(p.easyNegatives.std);
    const double hardMean = p.hardNegatives.mean, hardScale = logisticScale(p.hardNegatives.std);
    SideWalk walk(p, r, r.negativeCdf, checkpoints_, easy.size() + hard.size(), false);
    std::size_t i = 0, j = 0;
    while (i < easy.size() || j < hard.size()) {
      const double xe = i < easy.size() ? easyMean + easyScale * easy[i] : INFINITY;
      const double xh = j < hard.size() ? hardMean + hardScale * hard[j] : INFINITY;
      if (xe <= xh) {
        walk.visit(-xe, EasyNegatives);
        ++i;
      } else {
        walk.visit(-xh, HardNegatives);
        ++j;
      }
    }
    walk.finish();
  }
  // Positives, easiest first: x_t = x, so decreasing x.
  {
    const std::vector<double>& pos = standard_[Positives];
    const double mean = p.positives.mean, scale = logisticScale(p.positives.std);
    SideWalk walk(p, r, r.positiveCdf, checkpoints_, pos.size(), true);
    for (std::size_t i = pos.size(); i-- > 0;) walk.visit(mean + scale * pos[i], Positives);
    walk.finish();
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
