// The page's settings come from the core's registry: the compare panel lists exactly core.losses,
// in their order, with each parameter's range and default, and the settings that mirror a core
// option start at the core's default. A loss or a default changed in C++ shows up here unchanged.
'use strict';

const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');
const { openExplorer, setUp } = require('./helpers/browser.js');

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env.close();
});

test('the compare panel and the settings match core.losses and the core\'s options', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, messages } = await openExplorer(context, env.url('/index.html'));
  await page.evaluate(() => window.focalExplorer.drawn('compare'));
  const seen = await page.evaluate(() => {
    const core = window.focalExplorer.core;
    const rows = [...document.querySelectorAll('#compare-losses input[type=checkbox]')].map((box) => box.value);
    const params = [...document.querySelectorAll('#compare-losses input[type=number]')].map((input) => ({
      id: input.id,
      min: Number(input.min),
      max: Number(input.max),
      value: Number(input.value),
    }));
    return {
      losses: JSON.parse(JSON.stringify(core.losses)),
      anchorDefaults: JSON.parse(JSON.stringify(core.defaultAnchorOptions)),
      trainingDefaults: JSON.parse(JSON.stringify(core.defaultTrainingOptions)),
      rows,
      params,
      state: window.focalExplorer.state,
    };
  });
  assert.deepEqual(seen.rows, seen.losses.map((loss) => loss.name), 'one legend row per core loss, in its order');
  // Each core parameter has one box (soft targets add a box of their own), with the core's range and default.
  const coreParams = seen.losses.flatMap((loss) => loss.parameters.map((p) => ({ loss: loss.name, ...p })));
  const boxes = seen.params.filter((box) => !/Target$/.test(box.id));
  assert.equal(boxes.length, coreParams.length);
  coreParams.forEach((p, i) => {
    assert.equal(boxes[i].min, p.min, `${p.loss}.${p.name} min`);
    assert.equal(boxes[i].max, p.max, `${p.loss}.${p.name} max`);
    assert.equal(boxes[i].value, p.defaultValue, `${p.loss}.${p.name} default`);
  });
  const focal = seen.losses.find((loss) => loss.name === 'focal');
  assert.equal(seen.state.gamma, focal.parameters.find((p) => p.name === 'gamma').defaultValue);
  assert.equal(seen.state.anchorCount, seen.anchorDefaults.count);
  assert.equal(seen.state.anchorRatio, 1 / seen.anchorDefaults.foregroundFraction);
  assert.equal(seen.state.anchorQuality, seen.anchorDefaults.detectorQuality);
  assert.equal(seen.state.anchorSeed, seen.anchorDefaults.seed);
  assert.equal(seen.state.trainData, seen.trainingDefaults.dataset);
  assert.equal(seen.state.trainPoints, seen.trainingDefaults.count);
  assert.equal(seen.state.trainMinority, seen.trainingDefaults.minorityFraction);
  assert.equal(seen.state.trainModel, seen.trainingDefaults.model);
  assert.equal(seen.state.trainHidden, seen.trainingDefaults.hidden);
  assert.equal(seen.state.trainRate, seen.trainingDefaults.learningRate);
  assert.deepEqual(messages, []);
  await context.close();
});
