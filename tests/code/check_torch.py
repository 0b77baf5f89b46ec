"""Runs the page's generated PyTorch and torchvision snippets with Debian's python3-torch and
compares them with the core's values, which tests/code/check_snippets.mjs computed for the same
batch and wrote to the JSON file named on the command line. Exits 1 on the first mismatch,
naming the case.

Float64 torch is accurate to a few ulps for logits within +-30, so the page's modules must agree
with the core to 1e-12 relative, element by element, however small the value: that is what
catches a 1 - p formed by subtraction. torchvision forms 1 - p_t by subtraction itself, so its
line is held to 1e-12 absolute (relative above 1), which its rounding of tiny losses meets. The
prior-bias line sets a float32 parameter, so it is compared to float32 precision.
"""
import json
import math
import sys

import torch

TOLERANCE = 1e-12


def close(actual, expected, tolerance, relative):
    scale = abs(expected) if relative else max(1.0, abs(expected))
    return abs(actual - expected) <= tolerance * scale


def check_values(name, actual, expected, tolerance=TOLERANCE, relative=True):
    actual = [float(v) for v in torch.as_tensor(actual).reshape(-1)]
    expected = expected if isinstance(expected, list) else [expected]
    if len(actual) != len(expected):
        raise AssertionError(f"{name}: {len(actual)} values, expected {len(expected)}")
    for i, (a, e) in enumerate(zip(actual, expected)):
        if not close(a, e, tolerance, relative):
            raise AssertionError(f"{name}[{i}]: {a!r} != core {e!r} (difference {abs(a - e):.3g})")


def run(code, **names):
    namespace = dict(names)
    exec(compile(code, "<snippet>", "exec"), namespace)
    return namespace


def main(path):
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    batch = data["batch"]
    softmax_batch = data["softmaxBatch"]
    checked = 0
    for case in data["cases"]:
        label = f"gamma={case['gamma']} alpha={case['alpha']} reduction={case['reduction']}"

        # The module: loss and its autograd gradient.
        namespace = run(case["pytorch"])
        logits = torch.tensor(batch["logits"], dtype=torch.float64, requires_grad=True)
        targets = torch.tensor(batch["targets"], dtype=torch.float64)
        loss = namespace["criterion"](logits, targets)
        (grad,) = torch.autograd.grad(loss.sum() if case["reduction"] == "none" else loss, logits)
        check_values(f"{label}: SigmoidFocalLoss", loss.detach(), case["loss"])
        check_values(f"{label}: SigmoidFocalLoss gradient", grad, case["grad"])

        # The softmax module with its per-class alpha, against the core's softmaxFocalLoss.
        softmax_logits = torch.tensor(softmax_batch["logits"], dtype=torch.float64)
        softmax_targets = torch.tensor(softmax_batch["targets"], dtype=torch.long)
        softmax_loss = namespace["softmax_criterion"](softmax_logits, softmax_targets)
        check_values(f"{label}: SoftmaxFocalLoss", softmax_loss, case["softmaxLoss"])
        criterion = namespace["softmax_criterion"]
        criterion.reduction = "none"
        softmax_logits.requires_grad_(True)
        per_sample = criterion(softmax_logits, softmax_targets)
        (softmax_grad,) = torch.autograd.grad(per_sample.sum(), softmax_logits)
        check_values(f"{label}: SoftmaxFocalLoss per sample", per_sample.detach(), case["softmaxPerSample"])
        check_values(f"{label}: SoftmaxFocalLoss gradient", softmax_grad, case["softmaxGrad"])

        # The prior bias, on a float32 layer.
        bias = namespace["classifier"].bias.detach().double()
        check_values(f"{label}: prior bias", bias, [data["priorBias"]] * bias.numel(), 1e-6, relative=True)

        # The torchvision line, on the same batch.
        tv = run(case["torchvision"], logits=logits.detach(), targets=targets)
        check_values(f"{label}: torchvision.ops.sigmoid_focal_loss", tv["loss"], case["loss"], relative=False)
        checked += 1
    print(f"check_torch: {checked} settings; module, gradient, softmax module, prior bias and torchvision "
          f"agree with the core (torch {torch.__version__})")


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except AssertionError as error:
        print(f"check_torch: {error}", file=sys.stderr)
        sys.exit(1)
