// The benchmark input, identical in every language: logits spread over [-12, 12] with roughly
// one positive in eight, from a fixed integer sequence so native, wasm and JS see the same data.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bench {

inline void fillLogits(double* logits, double* targets, std::size_t n) {
  std::uint32_t state = 12345u;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 1664525u + 1013904223u;  // a 32-bit LCG: the same in every language
    logits[i] = (static_cast<double>(state >> 8) / 16777216.0) * 24.0 - 12.0;
    targets[i] = (state & 7u) == 0 ? 1.0 : 0.0;
  }
}

}  // namespace bench
