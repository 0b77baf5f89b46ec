// The one list of the explorer's names, ranges and defaults: every loss with its parameters, and
// every option of the anchor simulation and of the training run. The JS API (core.losses,
// core.anchorOptions, core.trainingOptions), its defaults and the page's settings table are all
// derived from it; docs/architecture.md shows how.
//
// A range here is what the explorer offers (its sliders, its URL, its documented options). The
// core's validation accepts a loss parameter's whole mathematical domain (gamma may be any finite
// number >= 0), but options are checked against exactly these ranges.
#pragma once

#include <string>
#include <vector>

#include "batch.hpp"

namespace focal {

// A numeric range. `allowsOff`: any negative value means "off" (alpha: no weighting), shown as -1.
struct NumberRange {
  double min = 0.0;
  double max = 0.0;
  bool minExclusive = false;
  bool maxExclusive = false;
  bool integer = false;
  bool allowsOff = false;
};

struct LossParameterSpec {
  const char* name;  // the LossParams field, as the JS API spells it
  double LossParams::*field;
  NumberRange range;
  double defaultValue;
};

struct LossSpec {
  LossKind kind;
  const char* name;    // as the JS API spells it
  const char* source;  // the paper it comes from (docs/paper-notes.md)
  bool softTargets;    // targets in [0, 1] instead of {0, 1}
  std::vector<LossParameterSpec> parameters;
};

enum class OptionKind { Number, Choice, Boolean, NumberList, Distribution };

struct OptionSpec {
  const char* name = "";
  OptionKind kind = OptionKind::Number;
  NumberRange range;                  // Number; each item of a NumberList
  double defaultNumber = 0.0;         // Number
  std::vector<std::string> choices;   // Choice
  std::string defaultChoice;          // Choice
  bool defaultBoolean = false;        // Boolean
  std::vector<double> defaultList;    // NumberList
  int minItems = 0, maxItems = 0;     // NumberList
  NumberRange mean, std;              // Distribution: {mean, std} or null (default null)
};

// In the order the compare panel lists them.
const std::vector<LossSpec>& lossRegistry();
const LossSpec& lossSpec(LossKind kind);
// The defaults of one loss: LossParams' own, with the loss's paper defaults on top.
LossParams defaultLossParams(LossKind kind);

const std::vector<OptionSpec>& anchorOptionRegistry();
const std::vector<OptionSpec>& trainingOptionRegistry();
// The three-class run's (multiclass_trainer.hpp): the two-class run's options it shares, then its own.
const std::vector<OptionSpec>& multiclassOptionRegistry();
// The entry named `name`; a name missing from the registry is a programming error (std::logic_error).
const OptionSpec& optionSpec(const std::vector<OptionSpec>& registry, const char* name);

// Throws std::invalid_argument naming `name` and the value unless value lies in range.
void requireInRange(const std::string& name, const NumberRange& range, double value);
void requireOption(const std::vector<OptionSpec>& registry, const char* name, double value);
// For a parser that did not recognise `value`: throws std::invalid_argument listing the choices, or
// std::logic_error if the registry lists `value` (a choice the parser forgot).
[[noreturn]] void rejectChoice(const std::vector<OptionSpec>& registry, const char* name, const std::string& value);

// The whole registry as JSON: {"losses": [...], "anchorOptions": [...], "trainingOptions": [...],
// "multiclassOptions": [...]},
// each entry {name, ..., defaultValue}. The wasm module hands it to JS; the native build writes it
// for the page's build.
std::string registryJson();

}  // namespace focal
