#include "registry.hpp"

#include <cmath>
#include <stdexcept>

#include "anchor_simulation.hpp"
#include "multiclass_trainer.hpp"
#include "trainer.hpp"
#include "validation.hpp"

namespace focal {
namespace {

NumberRange closed(double min, double max) { return {min, max, false, false, false, false}; }
NumberRange whole(double min, double max) { return {min, max, false, false, true, false}; }
NumberRange openBelow(double min, double max) { return {min, max, true, false, false, false}; }
NumberRange openAbove(double min, double max) { return {min, max, false, true, false, false}; }
NumberRange open(double min, double max) { return {min, max, true, true, false, false}; }
NumberRange weight() { return {0.0, 1.0, false, false, false, true}; }

// Ranges of the loss parameters the explorer offers (docs/paper-notes.md for where each comes from).
const NumberRange kGamma = closed(0, 10);
const NumberRange kUnitWeight = closed(0, 1);

LossParameterSpec parameter(const char* name, double LossParams::*field, NumberRange range) {
  return {name, field, range, LossParams{}.*field};
}

LossParameterSpec parameter(const char* name, double LossParams::*field, NumberRange range, double paperDefault) {
  return {name, field, range, paperDefault};
}

std::vector<LossSpec> makeLosses() {
  const LossParameterSpec alpha = parameter("alpha", &LossParams::alpha, kUnitWeight);
  const LossParameterSpec gamma = parameter("gamma", &LossParams::gamma, kGamma);
  return {
      {LossKind::CrossEntropy, "crossEntropy", "Lin et al. 2017, Section 3", false, {}},
      {LossKind::AlphaCrossEntropy, "alphaCrossEntropy", "Lin et al. 2017, Section 3.1", false, {alpha}},
      {LossKind::Focal, "focal", "Lin et al. 2017, Section 3.2", false, {alpha, gamma}},
      {LossKind::FocalStar, "focalStar", "Lin et al. 2017, Appendix A", false,
       {parameter("gamma", &LossParams::gamma, openBelow(0, 10)), parameter("beta", &LossParams::beta, closed(-5, 5))}},
      {LossKind::QualityFocal, "qualityFocal", "Li et al. 2020 (Generalized Focal Loss)", true,
       {parameter("qualityBeta", &LossParams::qualityBeta, closed(0, 10))}},
      // VFL's paper trains with alpha = 0.75, not FL's 0.25.
      {LossKind::Varifocal, "varifocal", "Zhang et al. 2021 (VarifocalNet)", true,
       {parameter("alpha", &LossParams::alpha, kUnitWeight, 0.75), gamma}},
      {LossKind::Asymmetric, "asymmetric", "Ridnik et al. 2021 (Asymmetric Loss)", false,
       {parameter("gammaPos", &LossParams::gammaPos, kGamma), parameter("gammaNeg", &LossParams::gammaNeg, kGamma),
        parameter("margin", &LossParams::margin, kUnitWeight)}},
      {LossKind::PolyOne, "polyOne", "Leng et al. 2022 (PolyLoss)", false,
       {parameter("epsilon", &LossParams::epsilon, closed(-1, 10))}},
      {LossKind::PolyOneFocal, "polyOneFocal", "Leng et al. 2022 (PolyLoss)", false,
       {alpha, gamma, parameter("epsilon", &LossParams::epsilon, closed(-1, 10))}},
      {LossKind::Flsd53, "flsd53", "Mukhoti et al. 2020 (Calibrating Deep Neural Networks using Focal Loss)", false, {}},
  };
}

OptionSpec named(const char* name, OptionKind kind) {
  OptionSpec o;
  o.name = name;
  o.kind = kind;
  return o;
}

OptionSpec number(const char* name, NumberRange range, double defaultValue) {
  OptionSpec o = named(name, OptionKind::Number);
  o.range = range;
  o.defaultNumber = defaultValue;
  return o;
}

OptionSpec choice(const char* name, std::vector<std::string> choices, std::string defaultValue) {
  OptionSpec o = named(name, OptionKind::Choice);
  o.choices = std::move(choices);
  o.defaultChoice = std::move(defaultValue);
  return o;
}

OptionSpec boolean(const char* name, bool defaultValue) {
  OptionSpec o = named(name, OptionKind::Boolean);
  o.defaultBoolean = defaultValue;
  return o;
}

// A logit distribution override: null (follow detectorQuality) or {mean, std}.
OptionSpec distribution(const char* name) {
  OptionSpec o = named(name, OptionKind::Distribution);
  o.mean = closed(-1000, 1000);
  o.std = closed(0, 100);
  return o;
}

// 2^53: every whole number up to it is exact in a double, and so in a JS number.
constexpr double kMaxSeed = 9007199254740992.0;

std::vector<OptionSpec> makeAnchorOptions() {
  const AnchorSimulationParams d;
  OptionSpec gammas = named("cdfGammas", OptionKind::NumberList);
  gammas.range = kGamma;
  gammas.defaultList = d.cdfGammas;
  gammas.minItems = 1;
  gammas.maxItems = 16;
  return {
      number("count", whole(2, 2000000), d.count),
      number("foregroundFraction", openBelow(0, 0.5), d.foregroundFraction),
      number("hardNegativeFraction", closed(0, 1), d.hardNegativeFraction),
      number("seed", whole(0, kMaxSeed), d.seed),
      number("detectorQuality", closed(0, 1), kDefaultDetectorQuality),
      distribution("easyNegatives"),
      distribution("hardNegatives"),
      distribution("positives"),
      number("gamma", kGamma, d.gamma),
      number("alpha", weight(), d.alpha),
      gammas,
      number("cdfPoints", whole(2, 10000), d.cdfPoints),
      number("readoutFraction", closed(0, 1), d.readoutFraction),
      number("histogramBins", whole(1, 1000), d.histogramBins),
      number("histogramMinLog10", openAbove(-300, 0), d.histogramMinLog10),
      number("priorPi", open(0, 1), d.priorPi),
  };
}

std::vector<OptionSpec> makeTrainingOptions() {
  const TrainingParams d;
  return {
      choice("dataset", {"cluster", "ring", "moons"}, d.dataset.kind),
      number("count", whole(10, 100000), d.dataset.count),
      number("minorityFraction", closed(0.001, 0.5), d.dataset.minorityFraction),
      number("labelNoise", closed(0, 0.5), d.dataset.labelNoise),
      number("seed", whole(0, kMaxSeed), d.seed),
      choice("model", {"logistic", "mlp"}, d.model),
      number("hidden", whole(1, static_cast<double>(kMaxHidden)), d.hidden),
      choice("activation", {"tanh", "relu"}, d.activation),
      choice("optimizer", {"sgd", "adam"}, d.optimizer),
      number("learningRate", openBelow(0, 10), d.learningRate),
      number("momentum", openAbove(0, 1), d.momentum),
      number("batchSize", whole(0, 1000000000), d.batchSize),
      number("crossEntropyAlpha", weight(), d.crossEntropyAlpha),
      number("gamma", kGamma, d.gamma),
      number("alpha", weight(), d.alpha),
      choice("focalGamma", {"fixed", "flsd53"}, d.focalGamma),
      boolean("priorInit", d.priorInit),
      number("priorPi", open(0, 1), d.priorPi),
      choice("normalization", {"mean", "positives"}, d.normalization),
  };
}

// The options the three-class run shares with the two-class one keep their entries (ranges and
// defaults are the same); alpha, crossEntropyAlpha and normalization do not apply to it.
std::vector<OptionSpec> makeMulticlassOptions(const std::vector<OptionSpec>& training) {
  const MulticlassParams d;
  std::vector<OptionSpec> options;
  for (const char* name : {"dataset", "count", "minorityFraction", "labelNoise", "seed", "model", "hidden", "activation",
                           "optimizer", "learningRate", "momentum", "batchSize", "gamma"})
    options.push_back(optionSpec(training, name));
  OptionSpec alphas = named("alphas", OptionKind::NumberList);
  alphas.range = kUnitWeight;
  alphas.defaultList = d.alphas;
  alphas.minItems = alphas.maxItems = static_cast<int>(kClassCount);
  options.push_back(alphas);
  options.push_back(boolean("crossEntropyAlphas", d.crossEntropyAlphas));
  options.push_back(choice("lossForm", {"softmax", "sigmoid"}, d.lossForm));
  options.push_back(optionSpec(training, "priorInit"));
  options.push_back(optionSpec(training, "priorPi"));
  return options;
}

// ---- JSON ---------------------------------------------------------------------------------------

// Names and choices are identifiers and paper titles: no character needs escaping but a quote or a
// backslash, which none has; checked rather than assumed.
std::string quoted(const std::string& text) {
  for (char c : text)
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) throw std::logic_error("registry text needs escaping: " + text);
  return "\"" + text + "\"";
}

std::string rangeFields(const NumberRange& r) {
  std::string s = "\"min\":" + formatValue(r.min) + ",\"max\":" + formatValue(r.max);
  if (r.minExclusive) s += ",\"minExclusive\":true";
  if (r.maxExclusive) s += ",\"maxExclusive\":true";
  if (r.integer) s += ",\"integer\":true";
  if (r.allowsOff) s += ",\"allowsOff\":true";
  return s;
}

std::string numberList(const std::vector<double>& values) {
  std::string s = "[";
  for (std::size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + formatValue(values[i]);
  return s + "]";
}

std::string optionJson(const OptionSpec& o) {
  std::string s = "{\"name\":" + quoted(o.name) + ",\"kind\":";
  switch (o.kind) {
    case OptionKind::Number:
      s += "\"number\"," + rangeFields(o.range) + ",\"defaultValue\":" + formatValue(o.defaultNumber);
      break;
    case OptionKind::Choice: {
      s += "\"choice\",\"choices\":[";
      for (std::size_t i = 0; i < o.choices.size(); ++i) s += (i ? "," : "") + quoted(o.choices[i]);
      s += "],\"defaultValue\":" + quoted(o.defaultChoice);
      break;
    }
    case OptionKind::Boolean:
      s += std::string("\"boolean\",\"defaultValue\":") + (o.defaultBoolean ? "true" : "false");
      break;
    case OptionKind::NumberList:
      s += "\"numberList\"," + rangeFields(o.range) + ",\"minItems\":" + std::to_string(o.minItems) +
           ",\"maxItems\":" + std::to_string(o.maxItems) + ",\"defaultValue\":" + numberList(o.defaultList);
      break;
    case OptionKind::Distribution:
      s += "\"distribution\",\"mean\":{" + rangeFields(o.mean) + "},\"std\":{" + rangeFields(o.std) +
           "},\"defaultValue\":null";
      break;
  }
  return s + "}";
}

std::string lossJson(const LossSpec& l) {
  std::string s = "{\"name\":" + quoted(l.name) + ",\"source\":" + quoted(l.source) +
                  ",\"softTargets\":" + (l.softTargets ? "true" : "false") + ",\"parameters\":[";
  for (std::size_t i = 0; i < l.parameters.size(); ++i) {
    const LossParameterSpec& p = l.parameters[i];
    s += std::string(i ? "," : "") + "{\"name\":" + quoted(p.name) + "," + rangeFields(p.range) +
         ",\"defaultValue\":" + formatValue(p.defaultValue) + "}";
  }
  return s + "]}";
}

template <class T, class F>
std::string jsonArray(const std::vector<T>& items, F toJson) {
  std::string s = "[";
  for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ",\n" : "\n") + toJson(items[i]);
  return s + "\n]";
}

}  // namespace

const std::vector<LossSpec>& lossRegistry() {
  static const std::vector<LossSpec> losses = makeLosses();
  return losses;
}

const LossSpec& lossSpec(LossKind kind) {
  for (const LossSpec& spec : lossRegistry())
    if (spec.kind == kind) return spec;
  throw std::logic_error("a LossKind without a registry entry");
}

LossParams defaultLossParams(LossKind kind) {
  LossParams params;
  for (const LossParameterSpec& p : lossSpec(kind).parameters) params.*(p.field) = p.defaultValue;
  return params;
}

const std::vector<OptionSpec>& anchorOptionRegistry() {
  static const std::vector<OptionSpec> options = makeAnchorOptions();
  return options;
}

const std::vector<OptionSpec>& trainingOptionRegistry() {
  static const std::vector<OptionSpec> options = makeTrainingOptions();
  return options;
}

const std::vector<OptionSpec>& multiclassOptionRegistry() {
  static const std::vector<OptionSpec> options = makeMulticlassOptions(trainingOptionRegistry());
  return options;
}

const OptionSpec& optionSpec(const std::vector<OptionSpec>& registry, const char* name) {
  for (const OptionSpec& spec : registry)
    if (std::string(spec.name) == name) return spec;
  throw std::logic_error(std::string("no registry entry named ") + name);
}

void requireInRange(const std::string& name, const NumberRange& r, double value) {
  if (r.allowsOff && value < 0 && std::isfinite(value)) return;
  const bool aboveMin = r.minExclusive ? value > r.min : value >= r.min;
  const bool belowMax = r.maxExclusive ? value < r.max : value <= r.max;
  const bool whole = !r.integer || std::floor(value) == value;
  if (aboveMin && belowMax && whole) return;
  const std::string interval = std::string(r.minExclusive ? "(" : "[") + formatValue(r.min) + ", " + formatValue(r.max) +
                               (r.maxExclusive ? ")" : "]");
  std::string expected = r.integer ? "a whole number in " + interval : "in " + interval;
  if (r.allowsOff) expected += " (or negative for off)";
  failParameter(name, formatValue(value), expected);
}

void requireOption(const std::vector<OptionSpec>& registry, const char* name, double value) {
  requireInRange(name, optionSpec(registry, name).range, value);
}

void rejectChoice(const std::vector<OptionSpec>& registry, const char* name, const std::string& value) {
  std::string known;
  for (const std::string& c : optionSpec(registry, name).choices) {
    if (c == value) throw std::logic_error(std::string("no parser for ") + name + " '" + value + "'");
    known += (known.empty() ? "" : ", ") + c;
  }
  failParameter(name, "'" + value + "'", "one of " + known);
}

std::string registryJson() {
  return "{\"losses\":" + jsonArray(lossRegistry(), lossJson) +
         ",\n\"anchorOptions\":" + jsonArray(anchorOptionRegistry(), optionJson) +
         ",\n\"trainingOptions\":" + jsonArray(trainingOptionRegistry(), optionJson) +
         ",\n\"multiclassOptions\":" + jsonArray(multiclassOptionRegistry(), optionJson) + "}\n";
}

}  // namespace focal
