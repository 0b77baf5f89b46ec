// The anchor population: the seeded sampler, the loss and gradient shares, the
// Figure 4 cumulative curves, the modulating-factor histogram and the prior initialisation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "anchor_simulation.hpp"
#include "losses.hpp"
#include "seeded_random.hpp"
#include "test_support.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using Catch::Matchers::WithinULP;

namespace {

focal::AnchorSimulationParams smallPopulation() {
  focal::AnchorSimulationParams p;
  p.count = 20000;
  p.foregroundFraction = 0.01;
  p.hardNegativeFraction = 0.05;
  p.seed = 7;
  return p;
}

}  // namespace

TEST_CASE("portableLog agrees with the library log to a few ulp", "[random][log]") {
  const double exponent = GENERATE(take(200, random(-300.0, 300.0)));
  const double x = std::pow(10.0, exponent);
  const double expected = std::log(x);
  CHECK_THAT(focal::portableLog(x), WithinRel(expected, 1e-15) || WithinAbs(expected, 1e-17));
  SECTION("near 1, where the result is tiny") {
    const double y = 1.0 + exponent * 1e-6;
    CHECK_THAT(focal::portableLog(y), WithinRel(std::log(y), 1e-13));
  }
}

TEST_CASE("the generator is seeded, reproducible, and its streams are independent", "[random]") {
  // SplitMix64's published first output for seed 0.
  focal::SplitMix64 mixer(0);
  CHECK(mixer.next() == 0xe220a8397b1dcdafULL);

  focal::Random a(42, 3), b(42, 3), other(42, 4);
  bool streamsDiffer = false;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t va = a.next();
    CHECK(va == b.next());
    streamsDiffer = streamsDiffer || va != other.next();
  }
  CHECK(streamsDiffer);

  focal::Random r(5);
  double sum = 0, sumSquares = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sumSquares += z * z;
  }
  CHECK_THAT(sum / n, WithinAbs(0.0, 0.01));
  CHECK_THAT(sumSquares / n, WithinAbs(1.0, 0.01));
}

TEST_CASE("sorted logistic draws are sorted and follow the logistic distribution", "[simulation][sampler]") {
  std::vector<double> z;
  const std::size_t n = 200000;
  focal::sortedStandardLogistic(11, 1, n, z);
  REQUIRE(z.size() == n);
  REQUIRE(std::is_sorted(z.begin(), z.end()));
  // The empirical CDF at a few points against 1 / (1 + e^-z); the Kolmogorov bound for n = 2e5 at
  // 99.9% is about 0.0044.
  for (double at : {-4.0, -1.5, 0.0, 0.7, 3.0}) {
    const double empirical =
        static_cast<double>(std::lower_bound(z.begin(), z.end(), at) - z.begin()) / static_cast<double>(n);
    CHECK_THAT(empirical, WithinAbs(1.0 / (1.0 + std::exp(-at)), 0.0044));
  }
}

TEST_CASE("the anchor sampler is deterministic per seed", "[simulation][sampler]") {
  const focal::AnchorSimulationParams p = smallPopulation();
  const auto first = focal::sampleAnchorLogits(p);
  const auto again = focal::sampleAnchorLogits(p);
  // Bit-for-bit equality is the behaviour under test: a seed in a link must reproduce the draws.
  CHECK(first == again);
  focal::AnchorSimulationParams other = p;
  other.seed = 8;
  CHECK(focal::sampleAnchorLogits(other)[focal::EasyNegatives] != first[focal::EasyNegatives]);
}

TEST_CASE("a seed gives the same logits on every platform", "[simulation][sampler][portable]") {
  // Pinned from the native build; tests/js/simulation.test.js pins the same values against the
  // wasm build, so libstdc++/glibc and libc++/musl must agree to the last bit.
  focal::AnchorSimulationParams p;
  p.count = 1000;
  p.foregroundFraction = 0.01;
  p.hardNegativeFraction = 0.1;
  p.seed = 42;
  const auto logits = focal::sampleAnchorLogits(p);
  CHECK_THAT(logits[focal::EasyNegatives].front(), WithinULP(-9.925831233919773, 0));
  CHECK_THAT(logits[focal::EasyNegatives].back(), WithinULP(-0.88395890205072902, 0));
  CHECK_THAT(logits[focal::HardNegatives].front(), WithinULP(-4.7851630089113533, 0));
  CHECK_THAT(logits[focal::Positives].back(), WithinULP(2.9007747293157271, 0));
}

TEST_CASE("the sampler has the asked group sizes", "[simulation][sampler]") {
  focal::AnchorSimulationParams p;
  p.count = GENERATE(2.0, 1000.0, 100000.0, 1234567.0);
  p.foregroundFraction = GENERATE(0.0001, 0.001, 0.01, 0.1, 0.5);
  p.hardNegativeFraction = GENERATE(0.0, 0.01, 0.3, 1.0);
  CAPTURE(p.count, p.foregroundFraction, p.hardNegativeFraction);
  const auto counts = focal::anchorGroupCounts(p);
  const std::size_t n = static_cast<std::size_t>(p.count);
  const std::size_t positives = std::clamp<std::size_t>(static_cast<std::size_t>(std::llround(p.count * p.foregroundFraction)), 1, n - 1);
  CHECK(counts[focal::Positives] == positives);
  CHECK(counts[focal::HardNegatives] ==
        static_cast<std::size_t>(std::llround(static_cast<double>(n - positives) * p.hardNegativeFraction)));
  CHECK(counts[focal::EasyNegatives] + counts[focal::HardNegatives] + counts[focal::Positives] == n);
}

TEST_CASE("loss and gradient shares sum to 1", "[simulation][shares]") {
  focal::AnchorSimulationParams p = smallPopulation();
  const auto d = focal::anchorDistributions(GENERATE(0.0, 0.3, 0.5, 1.0));
  p.easyNegatives = d.easyNegatives;
  p.hardNegatives = d.hardNegatives;
  p.positives = d.positives;
  p.gamma = GENERATE(0.0, 0.5, 2.0, 3.7);
  p.alpha = GENERATE(-1.0, 0.25, 0.75);
  CAPTURE(p.gamma, p.alpha);
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  for (const focal::GroupLoss* g : {&r.crossEntropy, &r.alphaCrossEntropy, &r.focal}) {
    CHECK_THAT(g->shares[0] + g->shares[1] + g->shares[2], WithinAbs(1.0, 1e-12));
    CHECK_THAT(g->gradientShares[0] + g->gradientShares[1] + g->gradientShares[2], WithinAbs(1.0, 1e-12));
  }
}

TEST_CASE("loss and gradient sums equal a direct sum of the core's loss functions", "[simulation][shares]") {
  focal::AnchorSimulationParams p = smallPopulation();
  p.gamma = GENERATE(0.5, 2.0, 2.5);
  p.alpha = 0.25;
  CAPTURE(p.gamma);
  const auto logits = focal::sampleAnchorLogits(p);
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  for (int g = 0; g < focal::kAnchorGroups; ++g) {
    const double y = g == focal::Positives ? 1.0 : 0.0;
    double ce = 0, ceGrad = 0, fl = 0, flGrad = 0, ace = 0;
    for (double x : logits[g]) {
      const focal::LossGrad c = focal::binaryCrossEntropy(x, y);
      const focal::LossGrad f = focal::sigmoidFocal(x, y, p.alpha, p.gamma);
      ce += c.loss;
      ceGrad += std::fabs(c.grad);
      fl += f.loss;
      flGrad += std::fabs(f.grad);
      ace += focal::alphaBalancedCrossEntropy(x, y, p.alpha).loss;
    }
    CAPTURE(g);
    CHECK_THAT(r.crossEntropy.sums[g], WithinRel(ce, 1e-10));
    CHECK_THAT(r.crossEntropy.gradientSums[g], WithinRel(ceGrad, 1e-10));
    CHECK_THAT(r.alphaCrossEntropy.sums[g], WithinRel(ace, 1e-10));
    CHECK_THAT(r.focal.sums[g], WithinRel(fl, 1e-10));
    CHECK_THAT(r.focal.gradientSums[g], WithinRel(flGrad, 1e-10));
  }
}

TEST_CASE("cumulative loss curves are monotone, start at 0 and end at 1", "[simulation][cdf]") {
  focal::AnchorSimulationParams p = smallPopulation();
  p.cdfGammas = {0.0, 0.5, 1.0, 2.0, 5.0};
  p.cdfPoints = GENERATE(2.0, 7.0, 200.0);
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  for (const focal::LossCdf* side : {&r.positiveCdf, &r.negativeCdf}) {
    const std::size_t points = side->fraction.size();
    REQUIRE(points == static_cast<std::size_t>(p.cdfPoints));
    CHECK(side->fraction.front() == 0.0);
    CHECK_THAT(side->fraction.back(), WithinULP(1.0, 0));
    CHECK(std::is_sorted(side->fraction.begin(), side->fraction.end()));
    for (std::size_t g = 0; g < p.cdfGammas.size(); ++g) {
      const auto begin = side->curves.begin() + static_cast<std::ptrdiff_t>(g * points);
      CAPTURE(g);
      CHECK(*begin == 0.0);
      CHECK_THAT(*(begin + static_cast<std::ptrdiff_t>(points) - 1), WithinULP(1.0, 0));
      CHECK(std::is_sorted(begin, begin + static_cast<std::ptrdiff_t>(points)));
      // Easiest first: the curve never rises above the diagonal.
      for (std::size_t j = 0; j < points; ++j) CHECK(*(begin + static_cast<std::ptrdiff_t>(j)) <= side->fraction[j] + 1e-12);
    }
  }
}

TEST_CASE("cumulative curves and readouts equal a brute-force sort of the losses", "[simulation][cdf]") {
  focal::AnchorSimulationParams p = smallPopulation();
  p.cdfPoints = 11;
  p.readoutFraction = GENERATE(0.0, 0.2, 0.5, 1.0);
  CAPTURE(p.readoutFraction);
  const auto logits = focal::sampleAnchorLogits(p);
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  for (int side = 0; side < 2; ++side) {
    const bool positive = side == 0;
    std::vector<double> xs = positive ? logits[focal::Positives] : logits[focal::EasyNegatives];
    if (!positive) xs.insert(xs.end(), logits[focal::HardNegatives].begin(), logits[focal::HardNegatives].end());
    const focal::LossCdf& cdf = positive ? r.positiveCdf : r.negativeCdf;
    for (std::size_t g = 0; g < p.cdfGammas.size(); ++g) {
      std::vector<double> losses;
      for (double x : xs) losses.push_back(focal::sigmoidFocalLoss(x, positive ? 1.0 : 0.0, -1.0, p.cdfGammas[g]));
      std::sort(losses.begin(), losses.end());
      std::vector<double> cumulative(losses.size() + 1, 0.0);
      for (std::size_t i = 0; i < losses.size(); ++i) cumulative[i + 1] = cumulative[i] + losses[i];
      const double total = cumulative.back();
      CAPTURE(side, g);
      for (std::size_t j = 0; j < cdf.fraction.size(); ++j) {
        const auto k = static_cast<std::size_t>(std::llround(cdf.fraction[j] * static_cast<double>(losses.size())));
        CHECK_THAT(cdf.curves[g * cdf.fraction.size() + j], WithinAbs(cumulative[k] / total, 1e-12));
      }
      const auto hardest = static_cast<std::size_t>(std::llround(p.readoutFraction * static_cast<double>(losses.size())));
      CHECK_THAT(cdf.hardestShare[g], WithinAbs((total - cumulative[losses.size() - hardest]) / total, 1e-12));
    }
  }
}

TEST_CASE("with gamma = 2 easy negatives stop dominating the loss and the first step's gradient",
          "[simulation][shares][paper]") {
  // The default population: 100,000 anchors at 1:1000, detector quality 0.5.
  focal::AnchorSimulationParams p;
  p.gamma = 2.0;
  p.alpha = 0.25;
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  const double ceShare = r.crossEntropy.shares[focal::EasyNegatives];
  const double ceGradient = r.crossEntropy.gradientShares[focal::EasyNegatives];
  // Under CE the easy negatives carry most of the loss and drive most of the update.
  CHECK(ceShare > 0.5);
  CHECK(ceGradient > 0.5);
  CHECK(r.focal.shares[focal::EasyNegatives] < 0.5 * ceShare);
  CHECK(r.focal.gradientShares[focal::EasyNegatives] < 0.5 * ceGradient);
  // And the rare positives get a larger share of the loss than under CE.
  CHECK(r.focal.shares[focal::Positives] > r.crossEntropy.shares[focal::Positives]);
}

TEST_CASE("as gamma grows the negatives' loss concentrates on the hardest few", "[simulation][cdf][paper]") {
  focal::AnchorSimulationParams p;
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  const std::vector<double>& negatives = r.negativeCdf.hardestShare;
  REQUIRE(negatives.size() == 4);
  CHECK(std::is_sorted(negatives.begin(), negatives.end()));
  // Figure 4, right: with gamma = 2 nearly all the negatives' loss sits in the hardest 20%.
  CHECK(negatives.back() > 0.95);
}

TEST_CASE("the modulating-factor histogram counts every anchor once", "[simulation][histogram]") {
  focal::AnchorSimulationParams p = smallPopulation();
  p.gamma = GENERATE(0.0, 0.5, 2.0, 5.0);
  p.histogramBins = 25;
  CAPTURE(p.gamma);
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  REQUIRE(r.histogramEdges.size() == 26);
  CHECK(r.histogramEdges.front() == p.histogramMinLog10);
  CHECK(r.histogramEdges.back() == 0.0);
  for (int g = 0; g < focal::kAnchorGroups; ++g) {
    double total = r.histogramBelow[g];
    for (double c : r.histogramCounts[g]) total += c;
    CHECK(total == static_cast<double>(r.counts[g]));
  }
  if (p.gamma == 0.0) {
    // (1 - p_t)^0 = 1 for every anchor: all in the last bin.
    for (int g = 0; g < focal::kAnchorGroups; ++g) CHECK(r.histogramCounts[g].back() == static_cast<double>(r.counts[g]));
  }
}

TEST_CASE("prior initialisation: about 69x less loss per negative anchor", "[simulation][prior][paper]") {
  focal::AnchorSimulationParams p;
  p.priorPi = 0.01;
  focal::AnchorSimulator simulator;
  const focal::AnchorReport& r = simulator.simulate(p);
  CHECK_THAT(r.priorBias.bias, WithinRel(-4.59511985013459, 1e-12));
  CHECK(r.zeroBias.bias == 0.0);
  CHECK_THAT(r.zeroBias.crossEntropy.lossPerNegative, WithinRel(std::log(2.0), 1e-15));
  CHECK_THAT(r.priorBias.crossEntropy.lossPerNegative, WithinRel(-std::log1p(-0.01), 1e-14));
  CHECK_THAT(r.negativeLossRatio, WithinRel(std::log(2.0) / -std::log1p(-0.01), 1e-12));
  CHECK_THAT(r.negativeLossRatio, WithinAbs(69.0, 0.1));
  // At bias 0 the background is 99.9% of the first loss; the prior brings it down.
  CHECK_THAT(r.zeroBias.crossEntropy.backgroundShare, WithinRel(0.999, 1e-12));
  CHECK(r.priorBias.crossEntropy.backgroundShare < 0.7);
  CHECK(r.priorBias.crossEntropy.total < r.zeroBias.crossEntropy.total / 40);
  CHECK_THAT(r.zeroBias.crossEntropy.perPositive, WithinRel(r.zeroBias.crossEntropy.total / 100, 1e-15));
  // FL at bias 0: alpha_t 2^-gamma log 2 per anchor.
  CHECK_THAT(r.zeroBias.focal.lossPerNegative, WithinRel(0.75 * 0.25 * std::log(2.0), 1e-14));
}

TEST_CASE("a reused simulator gives the same report as a fresh one", "[simulation][workspace]") {
  focal::AnchorSimulationParams p = smallPopulation();
  focal::AnchorSimulator reused;
  focal::AnchorSimulationParams other = p;
  other.count = 3000;
  other.gamma = 0.7;
  other.cdfGammas = {1.0};
  reused.simulate(p);
  reused.simulate(other);
  const focal::AnchorReport again = reused.simulate(p);
  focal::AnchorSimulator fresh;
  const focal::AnchorReport& expected = fresh.simulate(p);
  CHECK(again.counts == expected.counts);
  for (int g = 0; g < focal::kAnchorGroups; ++g) CHECK_THAT(again.focal.sums[g], WithinULP(expected.focal.sums[g], 0));
  CHECK(again.negativeCdf.curves == expected.negativeCdf.curves);
  CHECK(again.histogramCounts == expected.histogramCounts);
}

TEST_CASE("detector quality maps to the documented distributions", "[simulation][quality]") {
  const focal::AnchorDistributions q0 = focal::anchorDistributions(0.0);
  const focal::AnchorDistributions q1 = focal::anchorDistributions(1.0);
  CHECK_THAT(q0.easyNegatives.mean, WithinAbs(-2.0, 1e-15));
  CHECK_THAT(q1.easyNegatives.mean, WithinAbs(-7.0, 1e-15));
  CHECK_THAT(q0.positives.mean, WithinAbs(-1.0, 1e-15));
  CHECK_THAT(q1.positives.mean, WithinAbs(3.0, 1e-15));
  // A better detector gives every negative less loss and every positive less loss.
  focal::AnchorSimulationParams worse, better;
  worse.count = better.count = 10000;
  const focal::AnchorDistributions d0 = focal::anchorDistributions(0.2), d1 = focal::anchorDistributions(0.8);
  worse.easyNegatives = d0.easyNegatives;
  worse.hardNegatives = d0.hardNegatives;
  worse.positives = d0.positives;
  better.easyNegatives = d1.easyNegatives;
  better.hardNegatives = d1.hardNegatives;
  better.positives = d1.positives;
  focal::AnchorSimulator a, b;
  const double worseTotal = a.simulate(worse).crossEntropy.total;
  CHECK(b.simulate(better).crossEntropy.total < worseTotal);
}

TEST_CASE("bad anchor parameters throw std::invalid_argument naming the parameter and value",
          "[simulation][validation]") {
  focal::AnchorSimulator simulator;
  const auto rejects = [&](const std::function<void(focal::AnchorSimulationParams&)>& edit, const std::string& name,
                           const std::string& value) {
    focal::AnchorSimulationParams p = smallPopulation();
    edit(p);
    focal_test::requireRejectsMentioning([&] { simulator.simulate(p); }, name, value);
  };
  rejects([](auto& p) { p.count = 1.5; }, "count", "1.5");
  rejects([](auto& p) { p.count = 3e6; }, "count", "3000000");
  rejects([](auto& p) { p.foregroundFraction = 0; }, "foregroundFraction", "0");
  rejects([](auto& p) { p.foregroundFraction = 0.75; }, "foregroundFraction", "0.75");
  rejects([](auto& p) { p.hardNegativeFraction = -0.1; }, "hardNegativeFraction", "-0.1");
  rejects([](auto& p) { p.seed = -1; }, "seed", "-1");
  rejects([](auto& p) { p.seed = 2.5; }, "seed", "2.5");
  rejects([](auto& p) { p.easyNegatives.std = -1; }, "easyNegatives.std", "-1");
  rejects([](auto& p) { p.positives.mean = NAN; }, "positives.mean", "NaN");
  rejects([](auto& p) { p.gamma = -2; }, "gamma", "-2");
  rejects([](auto& p) { p.alpha = 1.5; }, "alpha", "1.5");
  rejects([](auto& p) { p.cdfGammas = {}; }, "cdfGammas", "0 values");
  rejects([](auto& p) { p.cdfGammas = {0, INFINITY}; }, "cdfGammas[1]", "Infinity");
  rejects([](auto& p) { p.cdfPoints = 1; }, "cdfPoints", "1");
  rejects([](auto& p) { p.readoutFraction = 2; }, "readoutFraction", "2");
  rejects([](auto& p) { p.histogramBins = 0; }, "histogramBins", "0");
  rejects([](auto& p) { p.histogramMinLog10 = 0; }, "histogramMinLog10", "0");
  rejects([](auto& p) { p.priorPi = 1; }, "priorPi", "1");
  focal_test::requireRejectsMentioning([] { focal::anchorDistributions(1.2); }, "detectorQuality", "1.2");
  focal_test::requireRejectsMentioning([] { focal::requireSeed("seed", 1e300); }, "seed", "1e+300");
}

TEST_CASE("the block sampler gives the same bits as the plain per-draw loop", "[simulation][sampler][portable]") {
  // The loop the sampler used to be: one exponential at a time from the generator, one portableLog
  // per draw. The block version must not change a single bit, or seeds in old links would move.
  const std::size_t n = GENERATE(0u, 1u, 511u, 512u, 513u, 100000u);
  const std::uint64_t seed = GENERATE(0u, 42u);
  CAPTURE(n, seed);
  std::vector<double> expected(n);
  focal::Random rng(seed, 3);
  double sum = 0.0;
  for (double& v : expected) v = sum += rng.exponential();
  const double last = rng.exponential();
  const double total = sum + last;
  double previous = -INFINITY;
  for (double& v : expected) v = previous = std::max(previous, focal::portableLog(v / std::max(total - v, last)));
  std::vector<double> actual;
  focal::sortedStandardLogistic(seed, 3, n, actual);
  CHECK(actual == expected);
}

namespace {

// What the simulator reports, computed the slow way: every anchor through the core's scalar loss
// functions (libm exp and log1p), the histogram from log10 of the modulating factor, the curves from
// a full sort.
struct PerAnchorReference {
  double ce[3] = {}, ceGrad[3] = {}, ace[3] = {}, aceGrad[3] = {}, fl[3] = {}, flGrad[3] = {};
  std::vector<double> histogram[3];
  double below[3] = {};
};

PerAnchorReference perAnchorReference(const focal::AnchorSimulationParams& p) {
  PerAnchorReference ref;
  const auto logits = focal::sampleAnchorLogits(p);
  const std::size_t bins = static_cast<std::size_t>(p.histogramBins);
  std::vector<double> edges(bins + 1);
  for (std::size_t b = 0; b <= bins; ++b)
    edges[b] = p.histogramMinLog10 * (1.0 - static_cast<double>(b) / static_cast<double>(bins));
  for (int g = 0; g < focal::kAnchorGroups; ++g) {
    const double y = g == focal::Positives ? 1.0 : 0.0;
    ref.histogram[g].assign(bins, 0.0);
    for (double x : logits[g]) {
      const focal::LossGrad c = focal::binaryCrossEntropy(x, y);
      const focal::LossGrad a = focal::alphaBalancedCrossEntropy(x, y, p.alpha);
      const focal::LossGrad f = focal::sigmoidFocal(x, y, p.alpha, p.gamma);
      ref.ce[g] += c.loss;
      ref.ceGrad[g] += std::fabs(c.grad);
      ref.ace[g] += a.loss;
      ref.aceGrad[g] += std::fabs(a.grad);
      ref.fl[g] += f.loss;
      ref.flGrad[g] += std::fabs(f.grad);
      const double v = std::log10(focal::modulatingFactor(x, y, p.gamma));
      const auto above = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin());
      if (v < edges[0]) ref.below[g] += 1;
      else ref.histogram[g][std::min(bins - 1, above - 1)] += 1;  // the last bin is closed at 0
    }
  }
  return ref;
}

void checkAgainstReference(const focal::AnchorSimulationParams& p, const focal::AnchorReport& r) {
  const PerAnchorReference ref = perAnchorReference(p);
  for (int g = 0; g < focal::kAnchorGroups; ++g) {
    CAPTURE(g);
    // Sums of zero (an empty group) must come out as exactly zero.
    const auto same = [](double actual, double expected) {
      return expected == 0 ? actual == 0 : std::fabs(actual - expected) <= 1e-12 * std::fabs(expected);
    };
    CHECK(same(r.crossEntropy.sums[g], ref.ce[g]));
    CHECK(same(r.crossEntropy.gradientSums[g], ref.ceGrad[g]));
    CHECK(same(r.alphaCrossEntropy.sums[g], ref.ace[g]));
    CHECK(same(r.alphaCrossEntropy.gradientSums[g], ref.aceGrad[g]));
    CHECK(same(r.focal.sums[g], ref.fl[g]));
    CHECK(same(r.focal.gradientSums[g], ref.flGrad[g]));
    CHECK(r.histogramCounts[g] == ref.histogram[g]);
    CHECK(r.histogramBelow[g] == ref.below[g]);
  }
  const auto logits = focal::sampleAnchorLogits(p);
  for (int side = 0; side < 2; ++side) {
    const bool positive = side == 0;
    std::vector<double> xs = positive ? logits[focal::Positives] : logits[focal::EasyNegatives];
    if (!positive) xs.insert(xs.end(), logits[focal::HardNegatives].begin(), logits[focal::HardNegatives].end());
    const focal::LossCdf& cdf = positive ? r.positiveCdf : r.negativeCdf;
    for (std::size_t g = 0; g < p.cdfGammas.size(); ++g) {
      std::vector<double> losses;
      for (double x : xs) losses.push_back(focal::sigmoidFocalLoss(x, positive ? 1.0 : 0.0, -1.0, p.cdfGammas[g]));
      std::sort(losses.begin(), losses.end());
      std::vector<double> cumulative(losses.size() + 1, 0.0);
      for (std::size_t i = 0; i < losses.size(); ++i) cumulative[i + 1] = cumulative[i] + losses[i];
      const double total = cumulative.back();
      CAPTURE(side, g);
      REQUIRE(total > 0);
      for (std::size_t j = 0; j < cdf.fraction.size(); ++j) {
        const auto k = static_cast<std::size_t>(std::llround(cdf.fraction[j] * static_cast<double>(losses.size())));
        CHECK_THAT(cdf.curves[g * cdf.fraction.size() + j], WithinAbs(cumulative[k] / total, 1e-12));
      }
      const auto hardest = static_cast<std::size_t>(std::llround(p.readoutFraction * static_cast<double>(losses.size())));
      CHECK_THAT(cdf.hardestShare[g], WithinAbs((total - cumulative[losses.size() - hardest]) / total, 1e-12));
    }
  }
}

}  // namespace

TEST_CASE("the block walk equals a per-anchor reference", "[simulation][shares][cdf][histogram]") {
  // Sizes that are not multiples of the 512-anchor block, every modulating-factor path (0, the 0.5
  // root, products, exp), groups that are empty or whose logits change sign, and populations far
  // enough out that the walk takes exp(-|x|) directly instead of from its cached exp(scale z).
  focal::AnchorSimulationParams p;
  p.count = 30011;
  p.foregroundFraction = 0.02;
  p.hardNegativeFraction = 0.07;
  p.seed = 5;
  p.cdfGammas = {0.0, 0.5, 1.0, 2.0, 3.0, 1.7};
  p.cdfPoints = 23;
  p.readoutFraction = 0.3;
  p.histogramBins = 17;
  p.histogramMinLog10 = -12;
  SECTION("default distributions") {
    p.gamma = GENERATE(0.0, 0.5, 1.0, 2.0, 3.0, 2.5);
    p.alpha = GENERATE(-1.0, 0.25);
  }
  SECTION("detector quality 0 and 1") {
    const auto d = focal::anchorDistributions(GENERATE(0.0, 1.0));
    p.easyNegatives = d.easyNegatives;
    p.hardNegatives = d.hardNegatives;
    p.positives = d.positives;
  }
  SECTION("no hard negatives, or no easy ones") {
    p.hardNegativeFraction = GENERATE(0.0, 1.0);
  }
  SECTION("a few anchors") {
    p.count = GENERATE(2.0, 3.0, 600.0);
    p.foregroundFraction = 0.5;
    p.cdfPoints = 5;
  }
  SECTION("a wide group and one with every logit equal") {
    p.easyNegatives = {-3.0, 30.0};
    p.hardNegatives = {0.0, 0.0};
    p.gamma = 1.5;
  }
  SECTION("means too large for the cached exponentials") {
    // Still inside the normal range of exp(-|x|): below it the fast exp flushes to 0 where libm
    // gives subnormals, which only a group made entirely of such losses could show.
    p.easyNegatives = {-701.0, 0.1};
    p.positives = {-701.0, 2.0};
    p.gamma = 1.5;
  }
  CAPTURE(p.count, p.gamma, p.alpha, p.hardNegativeFraction, p.easyNegatives.mean, p.positives.mean);
  focal::AnchorSimulator simulator;
  checkAgainstReference(p, simulator.simulate(p));
}

TEST_CASE("slider moves that reuse the cached population give the same bits as a fresh simulator",
          "[simulation][workspace]") {
  // The walk keeps exp(scale z) per anchor between calls; whether a value came from that cache or was
  // just computed must not show in any digit.
  focal::AnchorSimulationParams p = smallPopulation();
  focal::AnchorSimulator reused;
  reused.simulate(p);
  focal::AnchorSimulationParams moved = p;
  moved.gamma = 0.7;
  moved.easyNegatives = {-6.0, 2.0};
  moved.positives.mean = 2.5;
  reused.simulate(moved);
  const focal::AnchorReport again = reused.simulate(p);
  focal::AnchorSimulator fresh;
  const focal::AnchorReport& expected = fresh.simulate(p);
  for (int g = 0; g < focal::kAnchorGroups; ++g) {
    CHECK_THAT(again.crossEntropy.sums[g], WithinULP(expected.crossEntropy.sums[g], 0));
    CHECK_THAT(again.focal.sums[g], WithinULP(expected.focal.sums[g], 0));
    CHECK_THAT(again.focal.gradientSums[g], WithinULP(expected.focal.gradientSums[g], 0));
  }
  CHECK(again.negativeCdf.curves == expected.negativeCdf.curves);
  CHECK(again.positiveCdf.curves == expected.positiveCdf.curves);
  CHECK(again.histogramCounts == expected.histogramCounts);
}
