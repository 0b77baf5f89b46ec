// The "Your model" data report: the histogram summary against an exact computation over the raw
// decisions, the readers (CSV/TSV, wide tables, .npy, the --json document) and every refusal.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "data_json.hpp"
#include "data_reader.hpp"
#include "data_report.hpp"
#include "data_summary.hpp"
#include "losses.hpp"
#include "metrics.hpp"
#include "seeded_random.hpp"
#include "stable_math.hpp"
#include "test_support.hpp"
#include "validation.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

struct Decision {
  int target;
  double x;
};

focal::DataSummary summaryOf(const std::vector<Decision>& decisions) {
  focal::DataSummary s;
  for (const Decision& d : decisions) s.histogram.add(d.target, d.x, focal::sigmoid(d.x));
  s.rows = static_cast<double>(decisions.size());
  s.scoresAre = focal::ScoresAre::Logits;
  return s;
}

// Reads text (or bytes) through a DataReader in chunks of `chunk` bytes.
focal::DataSummary read(const std::string& bytes, focal::DataReaderOptions options = {}, std::size_t chunk = 0) {
  focal::DataReader reader(options);
  if (chunk == 0) chunk = bytes.size() + 1;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) reader.push(bytes.data() + i, std::min(chunk, bytes.size() - i));
  return reader.finish();
}

std::string documentOf(focal::DataSummary s, const focal::DataReportParams& p = {}) {
  focal::DataReporter reporter(std::move(s));
  return focal::dataDocumentJson(reporter.summary(), p, reporter.report(p));
}

focal::DataReport reportOf(focal::DataSummary s, const focal::DataReportParams& p = {}) {
  focal::DataReporter reporter(std::move(s));
  return reporter.report(p);
}

// The file must be refused with a message containing `words`.
void requireRefused(const std::string& bytes, const focal::DataReaderOptions& options, const std::string& words) {
  INFO("expected a refusal mentioning: " << words);
  try {
    read(bytes, options);
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Contains(words));
    return;
  }
  FAIL("the file was accepted");
}

// ---- the exact computation, from the raw decisions and the core's loss functions ----------------

struct ExactShares {
  double easy = 0, hard = 0, positives = 0;
  double share(int g) const {
    const double total = easy + hard + positives;
    return (g == 0 ? easy : g == 1 ? hard : positives) / total;
  }
};

// Sums of per-decision values by group; easy: negatives with x < easyLogit.
template <class F>
ExactShares exactSums(const std::vector<Decision>& ds, double easyLogit, F value) {
  ExactShares s;
  for (const Decision& d : ds) {
    const double v = value(d);
    if (d.target == 1) s.positives += v;
    else if (d.x < easyLogit) s.easy += v;
    else s.hard += v;
  }
  return s;
}

double exactFractionFor90(const std::vector<Decision>& ds, double gamma, double alpha) {
  std::vector<double> losses;
  for (const Decision& d : ds) losses.push_back(focal::sigmoidFocal(d.x, d.target, alpha, gamma).loss);
  std::sort(losses.begin(), losses.end(), [](double a, double b) { return a > b; });
  double total = 0;
  for (double l : losses) total += l;
  double carried = 0;
  for (std::size_t k = 0; k < losses.size(); ++k) {
    carried += losses[k];
    if (carried >= 0.9 * total) return static_cast<double>(k + 1) / static_cast<double>(losses.size());
  }
  return 1.0;
}

// Figure 4 for one side: easiest first, share of the loss of the easiest fraction f (linear inside
// a decision), as the report defines it.
std::vector<double> exactCdf(const std::vector<Decision>& ds, int side, double gamma, const std::vector<double>& fractions) {
  std::vector<double> losses;
  for (const Decision& d : ds)
    if (d.target == side) losses.push_back(focal::sigmoidFocal(d.x, side, -1.0, gamma).loss);
  std::sort(losses.begin(), losses.end());
  std::vector<double> prefix(losses.size() + 1, 0.0);
  for (std::size_t i = 0; i < losses.size(); ++i) prefix[i + 1] = prefix[i] + losses[i];
  const double n = static_cast<double>(losses.size());
  std::vector<double> curve;
  for (double f : fractions) {
    const double c = f * n;
    const auto k = std::min(losses.size(), static_cast<std::size_t>(c));
    const double v = prefix[k] + (k < losses.size() ? (c - static_cast<double>(k)) * losses[k] : 0.0);
    curve.push_back(v / prefix.back());
  }
  return curve;
}

std::vector<Decision> randomDecisions(std::uint64_t seed, std::size_t n, double positiveFraction, double spread) {
  focal::Random rng(seed);
  std::vector<Decision> ds;
  for (std::size_t i = 0; i < n; ++i) {
    const int t = rng.uniform() < positiveFraction ? 1 : 0;
    const double x = (t ? 1.0 : -4.0) + spread * rng.normal();
    ds.push_back({t, x});
  }
  return ds;
}

// docs/numerics.md, "Data reports": each bin's sum of a loss or |gradient| is within
// (gamma + 1)^2 h^2 / 8 of exact, relatively (h = 1/1024), so a share is within half that.
double shareBound(double gamma) {
  const double h = 1.0 / focal::kSummaryBinsPerUnit;
  return (gamma + 1) * (gamma + 1) * h * h / 16;
}

}  // namespace

TEST_CASE("data report: the histogram's shares match an exact computation within the bound", "[data][exact]") {
  const auto seed = GENERATE(range<std::uint64_t>(1, 7));
  const double gamma = GENERATE(0.0, 0.5, 2.0, 5.0, 10.0);
  const double spread = seed % 2 ? 2.5 : 0.7;
  const std::vector<Decision> ds = randomDecisions(seed, 20000, 0.08, spread);
  focal::DataReportParams p;
  p.gamma = gamma;
  p.alpha = seed % 3 == 0 ? -1.0 : 0.25;
  p.easyThreshold = 0.5 + 0.08 * static_cast<double>(seed);
  const focal::DataReport r = reportOf(summaryOf(ds), p);
  CAPTURE(seed, gamma, p.alpha, p.easyThreshold, r.easyLogit);
  // The applied boundary is the requested one to within half a bin.
  CHECK_THAT(r.easyLogit, WithinAbs(-focal::priorBias(p.easyThreshold), 0.5 / focal::kSummaryBinsPerUnit));

  const double w0 = focal::alphaWeight(p.alpha, 0), w1 = focal::alphaWeight(p.alpha, 1);
  const auto weighted = [&](auto f) {
    return [&, f](const Decision& d) { return (d.target ? w1 : w0) * f(d); };
  };
  const auto ce = [](const Decision& d) { return focal::binaryCrossEntropy(d.x, d.target).loss; };
  const auto ceGrad = [](const Decision& d) { return std::fabs(focal::binaryCrossEntropy(d.x, d.target).grad); };
  const auto fl = [&](const Decision& d) { return focal::sigmoidFocal(d.x, d.target, -1.0, gamma).loss; };
  const auto flGrad = [&](const Decision& d) { return std::fabs(focal::sigmoidFocal(d.x, d.target, -1.0, gamma).grad); };
  struct Case {
    const char* name;
    const focal::DataShares& shares;
    ExactShares exact;
    double bound;
  };
  const Case cases[] = {
      {"CE loss", r.crossEntropy.loss, exactSums(ds, r.easyLogit, ce), shareBound(0)},
      {"CE gradient", r.crossEntropy.gradient, exactSums(ds, r.easyLogit, ceGrad), shareBound(0)},
      {"alpha-CE loss", r.alphaCrossEntropy.loss, exactSums(ds, r.easyLogit, weighted(ce)), shareBound(0)},
      {"alpha-CE gradient", r.alphaCrossEntropy.gradient, exactSums(ds, r.easyLogit, weighted(ceGrad)), shareBound(0)},
      {"FL loss", r.focal.loss, exactSums(ds, r.easyLogit, weighted(fl)), shareBound(gamma)},
      {"FL gradient", r.focal.gradient, exactSums(ds, r.easyLogit, weighted(flGrad)), shareBound(gamma)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name, c.bound);
    CHECK_THAT(c.shares.easyNegatives, WithinAbs(c.exact.share(0), c.bound));
    CHECK_THAT(c.shares.hardNegatives, WithinAbs(c.exact.share(1), c.bound));
    CHECK_THAT(c.shares.positives, WithinAbs(c.exact.share(2), c.bound));
  }

  // The sweep: the easy share within the bound; the 90% fraction within a few decisions (the bins
  // here hold about one decision each).
  for (const focal::GammaSweepPoint& point : r.gammaSweep) {
    CAPTURE(point.gamma);
    const auto flAt = [&](const Decision& d) { return focal::sigmoidFocal(d.x, d.target, -1.0, point.gamma).loss; };
    CHECK_THAT(point.easyNegativeShare, WithinAbs(exactSums(ds, r.easyLogit, weighted(flAt)).share(0), shareBound(point.gamma)));
    CHECK_THAT(point.fractionFor90, WithinAbs(exactFractionFor90(ds, point.gamma, p.alpha), 5.0 / 20000));
  }

  // Figure 4: within a bin's share of the curve's loss (about 1/n here), far below a pixel.
  for (std::size_t g = 0; g < r.cdfGammas.size(); ++g) {
    CAPTURE(r.cdfGammas[g]);
    const auto negatives = exactCdf(ds, 0, r.cdfGammas[g], r.cdfFractions);
    const auto positives = exactCdf(ds, 1, r.cdfGammas[g], r.cdfFractions);
    for (std::size_t j = 0; j < r.cdfFractions.size(); ++j) {
      CHECK_THAT(r.cdfNegatives[g][j], WithinAbs(negatives[j], 1e-4));
      CHECK_THAT(r.cdfPositives[g][j], WithinAbs(positives[j], 2e-3));
    }
  }
}

TEST_CASE("data report: shares sum to 1 and the CDF runs from 0 to exactly 1", "[data]") {
  const std::vector<Decision> ds = randomDecisions(11, 3000, 0.02, 3.0);
  focal::DataReporter reporter(summaryOf(ds));
  const double gamma = GENERATE(take(20, random(0.0, 10.0)));
  const double alpha = GENERATE(-1.0, 0.0, 0.25, 1.0);
  focal::DataReportParams p;
  p.gamma = gamma;
  p.alpha = alpha;
  p.easyThreshold = 0.95;
  const focal::DataReport& r = reporter.report(p);
  for (const focal::DataLossShares* s : {&r.crossEntropy, &r.alphaCrossEntropy, &r.focal}) {
    for (const focal::DataShares* d : {&s->loss, &s->gradient}) {
      const double sum = d->easyNegatives + d->hardNegatives + d->positives;
      // alpha = 0 or 1 removes a whole side, which is a share of 0, not a missing one.
      CHECK_THAT(sum, WithinAbs(1.0, 1e-12));
      CHECK(d->easyNegatives >= 0);
      CHECK(d->positives >= 0);
    }
  }
  REQUIRE(r.cdfFractions.size() == focal::kDataCdfPoints);
  CHECK(r.cdfFractions.front() == 0.0);
  CHECK(r.cdfFractions.back() == 1.0);
  for (const auto* side : {&r.cdfNegatives, &r.cdfPositives}) {
    REQUIRE(side->size() == focal::kDataCdfGammas.size());
    for (const auto& curve : *side) {
      CHECK(curve.front() == 0.0);
      CHECK(curve.back() == 1.0);
      for (std::size_t j = 1; j < curve.size(); ++j) CHECK(curve[j] >= curve[j - 1]);
    }
  }
}

TEST_CASE("data report: gradient shares are the core's analytic |dL/dx|", "[data][grad]") {
  // One decision per group, each alone in its bin, so the bins' means are the decisions' logits.
  const std::vector<Decision> ds = {{0, -5.0}, {0, 0.5}, {1, 0.25}};
  focal::DataReportParams p;
  p.gamma = 2.0;
  p.alpha = 0.25;
  const focal::DataReport r = reportOf(summaryOf(ds), p);
  double g[3], gce[3];
  for (int i = 0; i < 3; ++i) {
    const focal::LossGrad fl = focal::sigmoidFocal(ds[i].x, ds[i].target, p.alpha, p.gamma);
    g[i] = std::fabs(fl.grad);
    gce[i] = std::fabs(focal::binaryCrossEntropy(ds[i].x, ds[i].target).grad);
    // ... and that gradient is the derivative of the loss.
    focal_test::requireGradientMatches([&](double x) { return focal::sigmoidFocal(x, ds[i].target, p.alpha, p.gamma).loss; },
                                       ds[i].x, fl.grad);
  }
  const double total = g[0] + g[1] + g[2], totalCe = gce[0] + gce[1] + gce[2];
  CHECK_THAT(r.focal.gradient.easyNegatives, WithinRel(g[0] / total, 1e-12));
  CHECK_THAT(r.focal.gradient.hardNegatives, WithinRel(g[1] / total, 1e-12));
  CHECK_THAT(r.focal.gradient.positives, WithinRel(g[2] / total, 1e-12));
  CHECK_THAT(r.crossEntropy.gradient.easyNegatives, WithinRel(gce[0] / totalCe, 1e-12));
  CHECK_THAT(r.crossEntropy.gradient.positives, WithinRel(gce[2] / totalCe, 1e-12));
}

TEST_CASE("data report: fractionFor90 on hand-worked examples", "[data]") {
  focal::DataReportParams p;
  p.alpha = -1.0;
  SECTION("one wrong positive carries almost everything: 1 of 10") {
    std::vector<Decision> ds = {{1, -20.0}};
    for (int i = 0; i < 9; ++i) ds.push_back({0, -30.0 + i * 0.01});
    CHECK_THAT(reportOf(summaryOf(ds), p).gammaSweep[0].fractionFor90, WithinAbs(0.1, 1e-15));
  }
  SECTION("two negatives at x = 0 beside eight at x = -30: 2 of 10") {
    // CE: 2 log 2 = 1.386 against 8 e^-30; 90% of the total needs both.
    std::vector<Decision> ds = {{0, 0.0}, {0, 0.0}};
    for (int i = 0; i < 8; ++i) ds.push_back({0, -30.0});
    CHECK_THAT(reportOf(summaryOf(ds), p).gammaSweep[0].fractionFor90, WithinAbs(0.2, 1e-15));
  }
  SECTION("four equal losses: 90% needs all four") {
    const std::vector<Decision> ds = {{0, 1.0}, {0, 1.0}, {1, -1.0}, {1, -1.0}};
    for (const auto& point : reportOf(summaryOf(ds), p).gammaSweep) CHECK_THAT(point.fractionFor90, WithinAbs(1.0, 1e-15));
  }
}

TEST_CASE("data report: calibration and ECE, by hand and as metrics.hpp computes them", "[data][calibration]") {
  // p = 0.1 (bin 1): labels 0 and 1, rate 0.5, |0.5 - 0.1| = 0.4 over half the data;
  // p = 0.9 (bin 13): both 1, |1 - 0.9| = 0.1 over the other half. ECE = 0.2 + 0.05.
  const std::string csv = "label,prob\n0,0.1\n1,0.1\n1,0.9\n1,0.9\n";
  const focal::DataReport r = reportOf(read(csv));
  CHECK(r.scoresAre == focal::ScoresAre::Probabilities);
  REQUIRE(r.calibration.bins.size() == 15);
  CHECK(r.calibration.bins[1].count == 2);
  CHECK_THAT(r.calibration.bins[1].meanProbability, WithinAbs(0.1, 1e-15));
  CHECK_THAT(r.calibration.bins[1].positiveRate, WithinAbs(0.5, 1e-15));
  CHECK(r.calibration.bins[13].count == 2);
  CHECK_THAT(r.calibration.ece, WithinAbs(0.25, 1e-15));
  const double p[] = {0.1, 0.1, 0.9, 0.9}, y[] = {0, 1, 1, 1};
  CHECK(r.calibration.ece == focal::calibration(p, y, 4, 15).ece);
}

TEST_CASE("data report: the prior and its bias", "[data]") {
  const focal::DataReport r = reportOf(read("y,logit\n1,0\n0,0\n0,0\n0,0\n"));
  CHECK(r.pi == 0.25);
  REQUIRE(r.hasBias);
  CHECK_THAT(r.bias, WithinRel(-std::log(3.0), 1e-15));
  SECTION("one class only: no finite bias") {
    const focal::DataReport none = reportOf(read("y,logit\n0,0\n0,1\n"));
    CHECK(none.pi == 0.0);
    CHECK_FALSE(none.hasBias);
    CHECK(none.cdfPositives[0].empty());
    CHECK(documentOf(read("y,logit\n0,0\n0,1\n")).find("\"bias\":null") != std::string::npos);
  }
}

TEST_CASE("data report: parameters are validated", "[data][validation]") {
  focal::DataReporter reporter(summaryOf({{0, 0.0}, {1, 1.0}}));
  focal::DataReportParams p;
  p.gamma = -1;
  focal_test::requireRejects([&] { reporter.report(p); }, "gamma", "-1");
  p = {};
  p.alpha = 2;
  focal_test::requireRejects([&] { reporter.report(p); }, "alpha", "2");
  p = {};
  p.easyThreshold = 0.3;
  focal_test::requireRejects([&] { reporter.report(p); }, "easyThreshold", "0.3");
  p.easyThreshold = NAN;
  focal_test::requireRejects([&] { reporter.report(p); }, "easyThreshold", "NaN");
}

TEST_CASE("data reader: logits or probabilities", "[data][reader]") {
  SECTION("a column named logit is read as logits") {
    const focal::DataSummary s = read("label,logit\n0,0.2\n1,0.9\n");
    CHECK(s.scoresAre == focal::ScoresAre::Logits);
    CHECK(s.scoresAreSource == focal::ScoresAreSource::Name);
  }
  SECTION("values in [0, 1] are probabilities, until one is not") {
    std::string csv = "label,score\n";
    for (int i = 0; i < 500; ++i) csv += std::to_string(i % 2) + "," + std::to_string((i % 10) / 10.0) + "\n";
    const focal::DataSummary probabilities = read(csv);
    CHECK(probabilities.scoresAre == focal::ScoresAre::Probabilities);
    CHECK(probabilities.scoresAreSource == focal::ScoresAreSource::Default);
    csv += "1,2.5\n";
    const focal::DataSummary logits = read(csv);
    CHECK(logits.scoresAre == focal::ScoresAre::Logits);
    CHECK(logits.scoresAreSource == focal::ScoresAreSource::Values);
    // The same as reading logits from the start: the early rows were not lost.
    focal::DataReaderOptions asLogits;
    asLogits.scoresAre = "logits";
    focal::DataSummary forced = read(csv, asLogits);
    forced.scoresAreSource = focal::ScoresAreSource::Values;
    CHECK(documentOf(read(csv)) == documentOf(std::move(forced)));
  }
  SECTION("scoresAre: probabilities skips a value outside [0, 1]") {
    focal::DataReaderOptions o;
    o.scoresAre = "probabilities";
    const focal::DataSummary s = read("label,score\n0,0.5\n1,1.5\n", o);
    CHECK(s.rows == 1);
    REQUIRE(s.skipped.size() == 1);
    CHECK(s.skipped[0].line == 3);
    CHECK(s.skipped[0].reason == "score 1.5 is not a probability in [0, 1]");
  }
}

TEST_CASE("data reader: probabilities of 0 and 1 are clamped and counted", "[data][reader]") {
  const focal::DataSummary s = read("label,prob\n0,0\n1,1\n0,0.5\n");
  CHECK(s.histogram.clamped == 2);
  const focal::DataReport r = reportOf(read("label,prob\n0,0\n1,1\n0,0.5\n"));
  CHECK(r.clamped == 2);
  // The clamped negative sits at logit(1e-7), well inside the summary's range.
  const auto& negatives = s.histogram.bins[0];
  const double x = focal::priorBias(focal::kProbabilityEpsilon);
  const auto slot = static_cast<std::size_t>((x + focal::kSummaryLogitLimit) * focal::kSummaryBinsPerUnit) + 1;
  CHECK(negatives[slot].count == 1);
  CHECK_THAT(focal::summaryBinLow(slot - 1) + negatives[slot].sum, WithinAbs(x, 1e-12));
}

TEST_CASE("data reader: BOM, CRLF and quoted fields just work", "[data][reader]") {
  const std::string plain = "id,label,score\n1,0,0.25\n2,1,0.75\n3,0,0.5\n";
  const std::string fancy =
      "\xEF\xBB\xBF\"id\",\"label\",\"score\"\r\n"
      "\"1, the first\",\"0\",\"0.25\"\r\n"
      "\"2 with \"\"quotes\"\"\nand a line break\",1,0.75\r\n"
      "3,0, 0.5 \r\n";
  CHECK(documentOf(read(fancy)) == documentOf(read(plain)));
  const focal::DataHeader h = focal::inspectHeader(fancy.data(), fancy.size());
  CHECK(h.columns == std::vector<std::string>{"id", "label", "score"});
  CHECK(h.format == "csv");
  CHECK(h.label == 1);
  CHECK(h.score == 2);
  SECTION("TSV and semicolons") {
    CHECK(documentOf(read("id\tlabel\tscore\n1\t0\t0.25\n2\t1\t0.75\n3\t0\t0.5\n")) == documentOf(read(plain)));
    CHECK(documentOf(read("id;label;score\n1;0;0,25\n2;1;0.75\n3;0;0.5\n")) != documentOf(read(plain)));  // 0,25 is no number
    CHECK(focal::inspectHeader("a\tb\n", 4).format == "tsv");
    CHECK(focal::inspectHeader("a;b\n", 4).delimiter == ';');
  }
}

TEST_CASE("data reader: the same summary whatever the chunk boundaries", "[data][reader][chunks]") {
  std::string csv = "\xEF\xBB\xBFimage,\"label\",logit\r\n";
  focal::Random rng(5);
  for (int i = 0; i < 300; ++i) {
    csv += "\"img " + std::to_string(i) + ",\"\"x\"\"\"," + std::to_string(rng.uniform() < 0.1) + "," +
           std::to_string(rng.normal() * 4) + "\r\n";
    if (i % 50 == 7) csv += "\r\n" + std::to_string(i) + ",7,1\r\n";  // a blank line and a bad label
  }
  const std::string whole = documentOf(read(csv));
  for (std::size_t chunk : {1, 2, 3, 7, 64, 1000}) {
    CAPTURE(chunk);
    CHECK(documentOf(read(csv, {}, chunk)) == whole);
  }
}

TEST_CASE("data reader: skipped rows carry their line and reason", "[data][reader]") {
  const std::string csv =
      "label,score\n"      // 1
      "0,0.5\n"            // 2
      "\n"                 // 3 (blank: not a row)
      "2,0.5\n"            // 4
      "1,abc\n"            // 5
      "\"1\nx\",0.5\n"     // 6-7: a quoted line break inside the label
      "1,nan\n"            // 8
      "1,inf\n"            // 9
      "1\n"                // 10
      ",0.5\n"             // 11
      "true,0.75\n";       // 12
  const focal::DataSummary s = read(csv);
  CHECK(s.rows == 2);
  REQUIRE(s.skipped.size() == 7);
  CHECK(s.skippedCount == 7);
  const std::vector<std::pair<double, std::string>> expected = {
      {4, "label \"2\" is not 0 or 1"}, {5, "score \"abc\" is not a number"}, {6, "label \"1?x\" is not 0 or 1"},
      {8, "score \"nan\" is not finite"}, {9, "score \"inf\" is not finite"}, {10, "has 1 field, the header has 2"},
      {11, "label is empty"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CHECK(s.skipped[i].line == expected[i].first);
    CHECK(s.skipped[i].reason == expected[i].second);
  }
  SECTION("the list keeps the first 100, the count all of them") {
    std::string many = "label,score\n";
    for (int i = 0; i < 250; ++i) many += "5,0.5\n";
    many += "1,0.5\n";
    const focal::DataSummary m = read(many);
    CHECK(m.skippedCount == 250);
    CHECK(m.skipped.size() == 100);
    CHECK(m.skipped.back().line == 101);
  }
  SECTION("an unclosed quote at the end") {
    const focal::DataSummary u = read("label,score\n1,0.5\n0,\"0.5\n");
    CHECK(u.rows == 1);
    REQUIRE(u.skipped.size() == 1);
    CHECK(u.skipped[0].reason == "a quoted field is not closed");
  }
}

TEST_CASE("data reader: wide tables expand into one decision per class", "[data][reader][wide]") {
  focal::DataReaderOptions o;
  o.wide = true;
  SECTION("indexed score columns, class -1 means none") {
    const std::string csv = "class,logit_0,logit_1,logit_2\n0,1,-1,-2\n2,-3,0,4\n-1,-5,-6,-7\n3,0,0,0\n1.5,0,0,0\n";
    const focal::DataHeader h = focal::inspectHeader(csv.data(), csv.size());
    REQUIRE(h.wide);
    CHECK(h.classColumn == 0);
    CHECK(h.wideScoreColumns == std::vector<int>{1, 2, 3});
    CHECK(h.scoresAreLogitsByName);
    const focal::DataSummary s = read(csv, o);
    CHECK(s.rows == 3);
    CHECK(s.histogram.decisions == 9);
    CHECK(s.histogram.positives == 2);
    CHECK(s.scoresAre == focal::ScoresAre::Logits);
    REQUIRE(s.skipped.size() == 2);
    CHECK(s.skipped[0].reason == "class 3 is not a class index in -1..2");
    CHECK(s.skipped[1].line == 6);
    // The decisions are the long table's.
    const std::string longForm = "label,logit\n1,1\n0,-1\n0,-2\n0,-3\n0,0\n1,4\n0,-5\n0,-6\n0,-7\n";
    focal::DataSummary a = read(csv, o), b = read(longForm);
    a.rows = b.rows;
    a.skipped.clear();
    a.skippedCount = 0;
    CHECK(documentOf(std::move(a)) == documentOf(std::move(b)));
  }
  SECTION("class names and a named background") {
    o.background = "background";
    const std::string csv =
        "image,category,cat,dog,background\n"
        "a,cat,0.9,0.1,0.5\n"
        "b,background,0.2,0.3,0.9\n"
        "c,-1,0.2,0.3,0.9\n"
        "d,1,0.1,0.8,0.1\n"
        "e,2,0.1,0.1,0.8\n"
        "f,horse,0.1,0.1,0.8\n";
    const focal::DataHeader h = focal::inspectHeader(csv.data(), csv.size());
    REQUIRE(h.wide);
    CHECK(h.columns[static_cast<std::size_t>(h.classColumn)] == "category");
    CHECK(h.wideScoreColumns == std::vector<int>{2, 3, 4});
    const focal::DataSummary s = read(csv, o);
    CHECK(s.rows == 5);
    CHECK(s.histogram.decisions == 10);  // the background column is no class: 2 per row
    CHECK(s.histogram.positives == 2);   // cat in row a, dog in row d; class 2 is the background
    REQUIRE(s.skipped.size() == 1);
    CHECK(s.skipped[0].line == 7);
    CHECK_THAT(s.skipped[0].reason, Contains("horse"));
  }
}

namespace {

std::string npyFile(const char* descr, const std::string& shape, const std::vector<double>& values, bool fortran = false,
                    int version = 1) {
  std::string dict = std::string("{'descr': '") + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': " + shape + ", }";
  const std::size_t prefix = version == 1 ? 10 : 12;
  while ((prefix + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  const std::size_t len = dict.size();
  out += static_cast<char>(len & 0xFF);
  out += static_cast<char>((len >> 8) & 0xFF);
  if (version > 1) out += std::string(2, '\0');
  out += dict;
  const bool f32 = descr[2] == '4', big = descr[0] == '>';
  for (double v : values) {
    char bytes[8];
    if (f32) {
      const float f = static_cast<float>(v);
      std::memcpy(bytes, &f, 4);
    } else {
      std::memcpy(bytes, &v, 8);
    }
    const std::size_t n = f32 ? 4 : 8;
    if (big) std::reverse(bytes, bytes + n);
    out.append(bytes, n);
  }
  return out;
}

focal::DataReaderOptions npyOptions() {
  focal::DataReaderOptions o;
  o.format = "npy";
  return o;
}

}  // namespace

TEST_CASE("data reader: .npy float32 and float64", "[data][reader][npy]") {
  const std::vector<double> values = {0, -2.5, 1, 3.0, 0, 0.5, 0.5, 1.0, 1, NAN};
  const std::string f64 = npyFile("<f8", "(5, 2)", values);
  const focal::DataHeader h = focal::inspectHeader(f64.data(), f64.size());
  CHECK(h.format == "npy");
  CHECK_FALSE(h.npyFloat32);
  CHECK(h.npyRows == 5);
  const focal::DataSummary s = read(f64, npyOptions());
  CHECK(s.rows == 3);
  CHECK(s.scoresAre == focal::ScoresAre::Logits);  // -2.5 and 3 lie outside [0, 1]
  REQUIRE(s.skipped.size() == 2);
  CHECK(s.skipped[0].line == 4);
  CHECK(s.skipped[0].reason == "target 0.5 is not 0 or 1");
  CHECK(s.skipped[1].reason == "score NaN is not finite");
  // float32 (the values are exact in float32), big-endian, version 2, and a byte-by-byte push.
  const std::string whole = documentOf(read(f64, npyOptions()));
  CHECK(documentOf(read(npyFile("<f4", "(5, 2)", values), npyOptions())) == whole);
  CHECK(documentOf(read(npyFile(">f8", "(5, 2)", values), npyOptions())) == whole);
  CHECK(documentOf(read(npyFile("<f8", "(5, 2)", values, false, 2), npyOptions())) == whole);
  CHECK(documentOf(read(f64, npyOptions(), 1)) == whole);
  CHECK(documentOf(read(f64, npyOptions(), 5)) == whole);
  CHECK(focal::inspectHeader(npyFile("<f4", "(5, 2)", values).data(), 200).npyFloat32);
}

TEST_CASE("data reader: bad .npy files are refused whole", "[data][reader][npy]") {
  const std::vector<double> values = {0, 0.5, 1, 0.25};
  const std::string good = npyFile("<f8", "(2, 2)", values);
  requireRefused(good.substr(0, good.size() - 3), npyOptions(), "truncated");
  requireRefused(good.substr(0, 40), npyOptions(), "ends inside its header");
  requireRefused(good + "xxxxxxxx", npyOptions(), "more data than");
  requireRefused(npyFile("<i8", "(2, 2)", values), npyOptions(), "'<i8' values; only float32 and float64");
  requireRefused(npyFile("<f2", "(2, 2)", {}), npyOptions(), "only float32 and float64");
  requireRefused(npyFile("<f8", "(2, 2)", values, true), npyOptions(), "Fortran order");
  requireRefused(npyFile("<f8", "(4,)", values), npyOptions(), "shape (4,), not (N, 2)");
  requireRefused(npyFile("<f8", "(1, 4)", values), npyOptions(), "shape (1, 4)");
  requireRefused(npyFile("<f8", "(0, 2)", {}), npyOptions(), "no rows");
  requireRefused("label,score\n", npyOptions(), "does not start like a .npy file");
  requireRefused("", npyOptions(), "empty");
  focal::DataReaderOptions limited = npyOptions();
  limited.maxDecisions = 1;
  requireRefused(good, limited, "more than 1 decisions");
  CHECK_THROWS_WITH(focal::inspectHeader(good.data(), 20), Contains("whole .npy header"));
}

TEST_CASE("data reader: files bad as a whole are refused with one sentence", "[data][reader]") {
  const focal::DataReaderOptions o;
  requireRefused("", o, "The file is empty.");
  requireRefused("\n\n  \r\n", o, "The file is empty.");
  requireRefused("0,0.5\n1,0.7\n", o, "The first line holds numbers, not column names");
  requireRefused("label score\n0 0.5\n", o, "unknown delimiter");
  requireRefused("a,b\n0,0.5\n", o, "No column is named like a label");
  requireRefused("label,b\n0,0.5\n", o, "No column is named like a score");
  requireRefused("label,y,score\n0,0,0.5\n", o, "Several columns could be the label (label, y); choose one.");
  requireRefused("label,score\n", o, "a header row but no data rows");
  requireRefused("label,score\n5,0.5\nx,0.2\n", o, "None of the 2 rows could be read; the first, on line 2: label \"5\" is not 0 or 1.");
  requireRefused(std::string(1 << 21, 'a'), o, "longer than 1 MiB");
  requireRefused("label,score\n1,\"" + std::string(1 << 21, 'a'), o, "quoted field that never closes");
  focal::DataReaderOptions limited;
  limited.maxDecisions = 3;
  requireRefused("label,score\n0,0.1\n0,0.1\n0,0.1\n0,0.1\n", limited, "more than 3 decisions");
  limited.wide = true;
  requireRefused("class,p_0,p_1\n0,0.1,0.2\n1,0.3,0.4\n", limited, "more than 3 decisions");
  CHECK_THROWS_WITH(focal::inspectHeader("", 0), "The file is empty.");
  CHECK_THROWS_WITH(focal::inspectHeader("1,2\n", 4), Contains("holds numbers"));
  CHECK_THROWS_WITH(focal::inspectHeader("labelscore\n", 11), Contains("unknown delimiter"));

  SECTION("a refused reader stays refused") {
    focal::DataReaderOptions l;
    l.maxDecisions = 1;
    focal::DataReader reader(l);
    const std::string csv = "label,score\n0,0.1\n0,0.2\n";
    CHECK_THROWS_WITH(reader.push(csv.data(), csv.size()), Contains("more than 1 decisions"));
    CHECK_THROWS_WITH(reader.finish(), Contains("more than 1 decisions"));
  }
}

TEST_CASE("data reader: options are validated, naming the option and the value", "[data][reader][validation]") {
  const auto make = [](focal::DataReaderOptions o) { focal::DataReader reader(o); };
  focal::DataReaderOptions o;
  o.format = "xlsx";
  focal_test::requireRejects([&] { make(o); }, "format", "\"xlsx\"");
  o = {};
  o.scoresAre = "odds";
  focal_test::requireRejects([&] { make(o); }, "scoresAre", "\"odds\"");
  o = {};
  o.maxDecisions = 0.5;
  focal_test::requireRejects([&] { make(o); }, "maxDecisions", "0.5");
  o = {};
  o.background = "bg";
  focal_test::requireRejects([&] { make(o); }, "background", "\"bg\"");
  o = {};
  o.format = "npy";
  o.wide = true;
  focal_test::requireRejects([&] { make(o); }, "wide", "true");
  o = {};
  o.label = "truth";
  focal_test::requireRejects([&] { read("label,score\n0,0.5\n", o); }, "label", "\"truth\"");
  o = {};
  o.score = "label";
  focal_test::requireRejects([&] { read("label,score\n0,0.5\n", o); }, "score", "\"label\"");
  SECTION("a chosen column is found by its name, case aside") {
    o = {};
    o.label = "Truth";
    o.score = "P1";
    const focal::DataSummary s = read("truth,target,p1,p2\n1,0,0.75,0.1\n", o);
    CHECK(s.histogram.positives == 1);
  }
}

TEST_CASE("data JSON: the document round-trips to the same report", "[data][json]") {
  const std::vector<Decision> ds = randomDecisions(3, 5000, 0.1, 3.0);
  focal::DataSummary s = summaryOf(ds);
  s.skip(7, "label \"q\" is not 0 or 1");
  s.skip(9, "a \"quoted\" reason with a \\ and a line\nbreak");
  focal::DataReportParams p;
  p.gamma = 1.5;
  p.alpha = 0.3;
  p.easyThreshold = 0.8;
  const std::string document = documentOf(s, p);
  const focal::DataSummary back = focal::summaryFromJson(document);
  CHECK(documentOf(back, p) == document);
  CHECK(back.skipped[1].reason == s.skipped[1].reason);
  for (double gamma : {0.0, 2.0, 7.0}) {
    focal::DataReportParams q = p;
    q.gamma = gamma;
    CHECK(focal::reportJson(reportOf(focal::summaryFromJson(document), q)) == focal::reportJson(reportOf(s, q)));
  }
  SECTION("the cached summary-only members give the same text as formatting everything") {
    focal::DataReporter reporter(summaryOf(ds));
    std::string cache;
    for (double threshold : {0.9, 0.6, 0.99}) {
      focal::DataReportParams q = p;
      q.easyThreshold = threshold;
      CHECK(focal::reportJson(reporter.report(q), &cache) == focal::reportJson(reporter.report(q)));
      CHECK_FALSE(cache.empty());
    }
  }
}

TEST_CASE("data JSON: a malformed document is refused with one sentence", "[data][json]") {
  const std::string good = documentOf(summaryOf({{0, -1.0}, {1, 2.0}, {0, 50.0}}));
  const auto refused = [](const std::string& text, const std::string& words) {
    INFO(words);
    CHECK_THROWS_WITH(focal::summaryFromJson(text), Contains("The report file is malformed") && Contains(words));
  };
  refused(good.substr(0, good.size() / 2), "");
  refused("{}", "needs format, version and summary");
  refused("[1,2]", "must be an object");
  std::string v2 = good;
  v2.replace(v2.find("\"version\":1"), 11, "\"version\":2");
  refused(v2, "version is 2");
  std::string counts = good;
  counts.replace(counts.find("\"decisions\":3", counts.find("\"summary\"")), 13, "\"decisions\":4");
  refused(counts, "disagree");
  std::string bin = good;
  const std::size_t bins = bin.find("\"bins\":[[", bin.find("\"histogram\""));
  bin.replace(bins + 9, 1, "9");
  refused(bin, "");
  refused(good + "x", "text after its end");
  std::string grid = good;
  grid.replace(grid.find("\"binsPerUnit\":1024"), 18, "\"binsPerUnit\":512");
  refused(grid, "the summary's fixed grid");
}

TEST_CASE("data reader: json input reads a focal-inspect document", "[data][reader][json]") {
  const std::string document = documentOf(read("label,logit\n0,-3\n1,2\n0,1\n"));
  focal::DataReaderOptions o;
  o.format = "json";
  CHECK(documentOf(read(document, o, 17)) == document);
  CHECK(focal::inspectHeader(document.data(), 64).format == "json");
}
