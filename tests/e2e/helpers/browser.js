// Shared set-up for the browser tests: headless Chromium from the system (playwright-core cannot
// download browsers here), a static server for dist/, and a console recorder so every test can
// assert that the page said nothing alarming.
'use strict';

const path = require('node:path');
const { chromium } = require('playwright-core');
const { startServer } = require('./server.js');

const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

// One browser and one server for a test file; call close() in after().
async function setUp() {
  const [browser, server] = await Promise.all([launchBrowser(), startServer(DIST)]);
  return {
    browser,
    server,
    url: (pathAndQuery = '/') => server.url + pathAndQuery,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

// Records console errors and warnings and uncaught exceptions of a page (and its frames).
function recordConsole(page) {
  const messages = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  return messages;
}

// Opens a page of the explorer and waits until it has drawn.
async function openExplorer(context, url) {
  const page = await context.newPage();
  const messages = recordConsole(page);
  await page.goto(url);
  // The API exists once the deferred bundle has run; on a loaded machine a run was seen where
  // goto() returned before it had (2 of about 200 loads, not reproduced in isolation).
  await page.waitForFunction(() => window.focalExplorer !== undefined);
  await page.evaluate(() => window.focalExplorer.ready);
  return { page, messages };
}

module.exports = { CHROMIUM_ARGS, DIST, ROOT, launchBrowser, openExplorer, recordConsole, setUp };
