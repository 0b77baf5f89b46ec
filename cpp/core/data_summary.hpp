// A user's model scores, summarised in a fixed amount of memory however many decisions arrive:
// the "Your model" report (data_report.hpp) is computed from this summary, never from stored rows,
// so a file of hundreds of millions of decisions costs a few megabytes and the report can be
// recomputed for any gamma, alpha and easy threshold as the page's sliders move.
//
// Per class (target 0 and target 1) a fine histogram over the logit x: bins of width 1/1024 over
// [-40, 40) plus one bin below and one above, each keeping the count and the sum of x (within the
// range, of x minus the bin's lower edge, so the sum keeps full precision). A bin stands for its
// count of decisions at its mean logit; docs/numerics.md ("Data reports") derives the error of that
// and gives the measured worst case. Beside it: the calibration bins (metrics.hpp), the counts of
// rows, decisions, positives and clamped probabilities, and the skipped rows.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "metrics.hpp"

namespace focal {

// Probabilities of exactly 0 or 1 have no finite logit; they are read as kProbabilityEpsilon and
// 1 - kProbabilityEpsilon (docs/numerics.md says why this value).
constexpr double kProbabilityEpsilon = 1e-7;

constexpr double kSummaryLogitLimit = 40.0;
constexpr double kSummaryBinsPerUnit = 1024.0;
constexpr std::size_t kSummaryRangeBins = 81920;  // 2 * 40 * 1024
// Slot 0: x < -40; slots 1 .. kSummaryRangeBins: the range; the last slot: x >= 40.
constexpr std::size_t kSummarySlots = kSummaryRangeBins + 2;
constexpr std::size_t kSummaryCalibrationBins = 15;
constexpr std::size_t kMaxSkippedListed = 100;

// The lower edge of range bin i (slot i + 1); exact, since 1/1024 is a power of two.
inline double summaryBinLow(std::size_t i) { return static_cast<double>(i) / kSummaryBinsPerUnit - kSummaryLogitLimit; }

struct SummaryBin {
  double count = 0.0;
  double sum = 0.0;  // range bins: sum of (x - lower edge); the outer two: sum of x
};

// Decisions of one interpretation of the scores (as logits, or as probabilities).
struct DecisionHistogram {
  std::array<std::vector<SummaryBin>, 2> bins;  // [target], kSummarySlots each
  CalibrationSums calibration{kSummaryCalibrationBins};
  double decisions = 0.0, positives = 0.0, clamped = 0.0;

  DecisionHistogram();
  // One decision: target 0 or 1, finite logit x, p = sigmoid(x) its probability. Unchecked.
  void add(int target, double x, double p) {
    const double t = (x + kSummaryLogitLimit) * kSummaryBinsPerUnit;
    SummaryBin* slot;
    if (t >= 0.0 && t < static_cast<double>(kSummaryRangeBins)) {
      const auto i = static_cast<std::size_t>(t);
      slot = &bins[target][i + 1];
      slot->sum += x - summaryBinLow(i);
    } else {
      slot = &bins[target][t < 0.0 ? 0 : kSummarySlots - 1];
      slot->sum += x;
    }
    slot->count += 1.0;
    calibration.add(p, target);
    decisions += 1.0;
    positives += target;
  }
};

enum class ScoresAre { Logits, Probabilities };
// Why the scores were read as they were: the caller said so, the column's name says "logit", a
// value outside [0, 1] was seen, or none of these (probabilities).
enum class ScoresAreSource { Option, Name, Values, Default };
const char* scoresAreName(ScoresAre s);
const char* scoresAreSourceName(ScoresAreSource s);

struct SkippedRow {
  double line = 0.0;  // 1-based line where the row starts (npy: row number)
  std::string reason;
};

struct DataSummary {
  DecisionHistogram histogram;
  double rows = 0.0;  // data rows used; a wide row holds several decisions
  double skippedCount = 0.0;
  std::vector<SkippedRow> skipped;  // the first kMaxSkippedListed
  ScoresAre scoresAre = ScoresAre::Probabilities;
  ScoresAreSource scoresAreSource = ScoresAreSource::Default;

  void skip(double line, std::string reason) {
    skippedCount += 1.0;
    if (skipped.size() < kMaxSkippedListed) skipped.push_back({line, std::move(reason)});
  }
};

}  // namespace focal
