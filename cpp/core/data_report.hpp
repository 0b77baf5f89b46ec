// The "Your model" report: where CE, alpha-CE and FL find their loss and gradient in a user's own
// scores, computed from a DataSummary (data_summary.hpp) for any gamma, alpha and easy threshold.
// The groups and Figure 4 mean what they mean for the simulated anchors (anchor_simulation.hpp):
//   easy negatives  target 0 with p_t >= easyThreshold, i.e. logit x below -logit(easyThreshold)
//   hard negatives  the other negatives
//   positives       target 1
// Every quantity is one pass over the summary's non-empty bins; each bin counts as its decisions
// sitting at the bin's mean logit (the error this makes: docs/numerics.md, "Data reports").
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "data_summary.hpp"
#include "metrics.hpp"

namespace focal {

struct DataReportParams {
  double gamma = 2.0;          // FL's gamma, finite >= 0
  double alpha = 0.25;         // <= 1; negative: no alpha weighting
  double easyThreshold = 0.9;  // in [0.5, 0.999]
};
constexpr double kEasyThresholdMin = 0.5;
constexpr double kEasyThresholdMax = 0.999;

// The gammas of the sweep, and of Figure 4 (the paper's four, a prefix of the sweep's).
constexpr std::array<double, 6> kSweepGammas = {0.0, 0.5, 1.0, 2.0, 3.0, 5.0};
constexpr std::array<double, 4> kDataCdfGammas = {0.0, 0.5, 1.0, 2.0};
// Figure 4's points: fractions 0, 0.01, ..., 1 of each side's decisions.
constexpr std::size_t kDataCdfPoints = 101;

struct DataShares {
  double easyNegatives = 0.0, hardNegatives = 0.0, positives = 0.0;
};
// Shares of the total loss and of the total |dL/dx|; each sums to 1 (all 0 for a zero total).
struct DataLossShares {
  DataShares loss, gradient;
};

struct GammaSweepPoint {
  double gamma = 0.0;
  double easyNegativeShare = 0.0;  // of FL(gamma, alpha) over all decisions
  double fractionFor90 = 0.0;      // smallest fraction of the decisions carrying 90% of that loss
};

struct DataReport {
  double rows = 0.0, decisions = 0.0, positives = 0.0, clamped = 0.0, skippedCount = 0.0;
  std::vector<SkippedRow> skipped;
  double easyThreshold = 0.0;
  // The boundary applied: a negative is easy when x < easyLogit. It is -logit(easyThreshold)
  // rounded to the nearest bin edge, so that no bin straddles it (docs/numerics.md).
  double easyLogit = 0.0;
  ScoresAre scoresAre = ScoresAre::Probabilities;
  ScoresAreSource scoresAreSource = ScoresAreSource::Default;
  DataLossShares crossEntropy, alphaCrossEntropy, focal;
  std::vector<GammaSweepPoint> gammaSweep;
  // cdfPositives[g][j]: share of the positives' FL(kDataCdfGammas[g]) loss (no alpha: it is the
  // same for every positive) carried by the easiest cdfFractions[j] of them; likewise negatives.
  // Empty curves for a side without decisions; the diagonal when a side's loss is all 0.
  std::vector<double> cdfGammas, cdfFractions;
  std::vector<std::vector<double>> cdfPositives, cdfNegatives;
  Calibration calibration;
  double pi = 0.0;  // positives / decisions
  bool hasBias = false;
  double bias = 0.0;  // -log((1 - pi) / pi), when 0 < pi < 1
};

// Owns a summary and what every report of it shares: the non-empty bins in order of x and their
// losses at the sweep's fixed gammas, computed once, so that moving a slider costs one loss
// evaluation per non-empty bin. Not thread-safe.
class DataReporter {
 public:
  explicit DataReporter(DataSummary summary);
  const DataSummary& summary() const { return summary_; }
  // Validates the parameters (std::invalid_argument naming the bad one) and returns the report,
  // valid until the next call.
  const DataReport& report(const DataReportParams& params);

  // Non-empty bins of one class, ascending in x.
  struct ClassBins {
    std::vector<std::size_t> slot;
    std::vector<double> x, count;
    std::array<std::vector<double>, kSweepGammas.size()> loss;  // FL(kSweepGammas[g]) without alpha
    std::vector<double> crossEntropyGradient;                    // |dCE/dx|
  };

 private:
  DataSummary summary_;
  std::array<ClassBins, 2> classes_;
  std::vector<double> focalLoss_[2], focalGradient_[2];
  DataReport report_;
};

void validateDataReportParams(const DataReportParams& params);

}  // namespace focal
