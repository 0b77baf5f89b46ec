"""torchvision.ops.sigmoid_focal_loss with autograd, one thread, on the benchmark's logits.

Prints JSON rows for bench/run.mjs. Runs only where Debian's python3-torch and
python3-torchvision are installed; bench/run.mjs skips the column otherwise.

    python3 bench/torch_bench.py ELEMENTS RUNS
"""
import json
import sys
import time

import torch
from torchvision.ops import sigmoid_focal_loss


def seeded_logits(n):
    """The same 32-bit LCG as bench/seeded_logits.hpp."""
    logits = [0.0] * n
    targets = [0.0] * n
    state = 12345
    for i in range(n):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        logits[i] = ((state >> 8) / 16777216.0) * 24.0 - 12.0
        targets[i] = 1.0 if (state & 7) == 0 else 0.0
    return logits, targets


def median_ns_per_element(run, n, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1e9 / n)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    torch.set_num_threads(1)
    logits, targets = seeded_logits(n)
    rows = []
    for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
        x = torch.tensor(logits, dtype=dtype)
        y = torch.tensor(targets, dtype=dtype)

        def run():
            leaf = x.clone().requires_grad_(True)
            loss = sigmoid_focal_loss(leaf, y, alpha=0.25, gamma=2.0, reduction="sum")
            loss.backward()

        run()
        rows.append({"name": "torchvision sigmoid_focal_loss + autograd (" + name + ")", "gamma": 2,
                     "nsPerElement": median_ns_per_element(run, n, runs)})
    print(json.dumps({"elements": n, "runs": runs, "torch": torch.__version__, "results": rows}))


if __name__ == "__main__":
    main()
