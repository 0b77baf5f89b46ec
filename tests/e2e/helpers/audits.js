// Checks several browser tests share: an axe-core audit of a page, and reading a CSV export.
'use strict';

const path = require('node:path');
const { ROOT } = require('./browser.js');

// Runs axe-core on the page as it is now (the page's context must bypass its CSP: axe is injected
// as a script, which the CSP would rightly refuse). Returns one line per violation of the given
// impacts (every impact unless told), naming the rule and the elements.
async function axeViolations(page, { impacts = null } = {}) {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  return page.evaluate(async (wanted) => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((violation) => !wanted || wanted.includes(violation.impact))
      .map((violation) => `${violation.impact} ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  }, impacts);
}

// RFC 4180 fields: quoted fields may hold commas and doubled quotes.
function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else field += c;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

module.exports = { axeViolations, parseCsv };
