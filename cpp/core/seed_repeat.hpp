// The side-by-side training (trainer.hpp) repeated over many seeds, so that what the panel shows
// for one seed can be told apart from luck. Seed i of a repeat trains with the panel's seed + i,
// which draws both a new data set and new initial weights (and minibatch order); every seed is
// deterministic, so any range of seeds can be run anywhere (two workers take half each) and the
// per-seed curves put together give the same bands as one run over all of them.
//
// Per seed, both models (cross-entropy and focal; never the FLSD-53 reference) are evaluated at
// checkpoints spread evenly over the run, step 0 included: their own loss over the training set,
// average precision and recall at the threshold against the clean labels, exactly as
// TrainingRun::snapshot() reports them. combineSeedCurves() then turns the per-seed curves into
// percentile bands and the convergence and stability figures (docs/api.md, "Repeat over seeds").
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "trainer.hpp"

namespace focal {

constexpr std::size_t kMaxRepeatSeeds = 1000;

struct SeedRepeatParams {
  TrainingParams training;   // training.seed is the first seed of the repeat
  double seeds = 20;         // whole number in [1, kMaxRepeatSeeds]
  double steps = 2000;       // whole number in [1, 100000]
  double checkpoints = 100;  // whole number in [1, 1000]; at most `steps` are used
  double threshold = 0.5;    // for recall, in [0, 1]
};

// The seed value of seed i of a repeat starting at `first`: first + i, wrapped into [0, 2^53].
double repeatSeed(double first, std::size_t i);

// The curves of seeds [first, last) of a repeat. Per model, loss, ap and recall hold one row of
// steps.size() values per seed (row-major); nonFiniteStep holds, per seed, the first checkpoint
// step at which the model had stopped on a non-finite loss or gradient, or NaN if it never did.
struct SeedCurves {
  struct Model {
    std::vector<double> loss, ap, recall;
    std::vector<double> nonFiniteStep;
  };
  std::size_t first = 0, last = 0;  // seed indices within the repeat
  std::vector<double> seeds;        // their seed values
  std::vector<double> steps;        // the checkpoint steps, 0 first and the run's last step last
  double noSkillAveragePrecision = 0.0;
  std::array<Model, 2> models;      // 0: cross-entropy, 1: focal
};

// Runs seeds [first, last) in slices of work, so that a caller (a Web Worker) can report progress
// between slices. The result does not depend on how the work is sliced.
class SeedRepeat {
 public:
  // Validates params (std::invalid_argument naming the parameter) and 0 <= first < last <= seeds.
  SeedRepeat(const SeedRepeatParams& params, double first, double last);
  ~SeedRepeat();

  // Trains at most `budget` more steps (both models, summed over seeds; whole number >= 1), and
  // returns true once every seed is done.
  bool advance(double budget);
  bool done() const { return seed_ == curves_.last; }
  // Steps done and to do over the whole range, for a progress bar.
  double stepsDone() const;
  double stepsTotal() const;
  // The curves so far: complete once done().
  const SeedCurves& curves() const { return curves_; }

 private:
  void record(std::size_t checkpoint);

  SeedRepeatParams params_;
  std::size_t steps_ = 0;
  SeedCurves curves_;
  std::size_t seed_ = 0;        // the seed index being trained
  std::size_t checkpoint_ = 0;  // the next checkpoint of that seed
  std::unique_ptr<TrainingRun> run_;
};

// Seeds [first, last) in one call.
SeedCurves repeatSeeds(const SeedRepeatParams& params, double first, double last);

// The 10th, 50th and 90th percentiles of the finite values among `values` (NaN are skipped), each
// by linear interpolation between the two nearest ranks: with the n finite values sorted, the
// q-th percentile sits at rank (n - 1) q (numpy's default). NaN when no value is finite.
struct Spread {
  double p10 = 0.0, p50 = 0.0, p90 = 0.0;
};
double percentile(const double* values, std::size_t n, double q);
Spread spreadOf(const double* values, std::size_t n);

struct PercentileBands {
  std::vector<double> p10, p50, p90;  // one per checkpoint step
};

struct ModelBands {
  PercentileBands loss, ap, recall;
  // Convergence: per seed, the first checkpoint step from which the AP stays at or above 90% of
  // the seed's final AP; NaN ("never") when the final AP is not finite or not above no skill.
  std::vector<double> stepsTo90;
  Spread stepsTo90Spread;
  std::size_t never = 0;
  // Stability: the final AP per seed (NaN where not finite) and its spread.
  std::vector<double> finalAp;
  Spread finalApSpread;
  // Diverged seeds (indices into SeedBands::seeds): a non-finite loss or gradient, or an AP below
  // no skill (or not finite) at a checkpoint after the warm-up.
  std::vector<std::size_t> nonFinite;
  std::vector<std::size_t> belowNoSkill;  // not also non-finite
  std::size_t divergedCount() const { return nonFinite.size() + belowNoSkill.size(); }
};

// Final AP seed by seed, over the seeds where both are finite: how often each model is ahead, and
// the spread of the difference focal - cross-entropy. withinSpread: its 10-90% range includes 0,
// so the seed-to-seed spread is as large as the difference.
struct SeedComparison {
  std::size_t compared = 0, focalHigher = 0, crossEntropyHigher = 0, ties = 0;
  Spread difference;
  bool withinSpread = true;
};

struct SeedBands {
  std::vector<double> seeds;
  std::vector<double> steps;
  double noSkillAveragePrecision = 0.0;
  // The warm-up is the first quarter of the run; a checkpoint strictly after it can mark a seed
  // as diverged for an AP below no skill (docs/api.md says why a quarter).
  double warmupSteps = 0.0;
  std::array<ModelBands, 2> models;
  SeedComparison comparison;
};

// Puts the curves of consecutive seed ranges (in order, as repeatSeeds or SeedRepeat made them)
// together. Throws std::invalid_argument naming "parts" when they do not fit together.
SeedBands combineSeedCurves(const std::vector<SeedCurves>& parts);

// All the seeds of a repeat in one call, combined.
SeedBands repeatOverSeeds(const SeedRepeatParams& params);

}  // namespace focal
