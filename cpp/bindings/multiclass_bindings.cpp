// Bindings for three classes: the three-class training run, the loss over the probability simplex,
// per-class metrics and the per-class sigmoid focal loss. The core does the work; each binding
// converts, forwards, turns the core's std::invalid_argument into a JS RangeError, and copies
// results once into fresh JS arrays, so no view of the wasm heap outlives the call. Lists (the
// alphas, logits, probabilities) arrive as heap addresses that multiclass_api.js filled and checked.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "multiclass.hpp"
#include "multiclass_trainer.hpp"
#include "validation.hpp"

#include "range_checked.hpp"

using namespace emscripten;
using focal_bindings::rangeChecked;

namespace {

template <typename T>
const T* heapPtr(std::uintptr_t address) { return reinterpret_cast<const T*>(address); }

val copyOut(const std::vector<double>& v) { return val::global("Float64Array").new_(typed_memory_view(v.size(), v.data())); }
val copyOut(const std::vector<std::uint8_t>& v) { return val::global("Uint8Array").new_(typed_memory_view(v.size(), v.data())); }

template <typename T, std::size_t N>
val numberArray(const std::array<T, N>& values) {
  val a = val::array();
  for (const T& v : values) a.call<void>("push", static_cast<double>(v));
  return a;
}

// A class index crosses as a JS number; anything but 0, 1, ... n - 1 is named here.
std::size_t classIndex(double target, std::size_t n) {
  if (!(target >= 0 && target < static_cast<double>(n) && target == static_cast<double>(static_cast<std::size_t>(target))))
    throw std::invalid_argument("target must be a class index in [0, " + std::to_string(n == 0 ? 0 : n - 1) +
                                "], got " + focal::formatValue(target));
  return static_cast<std::size_t>(target);
}

double oneHotSigmoidFocal(std::uintptr_t logits, std::size_t n, double target, std::uintptr_t alphas, double gamma,
                          std::uintptr_t outGrad) {
  return rangeChecked([&] {
    return focal::oneHotSigmoidFocal(heapPtr<double>(logits), n, classIndex(target, n), heapPtr<double>(alphas), gamma,
                                     reinterpret_cast<double*>(outGrad));
  });
}

val simplexGrid(focal::SimplexParams params) {
  return rangeChecked([&] {
    static focal::SimplexGrid grid;
    focal::simplexGrid(params, grid);
    val o = val::object();
    o.set("resolution", static_cast<double>(grid.resolution));
    o.set("cells", static_cast<double>(grid.cells));
    o.set("upward", copyOut(grid.upward));
    o.set("probabilities", copyOut(grid.probabilities));
    o.set("loss", copyOut(grid.loss));
    o.set("gradient", copyOut(grid.gradient));
    o.set("flow", copyOut(grid.flow));
    return o;
  });
}

// {confusion: 3 rows (true class) of 3 counts (predicted class), precision, recall,
// averagePrecision: one per class, accuracy}.
val metricsValue(const focal::MulticlassMetrics& m) {
  val rows = val::array();
  for (std::size_t t = 0; t < focal::kClassCount; ++t) {
    val row = val::array();
    for (std::size_t p = 0; p < focal::kClassCount; ++p) row.call<void>("push", static_cast<double>(m.confusion[focal::kClassCount * t + p]));
    rows.call<void>("push", row);
  }
  val o = val::object();
  o.set("confusion", rows);
  o.set("precision", numberArray(m.precision));
  o.set("recall", numberArray(m.recall));
  o.set("averagePrecision", numberArray(m.averagePrecision));
  o.set("accuracy", m.accuracy);
  return o;
}

val multiclassMetrics(std::uintptr_t probabilities, std::uintptr_t labels, std::size_t n) {
  return rangeChecked([&] {
    static focal::MulticlassWorkspace workspace;
    return metricsValue(focal::multiclassMetrics(heapPtr<double>(probabilities), heapPtr<double>(labels), n, workspace));
  });
}

// ---- the run ------------------------------------------------------------------------------------

focal::MulticlassRun* createRun(focal::MulticlassParams params, std::uintptr_t alphas, std::size_t alphaCount) {
  return rangeChecked([&] {
    const double* a = heapPtr<double>(alphas);
    params.alphas.assign(a, a + alphaCount);
    return new focal::MulticlassRun(params);
  });
}

void stepRun(focal::MulticlassRun& run, double k) {
  rangeChecked([&] {
    run.step(k);
    return 0;
  });
}

double runSteps(const focal::MulticlassRun& run) { return static_cast<double>(run.steps()); }

val bounds(const focal::Dataset& d) {
  val o = val::object();
  o.set("minX", d.minX);
  o.set("maxX", d.maxX);
  o.set("minY", d.minY);
  o.set("maxY", d.maxY);
  return o;
}

val modelSnapshot(const focal::MulticlassModelSnapshot& m) {
  val o = metricsValue(m.metrics);
  o.set("diverged", m.diverged);
  o.set("loss", m.loss);
  o.set("gridClass", copyOut(m.gridClass));
  o.set("gridProbability", copyOut(m.gridProbability));
  o.set("lossHistory", copyOut(m.lossHistory));
  o.set("historyStride", static_cast<double>(m.historyStride));
  return o;
}

val snapshotRun(focal::MulticlassRun& run, focal::MulticlassSnapshotParams params) {
  return rangeChecked([&] {
    const focal::MulticlassSnapshot& s = run.snapshot(params);
    val models = val::object();
    models.set("crossEntropy", modelSnapshot(s.models[focal::MulticlassRun::kCrossEntropy]));
    models.set("focal", modelSnapshot(s.models[focal::MulticlassRun::kFocal]));
    val o = val::object();
    o.set("step", static_cast<double>(s.step));
    o.set("gridSize", static_cast<double>(s.gridSize));
    o.set("bounds", bounds(run.dataset()));
    o.set("classCounts", numberArray(s.classCounts));
    o.set("models", models);
    return o;
  });
}

val datasetOf(const focal::MulticlassRun& run) {
  const focal::Dataset& d = run.dataset();
  val o = val::object();
  o.set("count", static_cast<double>(d.count));
  o.set("classes", static_cast<double>(focal::kClassCount));
  o.set("minorityCount", static_cast<double>(d.minorityCount));
  o.set("features", copyOut(d.features));
  o.set("labels", copyOut(d.labels));
  o.set("cleanLabels", copyOut(d.cleanLabels));
  o.set("bounds", bounds(d));
  return o;
}

val parametersOf(const focal::MulticlassRun& run, int model) {
  return copyOut(run.parameters(model == focal::MulticlassRun::kFocal ? focal::MulticlassRun::kFocal
                                                                     : focal::MulticlassRun::kCrossEntropy));
}

}  // namespace

EMSCRIPTEN_BINDINGS(focal_multiclass) {
  // The data set's fields cross as the DatasetParams simulation_bindings.cpp registers; the alphas,
  // a list, cross separately as a heap address and a length.
  value_object<focal::MulticlassParams>("MulticlassParams")
      .field("dataset", &focal::MulticlassParams::dataset)
      .field("model", &focal::MulticlassParams::model)
      .field("hidden", &focal::MulticlassParams::hidden)
      .field("activation", &focal::MulticlassParams::activation)
      .field("optimizer", &focal::MulticlassParams::optimizer)
      .field("learningRate", &focal::MulticlassParams::learningRate)
      .field("momentum", &focal::MulticlassParams::momentum)
      .field("batchSize", &focal::MulticlassParams::batchSize)
      .field("gamma", &focal::MulticlassParams::gamma)
      .field("crossEntropyAlphas", &focal::MulticlassParams::crossEntropyAlphas)
      .field("lossForm", &focal::MulticlassParams::lossForm)
      .field("priorInit", &focal::MulticlassParams::priorInit)
      .field("priorPi", &focal::MulticlassParams::priorPi)
      .field("seed", &focal::MulticlassParams::seed);
  value_object<focal::MulticlassSnapshotParams>("MulticlassSnapshotParams")
      .field("gridSize", &focal::MulticlassSnapshotParams::gridSize);
  value_object<focal::SimplexParams>("SimplexParams")
      .field("resolution", &focal::SimplexParams::resolution)
      .field("gamma", &focal::SimplexParams::gamma)
      .field("alpha", &focal::SimplexParams::alpha)
      .field("target", &focal::SimplexParams::target);

  function("rawOneHotSigmoidFocal", &oneHotSigmoidFocal);
  function("rawSimplexGrid", &simplexGrid);
  function("rawMulticlassMetrics", &multiclassMetrics);

  // The JS wrapper owns the instance and deletes it in run.delete().
  class_<focal::MulticlassRun>("RawMulticlassRun")
      .constructor(&createRun, allow_raw_pointers())
      .function("step", &stepRun)
      .function("steps", &runSteps)
      .function("reset", &focal::MulticlassRun::reset)
      .function("snapshot", &snapshotRun)
      .function("dataset", &datasetOf)
      .function("parameters", &parametersOf);
}
