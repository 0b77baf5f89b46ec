// The same stable logit-space focal loss + gradient as the C++ core, in plain JavaScript, as the
// comparison the wasm module has to beat. Used only by the benchmarks; the page never does loss
// math itself.
export function plainJsFocalBatch(logits, targets, alpha, gamma, outLoss, outGrad) {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const positive = targets[i] === 1;
    const sign = positive ? 1 : -1;
    const at = alpha < 0 ? 1 : positive ? alpha : 1 - alpha;
    const xt = sign * logits[i];
    const t = Math.exp(-Math.abs(xt));
    const l = Math.log1p(t);
    const pt = xt >= 0 ? 1 / (1 + t) : t / (1 + t);
    const qt = xt >= 0 ? t / (1 + t) : 1 / (1 + t);
    const negLogPt = Math.max(-xt, 0) + l;
    const m = Math.exp(-gamma * (Math.max(xt, 0) + l));
    const loss = at * m * negLogPt;
    outLoss[i] = loss;
    outGrad[i] = -sign * at * m * (qt + gamma * pt * negLogPt);
    sum += loss;
  }
  return sum;
}

// The benchmark input: the same 32-bit LCG as bench/seeded_logits.hpp, so every column sees
// identical logits.
export function seededLogits(n) {
  const logits = new Float64Array(n);
  const targets = new Float64Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    logits[i] = ((state >>> 8) / 16777216) * 24 - 12;
    targets[i] = (state & 7) === 0 ? 1 : 0;
  }
  return { logits, targets };
}
