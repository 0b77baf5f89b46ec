#include "data_summary.hpp"

namespace focal {

DecisionHistogram::DecisionHistogram() {
  bins[0].resize(kSummarySlots);
  bins[1].resize(kSummarySlots);
}

const char* scoresAreName(ScoresAre s) { return s == ScoresAre::Logits ? "logits" : "probabilities"; }

const char* scoresAreSourceName(ScoresAreSource s) {
  switch (s) {
    case ScoresAreSource::Option: return "option";
    case ScoresAreSource::Name: return "name";
    case ScoresAreSource::Values: return "values";
    case ScoresAreSource::Default: break;
  }
  return "default";
}

}  // namespace focal
