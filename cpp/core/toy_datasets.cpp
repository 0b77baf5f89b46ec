#include "toy_datasets.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "registry.hpp"
#include "seeded_random.hpp"
#include "validation.hpp"

namespace focal {
namespace {

// Streams of the dataset seed: points, shuffle and noise each draw from their own, so turning the
// noise up flips labels without moving a single point.
constexpr std::uint64_t kPointStream = 101;
constexpr std::uint64_t kShuffleStream = 102;
constexpr std::uint64_t kNoiseStream = 103;

void samplePoint(DatasetKind kind, bool minority, Random& rng, double& x, double& y) {
  switch (kind) {
    case DatasetKind::Cluster:
      if (minority) {
        x = 1.0 + 0.3 * rng.normal();
        y = 0.6 + 0.3 * rng.normal();
      } else {
        x = rng.normal();
        y = rng.normal();
      }
      return;
    case DatasetKind::Ring:
      if (minority) {
        double c, s;
        rng.unitCircle(c, s);
        const double r = 2.0 + 0.15 * rng.normal();
        x = r * c;
        y = r * s;
      } else {
        x = 0.8 * rng.normal();
        y = 0.8 * rng.normal();
      }
      return;
    case DatasetKind::Moons: {
      // A uniform angle in [0, pi] is the upper half of a uniform point on the circle.
      double c, s;
      rng.unitCircle(c, s);
      s = std::fabs(s);
      // Centred on the origin: the moons span x in [-1, 2] and y in [-0.5, 1] before the shift.
      if (minority) {
        x = 1.0 - c - 0.5;
        y = 0.5 - s - 0.25;
      } else {
        x = c - 0.5;
        y = s - 0.25;
      }
      x += 0.15 * rng.normal();
      y += 0.15 * rng.normal();
      return;
    }
  }
}

}  // namespace

DatasetKind parseDatasetKind(const std::string& name) {
  if (name == "cluster") return DatasetKind::Cluster;
  if (name == "ring") return DatasetKind::Ring;
  if (name == "moons") return DatasetKind::Moons;
  rejectChoice(trainingOptionRegistry(), "dataset", name);
}

const char* datasetKindName(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::Cluster: return "cluster";
    case DatasetKind::Ring: return "ring";
    case DatasetKind::Moons: return "moons";
  }
  return "unknown";
}

namespace {

// Class 1 of the three-class sets (makeThreeClassDataset): a second common class beside the others.
void sampleSecondCommon(DatasetKind kind, Random& rng, double& x, double& y) {
  switch (kind) {
    case DatasetKind::Cluster:
      x = 2.2 + 0.8 * rng.normal();
      y = -0.2 + 0.8 * rng.normal();
      return;
    case DatasetKind::Ring: {
      double c, s;
      rng.unitCircle(c, s);
      const double r = 3.2 + 0.2 * rng.normal();
      x = r * c;
      y = r * s;
      return;
    }
    case DatasetKind::Moons: {
      double c, s;
      rng.unitCircle(c, s);
      s = std::fabs(s);
      x = c + 1.5 + 0.15 * rng.normal();
      y = s - 0.25 + 0.15 * rng.normal();
      return;
    }
  }
}

// Both makers: validate, draw the rare class first and then the common ones, shuffle, add label
// noise, frame the points. `classes` is 2 or 3.
void fillDataset(const DatasetParams& p, int classes, Dataset& out) {
  const DatasetKind kind = parseDatasetKind(p.kind);
  const std::vector<OptionSpec>& options = trainingOptionRegistry();
  requireOption(options, "count", p.count);
  requireOption(options, "minorityFraction", p.minorityFraction);
  requireOption(options, "labelNoise", p.labelNoise);
  const std::uint64_t seed = requireSeed("seed", p.seed);

  const std::size_t n = static_cast<std::size_t>(p.count);
  const long long wanted = std::llround(p.count * p.minorityFraction);
  const long long most = static_cast<long long>(n) - (classes - 1);
  const std::size_t minority = static_cast<std::size_t>(std::clamp<long long>(wanted, 1, most));
  const double rareLabel = classes - 1;
  // The points of class 0 come first after the rare ones; the rest of the common part is class 1.
  const std::size_t firstCommonEnd = minority + (n - minority + 1) / 2;
  out.count = n;
  out.minorityCount = minority;
  out.features.resize(2 * n);
  out.labels.resize(n);
  out.cleanLabels.resize(n);

  Random points(seed, kPointStream);
  for (std::size_t i = 0; i < n; ++i) {
    double& x = out.features[2 * i];
    double& y = out.features[2 * i + 1];
    if (i < minority) {
      samplePoint(kind, true, points, x, y);
      out.cleanLabels[i] = rareLabel;
    } else if (classes == 2 || i < firstCommonEnd) {
      samplePoint(kind, false, points, x, y);
      out.cleanLabels[i] = 0.0;
    } else {
      sampleSecondCommon(kind, points, x, y);
      out.cleanLabels[i] = 1.0;
    }
  }
  // Fisher-Yates, moving each point with its label.
  Random shuffle(seed, kShuffleStream);
  for (std::size_t i = n - 1; i > 0; --i) {
    const std::size_t j = shuffle.below(i + 1);
    std::swap(out.features[2 * i], out.features[2 * j]);
    std::swap(out.features[2 * i + 1], out.features[2 * j + 1]);
    std::swap(out.cleanLabels[i], out.cleanLabels[j]);
  }
  Random noise(seed, kNoiseStream);
  for (std::size_t i = 0; i < n; ++i) {
    // One draw per point whatever the noise level, so raising it only ever adds flips; with three
    // classes a second draw, also always made, picks which other class a flipped label goes to.
    const bool flip = noise.uniform() < p.labelNoise;
    const double clean = out.cleanLabels[i];
    if (classes == 2) {
      out.labels[i] = flip ? 1.0 - clean : clean;
    } else {
      const double step = noise.uniform() < 0.5 ? 1.0 : 2.0;
      out.labels[i] = flip ? std::fmod(clean + step, 3.0) : clean;
    }
  }

  double minX = out.features[0], maxX = minX, minY = out.features[1], maxY = minY;
  for (std::size_t i = 1; i < n; ++i) {
    minX = std::min(minX, out.features[2 * i]);
    maxX = std::max(maxX, out.features[2 * i]);
    minY = std::min(minY, out.features[2 * i + 1]);
    maxY = std::max(maxY, out.features[2 * i + 1]);
  }
  const double padX = 0.05 * (maxX - minX), padY = 0.05 * (maxY - minY);
  out.minX = minX - padX;
  out.maxX = maxX + padX;
  out.minY = minY - padY;
  out.maxY = maxY + padY;
}

}  // namespace

void makeDataset(const DatasetParams& p, Dataset& out) { fillDataset(p, 2, out); }

void makeThreeClassDataset(const DatasetParams& p, Dataset& out) { fillDataset(p, 3, out); }

}  // namespace focal
