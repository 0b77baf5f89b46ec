// What the anchor sampler (anchor_sampler.cpp) and the report (anchor_simulation.cpp) share about
// AnchorSimulationParams. Internal to the core.
#pragma once

#include <cmath>

#include "anchor_simulation.hpp"

namespace focal {

// Throws std::invalid_argument naming the first parameter out of range, with its value.
void validateAnchorParams(const AnchorSimulationParams& params);

// A logistic with standard deviation 1 has scale sqrt(3) / pi.
inline double logisticScale(double std) { return std * (std::sqrt(3.0) / 3.14159265358979323846); }

}  // namespace focal
