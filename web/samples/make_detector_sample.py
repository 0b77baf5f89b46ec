#!/usr/bin/env python3
"""Writes web/samples/detector_sample.csv, the sample the "Your model" panel loads in one click.

A stand-in for one-stage detector output on a validation set: one row per (anchor, class)
decision, the 0/1 target and the classifier's logit. Three groups, as the paper describes a
trained detector's anchors (docs/paper-notes.md): many easy negatives far below zero, a few
percent of hard negatives near the boundary, and about 1% positives, some of them missed.
The groups only shape the sample; the panel itself splits negatives by the pₜ threshold.

    /usr/bin/python3 web/samples/make_detector_sample.py

Deterministic (fixed seed); logits are rounded to 2 decimals to keep the file small.
"""
import pathlib

import numpy as np

ROWS = 20_000
POSITIVE_FRACTION = 0.01
HARD_FRACTION = 0.02
# (mean, std) of the logit per group.
EASY = (-4.6, 1.0)
HARD = (-1.2, 1.0)
POSITIVE = (1.5, 1.8)


def main():
    rng = np.random.default_rng(2017)
    positives = round(ROWS * POSITIVE_FRACTION)
    hard = round(ROWS * HARD_FRACTION)
    easy = ROWS - positives - hard
    logits = np.concatenate([
        rng.normal(*EASY, easy),
        rng.normal(*HARD, hard),
        rng.normal(*POSITIVE, positives),
    ])
    targets = np.concatenate([np.zeros(easy + hard, dtype=int), np.ones(positives, dtype=int)])
    # Rounded here, and -0.0 made 0.0, so no row reads "-0.00".
    logits = np.round(logits, 2) + 0.0
    order = rng.permutation(ROWS)
    lines = ['label,logit'] + [f'{t},{x:.2f}' for t, x in zip(targets[order], logits[order])]
    out = pathlib.Path(__file__).with_name('detector_sample.csv')
    out.write_text('\n'.join(lines) + '\n', encoding='ascii')
    print(f'{out}: {ROWS} rows, {positives} positives, {out.stat().st_size} bytes')


if __name__ == '__main__':
    main()
