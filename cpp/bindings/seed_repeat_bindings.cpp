// Bindings for training over many seeds (seed_repeat.hpp). A range of seeds runs in slices
// (RawSeedRepeat.advance), so that a worker can report progress between them, and hands back its
// per-seed curves as fresh Float64Arrays (they cross to the page by structured clone). The bands
// come from rawCombineSeedCurves, which takes those curves back from any number of ranges.
// seed_repeat_api.js adds the type checks and the public names.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "seed_repeat.hpp"

#include "range_checked.hpp"

using namespace emscripten;
using focal_bindings::rangeChecked;

namespace {

constexpr const char* kModelNames[2] = {"crossEntropy", "focal"};

val copyOut(const std::vector<double>& v) { return val::global("Float64Array").new_(typed_memory_view(v.size(), v.data())); }

// A plain array in which a value that is not finite becomes null: the page never shows NaN, and
// JSON keeps null.
val nullable(double v) { return std::isfinite(v) ? val(v) : val::null(); }
val nullableArray(const std::vector<double>& values) {
  val a = val::array();
  for (double v : values) a.call<void>("push", nullable(v));
  return a;
}

val spread(const focal::Spread& s) {
  val o = val::object();
  o.set("p10", nullable(s.p10));
  o.set("p50", nullable(s.p50));
  o.set("p90", nullable(s.p90));
  return o;
}

val band(const focal::PercentileBands& b) {
  val o = val::object();
  o.set("p10", nullableArray(b.p10));
  o.set("p50", nullableArray(b.p50));
  o.set("p90", nullableArray(b.p90));
  return o;
}

val seedValues(const std::vector<std::size_t>& indices, const std::vector<double>& seeds) {
  val a = val::array();
  for (std::size_t i : indices) a.call<void>("push", seeds[i]);
  return a;
}

// ---- a range of seeds ---------------------------------------------------------------------------

focal::SeedRepeat* createSeedRepeat(focal::SeedRepeatParams params, double first, double last) {
  return rangeChecked([&] { return new focal::SeedRepeat(params, first, last); });
}

bool advance(focal::SeedRepeat& repeat, double budget) {
  return rangeChecked([&] { return repeat.advance(budget); });
}

double stepsDone(const focal::SeedRepeat& repeat) { return repeat.stepsDone(); }
double stepsTotal(const focal::SeedRepeat& repeat) { return repeat.stepsTotal(); }

val curvesOf(const focal::SeedRepeat& repeat) {
  const focal::SeedCurves& c = repeat.curves();
  val models = val::object();
  for (int m = 0; m < 2; ++m) {
    val o = val::object();
    o.set("loss", copyOut(c.models[m].loss));
    o.set("ap", copyOut(c.models[m].ap));
    o.set("recall", copyOut(c.models[m].recall));
    o.set("nonFiniteStep", copyOut(c.models[m].nonFiniteStep));
    models.set(kModelNames[m], o);
  }
  val o = val::object();
  o.set("first", static_cast<double>(c.first));
  o.set("last", static_cast<double>(c.last));
  o.set("seeds", copyOut(c.seeds));
  o.set("steps", copyOut(c.steps));
  o.set("noSkillAveragePrecision", c.noSkillAveragePrecision);
  o.set("models", models);
  return o;
}

// ---- bands --------------------------------------------------------------------------------------

std::vector<double> numbers(const val& v) { return convertJSArrayToNumberVector<double>(v); }

focal::SeedCurves curvesFrom(const val& part) {
  focal::SeedCurves c;
  c.first = static_cast<std::size_t>(part["first"].as<double>());
  c.last = static_cast<std::size_t>(part["last"].as<double>());
  c.seeds = numbers(part["seeds"]);
  c.steps = numbers(part["steps"]);
  c.noSkillAveragePrecision = part["noSkillAveragePrecision"].as<double>();
  for (int m = 0; m < 2; ++m) {
    const val model = part["models"][kModelNames[m]];
    c.models[m].loss = numbers(model["loss"]);
    c.models[m].ap = numbers(model["ap"]);
    c.models[m].recall = numbers(model["recall"]);
    c.models[m].nonFiniteStep = numbers(model["nonFiniteStep"]);
  }
  return c;
}

val modelBands(const focal::ModelBands& b, const std::vector<double>& seeds) {
  val stepsTo90 = spread(b.stepsTo90Spread);
  stepsTo90.set("perSeed", nullableArray(b.stepsTo90));
  stepsTo90.set("never", static_cast<double>(b.never));
  val finalAp = spread(b.finalApSpread);
  finalAp.set("perSeed", nullableArray(b.finalAp));
  val diverged = val::object();
  diverged.set("count", static_cast<double>(b.divergedCount()));
  std::vector<std::size_t> all = b.nonFinite;
  all.insert(all.end(), b.belowNoSkill.begin(), b.belowNoSkill.end());
  std::sort(all.begin(), all.end());
  diverged.set("seeds", seedValues(all, seeds));
  diverged.set("nonFinite", seedValues(b.nonFinite, seeds));
  diverged.set("belowNoSkill", seedValues(b.belowNoSkill, seeds));
  val o = val::object();
  o.set("loss", band(b.loss));
  o.set("ap", band(b.ap));
  o.set("recall", band(b.recall));
  o.set("stepsTo90", stepsTo90);
  o.set("finalAp", finalAp);
  o.set("diverged", diverged);
  return o;
}

val combineSeedCurves(val parts) {
  return rangeChecked([&] {
    std::vector<focal::SeedCurves> curves;
    const std::size_t n = parts["length"].as<std::size_t>();
    for (std::size_t i = 0; i < n; ++i) curves.push_back(curvesFrom(parts[i]));
    const focal::SeedBands b = focal::combineSeedCurves(curves);
    val models = val::object();
    for (int m = 0; m < 2; ++m) models.set(kModelNames[m], modelBands(b.models[m], b.seeds));
    val comparison = val::object();
    comparison.set("seeds", static_cast<double>(b.comparison.compared));
    comparison.set("focalHigher", static_cast<double>(b.comparison.focalHigher));
    comparison.set("crossEntropyHigher", static_cast<double>(b.comparison.crossEntropyHigher));
    comparison.set("ties", static_cast<double>(b.comparison.ties));
    comparison.set("difference", spread(b.comparison.difference));
    comparison.set("withinSpread", b.comparison.withinSpread);
    val o = val::object();
    o.set("seeds", nullableArray(b.seeds));
    o.set("steps", nullableArray(b.steps));
    o.set("noSkillAveragePrecision", b.noSkillAveragePrecision);
    o.set("warmupSteps", b.warmupSteps);
    o.set("models", models);
    o.set("comparison", comparison);
    return o;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(focal_seed_repeat) {
  // training is the TrainingParams value object of simulation_bindings.cpp.
  value_object<focal::SeedRepeatParams>("SeedRepeatParams")
      .field("training", &focal::SeedRepeatParams::training)
      .field("seeds", &focal::SeedRepeatParams::seeds)
      .field("steps", &focal::SeedRepeatParams::steps)
      .field("checkpoints", &focal::SeedRepeatParams::checkpoints)
      .field("threshold", &focal::SeedRepeatParams::threshold);

  // The JS wrapper owns the instance and deletes it in delete().
  class_<focal::SeedRepeat>("RawSeedRepeat")
      .constructor(&createSeedRepeat, allow_raw_pointers())
      .function("advance", &advance)
      .function("stepsDone", &stepsDone)
      .function("stepsTotal", &stepsTotal)
      .function("curves", &curvesOf);

  function("rawCombineSeedCurves", &combineSeedCurves);
}
