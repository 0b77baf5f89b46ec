#include "seed_repeat.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "validation.hpp"

namespace focal {
namespace {

constexpr double kMaxSeed = 9007199254740992.0;  // 2^53, the largest seed (seeded_random.hpp)
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void validate(const SeedRepeatParams& p, double first, double last) {
  requireWholeNumber("steps", p.steps, 1, 100000);
  requireWholeNumber("checkpoints", p.checkpoints, 1, 1000);
  if (!(p.threshold >= 0 && p.threshold <= 1)) failParameter("threshold", formatValue(p.threshold), "in [0, 1]");
  requireWholeNumber("seeds", p.seeds, 1, static_cast<long long>(kMaxRepeatSeeds));
  const long long seeds = static_cast<long long>(p.seeds);
  requireWholeNumber("first", first, 0, seeds - 1);
  requireWholeNumber("last", last, 1, seeds);
  if (!(first < last)) failParameter("last", formatValue(last), "above first (" + formatValue(first) + ")");
}

// Checkpoint k of K at step round(k steps / K): evenly spread, 0 first and `steps` last, all
// distinct since K <= steps.
std::vector<double> checkpointSteps(std::size_t steps, std::size_t checkpoints) {
  const std::size_t k = std::min(steps, checkpoints);
  std::vector<double> out(k + 1);
  for (std::size_t i = 0; i <= k; ++i) out[i] = static_cast<double>((2 * i * steps + k) / (2 * k));
  return out;
}

}  // namespace

double repeatSeed(double first, std::size_t i) {
  // first + i may pass 2^53, where doubles no longer hold every whole number: count from the top.
  const double room = kMaxSeed - first;
  const double step = static_cast<double>(i);
  return step <= room ? first + step : step - room - 1.0;
}

SeedRepeat::SeedRepeat(const SeedRepeatParams& params, double first, double last) : params_(params) {
  validate(params, first, last);
  steps_ = static_cast<std::size_t>(params.steps);
  curves_.first = static_cast<std::size_t>(first);
  curves_.last = static_cast<std::size_t>(last);
  curves_.steps = checkpointSteps(steps_, static_cast<std::size_t>(params.checkpoints));
  const std::size_t seeds = curves_.last - curves_.first;
  for (std::size_t i = curves_.first; i < curves_.last; ++i) curves_.seeds.push_back(repeatSeed(params.training.seed, i));
  const std::size_t values = seeds * curves_.steps.size();
  for (SeedCurves::Model& m : curves_.models) {
    m.loss.assign(values, kNaN);
    m.ap.assign(values, kNaN);
    m.recall.assign(values, kNaN);
    m.nonFiniteStep.assign(seeds, kNaN);
  }
  seed_ = curves_.first;
  // The first seed's run validates the training parameters now, not at the first advance().
  TrainingParams training = params.training;
  training.seed = training.dataset.seed = curves_.seeds[0];
  run_ = std::make_unique<TrainingRun>(training, false);
  curves_.noSkillAveragePrecision = static_cast<double>(run_->dataset().minorityCount) / static_cast<double>(run_->dataset().count);
}

SeedRepeat::~SeedRepeat() = default;

double SeedRepeat::stepsDone() const {
  return static_cast<double>((seed_ - curves_.first) * steps_ + (run_ && !done() ? run_->steps() : 0));
}

double SeedRepeat::stepsTotal() const { return static_cast<double>((curves_.last - curves_.first) * steps_); }

void SeedRepeat::record(std::size_t k) {
  const std::array<ModelCheckpoint, 2> c = run_->checkpoint(params_.threshold);
  const std::size_t row = seed_ - curves_.first;
  const std::size_t at = row * curves_.steps.size() + k;
  for (int m = 0; m < 2; ++m) {
    SeedCurves::Model& model = curves_.models[m];
    model.loss[at] = c[m].loss;
    model.ap[at] = c[m].averagePrecision;
    model.recall[at] = c[m].recall;
    if (c[m].diverged && std::isnan(model.nonFiniteStep[row])) model.nonFiniteStep[row] = curves_.steps[k];
  }
}

bool SeedRepeat::advance(double budget) {
  requireWholeNumber("budget", budget, 1, 1000000000);
  std::size_t left = static_cast<std::size_t>(budget);
  while (!done()) {
    if (!run_) {
      TrainingParams training = params_.training;
      training.seed = training.dataset.seed = curves_.seeds[seed_ - curves_.first];
      run_ = std::make_unique<TrainingRun>(training, false);
    }
    if (run_->steps() == 0 && checkpoint_ == 0) record(checkpoint_++);
    if (left == 0) break;
    const std::size_t target = static_cast<std::size_t>(curves_.steps[checkpoint_]);
    const std::size_t k = std::min(target - run_->steps(), left);
    run_->step(static_cast<double>(k));
    left -= k;
    if (run_->steps() == target) record(checkpoint_++);
    if (checkpoint_ == curves_.steps.size()) {
      run_.reset();
      checkpoint_ = 0;
      ++seed_;
    }
  }
  return done();
}

SeedCurves repeatSeeds(const SeedRepeatParams& params, double first, double last) {
  SeedRepeat repeat(params, first, last);
  while (!repeat.advance(1000000000)) {
  }
  return repeat.curves();
}

SeedBands repeatOverSeeds(const SeedRepeatParams& params) { return combineSeedCurves({repeatSeeds(params, 0, params.seeds)}); }

double percentile(const double* values, std::size_t n, double q) {
  std::vector<double> finite;
  finite.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(values[i])) finite.push_back(values[i]);
  if (finite.empty()) return kNaN;
  std::sort(finite.begin(), finite.end());
  const double rank = static_cast<double>(finite.size() - 1) * q;
  const std::size_t below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, finite.size() - 1);
  return finite[below] + (finite[above] - finite[below]) * (rank - static_cast<double>(below));
}

Spread spreadOf(const double* values, std::size_t n) {
  return {percentile(values, n, 0.1), percentile(values, n, 0.5), percentile(values, n, 0.9)};
}

SeedBands combineSeedCurves(const std::vector<SeedCurves>& parts) {
  if (parts.empty()) failParameter("parts", "an empty list", "at least one range of seeds");
  SeedBands out;
  out.steps = parts[0].steps;
  out.noSkillAveragePrecision = parts[0].noSkillAveragePrecision;
  const std::size_t points = out.steps.size();
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const SeedCurves& part = parts[p];
    const std::string which = "parts[" + std::to_string(p) + "]";
    if (part.steps != out.steps) failParameter(which + ".steps", "other checkpoint steps", "the same steps in every part");
    if (p > 0 && part.first != parts[p - 1].last)
      failParameter(which + ".first", std::to_string(part.first), "the previous part's last (" + std::to_string(parts[p - 1].last) + ")");
    const std::size_t seeds = part.last - part.first;
    if (part.last <= part.first || part.seeds.size() != seeds)
      failParameter(which + ".seeds", std::to_string(part.seeds.size()) + " seeds", "last - first seeds");
    for (const SeedCurves::Model& m : part.models)
      if (m.loss.size() != seeds * points || m.ap.size() != seeds * points || m.recall.size() != seeds * points ||
          m.nonFiniteStep.size() != seeds)
        failParameter(which + ".models", "curves of the wrong length", "one value per seed and checkpoint");
    if (!(part.noSkillAveragePrecision == out.noSkillAveragePrecision))
      failParameter(which + ".noSkillAveragePrecision", formatValue(part.noSkillAveragePrecision),
                    "the same in every part (" + formatValue(out.noSkillAveragePrecision) + ")");
    out.seeds.insert(out.seeds.end(), part.seeds.begin(), part.seeds.end());
  }
  const std::size_t seeds = out.seeds.size();
  out.warmupSteps = out.steps.back() / 4.0;
  const double noSkill = out.noSkillAveragePrecision;

  std::vector<double> column(seeds);
  for (int m = 0; m < 2; ++m) {
    // The parts' rows one after another: seed-major, checkpoint within.
    std::vector<double> loss, ap, recall, nonFiniteStep;
    for (const SeedCurves& part : parts) {
      const SeedCurves::Model& pm = part.models[m];
      loss.insert(loss.end(), pm.loss.begin(), pm.loss.end());
      ap.insert(ap.end(), pm.ap.begin(), pm.ap.end());
      recall.insert(recall.end(), pm.recall.begin(), pm.recall.end());
      nonFiniteStep.insert(nonFiniteStep.end(), pm.nonFiniteStep.begin(), pm.nonFiniteStep.end());
    }
    ModelBands& bands = out.models[m];
    const auto band = [&](const std::vector<double>& values, PercentileBands& into) {
      for (std::size_t k = 0; k < points; ++k) {
        for (std::size_t s = 0; s < seeds; ++s) column[s] = values[s * points + k];
        const Spread spread = spreadOf(column.data(), seeds);
        into.p10.push_back(spread.p10);
        into.p50.push_back(spread.p50);
        into.p90.push_back(spread.p90);
      }
    };
    band(loss, bands.loss);
    band(ap, bands.ap);
    band(recall, bands.recall);

    for (std::size_t s = 0; s < seeds; ++s) {
      const double* row = ap.data() + s * points;
      const double final = row[points - 1];
      bands.finalAp.push_back(std::isfinite(final) ? final : kNaN);
      double reached = kNaN;
      if (std::isfinite(final) && final > noSkill) {
        const double target = 0.9 * final;
        std::size_t k = points;
        while (k > 0 && row[k - 1] >= target) --k;
        reached = out.steps[k];
      } else {
        ++bands.never;
      }
      bands.stepsTo90.push_back(reached);
      if (!std::isnan(nonFiniteStep[s])) {
        bands.nonFinite.push_back(s);
        continue;
      }
      for (std::size_t k = 0; k < points; ++k) {
        if (out.steps[k] > out.warmupSteps && !(row[k] >= noSkill)) {
          bands.belowNoSkill.push_back(s);
          break;
        }
      }
    }
    bands.stepsTo90Spread = spreadOf(bands.stepsTo90.data(), seeds);
    bands.finalApSpread = spreadOf(bands.finalAp.data(), seeds);
  }

  std::vector<double> difference;
  SeedComparison& c = out.comparison;
  for (std::size_t s = 0; s < seeds; ++s) {
    const double ce = out.models[0].finalAp[s], fl = out.models[1].finalAp[s];
    if (!std::isfinite(ce) || !std::isfinite(fl)) continue;
    ++c.compared;
    if (fl > ce) ++c.focalHigher;
    else if (ce > fl) ++c.crossEntropyHigher;
    else ++c.ties;
    difference.push_back(fl - ce);
  }
  c.difference = spreadOf(difference.data(), difference.size());
  c.withinSpread = c.compared == 0 || !(c.difference.p10 > 0.0 || c.difference.p90 < 0.0);
  return out;
}

}  // namespace focal
