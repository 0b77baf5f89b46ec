// Training over many seeds, and what it rests on: the trainer's vectorised passes and fast tanh
// (which must still give the results the scalar trainer gave), FLSD-53 as the FL model's gamma,
// deterministic per-seed curves, and the percentile bands, convergence and divergence figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "fast_tanh.hpp"
#include "losses.hpp"
#include "seed_repeat.hpp"
#include "stable_math.hpp"
#include "test_support.hpp"
#include "trainer.hpp"
#include "variants.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A small repeat that still trains: 400 points, 60 steps, 12 checkpoints.
focal::SeedRepeatParams smallRepeat() {
  focal::SeedRepeatParams p;
  p.training.dataset.count = 400;
  p.training.dataset.minorityFraction = 0.1;
  p.training.seed = 7;
  p.seeds = 4;
  p.steps = 60;
  p.checkpoints = 12;
  p.threshold = 0.3;
  return p;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

}  // namespace

TEST_CASE("fast tanh is within 1e-15 relative of long double tanh everywhere", "[seeds][tanh]") {
  double worst = 0.0;
  for (int i = -400000; i <= 400000; ++i) {
    for (const double scale : {1e-4, 7.3e-5, 1e-9, 1e-300}) {
      const double a = i * scale;
      const long double exact = std::tanh(static_cast<long double>(a));
      if (exact == 0) continue;
      worst = std::max(worst, static_cast<double>(std::fabs((focal::fast::tanh(a) - exact) / exact)));
    }
  }
  CAPTURE(worst);
  CHECK(worst < 1e-15);
  CHECK(focal::fast::tanh(0.0) == 0.0);
  CHECK(std::signbit(focal::fast::tanh(-0.0)));
  CHECK(focal::fast::tanh(25.0) == 1.0);
  CHECK(focal::fast::tanh(-1e300) == -1.0);
  CHECK(focal::fast::tanh(std::numeric_limits<double>::infinity()) == 1.0);
  CHECK(std::isnan(focal::fast::tanh(kNaN)));
}

TEST_CASE("the vectorised trainer reproduces the scalar trainer's results", "[seeds][trainer]") {
  // Pinned from the trainer before its passes were vectorised (per-sample loop, libm's exp inside
  // tanh, serial sums), after 300 steps: {CE loss, CE AP, CE theta[0], FL loss, FL AP, FL theta[0]}.
  // The new passes round differently in the last bits (another tanh, sums in four lanes); over
  // 300 steps that stays below 1e-12 relative. Runs this short are the promise: in longer runs
  // the CE model's full-batch Adam trajectory amplifies any last-bit difference (as would another
  // libm), reaching about 1e-4 relative by step 1000 on the default settings.
  struct Case {
    const char* name;
    std::function<void(focal::TrainingParams&)> edit;
    double expected[6];
  };
  const std::vector<Case> cases = {
      {"default", [](auto&) {},
       {0.099441245983180382, 0.49269790285672382, 0.32385588616303435, 0.0098429833025216774, 0.48308045290096013, 0.67486635308945686}},
      {"relu", [](auto& p) { p.activation = "relu"; },
       {0.096229252630638709, 0.52632921702742141, -0.83247107128283648, 0.0096835584536058127, 0.50714239372484982, -0.2262631373201818}},
      {"logistic", [](auto& p) { p.model = "logistic"; },
       {0.16427266373638696, 0.15239944938571479, 1.1873527359076965, 0.015689995189360966, 0.15244628504172242, 0.45460407106564377}},
      {"sgd, batch 128", [](auto& p) { p.optimizer = "sgd"; p.learningRate = 0.5; p.momentum = 0.9; p.batchSize = 128; },
       {0.10345507694278278, 0.47347291994645568, 0.50710812334965372, 0.011100445799323214, 0.43136343048236581, 0.27528803127245682}},
      {"moons, positives", [](auto& p) { p.dataset.kind = "moons"; p.normalization = "positives"; p.seed = 7; p.dataset.seed = 7; },
       {0.23413302425470789, 0.9940225917180463, 0.66645254590292313, 0.084655163770289019, 0.95699982070266165, 0.29976045568874865}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    focal::TrainingParams params;
    c.edit(params);
    focal::TrainingRun run(params);
    run.step(300);
    focal::SnapshotParams sp;
    sp.gridSize = 0;
    const focal::TrainingSnapshot& s = run.snapshot(sp);
    for (int m = 0; m < 2; ++m) {
      CAPTURE(m);
      CHECK_THAT(s.models[m].loss, WithinRel(c.expected[3 * m], 1e-12));
      CHECK_THAT(s.models[m].averagePrecision, WithinRel(c.expected[3 * m + 1], 1e-12));
      CHECK_THAT(run.parameters(m)[0], WithinRel(c.expected[3 * m + 2], 1e-12));
    }
  }
}

TEST_CASE("the blocked passes give the per-sample loss and gradient, in blocks and tails of any size", "[seeds][trainer]") {
  // Against a plain per-sample loop over the public losses and the same tanh: 1e-13 relative
  // (only the order of the sums differs).
  focal::ModelShape shape;
  shape.hidden = 5;
  shape.activation = GENERATE(focal::Activation::Tanh, focal::Activation::Relu);
  focal::TrainingLoss loss;
  loss.focal = GENERATE(false, true);
  loss.alpha = 0.25;
  loss.gamma = loss.focal ? 2.0 : 0.0;
  const bool flsd53 = GENERATE(false, true);
  loss.sampleDependentGamma = loss.focal && flsd53;
  const std::size_t count = GENERATE(1, 3, 128, 131, 300);
  CAPTURE(static_cast<int>(shape.activation), loss.focal, loss.sampleDependentGamma, count);
  focal::DatasetParams dp;
  dp.count = 300;
  dp.minorityFraction = 0.3;
  focal::Dataset data;
  focal::makeDataset(dp, data);
  const std::size_t p = focal::parameterCount(shape);
  focal::Random rng(4);
  std::vector<double> theta(p);
  for (double& t : theta) t = 1.5 * rng.normal();
  std::vector<double> grad(p);
  const double value = focal::lossAndGradient(shape, theta.data(), loss, focal::Normalization::Mean, data.features.data(),
                                              data.labels.data(), nullptr, count, grad.data());
  double expectedLoss = 0.0;
  std::vector<double> expectedGrad(p, 0.0);
  for (std::size_t i = 0; i < count; ++i) {
    const double x0 = data.features[2 * i], x1 = data.features[2 * i + 1], y = data.labels[i];
    const double z = focal::modelLogit(shape, theta.data(), x0, x1);
    const focal::LossGrad lg = !loss.focal ? focal::alphaBalancedCrossEntropy(z, y, loss.alpha)
                               : loss.sampleDependentGamma ? focal::flsd53(z, y, loss.alpha)
                                                           : focal::sigmoidFocal(z, y, loss.alpha, loss.gamma);
    expectedLoss += lg.loss;
    expectedGrad[p - 1] += lg.grad;
    for (std::size_t j = 0; j < shape.hidden; ++j) {
      const double a = theta[2 * j] * x0 + theta[2 * j + 1] * x1 + theta[2 * shape.hidden + j];
      const double h = shape.activation == focal::Activation::Tanh ? focal::fast::tanh(a) : std::max(a, 0.0);
      const double slope = shape.activation == focal::Activation::Tanh ? 1 - h * h : (a > 0 ? 1.0 : 0.0);
      const double d = lg.grad * theta[3 * shape.hidden + j] * slope;
      expectedGrad[3 * shape.hidden + j] += lg.grad * h;
      expectedGrad[2 * j] += d * x0;
      expectedGrad[2 * j + 1] += d * x1;
      expectedGrad[2 * shape.hidden + j] += d;
    }
  }
  CHECK_THAT(value, WithinRel(expectedLoss / static_cast<double>(count), 1e-13));
  for (std::size_t k = 0; k < p; ++k) {
    CAPTURE(k);
    CHECK_THAT(grad[k], WithinRel(expectedGrad[k] / static_cast<double>(count), 1e-12) || WithinAbs(expectedGrad[k] / static_cast<double>(count), 1e-15));
  }
  // modelLogits gives modelLogit's bits.
  std::vector<double> logits(count);
  focal::PassWorkspace workspace;
  focal::modelLogits(shape, theta.data(), data.features.data(), count, logits.data(), workspace);
  for (std::size_t i = 0; i < count; ++i)
    CHECK(logits[i] == focal::modelLogit(shape, theta.data(), data.features[2 * i], data.features[2 * i + 1]));
}

TEST_CASE("FLSD-53's gradient matches finite differences away from its switch at p_t = 0.2", "[seeds][flsd53][grad]") {
  const double alpha = GENERATE(-1.0, 0.25);
  const double y = GENERATE(0.0, 1.0);
  const double x = GENERATE(take(200, random(-30.0, 30.0)));
  const double xt = y == 1.0 ? x : -x;
  // The five-point difference reaches 2h = 2e-3 either side; the loss jumps at x_t = -ln 4.
  if (std::fabs(xt - focal::kFlsd53Switch) < 0.01) return;
  const auto lossAt = [&](double at) { return focal::flsd53(at, y, alpha).loss; };
  focal_test::requireGradientMatches(lossAt, x, focal::flsd53(x, y, alpha).grad);
  // Within each piece it is FL with that piece's gamma: no second formula.
  const focal::LossGrad fl = focal::sigmoidFocal(x, y, alpha, xt < focal::kFlsd53Switch ? 5.0 : 3.0);
  CHECK(focal::flsd53(x, y, alpha).loss == fl.loss);
  CHECK(focal::flsd53(x, y, alpha).grad == fl.grad);
}

TEST_CASE("FLSD-53 switches gamma exactly at p_t = 0.2, decided on the logit", "[seeds][flsd53]") {
  // At x_t = -ln 4 (to the nearest double), p_t = 0.2.
  CHECK_THAT(focal::sigmoid(focal::kFlsd53Switch), WithinRel(0.2, 1e-15));
  CHECK(focal::flsd53Gamma(std::nextafter(focal::kFlsd53Switch, -2.0)) == 5.0);
  CHECK(focal::flsd53Gamma(focal::kFlsd53Switch) == 3.0);
  // The two-argument form is the unweighted one.
  CHECK(focal::flsd53(-2.0, 1.0).loss == focal::flsd53(-2.0, 1.0, -1.0).loss);
  // The loss jumps there: FL(5) < FL(3) at the same p_t, by the factor (1 - p_t)^2 = 0.64.
  const double below = focal::flsd53(std::nextafter(focal::kFlsd53Switch, -2.0), 1.0).loss;
  const double above = focal::flsd53(focal::kFlsd53Switch, 1.0).loss;
  CHECK_THAT(below / above, WithinRel(0.64, 1e-12));
}

TEST_CASE("FLSD-53 as the FL model's gamma trains, with the fixed-gamma FL beside it as a reference", "[seeds][flsd53][trainer]") {
  focal::TrainingParams params;
  params.dataset.count = 500;
  params.focalGamma = "flsd53";
  focal::TrainingRun run(params);
  REQUIRE(run.modelCount() == 3);
  run.step(40);
  focal::TrainingParams fixed = params;
  fixed.focalGamma = "fixed";
  focal::TrainingRun reference(fixed);
  REQUIRE(reference.modelCount() == 2);
  reference.step(40);
  // The reference is exactly the fixed-gamma run's FL model, and the CE model is untouched.
  CHECK(run.parameters(focal::TrainingRun::kFixedGammaFocal) == reference.parameters(focal::TrainingRun::kFocal));
  CHECK(run.parameters(focal::TrainingRun::kCrossEntropy) == reference.parameters(focal::TrainingRun::kCrossEntropy));
  CHECK(run.parameters(focal::TrainingRun::kFocal) != reference.parameters(focal::TrainingRun::kFocal));
  focal::SnapshotParams sp;
  sp.gridSize = 0;
  sp.calibrationBins = 15;
  const focal::TrainingSnapshot& s = run.snapshot(sp);
  REQUIRE(s.modelCount == 3);
  CHECK(s.models[2].calibration.bins.size() == 15);
  // The FLSD-53 model's own loss is FLSD-53's, summed over the training set.
  double sum = 0.0;
  const focal::Dataset& d = run.dataset();
  for (std::size_t i = 0; i < d.count; ++i) {
    const double z = focal::modelLogit(run.shape(), run.parameters(1).data(), d.features[2 * i], d.features[2 * i + 1]);
    sum += focal::flsd53(z, d.labels[i], params.alpha).loss;
  }
  CHECK_THAT(s.models[1].loss, WithinRel(sum / static_cast<double>(d.count), 1e-13));
  // Without the reference (a seed repeat), two models only.
  CHECK(focal::TrainingRun(params, false).modelCount() == 2);
  focal::TrainingParams bad = params;
  bad.focalGamma = "adaptive";
  focal_test::requireRejectsMentioning([&] { focal::TrainingRun r(bad); }, "focalGamma", "adaptive");
}

TEST_CASE("a repeat over seeds is deterministic, however the seeds and the work are split", "[seeds][determinism]") {
  const focal::SeedRepeatParams params = smallRepeat();
  const focal::SeedCurves whole = focal::repeatSeeds(params, 0, 4);
  const focal::SeedCurves again = focal::repeatSeeds(params, 0, 4);
  REQUIRE(whole.steps.size() == 13);
  CHECK(whole.steps.front() == 0);
  CHECK(whole.steps.back() == 60);
  CHECK(whole.seeds == std::vector<double>{7, 8, 9, 10});
  for (int m = 0; m < 2; ++m) {
    CHECK(sameBits(whole.models[m].loss, again.models[m].loss));
    CHECK(sameBits(whole.models[m].ap, again.models[m].ap));
    CHECK(sameBits(whole.models[m].recall, again.models[m].recall));
  }
  // Two ranges, as two workers run them, and a repeat advanced in slices of 7 steps.
  const focal::SeedCurves low = focal::repeatSeeds(params, 0, 1);
  focal::SeedRepeat sliced(params, 1, 4);
  while (!sliced.advance(7)) CHECK(sliced.stepsDone() < sliced.stepsTotal());
  CHECK(sliced.stepsDone() == sliced.stepsTotal());
  const focal::SeedBands together = focal::combineSeedCurves({whole});
  CHECK(sameBits(focal::repeatOverSeeds(params).models[1].ap.p50, together.models[1].ap.p50));
  const focal::SeedBands split = focal::combineSeedCurves({low, sliced.curves()});
  CHECK(split.seeds == together.seeds);
  for (int m = 0; m < 2; ++m) {
    CHECK(sameBits(split.models[m].loss.p50, together.models[m].loss.p50));
    CHECK(sameBits(split.models[m].ap.p10, together.models[m].ap.p10));
    CHECK(sameBits(split.models[m].recall.p90, together.models[m].recall.p90));
    CHECK(sameBits(split.models[m].finalAp, together.models[m].finalAp));
    CHECK(sameBits(split.models[m].stepsTo90, together.models[m].stepsTo90));
  }
  // Parts out of order do not fit together.
  focal_test::requireRejectsMentioning([&] { focal::combineSeedCurves({sliced.curves(), low}); }, "parts[1].first", "0");
}

TEST_CASE("each seed's curve is what a training run with that seed snapshots at each checkpoint", "[seeds][snapshot]") {
  const focal::SeedRepeatParams params = smallRepeat();
  const focal::SeedCurves curves = focal::repeatSeeds(params, 2, 3);
  focal::TrainingParams training = params.training;
  training.seed = training.dataset.seed = 9;
  focal::TrainingRun run(training);
  focal::SnapshotParams sp;
  sp.gridSize = 0;
  sp.threshold = params.threshold;
  const std::size_t points = curves.steps.size();
  for (std::size_t k = 0; k < points; ++k) {
    run.step(curves.steps[k] - static_cast<double>(run.steps()));
    const focal::TrainingSnapshot& s = run.snapshot(sp);
    for (int m = 0; m < 2; ++m) {
      CHECK(curves.models[m].loss[k] == s.models[m].loss);
      CHECK(curves.models[m].ap[k] == s.models[m].averagePrecision);
      CHECK(curves.models[m].recall[k] == s.models[m].metrics.recall);
    }
  }
  CHECK(curves.noSkillAveragePrecision == run.snapshot(sp).noSkillAveragePrecision);
}

TEST_CASE("percentiles interpolate between the nearest ranks and skip NaN", "[seeds][percentile]") {
  // Sorted 1 2 3 4 5: the 10th percentile sits at rank 0.4, between 1 and 2; the 90th at rank 3.6.
  const std::vector<double> values = {5, 3, kNaN, 1, 4, 2};
  const focal::Spread s = focal::spreadOf(values.data(), values.size());
  CHECK_THAT(s.p10, WithinRel(1.4, 1e-15));
  CHECK(s.p50 == 3.0);
  CHECK_THAT(s.p90, WithinRel(4.6, 1e-15));
  const std::vector<double> two = {10, 20};
  CHECK(focal::percentile(two.data(), 2, 0.5) == 15.0);
  const std::vector<double> one = {7};
  CHECK(focal::percentile(one.data(), 1, 0.9) == 7.0);
  const std::vector<double> none = {kNaN, kNaN};
  CHECK(std::isnan(focal::percentile(none.data(), 2, 0.5)));
}

TEST_CASE("steps to 90% of the final AP, seeds that never get there, and diverged seeds", "[seeds][convergence]") {
  // Four seeds by hand, checkpoints at steps 0, 25, 50, 75, 100 (warm-up: the first 25 steps),
  // no skill 0.1. Both models get the same curves.
  focal::SeedCurves c;
  c.first = 0;
  c.last = 4;
  c.seeds = {1, 2, 3, 4};
  c.steps = {0, 25, 50, 75, 100};
  c.noSkillAveragePrecision = 0.1;
  const std::vector<double> ap = {
      0.10, 0.50, 0.80, 0.85, 0.90,  // final 0.9, target 0.81: from step 75 on (50 has 0.80)
      0.95, 0.30, 0.60, 0.70, 0.60,  // final 0.6, target 0.54: reached at 0 but lost at 25; from 50
      0.10, 0.09, 0.08, 0.07, 0.06,  // final below no skill: never, and below no skill after warm-up
      0.10, 0.05, 0.40, 0.50, 0.50,  // target 0.45 from step 75; dips below no skill at 25, the end
                                     // of the warm-up: not diverged
  };
  for (auto& m : c.models) {
    m.ap = ap;
    m.loss.assign(20, 1.0);
    m.recall.assign(20, 0.5);
    m.nonFiniteStep = {kNaN, kNaN, kNaN, kNaN};
  }
  c.models[1].nonFiniteStep[1] = 75;  // the FL model stopped on a non-finite loss in seed 2
  c.models[1].ap[19] = 0.55;          // and beats CE on seed 4
  const focal::SeedBands b = focal::combineSeedCurves({c});
  CHECK(b.warmupSteps == 25);
  const focal::ModelBands& ce = b.models[0];
  REQUIRE(ce.stepsTo90.size() == 4);
  CHECK(ce.stepsTo90[0] == 75);
  CHECK(ce.stepsTo90[1] == 50);
  CHECK(std::isnan(ce.stepsTo90[2]));
  CHECK(ce.stepsTo90[3] == 75);
  CHECK(ce.never == 1);
  CHECK(ce.stepsTo90Spread.p50 == 75);
  CHECK(ce.nonFinite.empty());
  CHECK(ce.belowNoSkill == std::vector<std::size_t>{2});
  CHECK(ce.divergedCount() == 1);
  const focal::ModelBands& fl = b.models[1];
  CHECK(fl.nonFinite == std::vector<std::size_t>{1});
  CHECK(fl.belowNoSkill == std::vector<std::size_t>{2});
  // Final APs: CE 0.9 0.6 0.06 0.5, FL 0.9 0.6 0.06 0.55.
  CHECK_THAT(ce.finalApSpread.p50, WithinRel(0.55, 1e-15));
  CHECK(b.comparison.compared == 4);
  CHECK(b.comparison.focalHigher == 1);
  CHECK(b.comparison.crossEntropyHigher == 0);
  CHECK(b.comparison.ties == 3);
  // Differences 0 0 0 0.05: the 10-90% range [0, 0.035] includes 0.
  CHECK(b.comparison.withinSpread);
  // The AP band at step 25: 0.05 0.09 0.30 0.50 -> 10th percentile at rank 0.3.
  CHECK_THAT(ce.ap.p10[1], WithinRel(0.05 + 0.3 * 0.04, 1e-14));
}

TEST_CASE("the comparison says when one model is ahead beyond the seed-to-seed spread", "[seeds][verdict]") {
  focal::SeedCurves c;
  c.last = 5;
  c.seeds = {1, 2, 3, 4, 5};
  c.steps = {0, 10};
  c.noSkillAveragePrecision = 0.05;
  for (auto& m : c.models) {
    m.loss.assign(10, 1.0);
    m.recall.assign(10, 0.0);
    m.nonFiniteStep.assign(5, kNaN);
  }
  c.models[0].ap = {0.1, 0.40, 0.1, 0.50, 0.1, 0.45, 0.1, 0.42, 0.1, 0.48};
  c.models[1].ap = {0.1, 0.50, 0.1, 0.55, 0.1, 0.52, 0.1, 0.50, 0.1, 0.60};
  const focal::SeedBands b = focal::combineSeedCurves({c});
  CHECK(b.comparison.focalHigher == 5);
  CHECK_FALSE(b.comparison.withinSpread);
  CHECK(b.comparison.difference.p10 > 0);
}

TEST_CASE("bad repeat parameters are refused naming them", "[seeds][validation]") {
  focal::SeedRepeatParams p = smallRepeat();
  p.steps = 0;
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 0, 1); }, "steps", "0");
  p = smallRepeat();
  p.checkpoints = 2.5;
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 0, 1); }, "checkpoints", "2.5");
  p = smallRepeat();
  p.threshold = -0.1;
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 0, 1); }, "threshold", "-0.1");
  p = smallRepeat();
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 3, 3); }, "last", "3");
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 0, 5); }, "last", "5");
  p.seeds = 1001;
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 0, 1); }, "seeds", "1001");
  p.seeds = 4;
  p.training.learningRate = -1;
  focal_test::requireRejectsMentioning([&] { focal::SeedRepeat r(p, 0, 1); }, "learningRate", "-1");
  focal::SeedRepeat ok(smallRepeat(), 0, 1);
  focal_test::requireRejectsMentioning([&] { ok.advance(0); }, "budget", "0");
  // Seeds wrap past 2^53 instead of leaving the exact range of a double.
  CHECK(focal::repeatSeed(9007199254740991.0, 1) == 9007199254740992.0);
  CHECK(focal::repeatSeed(9007199254740991.0, 2) == 0.0);
  CHECK(focal::repeatSeed(9007199254740991.0, 3) == 1.0);
}
