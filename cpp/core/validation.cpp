#include "validation.hpp"

#include <cstdio>
#include <cstdlib>

namespace focal {

std::string formatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  // A whole number reads as one: "100", not the shortest round-trip form "1e+02".
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  // Shortest form that still reads back exactly, so "2.5" is not shown as 2.5000000000000000.
  for (int digits = 1; digits <= 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buffer;
}

void failParameter(const std::string& name, const std::string& value, const std::string& expected) {
  throw std::invalid_argument(name + " must be " + expected + ", got " + value);
}

void requireGamma(double gamma) {
  if (!(std::isfinite(gamma) && gamma >= 0)) failParameter("gamma", formatValue(gamma), "a finite number >= 0");
}

void requirePositiveGamma(const char* name, double gamma) {
  if (!(std::isfinite(gamma) && gamma > 0)) failParameter(name, formatValue(gamma), "a finite number > 0");
}

void requireAlpha(double alpha) {
  if (!(std::isfinite(alpha) && alpha <= 1.0)) failParameter("alpha", formatValue(alpha), "in [0, 1] (or negative for no weighting)");
}

void requireUnitInterval(const char* name, double value) {
  if (!(value >= 0.0 && value <= 1.0)) failParameter(name, formatValue(value), "in [0, 1]");
}

void requireWholeNumber(const char* name, double value, long long lo, long long hi) {
  if (!(value >= static_cast<double>(lo) && value <= static_cast<double>(hi) && std::floor(value) == value))
    failParameter(name, formatValue(value), "a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

void requireNonNegative(const char* name, double value) {
  if (!(std::isfinite(value) && value >= 0)) failParameter(name, formatValue(value), "a finite number >= 0");
}

}  // namespace focal
