// The classroom link dialog: the page's current settings plus what a teacher chooses for the
// class (controls to hide, the lesson step to open at, the theme, presenter mode), as one link to
// copy. The link is built from the state table like every other link, so it says nothing the
// page could not parse back.
import { t } from './i18n.js';
import { LESSON_STEPS } from './lesson_steps.js';
import { propNamed } from './state.js';

// The visible name of a setting's control on the page, if its panel has made it yet.
function controlName(name) {
  const box = document.querySelector(`[data-setting="${name}"]`);
  const label = box && box.querySelector('label, legend');
  const text = label ? label.textContent.trim() : '';
  return text || name;
}

// `linkFor(values)`: the address of the page with the current settings overridden by `values`;
// `defaults`: the settings a link leaves out.
export function initClassroomDialog({ store, defaults, linkFor }) {
  const $ = (id) => document.getElementById(id);
  const dialog = $('classroom-dialog');
  const list = $('classroom-hide-list');
  const stepSelect = $('classroom-step');
  const themeSelect = $('classroom-theme');
  const present = $('classroom-present');
  const link = $('classroom-link');

  function chosen() {
    const story = Number(stepSelect.value);
    // A link to a step leaves out what the step sets, so the class sees the step as written.
    const stepSettings = story > 0 ? Object.keys(LESSON_STEPS[story - 1].patch) : [];
    return {
      ...Object.fromEntries(stepSettings.map((key) => [key, defaults[key]])),
      hide: [...list.querySelectorAll('input:checked')].map((box) => box.value),
      story,
      theme: themeSelect.value,
      present: present.checked,
    };
  }

  function refresh() {
    link.value = linkFor(chosen());
    $('classroom-status').textContent = '';
  }

  function fill() {
    const state = store.state;
    list.replaceChildren(
      ...propNamed('hide').choices.map((name) => {
        const item = document.createElement('span');
        item.className = 'check';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.id = `classroom-hide-${name}`;
        box.value = name;
        box.checked = state.hide.includes(name);
        const label = document.createElement('label');
        label.htmlFor = box.id;
        label.textContent = controlName(name);
        const code = document.createElement('code');
        code.textContent = name;
        label.append(' ', code);
        item.append(box, label);
        return item;
      }),
    );
    stepSelect.replaceChildren(
      ...[0, ...LESSON_STEPS.map((_, i) => i + 1)].map((number) => {
        const option = document.createElement('option');
        option.value = String(number);
        option.textContent = number === 0 ? t('classroom.noStep') : `${number}. ${t(`lesson.${LESSON_STEPS[number - 1].id}.title`)}`;
        return option;
      }),
    );
    stepSelect.value = String(state.story);
    themeSelect.value = state.theme;
    present.checked = state.present;
  }

  dialog.addEventListener('change', refresh);
  $('classroom-open').addEventListener('click', () => {
    fill();
    refresh();
    dialog.showModal();
  });
  $('classroom-copy').addEventListener('click', async () => {
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
      $('classroom-status').textContent = t('classroom.copied');
    } catch {
      $('classroom-status').textContent = t('classroom.copyFailed');
    }
  });
  $('classroom-close').addEventListener('click', () => dialog.close());
}
