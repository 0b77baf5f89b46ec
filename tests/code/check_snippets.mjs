// Every snippet the page's Code tab offers (web/js/code_snippets.js), run for real and compared
// with the core:
// - PyTorch and torchvision, over a grid of gamma, alpha and reduction, with Debian's
//   python3-torch (tests/code/check_torch.py): loss, autograd gradient, the softmax module and
//   the prior bias;
// - C++, compiled with g++ against cpp/core and build-native/libfocal_core.a;
// - JS, run in Node against dist/focal_core.js.
// A snippet that drifts from the core fails the build. Run by ./build-wasm.sh test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { EXAMPLE_BATCH, REDUCTIONS, snippet } from '../../web/js/code_snippets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const createFocalCore = require(path.join(ROOT, 'dist/focal_core.js'));
// Debian's python3-torch is installed for the system Python, which a pyenv shim may hide.
const PYTHON = process.env.FOCAL_TORCH_PYTHON || '/usr/bin/python3';
const TOLERANCE = 1e-12;

const GAMMAS = [0, 0.5, 2, 5];
const ALPHAS = [-1, 0.25, 0.75];

// Logits within +-30 (float64 torch is accurate there), confident, unsure and wrong, both classes.
const BATCH = {
  logits: [-30, -17.5, -8, -3.25, -1, -0.2, 0, 0.3, 1.7, 4, 9.5, 16, 23, 30, -5.5, 2.2],
  targets: [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1],
};
const SOFTMAX_BATCH = {
  // Rows where p_y is near 1 (1 - p_y about 1e-13) catch a 1 - p_y formed by subtraction.
  logits: [[2, -1, 0.5], [-3, 4, 1], [0, 0, 0], [12, -8, 3], [-20, 15, 9.5], [1.5, 1.4, -30], [30, -1, 0], [-2, 29, -30]],
  targets: [0, 1, 2, 1, 2, 0, 0, 1],
};

function reduce(values, reduction, targets) {
  const sum = values.reduce((total, value) => total + value, 0);
  if (reduction === 'none') return values;
  if (reduction === 'sum') return sum;
  if (reduction === 'mean') return sum / values.length;
  return sum / Math.max(1, targets.filter((target) => target > 0).length);
}

function assertClose(name, actual, expected) {
  const a = [actual].flat();
  const e = [expected].flat();
  if (a.length !== e.length) throw new Error(`${name}: ${a.length} values, expected ${e.length}`);
  a.forEach((value, i) => {
    if (!(Math.abs(value - e[i]) <= TOLERANCE * Math.max(1, Math.abs(e[i])))) {
      throw new Error(`${name}[${i}]: ${value} != core ${e[i]}`);
    }
  });
}

const core = await createFocalCore();

function coreValues({ gamma, alpha, reduction }, batch) {
  const outLoss = new Float64Array(batch.logits.length);
  const outGrad = new Float64Array(batch.logits.length);
  const returned = core.lossBatch('focal', { gamma, alpha }, batch.logits, batch.targets, outLoss, outGrad, reduction);
  // loss: what the PyTorch module returns (per element for 'none'); returned: what lossBatch
  // itself returns (the sum for 'none').
  return { loss: reduction === 'none' ? [...outLoss] : returned, returned, grad: [...outGrad] };
}

// PyTorch and torchvision over the grid, in one Python process.
const cases = [];
for (const gamma of GAMMAS) {
  for (const alpha of ALPHAS) {
    for (const reduction of REDUCTIONS) {
      const settings = { gamma, alpha, reduction };
      const softmaxReduction = reduction === 'positives' ? 'mean' : reduction;
      const alphas = alpha >= 0 ? [1 - alpha, alpha, alpha] : [1, 1, 1];
      const perSample = SOFTMAX_BATCH.logits.map((row, i) => {
        const target = SOFTMAX_BATCH.targets[i];
        return core.softmaxFocalLoss(row, target, alphas[target], gamma);
      });
      const perSampleGrad = SOFTMAX_BATCH.logits.map((row, i) => {
        const target = SOFTMAX_BATCH.targets[i];
        return [...core.softmaxFocalLossGrad(row, target, alphas[target], gamma)];
      });
      const { loss, grad } = coreValues(settings, BATCH);
      cases.push({
        gamma,
        alpha,
        reduction,
        pytorch: snippet('pytorch', settings),
        torchvision: snippet('torchvision', settings),
        loss,
        grad,
        softmaxLoss: reduce(perSample, softmaxReduction, SOFTMAX_BATCH.targets),
        softmaxPerSample: perSample,
        softmaxGrad: perSampleGrad.flat(),
      });
    }
  }
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-snippets-'));
const casesFile = path.join(work, 'cases.json');
fs.writeFileSync(casesFile, JSON.stringify({ batch: BATCH, softmaxBatch: SOFTMAX_BATCH, priorBias: core.priorBias(0.01), cases }));
execFileSync(PYTHON, [path.join(ROOT, 'tests/code/check_torch.py'), casesFile], { stdio: 'inherit' });

// JS: each snippet runs as the body of an async function with createFocalCore in scope.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
let jsRuns = 0;
for (const { gamma, alpha, reduction } of cases) {
  const settings = { gamma, alpha, reduction };
  const printed = [];
  const consoleStandIn = { log: (...values) => printed.push(values) };
  await new AsyncFunction('createFocalCore', 'console', snippet('js', settings))(createFocalCore, consoleStandIn);
  const [loss, grad] = printed[0];
  const expected = coreValues(settings, EXAMPLE_BATCH);
  assertClose(`js ${JSON.stringify(settings)} loss`, loss, expected.returned);
  assertClose(`js ${JSON.stringify(settings)} grad`, [...grad], expected.grad);
  jsRuns += 1;
}
console.log(`check_snippets: the JS snippet agrees with the core for ${jsRuns} settings`);

// C++: a few settings (each is a compile), every reduction among them.
const CPP_CASES = [
  ...REDUCTIONS.map((reduction) => ({ gamma: 2, alpha: 0.25, reduction })),
  { gamma: 0.5, alpha: -1, reduction: 'mean' },
  { gamma: 5, alpha: 0.75, reduction: 'sum' },
];
const library = path.join(ROOT, 'build-native/libfocal_core.a');
for (const settings of CPP_CASES) {
  const source = path.join(work, 'example.cpp');
  const binary = path.join(work, 'example');
  fs.writeFileSync(source, snippet('cpp', settings));
  execFileSync('g++', ['-std=c++17', '-O1', '-I', path.join(ROOT, 'cpp/core'), source, library, '-o', binary], { stdio: 'inherit' });
  const lines = execFileSync(binary, { encoding: 'utf8' }).trim().split('\n');
  const loss = Number(lines[0].split(' ')[1]);
  const grad = lines.slice(1).map((line) => Number(line.split(' ')[1]));
  const expected = coreValues(settings, EXAMPLE_BATCH);
  assertClose(`cpp ${JSON.stringify(settings)} loss`, loss, expected.returned);
  assertClose(`cpp ${JSON.stringify(settings)} grad`, grad, expected.grad);
}
console.log(`check_snippets: the C++ snippet compiles and agrees with the core for ${CPP_CASES.length} settings`);
fs.rmSync(work, { recursive: true, force: true });
