// Metrics of the minority class, against cases worked out by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics.hpp"
#include "seeded_random.hpp"
#include "test_support.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Eight samples, ranked: 1 0 1 1 0 0 1 0 (label of the highest score first).
const std::vector<double> kScores = {0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2};
const std::vector<double> kLabels = {1, 0, 1, 1, 0, 0, 1, 0};

// The AP that precisionRecall returns, for the cases that only look at AP.
double averagePrecision(const double* scores, const double* labels, std::size_t n, focal::MetricsWorkspace& ws) {
  focal::PrecisionRecallCurve curve;
  return focal::precisionRecall(scores, labels, n, 2, ws, curve);
}

}  // namespace

TEST_CASE("confusion matrix at a threshold, by hand", "[metrics][confusion]") {
  // Threshold 0.5: the top five are called positive: 1 0 1 1 0 | 0 1 0.
  const focal::ConfusionMatrix cm = focal::confusionMatrix(kScores.data(), kLabels.data(), kScores.size(), 0.5);
  CHECK(cm.truePositives == 3);
  CHECK(cm.falsePositives == 2);
  CHECK(cm.falseNegatives == 1);
  CHECK(cm.trueNegatives == 2);
  SECTION("a score equal to the threshold counts as positive") {
    const focal::ConfusionMatrix at = focal::confusionMatrix(kScores.data(), kLabels.data(), kScores.size(), 0.6);
    CHECK(at.truePositives == 3);
    CHECK(at.falsePositives == 1);
  }
  SECTION("threshold 0 calls everything positive, above the top score nothing") {
    const focal::ConfusionMatrix all = focal::confusionMatrix(kScores.data(), kLabels.data(), kScores.size(), 0.0);
    CHECK(all.truePositives == 4);
    CHECK(all.falsePositives == 4);
    const focal::ConfusionMatrix none = focal::confusionMatrix(kScores.data(), kLabels.data(), kScores.size(), 0.95);
    CHECK(none.truePositives + none.falsePositives == 0);
    CHECK(none.falseNegatives == 4);
  }
}

TEST_CASE("precision, recall and F1 of the minority class, by hand", "[metrics][confusion]") {
  const focal::ClassMetrics m =
      focal::classMetrics(focal::confusionMatrix(kScores.data(), kLabels.data(), kScores.size(), 0.5));
  CHECK_THAT(m.precision, WithinRel(3.0 / 5.0, 1e-15));
  CHECK_THAT(m.recall, WithinRel(3.0 / 4.0, 1e-15));
  CHECK_THAT(m.f1, WithinRel(2.0 / 3.0, 1e-15));  // 2 * 3 / (2 * 3 + 2 + 1)
}

TEST_CASE("a zero denominator gives 0, not NaN", "[metrics][confusion]") {
  focal::ConfusionMatrix nothingPredicted;
  nothingPredicted.falseNegatives = 5;
  nothingPredicted.trueNegatives = 95;
  const focal::ClassMetrics m = focal::classMetrics(nothingPredicted);
  CHECK(m.precision == 0.0);
  CHECK(m.recall == 0.0);
  CHECK(m.f1 == 0.0);
}

TEST_CASE("average precision, by hand", "[metrics][ap]") {
  // Recall steps of 1/4 at ranks 1, 3, 4, 7 with precisions 1, 2/3, 3/4, 4/7:
  // AP = (1 + 2/3 + 3/4 + 4/7) / 4 = 251/336.
  focal::MetricsWorkspace ws;
  CHECK_THAT(averagePrecision(kScores.data(), kLabels.data(), kScores.size(), ws), WithinRel(251.0 / 336.0, 1e-15));
  SECTION("a perfect ranking scores 1") {
    const std::vector<double> labels = {1, 1, 1, 0, 0, 0, 0, 0};
    CHECK_THAT(averagePrecision(kScores.data(), labels.data(), kScores.size(), ws), WithinRel(1.0, 1e-15));
  }
  SECTION("the worst ranking scores the mean of i / (n - k + i)") {
    const std::vector<double> labels = {0, 0, 0, 0, 0, 0, 1, 1};
    CHECK_THAT(averagePrecision(kScores.data(), labels.data(), kScores.size(), ws),
               WithinRel((1.0 / 7 + 2.0 / 8) / 2, 1e-15));
  }
}

TEST_CASE("tied scores form one threshold, whatever their order", "[metrics][ap]") {
  focal::MetricsWorkspace ws;
  const std::vector<double> scores = {0.9, 0.5, 0.5};
  const std::vector<double> first = {0, 1, 0};
  const std::vector<double> second = {0, 0, 1};
  // One step: at 0.9 nothing is recalled; at 0.5 recall 1 with precision 1/3.
  CHECK_THAT(averagePrecision(scores.data(), first.data(), 3, ws), WithinRel(1.0 / 3.0, 1e-15));
  CHECK_THAT(averagePrecision(scores.data(), second.data(), 3, ws), WithinRel(1.0 / 3.0, 1e-15));
  const std::vector<double> flat = {0.5, 0.5, 0.5, 0.5};
  const std::vector<double> half = {1, 0, 1, 0};
  CHECK_THAT(averagePrecision(flat.data(), half.data(), 4, ws), WithinRel(0.5, 1e-15));
}

TEST_CASE("random scores give about the positive fraction: the no-skill average precision", "[metrics][ap]") {
  focal::Random rng(3);
  const std::size_t n = 40000;
  std::vector<double> scores(n), labels(n);
  for (std::size_t i = 0; i < n; ++i) {
    scores[i] = rng.uniform();
    labels[i] = i % 20 == 0 ? 1.0 : 0.0;
  }
  focal::MetricsWorkspace ws;
  CHECK_THAT(averagePrecision(scores.data(), labels.data(), n, ws), WithinAbs(0.05, 0.01));
}

TEST_CASE("the precision-recall curve, full and thinned", "[metrics][curve]") {
  focal::MetricsWorkspace ws;
  focal::PrecisionRecallCurve curve;
  const double ap = focal::precisionRecall(kScores.data(), kLabels.data(), kScores.size(), 100, ws, curve);
  CHECK_THAT(ap, WithinRel(251.0 / 336.0, 1e-15));
  REQUIRE(curve.recall.size() == 8);
  CHECK_THAT(curve.recall[0], WithinRel(0.25, 1e-15));
  CHECK_THAT(curve.precision[0], WithinRel(1.0, 1e-15));
  CHECK_THAT(curve.precision[2], WithinRel(2.0 / 3.0, 1e-15));
  CHECK_THAT(curve.recall.back(), WithinRel(1.0, 1e-15));
  CHECK_THAT(curve.precision.back(), WithinRel(0.5, 1e-15));
  CHECK(curve.threshold.front() == 0.9);

  focal::precisionRecall(kScores.data(), kLabels.data(), kScores.size(), 3, ws, curve);
  REQUIRE(curve.recall.size() == 3);
  CHECK(curve.threshold.front() == 0.9);  // ends kept
  CHECK(curve.threshold.back() == 0.2);
  CHECK(std::is_sorted(curve.recall.begin(), curve.recall.end()));
}

TEST_CASE("bad metric input throws std::invalid_argument naming the parameter and value", "[metrics][validation]") {
  focal::MetricsWorkspace ws;
  focal::PrecisionRecallCurve curve;
  const std::vector<double> scores = {0.2, 0.7};
  const std::vector<double> badLabel = {1, 2};
  const std::vector<double> noPositive = {0, 0};
  const std::vector<double> nanScore = {NAN, 0.5};
  const std::vector<double> labels = {1, 0};
  focal_test::requireRejectsMentioning([&] { focal::confusionMatrix(scores.data(), badLabel.data(), 2, 0.5); }, "labels[1]", "2");
  focal_test::requireRejectsMentioning([&] { focal::confusionMatrix(nanScore.data(), labels.data(), 2, 0.5); }, "scores[0]", "NaN");
  focal_test::requireRejectsMentioning([&] { focal::confusionMatrix(scores.data(), labels.data(), 2, NAN); }, "threshold", "NaN");
  focal_test::requireRejectsMentioning([&] { averagePrecision(scores.data(), labels.data(), 0, ws); }, "scores", "empty");
  focal_test::requireRejectsMentioning([&] { averagePrecision(scores.data(), noPositive.data(), 2, ws); }, "labels", "no positive");
  focal_test::requireRejectsMentioning([&] { focal::precisionRecall(scores.data(), labels.data(), 2, 1, ws, curve); }, "maxPoints", "1");
}

TEST_CASE("calibration bins probabilities into equal-width bins and sums the expected calibration error", "[metrics][calibration]") {
  // Four bins of width 0.25. By hand:
  //   bin 0 [0, 0.25):    0.1 (0), 0.2 (1)         count 2, mean p 0.15, rate 0.5
  //   bin 1 [0.25, 0.5):  empty
  //   bin 2 [0.5, 0.75):  0.5 (1), 0.6 (0), 0.7 (1) count 3, mean p 0.6, rate 2/3
  //   bin 3 [0.75, 1]:    0.9 (1), 1.0 (1)         count 2, mean p 0.95, rate 1
  //   ECE = 2/7 |0.5 - 0.15| + 3/7 |2/3 - 0.6| + 2/7 |1 - 0.95| = (0.7 + 0.2 + 0.1) / 7 = 1/7
  const std::vector<double> p = {0.1, 0.2, 0.5, 0.6, 0.7, 0.9, 1.0};
  const std::vector<double> y = {0, 1, 1, 0, 1, 1, 1};
  const focal::Calibration c = focal::calibration(p.data(), y.data(), p.size(), 4);
  REQUIRE(c.bins.size() == 4);
  CHECK(c.bins[0].count == 2);
  CHECK_THAT(c.bins[0].meanProbability, WithinRel(0.15, 1e-14));
  CHECK_THAT(c.bins[0].positiveRate, WithinRel(0.5, 1e-15));
  CHECK(c.bins[1].count == 0);
  CHECK(c.bins[1].meanProbability == 0.0);
  CHECK(c.bins[1].positiveRate == 0.0);
  CHECK(c.bins[2].count == 3);
  CHECK_THAT(c.bins[2].meanProbability, WithinRel(0.6, 1e-14));
  CHECK_THAT(c.bins[2].positiveRate, WithinRel(2.0 / 3.0, 1e-15));
  CHECK(c.bins[3].count == 2);  // p = 1 falls in the last bin
  CHECK_THAT(c.bins[3].meanProbability, WithinRel(0.95, 1e-14));
  CHECK_THAT(c.ece, WithinRel(1.0 / 7.0, 1e-13));
}

TEST_CASE("a perfectly calibrated bin contributes nothing, and ECE stays in [0, 1]", "[metrics][calibration]") {
  // 15 bins, as the page draws: every sample at p = 0.5 with half of them positive.
  std::vector<double> p(100, 0.5);
  std::vector<double> y(100, 0.0);
  for (std::size_t i = 0; i < 50; ++i) y[i] = 1.0;
  CHECK(focal::calibration(p.data(), y.data(), p.size(), 15).ece == 0.0);
  const double offset = GENERATE(take(20, random(0.0, 1.0)));
  std::vector<double> q(50);
  std::vector<double> labels(50);
  for (std::size_t i = 0; i < q.size(); ++i) {
    q[i] = std::fmod(offset + 0.37 * static_cast<double>(i), 1.0);
    labels[i] = (i % 3 == 0) ? 1.0 : 0.0;
  }
  const focal::Calibration c = focal::calibration(q.data(), labels.data(), q.size(), 15);
  std::size_t total = 0;
  for (const auto& bin : c.bins) total += bin.count;
  CHECK(total == q.size());
  CHECK(c.ece >= 0.0);
  CHECK(c.ece <= 1.0);
}

TEST_CASE("bad calibration input throws naming the parameter and value", "[metrics][calibration][validation]") {
  const std::vector<double> p = {0.2, 1.5};
  const std::vector<double> ok = {0.2, 0.5};
  const std::vector<double> labels = {1, 0};
  const std::vector<double> badLabels = {1, 0.5};
  focal_test::requireRejectsMentioning([&] { focal::calibration(p.data(), labels.data(), 2, 15); }, "probabilities[1]", "1.5");
  focal_test::requireRejectsMentioning([&] { focal::calibration(ok.data(), badLabels.data(), 2, 15); }, "labels[1]", "0.5");
  focal_test::requireRejectsMentioning([&] { focal::calibration(ok.data(), labels.data(), 0, 15); }, "probabilities", "empty");
  focal_test::requireRejectsMentioning([&] { focal::calibration(ok.data(), labels.data(), 2, 0); }, "bins", "0");
}
