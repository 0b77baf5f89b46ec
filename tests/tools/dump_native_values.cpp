// Prints the native core's values on a fixed grid as JSON, so the wasm tests can check that the
// module a browser runs returns the same numbers as the natively tested core.
#include <cstdio>
#include <vector>

#include "batch.hpp"
#include "softmax_focal.hpp"

int main() {
  const double logits[] = {-700, -100, -30, -5, -1, -0.1, 0, 1e-9, 0.3, 2.1972245773362196, 7, 40, 300, 700};
  const double gammas[] = {0, 0.25, 0.5, 1, 2, 2.5, 5, 10};
  const double alphas[] = {-1, 0.25, 0.75};
  std::printf("{\n\"binary\": [\n");
  bool first = true;
  for (const char* name : {"crossEntropy", "alphaCrossEntropy", "focal", "focalStar", "qualityFocal", "varifocal",
                           "asymmetric", "polyOne", "polyOneFocal", "flsd53"}) {
    const focal::LossKind kind = focal::parseLossKind(name);
    const bool soft = kind == focal::LossKind::QualityFocal || kind == focal::LossKind::Varifocal;
    const std::vector<double> targets = soft ? std::vector<double>{0, 0.3, 1} : std::vector<double>{0, 1};
    for (double gamma : gammas) {
      if (kind == focal::LossKind::FocalStar && gamma == 0) continue;
      for (double alpha : alphas) {
        if (kind == focal::LossKind::Varifocal && alpha < 0) continue;
        focal::LossParams params;
        params.alpha = alpha;
        params.gamma = gamma;
        for (double y : targets) {
          for (double x : logits) {
            const focal::LossGrad lg = focal::evaluateLoss(kind, params, x, y);
            std::printf("%s{\"loss\":\"%s\",\"alpha\":%.17g,\"gamma\":%.17g,\"x\":%.17g,\"y\":%.17g,\"value\":%.17g,\"grad\":%.17g}",
                        first ? "" : ",\n", name, alpha, gamma, x, y, lg.loss, lg.grad);
            first = false;
          }
        }
      }
    }
  }
  std::printf("\n],\n\"softmax\": [\n");
  const std::vector<std::vector<double>> cases = {{0, 2}, {1, -3, 0.5}, {700, -700, 0}, {-5, 5, 5, 1}};
  first = true;
  for (const auto& z : cases) {
    for (std::size_t target = 0; target < z.size(); ++target) {
      for (double gamma : gammas) {
        std::vector<double> grad(z.size());
        const double loss = focal::softmaxFocal(z.data(), z.size(), target, 0.25, gamma, grad.data());
        std::printf("%s{\"logits\":[", first ? "" : ",\n");
        for (std::size_t j = 0; j < z.size(); ++j) std::printf("%s%.17g", j ? "," : "", z[j]);
        std::printf("],\"target\":%zu,\"alpha\":0.25,\"gamma\":%.17g,\"value\":%.17g,\"grad\":[", target, gamma, loss);
        for (std::size_t j = 0; j < z.size(); ++j) std::printf("%s%.17g", j ? "," : "", grad[j]);
        std::printf("]}");
        first = false;
      }
    }
  }
  std::printf("\n]\n}\n");
  return 0;
}
