// The dismissible notice that says which settings were ignored and why. Problems are kept as
// data and rendered with t(), so the notice follows a language switch. The offending values
// come from the URL or a message and are only ever set as textContent.
import { t, translate } from './i18n.js';

let current = null; // { source: 'link' | 'message', problems }

function problemText(problem) {
  switch (problem.reason) {
    case 'unknownKey':
      return t('notice.unknownKey', { key: problem.key });
    case 'badEncoding':
      return t('notice.badEncoding', { value: problem.value });
    case 'badEmbed':
      return t('notice.badEmbed', { value: problem.value });
    case 'badMessage':
      return t('notice.badMessage');
    default:
      return t('notice.badValue', {
        key: problem.key,
        value: problem.value,
        expected: t(problem.expected.id, problem.expected.vars),
      });
  }
}

export function renderNotice() {
  const box = document.getElementById('notice');
  if (!current) {
    box.hidden = true;
    return;
  }
  document.getElementById('notice-heading').textContent = t(current.source === 'message' ? 'notice.fromMessage' : 'notice.fromLink');
  const list = document.getElementById('notice-list');
  list.replaceChildren(
    ...current.problems.map((problem) => {
      const item = document.createElement('li');
      item.textContent = problemText(problem);
      return item;
    }),
  );
  box.hidden = false;
}

export function showProblems(source, problems) {
  if (!problems.length) return;
  current = { source, problems };
  renderNotice();
}

export function initNotice() {
  document.getElementById('notice-dismiss').addEventListener('click', () => {
    current = null;
    renderNotice();
  });
}

// The same problems as one English sentence, for errors thrown to scripts (focalExplorer.set).
export function problemsForScripts(problems) {
  return problems
    .map((problem) => {
      if (problem.reason === 'unknownKey') return `unknown setting ${JSON.stringify(problem.key)}`;
      const expected = translate('en', problem.expected.id, problem.expected.vars);
      return `${problem.key} must be ${expected}, got ${problem.value}`;
    })
    .join('; ');
}
