// Prints, as JSON, what the native core computes for a few fixed anchor populations and training
// runs, with the options spelled as the JS API takes them, so tests/js/simulation.test.js can check
// that the wasm module a browser runs gives the same numbers.
#include <cstdio>
#include <string>
#include <vector>

#include "anchor_simulation.hpp"
#include "trainer.hpp"

namespace {

void printValues(const double* v, std::size_t n) {
  std::printf("[");
  for (std::size_t i = 0; i < n; ++i) std::printf("%s%.17g", i ? "," : "", v[i]);
  std::printf("]");
}
void printArray(const char* name, const double* v, std::size_t n) {
  std::printf("\"%s\":", name);
  printValues(v, n);
}
void printArray(const char* name, const std::vector<double>& v) { printArray(name, v.data(), v.size()); }

void printGroupLoss(const char* name, const focal::GroupLoss& g) {
  std::printf("\"%s\":{\"total\":%.17g,", name, g.total);
  printArray("sums", g.sums.data(), 3);
  std::printf(",");
  printArray("gradientSums", g.gradientSums.data(), 3);
  std::printf("}");
}

struct AnchorCase {
  double count, foregroundFraction, hardNegativeFraction, seed, quality, gamma, alpha;
};

struct TrainingCase {
  const char* dataset;
  const char* model;
  const char* activation;
  const char* optimizer;
  double learningRate, batchSize, steps;
};

}  // namespace

int main() {
  std::printf("{\"anchors\":[\n");
  const AnchorCase anchorCases[] = {
      {20000, 0.01, 0.05, 7, 0.5, 2.0, 0.25},
      {5000, 0.1, 0.3, 123456789, 0.2, 0.7, 0.5},
      {100000, 0.001, 0.01, 1, 0.5, 2.0, 0.25},
  };
  bool first = true;
  for (const AnchorCase& c : anchorCases) {
    focal::AnchorSimulationParams p;
    p.count = c.count;
    p.foregroundFraction = c.foregroundFraction;
    p.hardNegativeFraction = c.hardNegativeFraction;
    p.seed = c.seed;
    const focal::AnchorDistributions d = focal::anchorDistributions(c.quality);
    p.easyNegatives = d.easyNegatives;
    p.hardNegatives = d.hardNegatives;
    p.positives = d.positives;
    p.gamma = c.gamma;
    p.alpha = c.alpha;
    focal::AnchorSimulator simulator;
    const focal::AnchorReport& r = simulator.simulate(p);
    std::printf("%s{\"options\":{\"count\":%.17g,\"foregroundFraction\":%.17g,\"hardNegativeFraction\":%.17g,"
                "\"seed\":%.17g,\"detectorQuality\":%.17g,\"gamma\":%.17g,\"alpha\":%.17g},",
                first ? "" : ",\n", c.count, c.foregroundFraction, c.hardNegativeFraction, c.seed, c.quality, c.gamma,
                c.alpha);
    first = false;
    std::printf("\"counts\":[%zu,%zu,%zu],", r.counts[0], r.counts[1], r.counts[2]);
    printGroupLoss("crossEntropy", r.crossEntropy);
    std::printf(",");
    printGroupLoss("alphaCrossEntropy", r.alphaCrossEntropy);
    std::printf(",");
    printGroupLoss("focal", r.focal);
    std::printf(",");
    printArray("positiveCurves", r.positiveCdf.curves);
    std::printf(",");
    printArray("negativeCurves", r.negativeCdf.curves);
    std::printf(",");
    printArray("positiveHardestShare", r.positiveCdf.hardestShare);
    std::printf(",");
    printArray("negativeHardestShare", r.negativeCdf.hardestShare);
    std::printf(",\"histogramCounts\":[");
    for (int g = 0; g < focal::kAnchorGroups; ++g) {
      std::printf("%s", g ? "," : "");
      printValues(r.histogramCounts[g].data(), r.histogramCounts[g].size());
    }
    std::printf("]}");
  }

  std::printf("\n],\"training\":[\n");
  const TrainingCase trainingCases[] = {
      {"cluster", "mlp", "tanh", "adam", 0.05, 0, 25},
      {"moons", "mlp", "relu", "sgd", 0.3, 64, 40},
      {"ring", "logistic", "tanh", "adam", 0.1, 0, 25},
  };
  first = true;
  for (const TrainingCase& c : trainingCases) {
    focal::TrainingParams p;
    p.dataset.kind = c.dataset;
    p.model = c.model;
    p.activation = c.activation;
    p.optimizer = c.optimizer;
    p.learningRate = c.learningRate;
    p.batchSize = c.batchSize;
    focal::TrainingRun run(p);
    run.step(c.steps);
    const focal::TrainingSnapshot& s = run.snapshot(focal::SnapshotParams{});
    std::printf("%s{\"options\":{\"dataset\":\"%s\",\"model\":\"%s\",\"activation\":\"%s\",\"optimizer\":\"%s\","
                "\"learningRate\":%.17g,\"batchSize\":%.17g},\"steps\":%.17g,",
                first ? "" : ",\n", c.dataset, c.model, c.activation, c.optimizer, c.learningRate, c.batchSize, c.steps);
    first = false;
    const char* names[2] = {"crossEntropy", "focal"};
    for (int m = 0; m < 2; ++m) {
      std::printf("\"%s\":{\"loss\":%.17g,\"averagePrecision\":%.17g,", names[m], s.models[m].loss,
                  s.models[m].averagePrecision);
      printArray("parameters", run.parameters(m));
      std::printf("}%s", m == 0 ? "," : "");
    }
    std::printf("}");
  }
  std::printf("\n]}\n");
  return 0;
}
