// Bindings for the imbalance panels: the anchor simulator, the side-by-side training run and the
// classification metrics. The core does the work; each binding converts, forwards, turns the
// core's std::invalid_argument into a JS RangeError, and copies results once into fresh JS typed
// arrays (new Float64Array(view) copies), so no view of the wasm heap outlives the call.
// simulation_api.js adds the type checks and gives the results their public shape.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "anchor_simulation.hpp"
#include "metrics.hpp"
#include "trainer.hpp"

#include "range_checked.hpp"

using namespace emscripten;
using focal_bindings::rangeChecked;

namespace {

val copyOut(const double* data, std::size_t n) { return val::global("Float64Array").new_(typed_memory_view(n, data)); }
val copyOut(const std::vector<double>& v) { return copyOut(v.data(), v.size()); }
template <std::size_t N>
val copyOut(const std::array<double, N>& a) { return copyOut(a.data(), N); }

// ---- anchors ----------------------------------------------------------------------------------

constexpr const char* kGroupNames[focal::kAnchorGroups] = {"easyNegatives", "hardNegatives", "positives"};

// {easyNegatives, hardNegatives, positives} from one value per group, in AnchorGroup order.
template <class T, class ToJs>
val byGroup(const std::array<T, focal::kAnchorGroups>& values, ToJs toJs) {
  val o = val::object();
  for (int g = 0; g < focal::kAnchorGroups; ++g) o.set(kGroupNames[g], toJs(values[g]));
  return o;
}
val byGroup(const std::array<double, focal::kAnchorGroups>& values) {
  return byGroup(values, [](double v) { return val(v); });
}

val numberArray(const std::vector<double>& values) {
  val a = val::array();
  for (double v : values) a.call<void>("push", v);
  return a;
}

// One simulator per module: it keeps the sampled population and its buffers between slider moves.
focal::AnchorSimulator& simulator() {
  static focal::AnchorSimulator instance;
  return instance;
}

focal::AnchorSimulationParams withGammas(focal::AnchorSimulationParams params, std::uintptr_t gammas, std::size_t n) {
  const double* g = reinterpret_cast<const double*>(gammas);
  params.cdfGammas.assign(g, g + n);
  return params;
}

val groupLoss(const focal::GroupLoss& g) {
  val o = val::object();
  o.set("total", g.total);
  o.set("sums", byGroup(g.sums));
  o.set("shares", byGroup(g.shares));
  o.set("gradientTotal", g.gradientTotal);
  o.set("gradientSums", byGroup(g.gradientSums));
  o.set("gradientShares", byGroup(g.gradientShares));
  return o;
}

val lossCdf(const focal::LossCdf& c) {
  val o = val::object();
  o.set("count", static_cast<double>(c.count));
  o.set("fraction", copyOut(c.fraction));
  // One array per gamma of the Figure 4 curves.
  const std::size_t points = c.fraction.size();
  val curves = val::array();
  for (std::size_t g = 0; points > 0 && g < c.curves.size() / points; ++g) curves.call<void>("push", copyOut(c.curves.data() + g * points, points));
  o.set("curves", curves);
  o.set("hardestShare", numberArray(c.hardestShare));
  return o;
}

val initialLoss(const focal::InitialLoss& l) {
  val o = val::object();
  o.set("lossPerNegative", l.lossPerNegative);
  o.set("lossPerPositive", l.lossPerPositive);
  o.set("total", l.total);
  o.set("perPositive", l.perPositive);
  o.set("backgroundShare", l.backgroundShare);
  o.set("gradientBackgroundShare", l.gradientBackgroundShare);
  return o;
}

val initialState(const focal::InitialState& s) {
  val o = val::object();
  o.set("bias", s.bias);
  o.set("crossEntropy", initialLoss(s.crossEntropy));
  o.set("alphaCrossEntropy", initialLoss(s.alphaCrossEntropy));
  o.set("focal", initialLoss(s.focal));
  return o;
}

val simulateAnchors(focal::AnchorSimulationParams params, std::uintptr_t gammas, std::size_t gammaCount) {
  return rangeChecked([&] {
    const focal::AnchorReport& r = simulator().simulate(withGammas(params, gammas, gammaCount));
    val counts = byGroup(r.counts, [](std::size_t n) { return val(static_cast<double>(n)); });
    counts.set("negatives", static_cast<double>(r.counts[focal::EasyNegatives] + r.counts[focal::HardNegatives]));
    counts.set("total", static_cast<double>(r.counts[0] + r.counts[1] + r.counts[2]));
    const std::array<focal::LogitDistribution, focal::kAnchorGroups> used = {params.easyNegatives, params.hardNegatives,
                                                                               params.positives};
    val losses = val::object();
    losses.set("crossEntropy", groupLoss(r.crossEntropy));
    losses.set("alphaCrossEntropy", groupLoss(r.alphaCrossEntropy));
    losses.set("focal", groupLoss(r.focal));
    val cdf = val::object();
    cdf.set("gammas", numberArray(r.cdfGammas));
    cdf.set("readoutFraction", params.readoutFraction);
    cdf.set("positives", lossCdf(r.positiveCdf));
    cdf.set("negatives", lossCdf(r.negativeCdf));
    val factor = val::object();
    factor.set("gamma", params.gamma);
    factor.set("log10Edges", copyOut(r.histogramEdges));
    factor.set("bins", static_cast<double>(r.histogramEdges.size() - 1));
    factor.set("counts", byGroup(r.histogramCounts, [](const std::vector<double>& c) { return copyOut(c); }));
    factor.set("below", byGroup(r.histogramBelow));
    val initialisation = val::object();
    initialisation.set("pi", params.priorPi);
    initialisation.set("zeroBias", initialState(r.zeroBias));
    initialisation.set("priorBias", initialState(r.priorBias));
    initialisation.set("negativeLossRatio", r.negativeLossRatio);
    val o = val::object();
    o.set("counts", counts);
    o.set("distributions", byGroup(used, [](const focal::LogitDistribution& d) { return val(d); }));
    o.set("losses", losses);
    o.set("cdf", cdf);
    o.set("modulatingFactor", factor);
    o.set("initialisation", initialisation);
    return o;
  });
}

val sampleAnchorLogits(focal::AnchorSimulationParams params) {
  return rangeChecked([&] {
    const auto logits = focal::sampleAnchorLogits(params);
    val o = val::object();
    o.set("easyNegatives", copyOut(logits[focal::EasyNegatives]));
    o.set("hardNegatives", copyOut(logits[focal::HardNegatives]));
    o.set("positives", copyOut(logits[focal::Positives]));
    return o;
  });
}

focal::AnchorDistributions anchorDistributions(double quality) {
  return rangeChecked([&] { return focal::anchorDistributions(quality); });
}

// ---- metrics ----------------------------------------------------------------------------------

val confusion(const focal::ConfusionMatrix& cm) {
  val o = val::object();
  o.set("truePositives", static_cast<double>(cm.truePositives));
  o.set("falsePositives", static_cast<double>(cm.falsePositives));
  o.set("trueNegatives", static_cast<double>(cm.trueNegatives));
  o.set("falseNegatives", static_cast<double>(cm.falseNegatives));
  return o;
}

val curve(const focal::PrecisionRecallCurve& c) {
  val o = val::object();
  o.set("recall", copyOut(c.recall));
  o.set("precision", copyOut(c.precision));
  o.set("threshold", copyOut(c.threshold));
  return o;
}

val classificationMetrics(std::uintptr_t scores, std::uintptr_t labels, std::size_t n, double threshold,
                          std::size_t curvePoints) {
  return rangeChecked([&] {
    static focal::MetricsWorkspace workspace;
    static focal::PrecisionRecallCurve pr;
    const double* s = reinterpret_cast<const double*>(scores);
    const double* y = reinterpret_cast<const double*>(labels);
    const focal::ConfusionMatrix cm = focal::confusionMatrix(s, y, n, threshold);
    const focal::ClassMetrics m = focal::classMetrics(cm);
    const double ap = focal::precisionRecall(s, y, n, curvePoints, workspace, pr);
    val o = val::object();
    o.set("confusion", confusion(cm));
    o.set("precision", m.precision);
    o.set("recall", m.recall);
    o.set("f1", m.f1);
    o.set("averagePrecision", ap);
    o.set("prCurve", curve(pr));
    return o;
  });
}

// The reliability diagram, in its public shape: {bins: [{count, meanProbability, positiveRate}], ece}.
val calibrationValue(const focal::Calibration& c) {
  val list = val::array();
  for (const focal::CalibrationBin& bin : c.bins) {
    val o = val::object();
    o.set("count", static_cast<double>(bin.count));
    o.set("meanProbability", bin.meanProbability);
    o.set("positiveRate", bin.positiveRate);
    list.call<void>("push", o);
  }
  val o = val::object();
  o.set("bins", list);
  o.set("ece", c.ece);
  return o;
}

val calibration(std::uintptr_t probabilities, std::uintptr_t labels, std::size_t n, std::size_t bins) {
  return rangeChecked([&] {
    return calibrationValue(focal::calibration(reinterpret_cast<const double*>(probabilities),
                                               reinterpret_cast<const double*>(labels), n, bins));
  });
}

// ---- training ---------------------------------------------------------------------------------

focal::TrainingRun* createTrainingRun(focal::TrainingParams params) {
  return rangeChecked([&] { return new focal::TrainingRun(params); });
}

void stepRun(focal::TrainingRun& run, double k) {
  rangeChecked([&] {
    run.step(k);
    return 0;
  });
}

double runSteps(const focal::TrainingRun& run) { return static_cast<double>(run.steps()); }

val modelSnapshot(const focal::ModelSnapshot& m) {
  val o = val::object();
  o.set("diverged", m.diverged);
  o.set("loss", m.loss);
  o.set("crossEntropy", m.crossEntropy);
  o.set("confusion", confusion(m.confusion));
  o.set("precision", m.metrics.precision);
  o.set("recall", m.metrics.recall);
  o.set("f1", m.metrics.f1);
  o.set("averagePrecision", m.averagePrecision);
  o.set("prCurve", curve(m.curve));
  o.set("grid", copyOut(m.grid));
  o.set("lossHistory", copyOut(m.lossHistory));
  o.set("historyStride", static_cast<double>(m.historyStride));
  o.set("calibration", calibrationValue(m.calibration));
  return o;
}

val bounds(const focal::Dataset& d) {
  val o = val::object();
  o.set("minX", d.minX);
  o.set("maxX", d.maxX);
  o.set("minY", d.minY);
  o.set("maxY", d.maxY);
  return o;
}

val snapshotRun(focal::TrainingRun& run, focal::SnapshotParams params) {
  return rangeChecked([&] {
    const focal::TrainingSnapshot& s = run.snapshot(params);
    val o = val::object();
    o.set("step", static_cast<double>(s.step));
    o.set("threshold", s.threshold);
    o.set("gridSize", static_cast<double>(s.gridSize));
    o.set("bounds", bounds(run.dataset()));
    o.set("noSkillAveragePrecision", s.noSkillAveragePrecision);
    o.set("crossEntropy", modelSnapshot(s.models[focal::TrainingRun::kCrossEntropy]));
    o.set("focal", modelSnapshot(s.models[focal::TrainingRun::kFocal]));
    // With FLSD-53 as the focal model's gamma: the fixed-gamma FL trained beside it.
    if (s.modelCount > 2) o.set("fixedGammaFocal", modelSnapshot(s.models[focal::TrainingRun::kFixedGammaFocal]));
    return o;
  });
}

val datasetOf(const focal::TrainingRun& run) {
  const focal::Dataset& d = run.dataset();
  val o = val::object();
  o.set("count", static_cast<double>(d.count));
  o.set("minorityCount", static_cast<double>(d.minorityCount));
  o.set("features", copyOut(d.features));
  o.set("labels", copyOut(d.labels));
  o.set("cleanLabels", copyOut(d.cleanLabels));
  o.set("bounds", bounds(d));
  return o;
}

val parametersOf(const focal::TrainingRun& run, int model) {
  const bool known = model >= 0 && static_cast<std::size_t>(model) < run.modelCount();
  return copyOut(run.parameters(known ? model : focal::TrainingRun::kCrossEntropy));
}

}  // namespace

EMSCRIPTEN_BINDINGS(focal_simulation) {
  value_object<focal::LogitDistribution>("LogitDistribution")
      .field("mean", &focal::LogitDistribution::mean)
      .field("std", &focal::LogitDistribution::std);
  value_object<focal::AnchorDistributions>("AnchorDistributions")
      .field("easyNegatives", &focal::AnchorDistributions::easyNegatives)
      .field("hardNegatives", &focal::AnchorDistributions::hardNegatives)
      .field("positives", &focal::AnchorDistributions::positives);
  // cdfGammas is a vector and crosses separately, as a heap address and a length.
  value_object<focal::AnchorSimulationParams>("AnchorSimulationParams")
      .field("count", &focal::AnchorSimulationParams::count)
      .field("foregroundFraction", &focal::AnchorSimulationParams::foregroundFraction)
      .field("hardNegativeFraction", &focal::AnchorSimulationParams::hardNegativeFraction)
      .field("seed", &focal::AnchorSimulationParams::seed)
      .field("easyNegatives", &focal::AnchorSimulationParams::easyNegatives)
      .field("hardNegatives", &focal::AnchorSimulationParams::hardNegatives)
      .field("positives", &focal::AnchorSimulationParams::positives)
      .field("gamma", &focal::AnchorSimulationParams::gamma)
      .field("alpha", &focal::AnchorSimulationParams::alpha)
      .field("cdfPoints", &focal::AnchorSimulationParams::cdfPoints)
      .field("readoutFraction", &focal::AnchorSimulationParams::readoutFraction)
      .field("histogramBins", &focal::AnchorSimulationParams::histogramBins)
      .field("histogramMinLog10", &focal::AnchorSimulationParams::histogramMinLog10)
      .field("priorPi", &focal::AnchorSimulationParams::priorPi);
  value_object<focal::DatasetParams>("DatasetParams")
      .field("kind", &focal::DatasetParams::kind)
      .field("count", &focal::DatasetParams::count)
      .field("minorityFraction", &focal::DatasetParams::minorityFraction)
      .field("labelNoise", &focal::DatasetParams::labelNoise)
      .field("seed", &focal::DatasetParams::seed);
  value_object<focal::TrainingParams>("TrainingParams")
      .field("dataset", &focal::TrainingParams::dataset)
      .field("model", &focal::TrainingParams::model)
      .field("hidden", &focal::TrainingParams::hidden)
      .field("activation", &focal::TrainingParams::activation)
      .field("optimizer", &focal::TrainingParams::optimizer)
      .field("learningRate", &focal::TrainingParams::learningRate)
      .field("momentum", &focal::TrainingParams::momentum)
      .field("batchSize", &focal::TrainingParams::batchSize)
      .field("crossEntropyAlpha", &focal::TrainingParams::crossEntropyAlpha)
      .field("gamma", &focal::TrainingParams::gamma)
      .field("alpha", &focal::TrainingParams::alpha)
      .field("focalGamma", &focal::TrainingParams::focalGamma)
      .field("priorInit", &focal::TrainingParams::priorInit)
      .field("priorPi", &focal::TrainingParams::priorPi)
      .field("normalization", &focal::TrainingParams::normalization)
      .field("seed", &focal::TrainingParams::seed);
  value_object<focal::SnapshotParams>("SnapshotParams")
      .field("threshold", &focal::SnapshotParams::threshold)
      .field("gridSize", &focal::SnapshotParams::gridSize)
      .field("curvePoints", &focal::SnapshotParams::curvePoints)
      .field("calibrationBins", &focal::SnapshotParams::calibrationBins);

  function("rawSimulateAnchors", &simulateAnchors);
  function("rawSampleAnchorLogits", &sampleAnchorLogits);
  function("rawAnchorDistributions", &anchorDistributions);
  function("rawClassificationMetrics", &classificationMetrics);
  function("rawCalibration", &calibration);

  // The JS wrapper owns the instance and deletes it in run.delete().
  class_<focal::TrainingRun>("RawTrainingRun")
      .constructor(&createTrainingRun, allow_raw_pointers())
      .function("step", &stepRun)
      .function("steps", &runSteps)
      .function("reset", &focal::TrainingRun::reset)
      .function("snapshot", &snapshotRun)
      .function("dataset", &datasetOf)
      .function("parameters", &parametersOf);
}
