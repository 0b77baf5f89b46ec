// Whole-number parameters (counts, sizes, seeds) arrive as doubles so that a JS number crosses
// unchanged and a bad one (1.5, -3, NaN) is named in the error instead of being truncated.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

#include "validation.hpp"

namespace focal {

// A whole value printed as one ("100", not the shortest round-trip form "1e+02"); others as usual.
inline std::string formatCount(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  return formatValue(value);
}

inline void requireWholeNumber(const char* name, double value, long long lo, long long hi) {
  if (!(value >= static_cast<double>(lo) && value <= static_cast<double>(hi) && std::floor(value) == value))
    failParameter(name, formatCount(value), "a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

}  // namespace focal
