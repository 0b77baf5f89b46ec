// Three classes: the data sets, the per-class losses, the softmax trainer's gradients and
// determinism, the loss over the probability simplex and the per-class metrics.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "losses.hpp"
#include "multiclass.hpp"
#include "multiclass_trainer.hpp"
#include "softmax_focal.hpp"
#include "stable_math.hpp"
#include "test_support.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using focal_test::requireRejects;

namespace {

std::array<std::size_t, 3> countClasses(const std::vector<double>& labels) {
  std::array<std::size_t, 3> counts{};
  for (double y : labels) ++counts.at(static_cast<std::size_t>(y));
  return counts;
}

std::array<double, 3> softmaxOf(const std::array<double, 3>& z) {
  const double top = std::max({z[0], z[1], z[2]});
  std::array<double, 3> p;
  double total = 0;
  for (int k = 0; k < 3; ++k) total += p[k] = std::exp(z[k] - top);
  for (double& v : p) v /= total;
  return p;
}

}  // namespace

TEST_CASE("three-class data sets hold their fractions and are deterministic per seed", "[multiclass][data]") {
  focal::DatasetParams p;
  p.kind = GENERATE("cluster", "ring", "moons");
  p.count = GENERATE(10.0, 3001.0);
  p.minorityFraction = GENERATE(0.001, 0.05, 0.5);
  CAPTURE(p.kind, p.count, p.minorityFraction);
  focal::Dataset a, b;
  focal::makeThreeClassDataset(p, a);
  focal::makeThreeClassDataset(p, b);
  // Bit-for-bit equality is the behaviour under test: a seed must reproduce the data set.
  CHECK(a.features == b.features);
  CHECK(a.labels == b.labels);
  const std::size_t n = static_cast<std::size_t>(p.count);
  const std::size_t rare = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(p.count * p.minorityFraction)));
  const std::array<std::size_t, 3> counts = countClasses(a.cleanLabels);
  CHECK(counts[2] == rare);
  CHECK(a.minorityCount == rare);
  CHECK(counts[0] == (n - rare + 1) / 2);
  CHECK(counts[1] == (n - rare) / 2);
  CHECK(a.labels == a.cleanLabels);  // no noise asked
  for (std::size_t i = 0; i < a.count; ++i) {
    CHECK(a.features[2 * i] > a.minX);
    CHECK(a.features[2 * i] < a.maxX);
    CHECK(a.features[2 * i + 1] > a.minY);
    CHECK(a.features[2 * i + 1] < a.maxY);
  }
}

TEST_CASE("three-class data sets keep the two-class geometry for classes 0 and 2", "[multiclass][data]") {
  // Class 0 is drawn as the two-class majority, class 2 as its minority, with the same generator:
  // the first rare points are the two-class run's first minority points (before the shuffle, which
  // the counts change), so the class means agree closely.
  focal::DatasetParams p;
  p.kind = GENERATE("cluster", "ring", "moons");
  p.count = 20000;
  p.minorityFraction = 0.2;
  CAPTURE(p.kind);
  focal::Dataset two, three;
  focal::makeDataset(p, two);
  focal::makeThreeClassDataset(p, three);
  const auto mean = [](const focal::Dataset& d, double label, int axis) {
    double sum = 0, count = 0;
    for (std::size_t i = 0; i < d.count; ++i)
      if (d.cleanLabels[i] == label) {
        sum += d.features[2 * i + axis];
        count += 1;
      }
    return sum / count;
  };
  for (int axis = 0; axis < 2; ++axis) {
    CHECK_THAT(mean(three, 2, axis), WithinAbs(mean(two, 1, axis), 0.05));
    CHECK_THAT(mean(three, 0, axis), WithinAbs(mean(two, 0, axis), 0.05));
  }
}

TEST_CASE("three-class label noise moves labels to the other classes alike and no point", "[multiclass][data]") {
  focal::DatasetParams p;
  p.count = 30000;
  p.minorityFraction = 0.2;
  focal::Dataset clean, noisy;
  focal::makeThreeClassDataset(p, clean);
  p.labelNoise = 0.3;
  focal::makeThreeClassDataset(p, noisy);
  CHECK(noisy.features == clean.features);
  CHECK(noisy.cleanLabels == clean.cleanLabels);
  double flipped = 0;
  std::array<std::array<double, 3>, 3> moved{};
  for (std::size_t i = 0; i < noisy.count; ++i) {
    const auto from = static_cast<std::size_t>(noisy.cleanLabels[i]);
    const auto to = static_cast<std::size_t>(noisy.labels[i]);
    if (from == to) continue;
    flipped += 1;
    moved[from][to] += 1;
  }
  CHECK_THAT(flipped / 30000, WithinAbs(0.3, 0.015));
  for (int from = 0; from < 3; ++from) {
    const double a = moved[from][(from + 1) % 3], b = moved[from][(from + 2) % 3];
    CAPTURE(from, a, b);
    CHECK_THAT(a / (a + b), WithinAbs(0.5, 0.05));
  }
  // Raising the noise only adds flips.
  p.labelNoise = 0.4;
  focal::Dataset noisier;
  focal::makeThreeClassDataset(p, noisier);
  for (std::size_t i = 0; i < noisy.count; ++i)
    if (noisy.labels[i] != noisy.cleanLabels[i]) CHECK(noisier.labels[i] == noisy.labels[i]);
}

TEST_CASE("softmax FL with one alpha per class is the scalar form at the target's alpha", "[multiclass][softmax]") {
  const double logits[3] = {0.3, -1.2, 2.0};
  const double alphas[3] = {0.25, 0.6, 0.9};
  const double gamma = GENERATE(0.0, 0.5, 2.0);
  for (std::size_t c = 0; c < 3; ++c) {
    double g1[3], g2[3];
    const double a = focal::softmaxFocal(logits, 3, c, alphas, gamma, g1);
    const double b = focal::softmaxFocal(logits, 3, c, alphas[c], gamma, g2);
    CHECK(a == b);
    for (int j = 0; j < 3; ++j) CHECK(g1[j] == g2[j]);
  }
  const double bad[3] = {0.25, 1.5, 0.5};
  requireRejects([&] { focal::softmaxFocal(logits, 3, 0, bad, 2.0, nullptr); }, "alphas[1]", "1.5");
  const double negative[3] = {-1, 0.5, 0.5};
  requireRejects([&] { focal::softmaxFocal(logits, 3, 1, negative, 2.0, nullptr); }, "alphas[0]", "-1");
  requireRejects([&] { focal::softmaxFocal(logits, 3, 3, alphas, 2.0, nullptr); }, "target", "3");
}

TEST_CASE("per-class sigmoid FL sums one binary FL per class and its gradient matches differences", "[multiclass][sigmoid][grad]") {
  const double gamma = GENERATE(0.0, 0.5, 2.0, 5.0);
  const std::array<double, 3> alphas = {0.25, 0.4, 0.75};
  std::array<double, 3> z = {GENERATE(-6.0, -0.4, 3.0), 0.7, GENERATE(-2.0, 8.0)};
  const std::size_t target = GENERATE(0u, 1u, 2u);
  CAPTURE(gamma, z[0], z[2], target);
  double grad[3];
  const double loss = focal::oneHotSigmoidFocal(z.data(), 3, target, alphas.data(), gamma, grad);
  double sum = 0;
  for (std::size_t k = 0; k < 3; ++k) sum += focal::sigmoidFocal(z[k], k == target ? 1.0 : 0.0, alphas[k], gamma).loss;
  CHECK_THAT(loss, WithinRel(sum, 1e-15));
  for (std::size_t k = 0; k < 3; ++k) {
    const auto at = [&](double x) {
      std::array<double, 3> moved = z;
      moved[k] = x;
      return focal::oneHotSigmoidFocal(moved.data(), 3, target, alphas.data(), gamma, nullptr);
    };
    CAPTURE(k);
    focal_test::requireGradientMatches(at, z[k], grad[k]);
  }
}

TEST_CASE("per-class sigmoid FL names a bad input and writes nothing", "[multiclass][sigmoid]") {
  const double z[3] = {0.1, 0.2, 0.3};
  const double alphas[3] = {0.25, 0.25, 0.5};
  double grad[3] = {7, 7, 7};
  requireRejects([&] { focal::oneHotSigmoidFocal(z, 3, 5, alphas, 2.0, grad); }, "target", "5");
  const double nan[3] = {0.1, std::nan(""), 0.3};
  requireRejects([&] { focal::oneHotSigmoidFocal(nan, 3, 0, alphas, 2.0, grad); }, "logits[1]", "NaN");
  const double heavy[3] = {0.25, 0.25, 2};
  requireRejects([&] { focal::oneHotSigmoidFocal(z, 3, 0, heavy, 2.0, grad); }, "alphas[2]", "2");
  requireRejects([&] { focal::oneHotSigmoidFocal(z, 3, 0, alphas, -1.0, grad); }, "gamma", "-1");
  CHECK(grad[0] == 7);
  CHECK(grad[2] == 7);
}

TEST_CASE("the softmax trainer's parameter gradients match central finite differences", "[multiclass][grad]") {
  focal::ModelShape shape;
  shape.kind = GENERATE(focal::ModelKind::Logistic, focal::ModelKind::Mlp);
  shape.activation = GENERATE(focal::Activation::Tanh, focal::Activation::Relu);
  shape.hidden = 7;
  focal::MulticlassLoss loss;
  loss.alphas = {0.25, 0.4, 0.9};
  SECTION("cross-entropy") {}
  SECTION("cross-entropy weighted by alpha per class") { loss.weighted = true; }
  SECTION("softmax focal loss with an alpha per class") {
    loss.weighted = true;
    loss.gamma = GENERATE(0.5, 2.0);
  }
  SECTION("per-class sigmoid focal loss") {
    loss.sigmoid = true;
    loss.gamma = GENERATE(0.0, 2.0);
  }
  CAPTURE(static_cast<int>(shape.kind), static_cast<int>(shape.activation), loss.sigmoid, loss.weighted, loss.gamma);

  focal::DatasetParams dp;
  dp.count = 60;
  dp.minorityFraction = 0.2;
  dp.kind = "moons";
  focal::Dataset data;
  focal::makeThreeClassDataset(dp, data);
  // A few indices, one repeated, as a minibatch would have them.
  const std::vector<std::size_t> batch = {0, 3, 5, 5, 8, 13, 21, 34, 55, 59};

  const std::size_t p = focal::multiclassParameterCount(shape);
  REQUIRE(p == (shape.kind == focal::ModelKind::Logistic ? 9u : 45u));
  focal::Random rng(9);
  std::vector<double> theta(p);
  for (double& t : theta) t = rng.normal();
  std::vector<double> grad(p);
  focal::multiclassLossAndGradient(shape, theta.data(), loss, data.features.data(), data.labels.data(), batch.data(),
                                   batch.size(), grad.data());
  const auto lossAt = [&](const std::vector<double>& at) {
    return focal::multiclassLossAndGradient(shape, at.data(), loss, data.features.data(), data.labels.data(),
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

TEST_CASE("the model's loss is the per-sample losses of its logits, averaged", "[multiclass][loss]") {
  focal::ModelShape shape;
  shape.hidden = 5;
  focal::DatasetParams dp;
  dp.count = 30;
  focal::Dataset data;
  focal::makeThreeClassDataset(dp, data);
  focal::Random rng(4);
  std::vector<double> theta(focal::multiclassParameterCount(shape));
  for (double& t : theta) t = rng.normal();
  focal::MulticlassLoss loss;
  loss.alphas = {0.3, 0.3, 0.8};
  loss.gamma = 2.0;
  loss.weighted = true;
  loss.sigmoid = GENERATE(false, true);
  double expected = 0;
  for (std::size_t i = 0; i < data.count; ++i) {
    double z[3];
    focal::multiclassLogits(shape, theta.data(), data.features[2 * i], data.features[2 * i + 1], z);
    const auto c = static_cast<std::size_t>(data.labels[i]);
    expected += loss.sigmoid ? focal::oneHotSigmoidFocal(z, 3, c, loss.alphas.data(), 2.0, nullptr)
                             : focal::softmaxFocal(z, 3, c, loss.alphas.data(), 2.0, nullptr);
  }
  const double mean = focal::multiclassLossAndGradient(shape, theta.data(), loss, data.features.data(), data.labels.data(),
                                                       nullptr, data.count, nullptr);
  CHECK_THAT(mean, WithinRel(expected / 30, 1e-13));
}

TEST_CASE("three-class training is deterministic however the steps are split, and reset starts over", "[multiclass][determinism]") {
  focal::MulticlassParams params;
  params.batchSize = 100;  // minibatches, so the shuffles are exercised too
  params.lossForm = GENERATE("softmax", "sigmoid");
  CAPTURE(params.lossForm);
  focal::MulticlassRun once(params), inParts(params);
  once.step(30);
  inParts.step(10);
  inParts.step(0);
  inParts.step(20);
  for (int m = 0; m < 2; ++m) CHECK(once.parameters(m) == inParts.parameters(m));
  const std::vector<double> after30 = once.parameters(focal::MulticlassRun::kFocal);
  once.reset();
  CHECK(once.steps() == 0);
  focal::MulticlassRun fresh(params);
  CHECK(once.parameters(focal::MulticlassRun::kFocal) == fresh.parameters(focal::MulticlassRun::kFocal));
  once.step(30);
  CHECK(once.parameters(focal::MulticlassRun::kFocal) == after30);
  params.seed = 2;
  focal::MulticlassRun other(params);
  other.step(30);
  CHECK(other.parameters(focal::MulticlassRun::kFocal) != after30);
}

TEST_CASE("both three-class models start from the same weights; the prior only moves the sigmoids", "[multiclass][prior]") {
  focal::MulticlassParams params;
  params.model = GENERATE("logistic", "mlp");
  params.priorInit = GENERATE(true, false);
  params.lossForm = "sigmoid";
  CAPTURE(params.model, params.priorInit);
  focal::MulticlassRun run(params);
  CHECK(run.parameters(0) == run.parameters(1));
  focal::MulticlassSnapshotParams sp;
  sp.gridSize = 4;
  const focal::MulticlassSnapshot& s = run.snapshot(sp);
  const double pi = params.priorInit ? 0.01 : 0.5;
  const double tolerance = params.model == "logistic" ? 1e-15 : 0.05;
  for (double p : s.models[focal::MulticlassRun::kCrossEntropy].gridProbability) CHECK_THAT(p, WithinAbs(1.0 / 3, tolerance / 3));
  for (double p : s.models[focal::MulticlassRun::kFocal].gridProbability) CHECK_THAT(p, WithinAbs(pi, tolerance * pi));
}

TEST_CASE("the three-class models learn, and the sigmoid switch changes the FL model's loss", "[multiclass][learn]") {
  focal::MulticlassParams params;
  params.dataset.kind = GENERATE("cluster", "moons");
  params.lossForm = GENERATE("softmax", "sigmoid");
  CAPTURE(params.dataset.kind, params.lossForm);
  focal::MulticlassRun run(params);
  focal::MulticlassSnapshotParams sp;
  sp.gridSize = 0;
  const focal::MulticlassSnapshot start = run.snapshot(sp);
  run.step(300);
  const focal::MulticlassSnapshot& end = run.snapshot(sp);
  const double rareShare = static_cast<double>(end.classCounts[2]) / static_cast<double>(run.dataset().count);
  for (int m = 0; m < 2; ++m) {
    CAPTURE(m);
    CHECK_FALSE(end.models[m].diverged);
    CHECK(end.models[m].loss < start.models[m].loss);
    CHECK(end.models[m].lossHistory.size() == 300);
    // Better than calling every point the largest class, and the rare class ranked above chance.
    CHECK(end.models[m].metrics.accuracy > 0.6);
    CHECK(end.models[m].metrics.averagePrecision[2] > rareShare);
  }
  focal::MulticlassParams other = params;
  other.lossForm = params.lossForm == "softmax" ? "sigmoid" : "softmax";
  focal::MulticlassRun switched(other);
  switched.step(300);
  CHECK(switched.snapshot(sp).models[1].loss != end.models[1].loss);
  CHECK(switched.parameters(0) == run.parameters(0));  // the CE model does not depend on the switch
}

TEST_CASE("three-class snapshots: regions, confusion and metrics come from the model's probabilities", "[multiclass][snapshot]") {
  focal::MulticlassParams params;
  params.lossForm = GENERATE("softmax", "sigmoid");
  params.dataset.labelNoise = 0.1;
  focal::MulticlassRun run(params);
  run.step(40);
  focal::MulticlassSnapshotParams sp;
  sp.gridSize = 16;
  const focal::MulticlassSnapshot& s = run.snapshot(sp);
  const focal::Dataset& d = run.dataset();
  CHECK(s.step == 40);
  CHECK(s.classCounts == countClasses(d.cleanLabels));
  const double dx = (d.maxX - d.minX) / 16, dy = (d.maxY - d.minY) / 16;
  for (int m = 0; m < 2; ++m) {
    const focal::MulticlassModelSnapshot& ms = s.models[m];
    const bool sigmoid = run.loss(m).sigmoid;
    const auto probabilities = [&](double x, double y) {
      std::array<double, 3> z;
      focal::multiclassLogits(run.shape(), run.parameters(m).data(), x, y, z.data());
      if (!sigmoid) return softmaxOf(z);
      return std::array<double, 3>{focal::sigmoid(z[0]), focal::sigmoid(z[1]), focal::sigmoid(z[2])};
    };
    REQUIRE(ms.gridClass.size() == 256);
    for (const auto& [cell, x, y] : {std::tuple<std::size_t, double, double>{0, d.minX + dx / 2, d.maxY - dy / 2},
                                     {255, d.maxX - dx / 2, d.minY + dy / 2}, {7 * 16 + 9, d.minX + 9.5 * dx, d.maxY - 7.5 * dy}}) {
      const std::array<double, 3> p = probabilities(x, y);
      const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
      CHECK(ms.gridClass[cell] == best);
      CHECK_THAT(ms.gridProbability[cell], WithinRel(p[best], 1e-14));
    }
    // The metrics are multiclassMetrics of the probabilities against the clean labels.
    std::vector<double> scores;
    for (std::size_t i = 0; i < d.count; ++i) {
      const std::array<double, 3> p = probabilities(d.features[2 * i], d.features[2 * i + 1]);
      scores.insert(scores.end(), p.begin(), p.end());
    }
    focal::MulticlassWorkspace ws;
    const focal::MulticlassMetrics direct = focal::multiclassMetrics(scores.data(), d.cleanLabels.data(), d.count, ws);
    CHECK(ms.metrics.confusion == direct.confusion);
    for (int k = 0; k < 3; ++k) {
      CHECK_THAT(ms.metrics.averagePrecision[k], WithinRel(direct.averagePrecision[k], 1e-12));
      CHECK_THAT(ms.metrics.recall[k], WithinRel(direct.recall[k], 1e-15));
    }
    std::size_t total = 0;
    for (std::size_t v : ms.metrics.confusion) total += v;
    CHECK(total == d.count);
  }
}

TEST_CASE("per-class metrics: confusion, precision, recall and one-vs-rest AP", "[multiclass][metrics]") {
  // Five samples; rows are scores for classes 0, 1, 2.
  const std::vector<double> scores = {
      0.7, 0.2, 0.1,  // true 0, called 0
      0.5, 0.1, 0.4,  // true 2, called 0
      0.1, 0.8, 0.1,  // true 1, called 1
      0.2, 0.3, 0.5,  // true 2, called 2
      0.4, 0.4, 0.2,  // true 1, a tie between 0 and 1: called 0
  };
  const std::vector<double> labels = {0, 2, 1, 2, 1};
  focal::MulticlassWorkspace ws;
  const focal::MulticlassMetrics m = focal::multiclassMetrics(scores.data(), labels.data(), 5, ws);
  const std::array<std::size_t, 9> confusion = {1, 0, 0, 1, 1, 0, 1, 0, 1};
  CHECK(m.confusion == confusion);
  CHECK_THAT(m.accuracy, WithinRel(0.6, 1e-15));
  CHECK_THAT(m.precision[0], WithinRel(1.0 / 3, 1e-15));
  CHECK_THAT(m.recall[0], WithinRel(1.0, 1e-15));
  CHECK_THAT(m.precision[1], WithinRel(1.0, 1e-15));
  CHECK_THAT(m.recall[1], WithinRel(0.5, 1e-15));
  CHECK_THAT(m.precision[2], WithinRel(1.0, 1e-15));
  CHECK_THAT(m.recall[2], WithinRel(0.5, 1e-15));
  // Class 2's scores in order 0.5 (y), 0.4 (y), ...: AP 1. Class 0's: 0.7 (y), 0.5, 0.4, 0.2, 0.1: AP 1.
  // Class 1's: 0.8 (y), 0.4 (y), 0.3, 0.2, 0.1: AP 1. A swap makes it less than 1:
  CHECK_THAT(m.averagePrecision[2], WithinRel(1.0, 1e-15));
  std::vector<double> swapped = scores;
  std::swap(swapped[5], swapped[14]);  // sample 4 now scores 0.4 for class 2, sample 1 only 0.2
  const focal::MulticlassMetrics s = focal::multiclassMetrics(swapped.data(), labels.data(), 5, ws);
  // Class 2 one-vs-rest: 0.5 (y), 0.4 (n), 0.2 (y), 0.1, 0.1: AP = 0.5 * 1 + 0.5 * 2/3.
  CHECK_THAT(s.averagePrecision[2], WithinRel(0.5 + 0.5 * 2.0 / 3, 1e-15));

  const std::vector<double> missing = {0, 1, 1, 0, 1};
  focal_test::requireRejectsMentioning([&] { focal::multiclassMetrics(scores.data(), missing.data(), 5, ws); }, "labels",
                                       "no sample of class 2");
  const std::vector<double> fractional = {0, 2, 1, 1.5, 1};
  requireRejects([&] { focal::multiclassMetrics(scores.data(), fractional.data(), 5, ws); }, "labels[3]", "1.5");
  std::vector<double> infinite = scores;
  infinite[4] = INFINITY;
  requireRejects([&] { focal::multiclassMetrics(infinite.data(), labels.data(), 5, ws); }, "probabilities[4]", "Infinity");
}

TEST_CASE("the simplex map at its cells equals softmax FL of the true class", "[multiclass][simplex]") {
  focal::SimplexParams params;
  params.resolution = GENERATE(1.0, 2.0, 9.0);
  params.gamma = GENERATE(0.0, 0.5, 2.0);
  params.alpha = GENERATE(-1.0, 0.25);
  params.target = GENERATE(0.0, 2.0);
  CAPTURE(params.resolution, params.gamma, params.alpha, params.target);
  focal::SimplexGrid grid;
  focal::simplexGrid(params, grid);
  const std::size_t n = static_cast<std::size_t>(params.resolution);
  REQUIRE(grid.cells == n * n);
  std::size_t upward = 0;
  for (std::size_t cell = 0; cell < grid.cells; ++cell) {
    const double* p = &grid.probabilities[3 * cell];
    CAPTURE(cell, p[0], p[1], p[2]);
    upward += grid.upward[cell];
    CHECK_THAT(p[0] + p[1] + p[2], WithinAbs(1.0, 1e-15));
    for (int j = 0; j < 3; ++j) CHECK(p[j] >= 1.0 / (3.0 * static_cast<double>(n)) - 1e-16);
    const double z[3] = {std::log(p[0]), std::log(p[1]), std::log(p[2])};
    double g[3];
    const double loss = focal::softmaxFocal(z, 3, static_cast<std::size_t>(params.target), params.alpha, params.gamma, g);
    CHECK(grid.loss[cell] == loss);
    // The loss depends on p_c alone: -alpha_c (1 - p_c)^gamma log p_c.
    const double pc = p[static_cast<std::size_t>(params.target)];
    const double weight = params.alpha < 0 ? 1.0 : params.alpha;
    CHECK_THAT(loss, WithinRel(-weight * std::pow(1 - pc, params.gamma) * std::log(pc), 1e-12));
    for (int j = 0; j < 3; ++j) CHECK(grid.gradient[3 * cell + j] == g[j]);
    // The flow is how the probabilities move under a small step against the gradient:
    // (softmax(z - h g) - softmax(z + h g)) / 2h, with no Jacobian written out.
    const double h = 1e-6;
    const std::array<double, 3> ahead = softmaxOf({z[0] - h * g[0], z[1] - h * g[1], z[2] - h * g[2]});
    const std::array<double, 3> behind = softmaxOf({z[0] + h * g[0], z[1] + h * g[1], z[2] + h * g[2]});
    double sum = 0;
    for (int j = 0; j < 3; ++j) {
      const double flow = grid.flow[3 * cell + j];
      sum += flow;
      CHECK_THAT(flow, WithinAbs((ahead[j] - behind[j]) / (2 * h), 1e-8));
    }
    CHECK_THAT(sum, WithinAbs(0.0, 1e-15));
    // Gradient descent never moves probability away from the true class.
    CHECK(grid.flow[3 * cell + static_cast<std::size_t>(params.target)] >= 0);
  }
  CHECK(upward == n * (n + 1) / 2);
}

TEST_CASE("the simplex map's centre cell and corners are where the header says", "[multiclass][simplex]") {
  focal::SimplexParams params;
  params.resolution = 1;
  params.gamma = 2;
  params.alpha = 0.5;
  params.target = 1;
  focal::SimplexGrid grid;
  focal::simplexGrid(params, grid);
  REQUIRE(grid.cells == 1);
  CHECK(grid.upward[0] == 1);
  // At p = (1/3, 1/3, 1/3): 0.5 (2/3)^2 log 3.
  CHECK_THAT(grid.loss[0], WithinRel(0.5 * 4.0 / 9.0 * std::log(3.0), 1e-14));
  params.resolution = 3;
  focal::simplexGrid(params, grid);
  // Upward cells first, by a then b: the first is (0, 0, 2) + 1/3, the last upward (2, 0, 0) + 1/3;
  // then the downward ones, the first (0, 0, 1) + 2/3.
  CHECK_THAT(grid.probabilities[0], WithinAbs(1.0 / 9, 1e-16));
  CHECK_THAT(grid.probabilities[2], WithinAbs(7.0 / 9, 1e-16));
  CHECK_THAT(grid.probabilities[3 * 5], WithinAbs(7.0 / 9, 1e-16));
  CHECK(grid.upward[5] == 1);
  CHECK(grid.upward[6] == 0);
  CHECK_THAT(grid.probabilities[3 * 6], WithinAbs(2.0 / 9, 1e-16));
  CHECK_THAT(grid.probabilities[3 * 6 + 2], WithinAbs(5.0 / 9, 1e-16));
}

TEST_CASE("three-class inputs are named when they are wrong", "[multiclass][validation]") {
  focal::SimplexGrid grid;
  focal::SimplexParams sp;
  sp.resolution = 0;
  requireRejects([&] { focal::simplexGrid(sp, grid); }, "resolution", "0");
  sp.resolution = 8;
  sp.target = 3;
  requireRejects([&] { focal::simplexGrid(sp, grid); }, "target", "3");
  sp.target = 1;
  sp.gamma = -0.5;
  requireRejects([&] { focal::simplexGrid(sp, grid); }, "gamma", "-0.5");
  sp.gamma = 1;
  sp.alpha = 1.5;
  requireRejects([&] { focal::simplexGrid(sp, grid); }, "alpha", "1.5");

  focal::MulticlassParams p;
  p.alphas = {0.25, 0.5};
  requireRejects([&] { focal::MulticlassRun run(p); }, "alphas", "a list of 2");
  p.alphas = {0.25, 0.5, 1.25};
  requireRejects([&] { focal::MulticlassRun run(p); }, "alphas[2]", "1.25");
  p.alphas = {0.25, 0.5, 0.5};
  p.lossForm = "tanh";
  requireRejects([&] { focal::MulticlassRun run(p); }, "lossForm", "'tanh'");
  p.lossForm = "sigmoid";
  p.hidden = 65;
  requireRejects([&] { focal::MulticlassRun run(p); }, "hidden", "65");
  p.hidden = 12;
  p.dataset.minorityFraction = 0.7;
  requireRejects([&] { focal::MulticlassRun run(p); }, "minorityFraction", "0.7");
  p.dataset.minorityFraction = 0.05;
  focal::MulticlassRun run(p);
  requireRejects([&] { run.step(1.5); }, "k", "1.5");
  focal::MulticlassSnapshotParams snap;
  snap.gridSize = 513;
  requireRejects([&] { run.snapshot(snap); }, "gridSize", "513");
}

TEST_CASE("three-class values pinned for the wasm build", "[multiclass][portable]") {
  // tests/js/multiclass.test.js checks the same numbers against the wasm module: the data set bit
  // for bit (it uses only portable operations), the rest to 1e-9 (libm may differ in the last bit).
  focal::DatasetParams p;
  p.seed = 42;
  p.count = 100;
  focal::Dataset d;
  focal::makeThreeClassDataset(p, d);
  CHECK_THAT(d.features[0], Catch::Matchers::WithinULP(1.1626289193288086, 0));
  CHECK_THAT(d.features[1], Catch::Matchers::WithinULP(1.1700035421463189, 0));
  CHECK(std::vector<double>(d.cleanLabels.begin(), d.cleanLabels.begin() + 4) == std::vector<double>{0, 2, 1, 1});

  focal::MulticlassParams mp;
  mp.dataset.count = 300;
  mp.dataset.seed = 7;
  mp.seed = 7;
  mp.batchSize = 64;
  mp.crossEntropyAlphas = true;
  SECTION("softmax") {
    focal::MulticlassRun run(mp);
    run.step(25);
    CHECK_THAT(run.parameters(1)[0], WithinRel(0.70661744977741447, 1e-12));
    CHECK_THAT(run.parameters(1)[5], WithinRel(-0.50662686394944878, 1e-12));
    CHECK_THAT(run.parameters(0)[0], WithinRel(0.66799955811405809, 1e-12));
  }
  SECTION("sigmoid") {
    mp.lossForm = "sigmoid";
    focal::MulticlassRun run(mp);
    run.step(25);
    CHECK_THAT(run.parameters(1)[0], WithinRel(0.91078568944349581, 1e-12));
    CHECK_THAT(run.parameters(1)[5], WithinRel(-0.20059494013620152, 1e-12));
  }
  focal::SimplexParams sp;
  sp.resolution = 4;
  sp.alpha = 0.5;
  sp.target = 1;
  focal::SimplexGrid g;
  focal::simplexGrid(sp, g);
  CHECK_THAT(g.loss[15], WithinRel(0.62213870459307474, 1e-14));
  CHECK_THAT(g.flow[4], WithinRel(0.12306677001448793, 1e-14));
}
