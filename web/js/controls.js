// Form controls -> state. Every control parses its value with the state table's own parser, so a
// control can never put into the state what a URL could not. Each binder returns a sync(state,
// source) function that shows the state in the control, skipping the element the user is
// currently editing (rewriting it mid-typing would fight the user).
import { parseValue } from './state.js';

// One state number shown by any number of inputs (a range and a number box, or one box alone).
export function bindNumber(apply, key, elements) {
  const live = elements.filter(Boolean);
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
      element.dataset.stateValue = text;
      if (element !== source && element.value !== text) {
        element.value = text;
        element.removeAttribute('aria-invalid');
      }
    }
  };
}

// A group of radio buttons sharing a name, bound to a choice setting.
export function bindRadios(apply, key, radios) {
  for (const radio of radios) {
    radio.addEventListener('change', () => {
      if (radio.checked) apply({ [key]: radio.value }, radio);
    });
  }
  return (state) => {
    for (const radio of radios) radio.checked = radio.value === state[key];
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

  const language = byId('lang');
  language.addEventListener('change', () => apply({ lang: language.value }, language));

  return (state, source) => {
    syncGamma(state, source);
    syncBeta(state, source);
    syncTarget(state, source);
    const on = state.alpha >= 0;
    if (on) lastAlpha = state.alpha;
    alphaSwitch.checked = on;
    for (const element of alphaInputs) {
      element.disabled = !on;
      if (element !== source && element.value !== String(lastAlpha)) element.value = String(lastAlpha);
    }
    alphaNote.hidden = on;
    language.value = state.lang;
  };
}
