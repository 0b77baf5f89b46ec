// Form controls -> state. Every control parses its value with the state table's own parser, so a
// control can never put into the state what a URL could not. Each binder returns a sync(state,
// source) function that shows the state in the control, skipping the element the user is
// currently editing (rewriting it mid-typing would fight the user).
import { setProperty } from './dom.js';
import { parseValue, propNamed } from './state.js';

// The box around a control that a classroom link's `hide=` takes away with it (its label too).
const CONTROL_BOX = '.control, .field, fieldset.segmented, .check, .cursor-row, .threshold-row, label.param, .lang-switch';

// Marks the boxes of the controls that show setting `key` (data-setting), so hiding.js can find
// every control of a setting, whichever panel made it. `boxed: false` marks the elements alone
// (a checkbox whose label also serves as a legend).
export function markSetting(key, elements, { boxed = true } = {}) {
  for (const element of elements) {
    if (!element) continue;
    const box = (boxed && element.closest(CONTROL_BOX)) || element;
    box.dataset.setting = key;
  }
}

// One state number shown by any number of inputs (a range and a number box, or one box alone).
export function bindNumber(apply, key, elements) {
  const live = elements.filter(Boolean);
  markSetting(key, live);
  for (const element of live) {
    element.addEventListener('input', () => {
      const result = parseValue(key, element.value);
      if (result.expected) {
        element.setAttribute('aria-invalid', 'true');
        return;
      }
      element.removeAttribute('aria-invalid');
      apply({ [key]: result.value }, element);
    });
    // Leaving a box with an unusable value puts the current setting back.
    element.addEventListener('change', () => {
      if (element.getAttribute('aria-invalid') === 'true') {
        element.removeAttribute('aria-invalid');
        element.value = String(element.dataset.stateValue ?? '');
      }
    });
  }
  return (state, source) => {
    const text = String(state[key]);
    for (const element of live) {
      // Every input re-syncs every control: an unchanged attribute is not written again.
      if (element.dataset.stateValue !== text) element.dataset.stateValue = text;
      if (element !== source && element.value !== text) {
        element.value = text;
        element.removeAttribute('aria-invalid');
      }
    }
  };
}

// A group of radio buttons sharing a name, bound to a choice setting.
export function bindRadios(apply, key, radios) {
  markSetting(key, radios);
  for (const radio of radios) {
    radio.addEventListener('change', () => {
      if (radio.checked) apply({ [key]: radio.value }, radio);
    });
  }
  return (state) => {
    for (const radio of radios) radio.checked = radio.value === state[key];
  };
}

// A whole number on a logarithmic slider (anchor counts, imbalance ratios) with a number box for
// the exact value. The slider holds log10 of the value; a drag lands on two significant digits
// (120,000 rather than 119,674), the box takes any whole number the state accepts.
export function bindLogNumber(apply, key, range, box) {
  markSetting(key, [range]);
  range.addEventListener('input', () => {
    const prop = propNamed(key);
    const exact = 10 ** Number(range.value);
    const rounded = Math.min(prop.max, Math.max(prop.min, roundSignificant(exact, 2)));
    const result = parseValue(key, rounded);
    if (!result.expected) apply({ [key]: result.value }, range);
  });
  const syncBox = bindNumber(apply, key, [box]);
  return (state, source) => {
    syncBox(state, source);
    if (source !== range) range.value = String(Math.log10(state[key]));
  };
}

export function roundSignificant(value, digits) {
  if (value === 0) return 0;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(value))) - digits + 1);
  return Math.round(value / scale) * scale;
}

// A <select> whose option values are the setting's values as the URL writes them.
export function bindSelect(apply, key, select) {
  markSetting(key, [select]);
  select.addEventListener('change', () => {
    const result = parseValue(key, select.value);
    if (!result.expected) apply({ [key]: result.value }, select);
  });
  return (state) => {
    select.value = String(state[key]);
  };
}

// A checkbox bound to a boolean setting.
export function bindCheckbox(apply, key, checkbox) {
  markSetting(key, [checkbox]);
  checkbox.addEventListener('change', () => apply({ [key]: checkbox.checked }, checkbox));
  return (state) => {
    checkbox.checked = state[key];
  };
}

// The settings every panel shares: gamma, alpha (with its on/off switch), beta, class, language.
export function bindSharedControls(apply) {
  const byId = (id) => document.getElementById(id);
  const syncGamma = bindNumber(apply, 'gamma', [byId('gamma'), byId('gamma-number')]);
  const syncBeta = bindNumber(apply, 'beta', [byId('beta'), byId('beta-number')]);
  const syncTarget = bindRadios(apply, 'target', [byId('target-foreground'), byId('target-background')]);

  // alpha is one setting (-1 = off) shown by a switch and a slider; the slider keeps the last
  // weight while the switch is off, so switching back on restores it.
  const alphaSwitch = byId('alpha-on');
  const alphaInputs = [byId('alpha'), byId('alpha-number')];
  const alphaNote = byId('alpha-off-note');
  let lastAlpha = 0.25;
  for (const element of alphaInputs) {
    element.addEventListener('input', () => {
      const result = parseValue('alpha', element.value);
      if (result.expected || result.value < 0) {
        element.setAttribute('aria-invalid', 'true');
        return;
      }
      element.removeAttribute('aria-invalid');
      lastAlpha = result.value;
      apply({ alpha: result.value }, element);
    });
    element.addEventListener('change', () => {
      if (element.getAttribute('aria-invalid') === 'true') {
        element.removeAttribute('aria-invalid');
        element.value = String(lastAlpha);
      }
    });
  }
  alphaSwitch.addEventListener('change', () => apply({ alpha: alphaSwitch.checked ? lastAlpha : -1 }, alphaSwitch));

  markSetting('alpha', [alphaSwitch]);
  const language = byId('lang');
  markSetting('lang', [language]);
  language.addEventListener('change', () => apply({ lang: language.value }, language));

  return (state, source) => {
    syncGamma(state, source);
    syncBeta(state, source);
    syncTarget(state, source);
    const on = state.alpha >= 0;
    if (on) lastAlpha = state.alpha;
    alphaSwitch.checked = on;
    for (const element of alphaInputs) {
      setProperty(element, 'disabled', !on);
      if (element !== source && element.value !== String(lastAlpha)) element.value = String(lastAlpha);
    }
    setProperty(alphaNote, 'hidden', on);
    if (language.value !== state.lang) language.value = state.lang;
  };
}
