// Native timings of the batch focal loss + gradient, printed as JSON for bench/run.mjs.
// A plain steady_clock harness: each figure is the median of several runs over the same data.
//
//   focal_bench [elements] [runs]
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "batch.hpp"
#include "losses.hpp"
#include "seeded_logits.hpp"

namespace {

// One thing to time: `run` processes `elements` elements per call.
struct Candidate {
  const char* name;
  std::size_t elements;
  std::function<void()> run;
};

// The median ns/element of each candidate over `runs` rounds, the candidates taking turns within
// each round: a slow spell on this shared machine then slows every candidate alike, and the
// ratios between them (which the goals are judged by) hold better than absolute times.
std::vector<double> interleavedMedians(const std::vector<Candidate>& candidates, int runs) {
  std::vector<std::vector<double>> samples(candidates.size());
  for (int r = 0; r < runs; ++r) {
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      const auto start = std::chrono::steady_clock::now();
      candidates[c].run();
      const auto stop = std::chrono::steady_clock::now();
      samples[c].push_back(std::chrono::duration<double, std::nano>(stop - start).count() /
                           static_cast<double>(candidates[c].elements));
    }
  }
  std::vector<double> medians;
  for (std::vector<double>& s : samples) {
    std::sort(s.begin(), s.end());
    medians.push_back(s[s.size() / 2]);
  }
  return medians;
}

// The "straightforward stable scalar loop" the project's speed goals were set against (about 35
// ns/element natively when they were, described as 4 exp + 2 log1p per element): both softpluses
// with their own exp and log1p, p_t and 1 - p_t as exp of them, and the modulating factor as
// (1 - p_t)^2 for gamma = 2; other gammas take one exp more for it. Timing it in the same run
// turns the absolute goals into ratios that survive the machine's drift.
focal::LossGrad straightforwardFocal(double x, double y, double alpha, double gamma) {
  const double s = y == 1.0 ? 1.0 : -1.0;
  const double xt = s * x;
  const double at = alpha < 0 ? 1.0 : (y == 1.0 ? alpha : 1.0 - alpha);
  const double negLogPt = std::fmax(-xt, 0.0) + std::log1p(std::exp(-std::fabs(xt)));
  const double negLogQt = std::fmax(xt, 0.0) + std::log1p(std::exp(-std::fabs(xt)));
  const double pt = std::exp(-negLogPt);
  const double qt = std::exp(-negLogQt);
  const double m = gamma == 2.0 ? qt * qt : std::exp(-gamma * negLogQt);
  return {at * m * negLogPt, -s * at * m * (qt + gamma * pt * negLogPt)};
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : (1u << 20);
  const int runs = argc > 2 ? std::atoi(argv[2]) : 9;
  std::vector<double> logits(n), targets(n), loss(n), grad(n);
  bench::fillLogits(logits.data(), targets.data(), n);

  std::printf("{\"elements\": %zu, \"runs\": %d, \"results\": [\n", n, runs);
  // The same call on 4096 logits, repeated: the data stay in L1, so that figure is the kernel's
  // compute speed alone. At 2^20 the batch call also pays for moving 32 bytes per element through
  // memory (the copy floor) and for the validity pre-check's read.
  const std::size_t small = std::min<std::size_t>(4096, n);
  const int repeats = static_cast<int>(std::max<std::size_t>(1, n / small));
  volatile double sink = 0;
  std::vector<Candidate> candidates;
  for (const double gamma : {2.0, 2.5}) {
    // `element` is a lambda, so each loop gets its own copy with the element function inlined
    // (as a plain loop over it would be), not an indirect call per element.
    const auto loop = [&, gamma](auto element) {
      return [&, gamma, element] {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
          const focal::LossGrad lg = element(logits[i], targets[i], 0.25, gamma);
          loss[i] = lg.loss;
          grad[i] = lg.grad;
          sum += lg.loss;
        }
        sink = sum;
      };
    };
    candidates.push_back({"straightforward loop", n, loop([](double x, double y, double a, double g) { return straightforwardFocal(x, y, a, g); })});
    candidates.push_back({"scalar loop (libm)", n, loop([](double x, double y, double a, double g) { return focal::sigmoidFocal(x, y, a, g); })});
    candidates.push_back({"sigmoidFocalLossBatch", n, [&, gamma] {
      sink = focal::sigmoidFocalLossBatch(logits.data(), targets.data(), n, 0.25, gamma, loss.data(), grad.data());
    }});
    candidates.push_back({"sigmoidFocalLossBatch, 4096 in cache", small * static_cast<std::size_t>(repeats), [&, gamma] {
      for (int r = 0; r < repeats; ++r)
        sink = focal::sigmoidFocalLossBatch(logits.data(), targets.data(), small, 0.25, gamma, loss.data(), grad.data());
    }});
  }
  // The memory floor at this size: copying the logits and targets into the loss and gradient
  // arrays moves the same 32 bytes per element as the batch call, and computes nothing.
  candidates.push_back({"copy floor", n, [&] {
    std::copy(logits.begin(), logits.end(), loss.begin());
    std::copy(targets.begin(), targets.end(), grad.begin());
  }});
  const std::vector<double> medians = interleavedMedians(candidates, runs);
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const double gamma = c + 1 == candidates.size() ? 0.0 : (c < 4 ? 2.0 : 2.5);
    std::printf("%s{\"name\": \"%s\", \"gamma\": %g, \"nsPerElement\": %.3f}", c == 0 ? "" : ",\n",
                candidates[c].name, gamma, medians[c]);
  }
  (void)sink;
  std::printf("\n]}\n");
  return 0;
}
