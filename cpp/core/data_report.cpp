#include "data_report.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "losses.hpp"
#include "validation.hpp"

namespace focal {
namespace {

constexpr int kNegative = 0, kPositive = 1;

// The mean logit of a slot: range bins keep sums relative to their lower edge.
double slotMean(std::size_t slot, const SummaryBin& bin) {
  if (slot == 0 || slot == kSummarySlots - 1) return bin.sum / bin.count;
  return summaryBinLow(slot - 1) + bin.sum / bin.count;
}

DataShares shares(double easy, double hard, double positives) {
  const double total = easy + hard + positives;
  if (!(total > 0)) return {};
  return {easy / total, hard / total, positives / total};
}

// The smallest fraction of all decisions whose losses add up to 90% of the total: the hardest
// first. Within a class the loss is monotone in x (rising for negatives, falling for positives),
// so the hardest decisions are the negatives' bins from the top and the positives' from the bottom,
// merged by per-decision loss. Inside the bin that crosses 90% every decision carries the bin's loss.
double fractionFor90(const DataReporter::ClassBins& negatives, const DataReporter::ClassBins& positives,
                     std::size_t gammaIndex, double negativeWeight, double positiveWeight, double decisions) {
  const std::vector<double>& ln = negatives.loss[gammaIndex];
  const std::vector<double>& lp = positives.loss[gammaIndex];
  double total = 0.0;
  for (std::size_t i = 0; i < ln.size(); ++i) total += negativeWeight * ln[i] * negatives.count[i];
  for (std::size_t i = 0; i < lp.size(); ++i) total += positiveWeight * lp[i] * positives.count[i];
  if (!(total > 0) || decisions <= 0) return 0.0;
  const double target = 0.9 * total;
  std::size_t n = ln.size(), p = 0;
  double carried = 0.0, taken = 0.0;
  while (n > 0 || p < lp.size()) {
    const double vn = n > 0 ? negativeWeight * ln[n - 1] : -1.0;
    const double vp = p < lp.size() ? positiveWeight * lp[p] : -1.0;
    const bool negative = vn >= vp;
    const double v = negative ? vn : vp;
    const double count = negative ? negatives.count[n - 1] : positives.count[p];
    if (carried + count * v >= target && v > 0) {
      const double need = std::min(count, std::max(1.0, std::ceil((target - carried) / v)));
      return (taken + need) / decisions;
    }
    carried += count * v;
    taken += count;
    if (negative) --n;
    else ++p;
  }
  return 1.0;
}

// One side's Figure 4 curve: cumulative loss of the easiest fraction f of its decisions (a bin's
// decisions counted in proportion, each at the bin's loss), over the side's total. Easiest first is
// ascending x for negatives, descending for positives.
std::vector<double> cdfCurve(const DataReporter::ClassBins& side, const std::vector<double>& loss, bool ascending,
                             const std::vector<double>& fractions) {
  const std::size_t bins = side.count.size();
  double n = 0.0;
  for (double c : side.count) n += c;
  if (n <= 0) return {};
  std::vector<double> curve(fractions.size());
  double before = 0.0, carried = 0.0;
  std::size_t j = 0;
  for (std::size_t k = 0; k < bins; ++k) {
    const std::size_t b = ascending ? k : bins - 1 - k;
    const double count = side.count[b];
    for (; j < fractions.size() && fractions[j] * n <= before + count; ++j)
      curve[j] = carried + (fractions[j] * n - before) * loss[b];
    before += count;
    carried += count * loss[b];
  }
  for (; j < fractions.size(); ++j) curve[j] = carried;
  if (carried > 0) {
    for (double& v : curve) v /= carried;
    curve.back() = 1.0;
  } else {
    curve = fractions;
  }
  return curve;
}

}  // namespace

void validateDataReportParams(const DataReportParams& p) {
  requireGamma(p.gamma);
  requireAlpha(p.alpha);
  if (!(p.easyThreshold >= kEasyThresholdMin && p.easyThreshold <= kEasyThresholdMax))
    failParameter("easyThreshold", formatValue(p.easyThreshold), "in [0.5, 0.999]");
}

DataReporter::DataReporter(DataSummary summary) : summary_(std::move(summary)) {
  for (int c = 0; c < 2; ++c) {
    ClassBins& out = classes_[c];
    const std::vector<SummaryBin>& bins = summary_.histogram.bins[c];
    for (std::size_t s = 0; s < bins.size(); ++s) {
      if (bins[s].count <= 0) continue;
      const double x = slotMean(s, bins[s]);
      out.slot.push_back(s);
      out.x.push_back(x);
      out.count.push_back(bins[s].count);
      for (std::size_t g = 0; g < kSweepGammas.size(); ++g)
        out.loss[g].push_back(sigmoidFocal(x, c, -1.0, kSweepGammas[g]).loss);
      out.crossEntropyGradient.push_back(std::fabs(binaryCrossEntropy(x, c).grad));
    }
  }
  report_.cdfGammas.assign(kDataCdfGammas.begin(), kDataCdfGammas.end());
  report_.cdfFractions.resize(kDataCdfPoints);
  for (std::size_t j = 0; j < kDataCdfPoints; ++j)
    report_.cdfFractions[j] = static_cast<double>(j) / static_cast<double>(kDataCdfPoints - 1);
  // Figure 4 depends on neither gamma, alpha nor the threshold: once per summary.
  for (std::size_t g = 0; g < kDataCdfGammas.size(); ++g) {
    report_.cdfNegatives.push_back(cdfCurve(classes_[kNegative], classes_[kNegative].loss[g], true, report_.cdfFractions));
    report_.cdfPositives.push_back(cdfCurve(classes_[kPositive], classes_[kPositive].loss[g], false, report_.cdfFractions));
  }
  const DecisionHistogram& h = summary_.histogram;
  report_.rows = summary_.rows;
  report_.decisions = h.decisions;
  report_.positives = h.positives;
  report_.clamped = h.clamped;
  report_.skippedCount = summary_.skippedCount;
  report_.skipped = summary_.skipped;
  report_.scoresAre = summary_.scoresAre;
  report_.scoresAreSource = summary_.scoresAreSource;
  report_.calibration = h.calibration.result();
  report_.pi = h.decisions > 0 ? h.positives / h.decisions : 0.0;
  report_.hasBias = report_.pi > 0 && report_.pi < 1;
  report_.bias = report_.hasBias ? priorBias(report_.pi) : 0.0;
}

const DataReport& DataReporter::report(const DataReportParams& p) {
  validateDataReportParams(p);
  DataReport& r = report_;
  r.easyThreshold = p.easyThreshold;
  // p_t >= T for a negative is x <= -logit(T); priorBias is the logit.
  r.easyLogit = std::round(-priorBias(p.easyThreshold) * kSummaryBinsPerUnit) / kSummaryBinsPerUnit;
  // Slots up to this one lie wholly below easyLogit (slot 0, below the range, always does).
  const double easySlots = (r.easyLogit + kSummaryLogitLimit) * kSummaryBinsPerUnit;

  const ClassBins& neg = classes_[kNegative];
  const ClassBins& pos = classes_[kPositive];
  const double w0 = alphaWeight(p.alpha, 0.0), w1 = alphaWeight(p.alpha, 1.0);

  // Per-bin FL at this gamma (no alpha), loss and |gradient|.
  for (int c = 0; c < 2; ++c) {
    const ClassBins& bins = classes_[c];
    focalLoss_[c].resize(bins.x.size());
    focalGradient_[c].resize(bins.x.size());
    for (std::size_t i = 0; i < bins.x.size(); ++i) {
      const LossGrad fl = sigmoidFocal(bins.x[i], c, -1.0, p.gamma);
      focalLoss_[c][i] = fl.loss;
      focalGradient_[c][i] = std::fabs(fl.grad);
    }
  }

  // Group sums of a per-bin quantity (count times the per-decision value).
  struct Groups {
    double easy = 0.0, hard = 0.0, positives = 0.0;
  };
  const auto sums = [&](const std::vector<double>& negative, const std::vector<double>& positive) {
    Groups g;
    for (std::size_t i = 0; i < neg.count.size(); ++i) {
      const double v = neg.count[i] * negative[i];
      if (static_cast<double>(neg.slot[i]) <= easySlots) g.easy += v;
      else g.hard += v;
    }
    for (std::size_t i = 0; i < pos.count.size(); ++i) g.positives += pos.count[i] * positive[i];
    return g;
  };
  const auto weighted = [&](Groups g) {
    return shares(w0 * g.easy, w0 * g.hard, w1 * g.positives);
  };
  const Groups ceLoss = sums(neg.loss[0], pos.loss[0]);
  const Groups ceGradient = sums(neg.crossEntropyGradient, pos.crossEntropyGradient);
  r.crossEntropy.loss = shares(ceLoss.easy, ceLoss.hard, ceLoss.positives);
  r.crossEntropy.gradient = shares(ceGradient.easy, ceGradient.hard, ceGradient.positives);
  r.alphaCrossEntropy.loss = weighted(ceLoss);
  r.alphaCrossEntropy.gradient = weighted(ceGradient);
  r.focal.loss = weighted(sums(focalLoss_[kNegative], focalLoss_[kPositive]));
  r.focal.gradient = weighted(sums(focalGradient_[kNegative], focalGradient_[kPositive]));

  r.gammaSweep.resize(kSweepGammas.size());
  for (std::size_t g = 0; g < kSweepGammas.size(); ++g) {
    GammaSweepPoint& point = r.gammaSweep[g];
    point.gamma = kSweepGammas[g];
    point.easyNegativeShare = weighted(sums(neg.loss[g], pos.loss[g])).easyNegatives;
    point.fractionFor90 = fractionFor90(neg, pos, g, w0, w1, summary_.histogram.decisions);
  }
  return r;
}

}  // namespace focal
