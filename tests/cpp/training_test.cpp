// The side-by-side training: toy data sets, model gradients, determinism, and that
// both the CE and the FL model actually learn on the default data set.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "losses.hpp"
#include "stable_math.hpp"
#include "test_support.hpp"
#include "trainer.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using Catch::Matchers::WithinULP;

TEST_CASE("toy data sets are deterministic per seed and have the asked minority count", "[training][data]") {
  focal::DatasetParams p;
  p.kind = GENERATE("cluster", "ring", "moons");
  p.count = 3000;
  p.minorityFraction = GENERATE(0.01, 0.05, 0.5);
  CAPTURE(p.kind, p.minorityFraction);
  focal::Dataset a, b, c;
  focal::makeDataset(p, a);
  focal::makeDataset(p, b);
  // Bit-for-bit equality is the behaviour under test: a seed must reproduce the data set.
  CHECK(a.features == b.features);
  CHECK(a.labels == b.labels);
  double minority = 0;
  for (double y : a.cleanLabels) minority += y;
  CHECK(minority == std::round(3000 * p.minorityFraction));
  CHECK(a.minorityCount == static_cast<std::size_t>(minority));
  CHECK(a.labels == a.cleanLabels);  // no noise asked
  for (std::size_t i = 0; i < a.count; ++i) {
    CHECK(a.features[2 * i] > a.minX);
    CHECK(a.features[2 * i] < a.maxX);
    CHECK(a.features[2 * i + 1] > a.minY);
    CHECK(a.features[2 * i + 1] < a.maxY);
  }
  p.seed = 2;
  focal::makeDataset(p, c);
  CHECK(c.features != a.features);
}

TEST_CASE("a seed gives the same data set on every platform", "[training][data][portable]") {
  // Pinned from the native build; the JS tests pin the same values against the wasm build.
  focal::DatasetParams p;
  p.seed = 42;
  p.count = 100;
  focal::Dataset d;
  focal::makeDataset(p, d);
  CHECK_THAT(d.features[0], WithinULP(1.1626289193288086, 0));
  CHECK_THAT(d.features[1], WithinULP(1.1700035421463189, 0));
}

TEST_CASE("label noise flips about the asked fraction of labels and moves no point", "[training][data]") {
  focal::DatasetParams p;
  p.count = 20000;
  focal::Dataset clean, noisy;
  focal::makeDataset(p, clean);
  p.labelNoise = 0.2;
  focal::makeDataset(p, noisy);
  CHECK(noisy.features == clean.features);
  CHECK(noisy.cleanLabels == clean.cleanLabels);
  double flipped = 0;
  for (std::size_t i = 0; i < noisy.count; ++i) flipped += noisy.labels[i] != noisy.cleanLabels[i];
  CHECK_THAT(flipped / 20000, WithinAbs(0.2, 0.015));
}

TEST_CASE("model gradients match central finite differences", "[training][grad]") {
  focal::ModelShape shape;
  shape.kind = GENERATE(focal::ModelKind::Logistic, focal::ModelKind::Mlp);
  shape.activation = GENERATE(focal::Activation::Tanh, focal::Activation::Relu);
  shape.hidden = 8;
  focal::TrainingLoss loss;
  loss.focal = GENERATE(false, true);
  loss.alpha = GENERATE(-1.0, 0.25);
  loss.gamma = loss.focal ? 2.0 : 0.0;
  const focal::Normalization normalization = GENERATE(focal::Normalization::Mean, focal::Normalization::Positives);
  CAPTURE(static_cast<int>(shape.kind), static_cast<int>(shape.activation), loss.focal, loss.alpha,
          static_cast<int>(normalization));

  focal::DatasetParams dp;
  dp.count = 60;
  dp.minorityFraction = 0.2;
  dp.kind = "moons";
  focal::Dataset data;
  focal::makeDataset(dp, data);
  // A few indices, one repeated, as a minibatch would have them.
  const std::vector<std::size_t> batch = {0, 3, 5, 5, 8, 13, 21, 34, 55, 59};

  const std::size_t p = focal::parameterCount(shape);
  focal::Random rng(9);
  std::vector<double> theta(p);
  for (double& t : theta) t = rng.normal();
  std::vector<double> grad(p);
  focal::lossAndGradient(shape, theta.data(), loss, normalization, data.features.data(), data.labels.data(),
                         batch.data(), batch.size(), grad.data());
  const auto lossAt = [&](const std::vector<double>& at) {
    return focal::lossAndGradient(shape, at.data(), loss, normalization, data.features.data(), data.labels.data(),
                                  batch.data(), batch.size(), nullptr);
  };
  const double h = 1e-5;
  for (std::size_t k = 0; k < p; ++k) {
    std::vector<double> plus = theta, minus = theta;
    plus[k] += h;
    minus[k] -= h;
    const double fd = (lossAt(plus) - lossAt(minus)) / (2 * h);
    CAPTURE(k);
    // ReLU's kink could sit between theta -/+ h; with normal draws that has probability ~1e-5.
    CHECK_THAT(grad[k], WithinRel(fd, 1e-6) || WithinAbs(fd, 1e-9));
  }
}

TEST_CASE("the trainers lower their own loss and beat the no-skill average precision", "[training][learn]") {
  // The default data set (cluster, 2000 points, 5% minority) and model (MLP, 12 tanh units, Adam).
  focal::TrainingParams params;
  SECTION("MLP") {}
  SECTION("logistic regression") { params.model = "logistic"; }
  SECTION("MLP, minibatch SGD with momentum") {
    params.optimizer = "sgd";
    params.learningRate = 0.5;
    params.momentum = 0.9;
    params.batchSize = 128;
  }
  CAPTURE(params.model, params.optimizer);
  focal::TrainingRun run(params);
  focal::SnapshotParams sp;
  sp.gridSize = 0;
  const focal::TrainingSnapshot start = run.snapshot(sp);
  run.step(300);
  const focal::TrainingSnapshot& end = run.snapshot(sp);
  for (int m = 0; m < 2; ++m) {
    CAPTURE(m);
    CHECK_FALSE(end.models[m].diverged);
    CHECK(end.models[m].loss < start.models[m].loss);
    CHECK(end.models[m].averagePrecision > end.noSkillAveragePrecision);
  }
  CHECK_THAT(end.noSkillAveragePrecision, WithinRel(0.05, 1e-15));
}

TEST_CASE("training is deterministic however the steps are split, and reset starts over", "[training][determinism]") {
  focal::TrainingParams params;
  params.batchSize = 100;  // minibatches, so the shuffles are exercised too
  focal::TrainingRun once(params), inParts(params);
  once.step(30);
  inParts.step(10);
  inParts.step(0);
  inParts.step(20);
  for (int m = 0; m < 2; ++m) CHECK(once.parameters(m) == inParts.parameters(m));
  const std::vector<double> after30 = once.parameters(focal::TrainingRun::kFocal);
  once.reset();
  CHECK(once.steps() == 0);
  focal::TrainingRun fresh(params);
  CHECK(once.parameters(focal::TrainingRun::kFocal) == fresh.parameters(focal::TrainingRun::kFocal));
  once.step(30);
  CHECK(once.parameters(focal::TrainingRun::kFocal) == after30);
}

TEST_CASE("both models start from the same weights, and the prior sets the first logits", "[training][prior]") {
  focal::TrainingParams params;
  params.model = GENERATE("logistic", "mlp");
  params.priorInit = GENERATE(true, false);
  CAPTURE(params.model, params.priorInit);
  focal::TrainingRun run(params);
  CHECK(run.parameters(0) == run.parameters(1));
  const double bias = params.priorInit ? focal::priorBias(0.01) : 0.0;
  const focal::Dataset& d = run.dataset();
  for (std::size_t i = 0; i < 50; ++i) {
    const double z = focal::modelLogit(run.shape(), run.parameters(0).data(), d.features[2 * i], d.features[2 * i + 1]);
    // Logistic regression starts at w = 0, exactly the bias; the MLP's output weights are N(0, 0.01^2).
    CHECK_THAT(z, WithinAbs(bias, params.model == "logistic" ? 0.0 : 0.2));
  }
}

TEST_CASE("snapshots: the decision grid covers the box top row first, history one entry per step", "[training][snapshot]") {
  focal::TrainingParams params;
  focal::TrainingRun run(params);
  run.step(5);
  focal::SnapshotParams sp;
  sp.gridSize = 16;
  const focal::TrainingSnapshot& s = run.snapshot(sp);
  CHECK(s.step == 5);
  const focal::Dataset& d = run.dataset();
  const double dx = (d.maxX - d.minX) / 16, dy = (d.maxY - d.minY) / 16;
  for (int m = 0; m < 2; ++m) {
    const focal::ModelSnapshot& ms = s.models[m];
    REQUIRE(ms.grid.size() == 256);
    const double* theta = run.parameters(m).data();
    CHECK_THAT(ms.grid[0], WithinRel(focal::sigmoid(focal::modelLogit(run.shape(), theta, d.minX + dx / 2, d.maxY - dy / 2)), 1e-15));
    CHECK_THAT(ms.grid[255], WithinRel(focal::sigmoid(focal::modelLogit(run.shape(), theta, d.maxX - dx / 2, d.minY + dy / 2)), 1e-15));
    CHECK(ms.lossHistory.size() == 5);
    CHECK(ms.historyStride == 1);
    const focal::ConfusionMatrix& cm = ms.confusion;
    CHECK(cm.truePositives + cm.falsePositives + cm.trueNegatives + cm.falseNegatives == d.count);
  }
}

TEST_CASE("the loss history keeps a bounded size and the mean of what it folds", "[training][history]") {
  focal::LossHistory h;
  for (int step = 1; step <= 3000; ++step) h.add(static_cast<double>(step));
  CHECK(h.values.size() <= focal::LossHistory::kCapacity);
  CHECK(h.stride == 4);
  // Entry i is the mean of steps 4i + 1 ... 4i + 4.
  CHECK_THAT(h.values[0], WithinRel(2.5, 1e-15));
  CHECK_THAT(h.values[10], WithinRel(42.5, 1e-15));
  CHECK(h.values.size() == 750);
}

TEST_CASE("a logit that overflows gives NaN instead of a gradient", "[training][diverge]") {
  focal::ModelShape shape;
  shape.kind = focal::ModelKind::Logistic;
  const std::vector<double> theta = {1e308, 1e308, 0};
  const std::vector<double> features = {10, 10};
  const std::vector<double> labels = {1};
  std::vector<double> grad(3, 7.0);
  const double loss = focal::lossAndGradient(shape, theta.data(), focal::TrainingLoss{}, focal::Normalization::Mean,
                                             features.data(), labels.data(), nullptr, 1, grad.data());
  CHECK(std::isnan(loss));
  CHECK_THAT(grad, Catch::Matchers::Equals(std::vector<double>(3, 7.0)));
}

TEST_CASE("an MLP whose second logit overflows leaves grad as it was", "[training][diverge]") {
  // Two tanh units, W all 1, c 0, v 1e308, b 0. The first sample (0, 0) has a finite logit and is
  // summed; at the second, (10, 10), both units saturate and the logit is 2e308 = inf.
  focal::ModelShape shape;
  shape.kind = focal::ModelKind::Mlp;
  shape.hidden = 2;
  const std::vector<double> theta = {1, 1, 1, 1, 0, 0, 1e308, 1e308, 0};
  REQUIRE(theta.size() == focal::parameterCount(shape));
  const std::vector<double> features = {0, 0, 10, 10};
  const std::vector<double> labels = {1, 0};
  std::vector<double> grad(theta.size(), 7.0);
  focal::TrainingLoss loss;
  SECTION("cross-entropy") {}
  SECTION("focal loss") {
    loss.focal = true;
    loss.alpha = 0.25;
    loss.gamma = 2.0;
  }
  const double value = focal::lossAndGradient(shape, theta.data(), loss, focal::Normalization::Mean, features.data(),
                                              labels.data(), nullptr, 2, grad.data());
  CHECK(std::isnan(value));
  CHECK_THAT(grad, Catch::Matchers::Equals(std::vector<double>(theta.size(), 7.0)));
}

TEST_CASE("bad training parameters throw std::invalid_argument naming the parameter and value", "[training][validation]") {
  const auto rejects = [](const std::function<void(focal::TrainingParams&)>& edit, const std::string& name,
                          const std::string& value) {
    focal::TrainingParams p;
    edit(p);
    focal_test::requireRejectsMentioning([&] { focal::TrainingRun run(p); }, name, value);
  };
  rejects([](auto& p) { p.dataset.kind = "spiral"; }, "dataset", "spiral");
  rejects([](auto& p) { p.dataset.count = 5; }, "count", "5");
  rejects([](auto& p) { p.dataset.minorityFraction = 0.9; }, "minorityFraction", "0.9");
  rejects([](auto& p) { p.dataset.labelNoise = 0.6; }, "labelNoise", "0.6");
  rejects([](auto& p) { p.dataset.seed = 0.5; }, "seed", "0.5");
  rejects([](auto& p) { p.model = "cnn"; }, "model", "cnn");
  rejects([](auto& p) { p.hidden = 0; }, "hidden", "0");
  rejects([](auto& p) { p.hidden = 1.5; }, "hidden", "1.5");
  rejects([](auto& p) { p.activation = "sigmoid"; }, "activation", "sigmoid");
  rejects([](auto& p) { p.optimizer = "rmsprop"; }, "optimizer", "rmsprop");
  rejects([](auto& p) { p.learningRate = 0; }, "learningRate", "0");
  rejects([](auto& p) { p.momentum = 1; }, "momentum", "1");
  rejects([](auto& p) { p.batchSize = -1; }, "batchSize", "-1");
  rejects([](auto& p) { p.crossEntropyAlpha = 2; }, "crossEntropyAlpha", "2");
  rejects([](auto& p) { p.gamma = -1; }, "gamma", "-1");
  rejects([](auto& p) { p.alpha = NAN; }, "alpha", "NaN");
  rejects([](auto& p) { p.priorPi = 0; }, "priorPi", "0");
  rejects([](auto& p) { p.normalization = "sum"; }, "normalization", "sum");
  rejects([](auto& p) { p.seed = -3; }, "seed", "-3");

  focal::TrainingRun run{focal::TrainingParams{}};
  focal_test::requireRejectsMentioning([&] { run.step(1.5); }, "k", "1.5");
  focal_test::requireRejectsMentioning([&] { run.step(-1); }, "k", "-1");
  focal::SnapshotParams sp;
  sp.threshold = 2;
  focal_test::requireRejectsMentioning([&] { run.snapshot(sp); }, "threshold", "2");
  sp.threshold = 0.5;
  sp.gridSize = 513;
  focal_test::requireRejectsMentioning([&] { run.snapshot(sp); }, "gridSize", "513");
}

TEST_CASE("the snapshot's calibration is the reliability diagram of each model on a held-out sample", "[training][calibration]") {
  focal::TrainingParams params;
  params.dataset.count = 500;
  params.dataset.minorityFraction = 0.1;
  params.dataset.seed = 11;
  params.seed = 3;
  focal::TrainingRun run(params);
  run.step(200);

  focal::SnapshotParams none;
  CHECK(run.snapshot(none).models[0].calibration.bins.empty());

  focal::SnapshotParams sp;
  sp.calibrationBins = 15;
  const focal::TrainingSnapshot& snap = run.snapshot(sp);
  const focal::Dataset& heldOut = run.heldOut();
  REQUIRE(heldOut.count == 500);
  // Drawn from the same distribution with another seed: not the training points.
  CHECK(heldOut.features != run.dataset().features);
  for (int k = 0; k < 2; ++k) {
    // Recomputed here from the model's weights and the held-out clean labels.
    std::vector<double> probabilities(heldOut.count);
    for (std::size_t i = 0; i < heldOut.count; ++i) {
      probabilities[i] = focal::sigmoid(focal::modelLogit(run.shape(), run.parameters(k).data(), heldOut.features[2 * i], heldOut.features[2 * i + 1]));
    }
    const focal::Calibration expected = focal::calibration(probabilities.data(), heldOut.cleanLabels.data(), heldOut.count, 15);
    const focal::Calibration& actual = snap.models[k].calibration;
    REQUIRE(actual.bins.size() == 15);
    for (std::size_t b = 0; b < 15; ++b) {
      CHECK(actual.bins[b].count == expected.bins[b].count);
      CHECK_THAT(actual.bins[b].meanProbability, WithinULP(expected.bins[b].meanProbability, 0));
      CHECK_THAT(actual.bins[b].positiveRate, WithinULP(expected.bins[b].positiveRate, 0));
    }
    CHECK_THAT(actual.ece, WithinULP(expected.ece, 0));
  }

  // The same run gives the same held-out sample and diagram.
  focal::TrainingRun again(params);
  again.step(200);
  CHECK(again.snapshot(sp).models[1].calibration.ece == run.snapshot(sp).models[1].calibration.ece);
}

TEST_CASE("a bad calibrationBins is refused naming it", "[training][calibration][validation]") {
  focal::TrainingParams params;
  params.dataset.count = 100;
  focal::TrainingRun run(params);
  focal::SnapshotParams sp;
  sp.calibrationBins = 101;
  focal_test::requireRejectsMentioning([&] { run.snapshot(sp); }, "calibrationBins", "101");
  sp.calibrationBins = 2.5;
  focal_test::requireRejectsMentioning([&] { run.snapshot(sp); }, "calibrationBins", "2.5");
}
