// The anchor population of a dense detector (docs/paper-notes.md, "Figure 4"): many anchors, almost
// all easy background, whose small losses add up. The simulator draws one image's worth of anchor
// logits from a model of a partly trained detector and measures where the loss and the gradient
// come from under CE, alpha-CE and FL.
//
// The model. Anchors fall into three groups, each with logits (foreground score x) drawn from a
// logistic distribution in logit space with a given mean and standard deviation:
//   easy negatives   plain background, confidently rejected (x well below 0)
//   hard negatives   background that looks like an object (x near 0)
//   positives        anchors on an object (x mostly above 0)
// The logistic is the distribution whose sigmoid is uniform, it has the slightly heavy tails real
// score distributions show, and its inverse CDF is one log: that lets the sampler draw each group
// already sorted in O(n) (see anchor_sampler.cpp), which is what makes a million anchors cheap.
//
// detectorQuality q in [0, 1] is the one-knob view of the three distributions (anchorDistributions):
//   easy negatives  mean -2 - 5q  (q = 0: -2, 0.5: -4.5, 1: -7), std 1
//   hard negatives  mean 0.5 - 2.5q (0.5, -0.75, -2),              std 1
//   positives       mean -1 + 4q  (-1, 1, 3),                      std 1.5
// q = 0 is a detector that barely separates anything, q = 1 one close to converged; the default 0.5
// gives CE shares of roughly 80% easy negatives, 20% hard negatives, 2% positives at 1:1000.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace focal {

enum AnchorGroup : int { EasyNegatives = 0, HardNegatives = 1, Positives = 2 };
constexpr int kAnchorGroups = 3;

// Logistic in logit space, parameterised by mean and standard deviation (scale = std sqrt(3) / pi).
struct LogitDistribution {
  double mean = 0.0;
  double std = 1.0;
};

struct AnchorDistributions {
  LogitDistribution easyNegatives;
  LogitDistribution hardNegatives;
  LogitDistribution positives;
};

// The mapping documented above; throws std::invalid_argument unless 0 <= q <= 1.
AnchorDistributions anchorDistributions(double detectorQuality);
constexpr double kDefaultDetectorQuality = 0.5;

// Whole numbers arrive as doubles so that a JS number crosses unchanged and a bad one (1.5, -3,
// NaN) is named in the error instead of being silently truncated.
struct AnchorSimulationParams {
  // The population: changing only these re-samples it.
  double count = 100000;               // anchors, whole number in [2, 2,000,000]
  double foregroundFraction = 0.001;   // positives / anchors, in (0, 0.5]; at least one of each
  double hardNegativeFraction = 0.01;  // hard negatives / negatives, in [0, 1]
  double seed = 1;                     // whole number in [0, 2^53]
  // The detector: moving these shifts and stretches the cached draws (no re-sampling).
  LogitDistribution easyNegatives = anchorDistributions(kDefaultDetectorQuality).easyNegatives;
  LogitDistribution hardNegatives = anchorDistributions(kDefaultDetectorQuality).hardNegatives;
  LogitDistribution positives = anchorDistributions(kDefaultDetectorQuality).positives;
  // The losses compared: CE, alpha-CE(alpha) and FL(gamma, alpha). alpha < 0 means no weighting.
  double gamma = 2.0;
  double alpha = 0.25;
  // Figure 4: cumulative normalised FL (no alpha: it cancels within a group) at each of cdfGammas,
  // on cdfPoints points, and the share of the group's loss carried by its hardest readoutFraction.
  std::vector<double> cdfGammas = {0.0, 0.5, 1.0, 2.0};  // 1 to 16 values >= 0
  double cdfPoints = 200;                                // whole number in [2, 10000]
  double readoutFraction = 0.2;                          // in [0, 1]
  // Histogram of the modulating factor (1 - p_t)^gamma over log10 bins from histogramMinLog10 to 0.
  double histogramBins = 40;        // whole number in [1, 1000]
  double histogramMinLog10 = -8.0;  // in [-300, 0)
  // The first iteration: every logit equal to the classifier bias, 0 or -log((1 - pi) / pi).
  double priorPi = 0.01;  // in (0, 1)
};

// One loss over the population, per group (indexed by AnchorGroup). Shares are sums / total and
// add up to 1 (all zero only if every loss underflowed to 0). The gradient columns use |dL/dx|:
// how much of the next update step each group drives.
struct GroupLoss {
  double total = 0.0;
  std::array<double, kAnchorGroups> sums{};
  std::array<double, kAnchorGroups> shares{};
  double gradientTotal = 0.0;
  std::array<double, kAnchorGroups> gradientSums{};
  std::array<double, kAnchorGroups> gradientShares{};
};

// Figure 4 for one side (positives or all negatives). Samples are ordered by loss, easiest first;
// point j sits at fraction[j] = k_j / count of the samples (k_j = round(j count / (points - 1))) and
// curves[g * points + j] is the loss of those k_j easiest samples over the group's total loss
// under FL(cdfGammas[g]). Every curve starts at 0 and ends at exactly 1; with a zero total (all
// losses underflowed) it is the diagonal. hardestShare[g] = share of the loss carried by the
// round(readoutFraction count) hardest samples, exact rather than read off the curve.
struct LossCdf {
  std::size_t count = 0;
  std::vector<double> fraction;
  std::vector<double> curves;
  std::vector<double> hardestShare;
};

// The first iteration with every logit at `bias`. Per-anchor losses are the same for every
// negative (and for every positive), so these are closed forms from the core's loss functions.
struct InitialLoss {
  double lossPerNegative = 0.0;
  double lossPerPositive = 0.0;
  double total = 0.0;               // summed over all anchors
  double perPositive = 0.0;         // total / max(1, positives): RetinaNet's normalisation
  double backgroundShare = 0.0;     // negatives' share of the total loss
  double gradientBackgroundShare = 0.0;  // negatives' share of sum |dL/dx|
};

struct InitialState {
  double bias = 0.0;
  InitialLoss crossEntropy, alphaCrossEntropy, focal;
};

struct AnchorReport {
  std::array<std::size_t, kAnchorGroups> counts{};
  GroupLoss crossEntropy, alphaCrossEntropy, focal;
  std::vector<double> cdfGammas;
  LossCdf positiveCdf, negativeCdf;
  // Counts per group of anchors whose log10((1 - p_t)^gamma) falls in
  // [histogramEdges[b], histogramEdges[b + 1]), the last bin closed at 0; below: under the first edge.
  std::vector<double> histogramEdges;
  std::array<std::vector<double>, kAnchorGroups> histogramCounts;
  std::array<double, kAnchorGroups> histogramBelow{};
  InitialState zeroBias, priorBias;
  // CE per negative at bias 0 over CE per negative at the prior bias: about 69 for pi = 0.01.
  double negativeLossRatio = 0.0;
};

// Anchor counts per group for the given count and fractions: positives = round(count fraction)
// kept in [1, count - 1], hard negatives = round(negatives hardNegativeFraction). Exact, not random.
std::array<std::size_t, kAnchorGroups> anchorGroupCounts(const AnchorSimulationParams& params);

// Sorted standard logistic draws (mean 0, scale 1), ascending, for the given count and seed stream:
// the order statistics of n independent draws, generated in order (no sort). Deterministic and the
// same on every platform.
void sortedStandardLogistic(std::uint64_t seed, std::uint64_t stream, std::size_t n, std::vector<double>& out);

// The population's logits per group, ascending, for display and tests. Allocates; the simulator
// below is the fast path.
std::array<std::vector<double>, kAnchorGroups> sampleAnchorLogits(const AnchorSimulationParams& params);

// Holds the sampled population and every buffer between calls: a call with the same count,
// fractions and seed reuses the draws, and no call allocates once buffers have reached their size.
// Per anchor it keeps two doubles (the draw and exp(scale z)), 16 MB at a million anchors.
// Not thread-safe; one per thread (the page has one per module).
class AnchorSimulator {
 public:
  // Validates every parameter (std::invalid_argument naming it), then fills and returns the report,
  // which stays valid until the next call.
  const AnchorReport& simulate(const AnchorSimulationParams& params);

 private:
  void resample(const AnchorSimulationParams& params);

  bool sampled_ = false;
  double count_ = 0, foregroundFraction_ = 0, hardNegativeFraction_ = 0, seed_ = 0;
  std::array<std::vector<double>, kAnchorGroups> standard_;  // sorted standard logistic draws
  // Scratch of the walk (anchor_walk.hpp): a side's stop ranks, each group's share of them,
  // the cumulative losses at the stops per group, one group's histogram.
  std::vector<std::size_t> stops_;
  std::array<std::vector<std::size_t>, kAnchorGroups> groupStops_;
  std::array<std::vector<double>, kAnchorGroups> prefix_;
  std::vector<double> binCounts_;
  // exp(scale z) per anchor for the scale in expScaledFor_ (NaN: none yet), so that moving a mean
  // (the detector-quality slider) or gamma leaves no exp to take per anchor.
  std::array<std::vector<double>, kAnchorGroups> expScaled_;
  std::array<double, kAnchorGroups> expScaledFor_{};
  AnchorReport report_;
};

}  // namespace focal
