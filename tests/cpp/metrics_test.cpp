// Metrics of the minority class, against cases worked out by hand.
#include <catch2/catch.hpp>

#include <algorithm>
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
