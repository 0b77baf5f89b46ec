// Native timing of a repeat over seeds (seed_repeat.hpp), printed as JSON for bench/seed_bench.mjs:
// the seeds of the training panel's "Repeat over seeds" on one thread, and split over two
// threads as the page splits them over two workers.
//
//   focal_seed_bench [seeds] [steps]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "seed_repeat.hpp"

int main(int argc, char** argv) {
  focal::SeedRepeatParams params;  // the default training settings: MLP, 12 tanh units, Adam, 2000 points
  params.seeds = argc > 1 ? std::atof(argv[1]) : 20;
  params.steps = argc > 2 ? std::atof(argv[2]) : 2000;
  const double half = static_cast<double>(static_cast<long long>(params.seeds) / 2);

  using Clock = std::chrono::steady_clock;
  const auto seconds = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); };
  const auto t0 = Clock::now();
  const focal::SeedBands one = focal::repeatOverSeeds(params);
  const auto t1 = Clock::now();
  focal::SeedCurves low, high;
  std::thread worker([&] { low = focal::repeatSeeds(params, 0, half); });
  high = focal::repeatSeeds(params, half, params.seeds);
  worker.join();
  const focal::SeedBands two = focal::combineSeedCurves({low, high});
  const auto t2 = Clock::now();
  std::printf("{\"seeds\": %g, \"steps\": %g, \"oneThreadSeconds\": %.3f, \"twoThreadsSeconds\": %.3f, \"sameBands\": %s}\n",
              params.seeds, params.steps, seconds(t0, t1), seconds(t1, t2),
              one.models[1].ap.p50 == two.models[1].ap.p50 ? "true" : "false");
  return 0;
}
