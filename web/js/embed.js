// Embedding: `?embed=<panel>` shows one panel alone, the Embed dialog hands out an <iframe>
// snippet, and a small postMessage protocol lets the embedding page drive the frame:
//   parent -> frame  {type: 'focal-explorer:set', state: {gamma: 3}}   apply settings
//   parent -> frame  {type: 'focal-explorer:get'}                      ask for the state
//   frame -> parent  {type: 'focal-explorer:state', state}             after every change
// Only messages from the parent window are read, and their settings go through the same
// validation as the URL. The state holds nothing private, so it is posted to any origin.
import { t } from './i18n.js';

export const MESSAGE_SET = 'focal-explorer:set';
export const MESSAGE_GET = 'focal-explorer:get';
export const MESSAGE_STATE = 'focal-explorer:state';

// Suggested frame heights: enough for the chart, the panel's controls and its readout.
const FRAME_HEIGHTS = { loss: 760, gradient: 560, compare: 1150, anchors: 1200, data: 1300, training: 1200 };

export function requestedEmbed(search) {
  return new URLSearchParams(search).get('embed');
}

// Shows one panel and, of the shared controls, only those for settings the panel reads.
export function enterEmbedMode(name, keys) {
  document.documentElement.classList.add('embed');
  for (const section of document.querySelectorAll('[data-panel]')) section.hidden = section.dataset.panel !== name;
  for (const control of document.querySelectorAll('#controls [data-setting]')) control.hidden = !keys.includes(control.dataset.setting);
  const head = document.querySelector(`#panel-${name} .panel-head`);
  const link = document.createElement('a');
  link.className = 'open-full';
  link.target = '_blank';
  link.rel = 'noopener';
  link.dataset.i18n = 'embed.openFull';
  head.append(link);
  return link;
}

// The address of the whole page (no ?embed) or of one embedded panel, with the given hash.
export function pageAddress(hash, embedName) {
  const url = new URL(window.location.href);
  url.search = embedName ? `?embed=${encodeURIComponent(embedName)}` : '';
  url.hash = hash;
  return url.href;
}

function escapeAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function embedSnippet(panelName, hash) {
  const title = t('embed.frameTitle', { panel: t(`nav.${panelName}`) });
  const height = FRAME_HEIGHTS[panelName] || 600;
  return (
    `<iframe src="${escapeAttribute(pageAddress(hash, panelName))}" title="${escapeAttribute(title)}" ` +
    `width="100%" height="${height}" style="border:0" loading="lazy"></iframe>`
  );
}

export function isFramed() {
  return window.parent !== window;
}

export function postStateToParent(state) {
  if (isFramed()) window.parent.postMessage({ type: MESSAGE_STATE, state }, '*');
}

export function listenToParent({ onSet, onGet }) {
  window.addEventListener('message', (event) => {
    if (!isFramed() || event.source !== window.parent) return;
    const data = event.data;
    if (data === null || typeof data !== 'object') return;
    if (data.type === MESSAGE_SET) onSet(data.state);
    else if (data.type === MESSAGE_GET) onGet();
  });
}

export function initEmbedDialog() {
  const dialog = document.getElementById('embed-dialog');
  const snippet = document.getElementById('embed-snippet');
  const status = document.getElementById('embed-status');
  document.getElementById('embed-copy').addEventListener('click', async () => {
    snippet.select();
    try {
      await navigator.clipboard.writeText(snippet.value);
      status.textContent = t('embed.copied');
    } catch {
      status.textContent = t('embed.copyFailed');
    }
  });
  document.getElementById('embed-close').addEventListener('click', () => dialog.close());
}

export function openEmbedDialog(panelName, hash) {
  const dialog = document.getElementById('embed-dialog');
  const snippet = document.getElementById('embed-snippet');
  document.getElementById('embed-help').textContent = t('embed.help', { panel: t(`nav.${panelName}`) });
  document.getElementById('embed-status').textContent = '';
  snippet.value = embedSnippet(panelName, hash);
  dialog.showModal();
  snippet.focus();
  snippet.select();
}
