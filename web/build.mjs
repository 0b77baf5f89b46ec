#!/usr/bin/env node
// Assembles the page into dist/ (build-wasm.sh has already put focal_core.js + .wasm, the whole
// core, and focal_view.js + .wasm, the losses the first view draws with, there):
//
//   index.html                 formulas typeset with KaTeX and English strings filled in at build
//                              time, so the page needs no KaTeX JavaScript and paints with text;
//                              both stylesheets inlined (inlineServedStyles says why)
//   css/                       the stylesheet, minified (the page carries the same text inline)
//   focal_explorer.js (+ .map) the page's ES modules and Chart.js (its ES module entry, from
//                              node_modules, never a CDN) bundled and minified by esbuild into one
//                              ES module for the first view, so the browser fetches it,
//                              focal_view.js and its wasm at once
//   *-<hash>.js (+ .map)       the code of each panel below the fold, which the page imports when
//                              the panel comes near (panels.js), and the chunks they share
//   strings_zh_cn.js           the Simplified Chinese strings, which that script imports only when
//                              a reader picks Chinese
//   katex/                     KaTeX's stylesheet and the woff2 fonts of the families the
//                              formulas use (no @font-face for the others), each subset to
//                              the characters the formulas draw
//   examples/embed.html        the postMessage / scrollytelling example
//   samples/                   the "Your model" panel's sample data, fetched when asked for
//   focal-loss-explorer.html   everything above in one file (wasm as base64, scripts, styles and
//                              the fonts the formulas use inlined) that works from file:// with
//                              no server and no network
//
// focal_core.js and focal_view.js are minified in place (tests/js and bench load the same files).
//
// Usage: node web/build.mjs --dist <dir>
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';
import katex from 'katex';
import subsetFont from 'subset-font';

import { FORMULAS } from './js/formulas.js';
import { LANGUAGES, loadStrings, STRINGS } from './js/i18n.js';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(webDir, '..');
const modulesDir = path.join(rootDir, 'node_modules');

function distFromArgs(argv) {
  const at = argv.indexOf('--dist');
  if (at >= 0 && argv[at + 1]) return path.resolve(argv[at + 1]);
  return path.join(rootDir, 'dist');
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fail(message) {
  throw new Error(`web/build.mjs: ${message}`);
}

// Both languages must name the same keys, or a switch would leave strings untranslated.
async function checkStringTables() {
  await Promise.all(LANGUAGES.map(loadStrings));
  const [first, ...others] = Object.keys(STRINGS);
  const keys = new Set(Object.keys(STRINGS[first]));
  for (const lang of others) {
    const theirs = new Set(Object.keys(STRINGS[lang]));
    const missing = [...keys].filter((key) => !theirs.has(key));
    const extra = [...theirs].filter((key) => !keys.has(key));
    if (missing.length || extra.length) fail(`${lang} strings differ from ${first}: missing ${missing}, extra ${extra}`);
  }
}

// <div data-tex="id"></div> -> the same element holding KaTeX's HTML + MathML for FORMULAS[id].
function typesetFormulas(html) {
  const used = new Set();
  const result = html.replace(/<(div|span)([^>]*?)\sdata-tex="([^"]+)"([^>]*)><\/\1>/g, (match, tag, before, id, after) => {
    const formula = FORMULAS[id];
    if (!formula) fail(`index.html names unknown formula ${id}`);
    used.add(id);
    const rendered = katex.renderToString(formula.tex, { displayMode: formula.display, throwOnError: true, strict: 'error' });
    return `<${tag}${before} data-tex="${id}"${after}>${rendered}</${tag}>`;
  });
  const unused = Object.keys(FORMULAS).filter((id) => !used.has(id));
  if (unused.length) fail(`formulas never placed in index.html: ${unused.join(', ')}`);
  return result;
}

// Empty elements with data-i18n get their English text, so the page paints with words before
// its scripts run; i18n.js replaces them on a language switch.
function fillStrings(html) {
  const english = STRINGS.en;
  for (const match of html.matchAll(/data-i18n(?:-aria-label|-title)?="([^"]+)"/g)) {
    if (!(match[1] in english)) fail(`index.html names unknown string ${match[1]}`);
  }
  return html.replace(/<(\w+)((?:\s[^>]*?)?)\sdata-i18n="([^"]+)"([^>]*)><\/\1>/g, (match, tag, before, key, after) => {
    return `<${tag}${before} data-i18n="${key}"${after}>${escapeHtml(english[key])}</${tag}>`;
  });
}

// Keep only the woff2 source of each KaTeX face: every browser that runs wasm reads woff2.
function woff2Only(css) {
  return css.replace(/src:(url\([^)]*\.woff2\) format\("woff2"\))[^;}]*/g, 'src:$1');
}

// The KaTeX font families the typeset HTML can reach: a rule applies when every class in one of
// its selectors appears in the HTML. KaTeX_Main is the base font of every formula.
function katexFamiliesUsed(css, html) {
  const classes = new Set();
  for (const match of html.matchAll(/class="([^"]*)"/g)) for (const name of match[1].split(/\s+/)) classes.add(name);
  const families = new Set(['KaTeX_Main']);
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    if (selectors.includes('@')) continue;
    const family = body.match(/font-family:\s*"?(KaTeX_\w+)/);
    if (!family) continue;
    for (const selector of selectors.split(',')) {
      const needed = [...selector.matchAll(/\.([\w-]+)/g)].map((m) => m[1]);
      if (needed.length && needed.every((name) => classes.has(name))) families.add(family[1]);
    }
  }
  return families;
}

// KaTeX's CSS without the @font-face rules of families the formulas never use: a browser may
// fetch the font of any face it holds, so an unused face must not be there at all.
function usedKatexCss(css, html) {
  const families = katexFamiliesUsed(css, html);
  return css.replace(/@font-face\{[^}]*\}/g, (face) => (families.has(face.match(/font-family:\s*"?(KaTeX_\w+)/)[1]) ? face : ''));
}

// The woff2 files the faces of a (used-faces-only) KaTeX stylesheet name.
function katexFontFiles(css) {
  return [...css.matchAll(/url\(fonts\/([^)]+\.woff2)\)/g)].map((m) => m[1]);
}

const KATEX_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" };

// Every character the formulas draw with KaTeX's fonts: the text of KaTeX's HTML, not of its
// MathML (that is for screen readers and is never drawn).
function formulaCharacters() {
  const characters = new Set();
  for (const formula of Object.values(FORMULAS)) {
    const html = katex.renderToString(formula.tex, { displayMode: formula.display, throwOnError: true, strict: 'error' });
    const text = html
      .replace(/<math[\s\S]*?<\/math>/g, '')
      .replace(/<[^>]*>/g, '')
      .replace(/&([#\w]+);/g, (match, name) => KATEX_ENTITIES[name] ?? fail(`KaTeX wrote an unexpected entity ${match}`));
    for (const character of text) characters.add(character);
  }
  return [...characters].join('');
}

// FreeType's auto-hinter, which Chromium on Linux uses, sizes every glyph against reference
// letters of its script (the "blue zone" strings and standard-width letters of Latin and Greek
// in FreeType's af_blue.dat and afscript.h). A subset without them draws the same formulas a
// little differently at the edges; with them, pixel for pixel as the full fonts do.
const HINTING_REFERENCE = 'THEZOCQSLUfijkdbhxzroescpqgjyO0ΓΒΕΖΘΟΩΔΞβθδζλξαειοπστωγημρφχψ';

// The fonts the KaTeX stylesheet names, each cut down to the glyphs the formulas draw: the
// formulas are typeset here, once, so no other glyph can ever be asked of them. (Every font
// keeps every formula character, so whichever face KaTeX picks for one has it.)
// Returns file name -> woff2 bytes.
async function subsetKatexFonts(css) {
  const text = formulaCharacters() + HINTING_REFERENCE;
  const fonts = new Map();
  for (const file of new Set(katexFontFiles(css))) {
    const full = await fs.readFile(path.join(modulesDir, 'katex/dist/fonts', file));
    fonts.set(file, await subsetFont(full, text, { targetFormat: 'woff2' }));
  }
  return fonts;
}

// The same stylesheet for the single file, every font as a data: URI.
function inlineKatexCss(css, fonts) {
  let result = css;
  for (const [file, bytes] of fonts) {
    result = result.replaceAll(`url(fonts/${file})`, `url(data:font/woff2;base64,${bytes.toString('base64')})`);
  }
  return result;
}

// Text that goes between <script> tags must not close the element or open an HTML comment;
// \x3C is "<" in every JS context where these sequences can legally appear (strings, regexes).
function safeInlineScript(code) {
  const safe = code.replace(/<\/script/gi, '\\x3C/script').replace(/<!--/g, '\\x3C!--');
  if (/<\/script|<!--/i.test(safe)) fail('an inline script still contains </script or <!--');
  return safe;
}

// Emscripten's -O3 glue only loses its whitespace, and the API wrappers appended to it
// (cpp/bindings/*_api.js) not even that. esbuild minifies the whole classic script in place:
// it renames locals only, so createFocalCore and module.exports stay as they are.
async function minifyCoreGlue(dist) {
  for (const name of ['focal_core.js', 'focal_view.js']) {
    const file = path.join(dist, name);
    const source = await fs.readFile(file, 'utf8');
    const { code } = await esbuild.transform(source, { minify: true, target: 'es2022', charset: 'utf8', legalComments: 'none' });
    await fs.writeFile(file, code);
  }
}

// The page's stylesheet, minified (comments and whitespace out, shorthands merged).
async function minifyStylesheet(from) {
  const { code } = await esbuild.transform(await fs.readFile(from, 'utf8'), { loader: 'css', minify: true, charset: 'utf8', legalComments: 'none' });
  return code;
}

// The served page carries both stylesheets in <style> elements instead of <link>s. Stylesheets
// block the first paint, and on a busy machine their two requests came back well after the HTML
// had been parsed, while the 0.9 MB of script and wasm fetched beside them competed for the same
// connection and CPU; inline, the first paint waits for nothing but the HTML itself. The KaTeX
// font URLs are relative to the stylesheet, so they gain its folder.
function inlineServedStyles(html, katexCss, pageCss) {
  const tags = {
    '<link rel="stylesheet" href="katex/katex.min.css">': `<style>${katexCss.replaceAll('url(fonts/', 'url(katex/fonts/')}</style>`,
    '<link rel="stylesheet" href="css/explorer.css">': `<style>${pageCss}</style>`,
  };
  let result = html;
  for (const [tag, inline] of Object.entries(tags)) {
    if (!result.includes(tag)) fail(`index.html lacks ${tag}`);
    // A function, not a string: the CSS may hold "$" sequences a replacement string would expand.
    result = result.replace(tag, () => inline);
  }
  return result;
}

function sha256(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

async function copyDir(from, to, filter = () => true) {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    if (entry.isFile() && filter(entry.name)) await fs.copyFile(path.join(from, entry.name), path.join(to, entry.name));
  }
}

// Tables of languages other than English, each a module that i18n.js imports on demand.
const LAZY_STRINGS = ['./strings_zh_cn.js'];

// The page's script: main.js, every module it imports and the parts of Chart.js that charts.js
// registers (esbuild drops the rest, and resolves Chart.js's @kurkle/color import).
// The served page's script is ES modules split where the page imports lazily: the panels below
// the fold (each *_entry.js's load()) become chunks of their own beside it, fetched as they come
// near, and the string tables of other languages stay out (the browser fetches one when a reader
// picks that language); each comes with a source map. The single file's is one classic script
// that takes all of them in, and no map, so that nothing is ever fetched.
async function bundleScripts(dist, { served }) {
  const lazyTables = {
    name: 'lazy-string-tables',
    setup(build) {
      build.onResolve({ filter: /^\.\/strings_\w+\.js$/ }, (args) =>
        LAZY_STRINGS.includes(args.path) ? { path: args.path, external: true } : undefined,
      );
    },
  };
  const result = await esbuild.build({
    entryPoints: { focal_explorer: path.join(webDir, 'js/main.js') },
    bundle: true,
    write: false,
    outdir: dist,
    format: served ? 'esm' : 'iife',
    splitting: served,
    // Beside the page, where the entry's relative imports (the string tables) find them too.
    chunkNames: '[name]-[hash]',
    target: 'es2022',
    minify: true,
    sourcemap: served ? 'linked' : false,
    plugins: served ? [lazyTables] : [],
    metafile: served,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  // Every output file by its name in dist/, and the chunks the entry imports statically.
  const files = new Map(result.outputFiles.map((file) => [path.relative(dist, file.path), file.text]));
  const entry = served ? Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint) : null;
  const chunks = entry ? entry[1].imports.filter((item) => item.kind === 'import-statement').map((item) => path.basename(item.path)) : [];
  return { files, chunks };
}

// The chunks the page's script imports at once, announced in the head: the browser fetches them
// beside the script instead of after it, when the parser is done with the page and the main
// thread gets to read the script's imports.
function addModulePreloads(html, chunks) {
  const tag = '<script src="focal_explorer.js" type="module"></script>';
  if (!html.includes(tag)) fail(`index.html lacks ${tag}`);
  return html.replace(tag, [tag, ...chunks.map((chunk) => `<link rel="modulepreload" href="${chunk}">`)].join('\n'));
}

// Chunks of an earlier build (their names carry a content hash).
async function removeOldChunks(dist) {
  for (const name of await fs.readdir(dist)) {
    if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name)) await fs.rm(path.join(dist, name));
  }
}

// The core worker's script (core_worker.js and what it imports, Comlink among them) as one classic
// script, which the served page starts from dist/core_worker.js and the single file from a Blob.
async function bundleWorker() {
  const result = await esbuild.build({
    entryPoints: [path.join(webDir, 'js/core_worker.js')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

// Each lazily imported string table as its own minified ES module, at the path the page's
// script imports it from (relative to the script, so dist/ root).
async function writeLazyStrings(dist) {
  await Promise.all(
    LAZY_STRINGS.map(async (file) => {
      const result = await esbuild.build({
        entryPoints: [path.join(webDir, 'js', file)],
        bundle: true,
        write: false,
        format: 'esm',
        target: 'es2022',
        minify: true,
        charset: 'utf8',
        legalComments: 'none',
        logLevel: 'silent',
      });
      await fs.writeFile(path.join(dist, file), result.outputFiles[0].text);
    }),
  );
}

async function buildSingleFile(dist, pageHtml, katexCss, katexFonts, css, bundle, workerScript) {
  const [coreJs, wasm, favicon] = await Promise.all([
    fs.readFile(path.join(dist, 'focal_core.js'), 'utf8'),
    fs.readFile(path.join(dist, 'focal_core.wasm')),
    fs.readFile(path.join(webDir, 'favicon.svg')),
  ]);
  // The "Your model" panel's sample travels inside the file too (it may fetch nothing); it is
  // numbers and commas, so it can stand between tags as it is.
  const sample = await fs.readFile(path.join(webDir, 'samples/detector_sample.csv'), 'utf8');
  if (/[<&]/.test(sample)) fail('samples/detector_sample.csv must not contain < or &');
  // Each script's text exactly as it stands between its tags: that is what the CSP hash covers.
  const scripts = [coreJs, bundle].map((code) => `\n${safeInlineScript(code)}\n`);
  const styles = `${inlineKatexCss(katexCss, katexFonts)}\n${css}`;
  // No network at all: nothing may be fetched or connected to, scripts run only if their hash
  // matches, and wasm compiles under 'wasm-unsafe-eval' (no 'unsafe-eval' needed).
  const csp = [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')} 'wasm-unsafe-eval'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    // The core worker starts from a Blob of the text below (core_workers.js).
    'worker-src blob:',
    'font-src data:',
    "connect-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const head = [
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    `<link rel="icon" href="data:image/svg+xml;base64,${favicon.toString('base64')}">`,
    `<style>\n${styles}\n</style>`,
  ].join('\n');
  const body = [
    `<script type="application/octet-stream" id="focal-core-wasm">${wasm.toString('base64')}</script>`,
    `<script type="text/plain" id="core-worker-source">\n${safeInlineScript(workerScript)}\n</script>`,
    `<script type="text/plain" id="data-sample-source">${sample}</script>`,
    `<script id="focal-core-glue">${scripts[0]}</script>`,
    `<script>${scripts[1]}</script>`,
  ].join('\n');
  const start = pageHtml.indexOf('<!-- build:head');
  const endMarker = '<!-- /build:head -->';
  const end = pageHtml.indexOf(endMarker);
  if (start < 0 || end < 0) fail('index.html lacks the build:head markers');
  // Spliced by position, not String.replace: the scripts contain "$'" and friends, which a
  // replacement string would expand.
  const withHead = `${pageHtml.slice(0, start)}${head}${pageHtml.slice(end + endMarker.length)}`;
  const bodyEnd = withHead.lastIndexOf('</body>');
  const single = `${withHead.slice(0, bodyEnd)}${body}\n${withHead.slice(bodyEnd)}`;
  await fs.writeFile(path.join(dist, 'focal-loss-explorer.html'), single);
  return single.length;
}

// The core's registry (names, ranges and defaults) as a module the page's settings import, read
// from the freshly built wasm module so the page can never disagree with the core it ships with.
async function writeCoreRegistry(dist) {
  const createFocalCore = createRequire(import.meta.url)(path.join(dist, 'focal_core.js'));
  const core = await createFocalCore();
  const json = (value) => JSON.stringify(value, null, 1);
  const source = [
    '// Generated by web/build.mjs from the core\'s registry (cpp/core/registry.cpp). Do not edit.',
    `export const LOSSES = ${json(core.losses)};`,
    `export const ANCHOR_OPTIONS = ${json(core.anchorOptions)};`,
    `export const TRAINING_OPTIONS = ${json(core.trainingOptions)};`,
    `export const MULTICLASS_OPTIONS = ${json(core.multiclassOptions)};`,
    '',
  ].join('\n');
  await fs.mkdir(path.join(webDir, 'js/generated'), { recursive: true });
  await fs.writeFile(path.join(webDir, 'js/generated/core_registry.js'), source);
}

async function main() {
  const dist = distFromArgs(process.argv.slice(2));
  await fs.mkdir(dist, { recursive: true });
  await writeCoreRegistry(dist);
  await checkStringTables();

  const source = await fs.readFile(path.join(webDir, 'index.html'), 'utf8');
  const pageHtml = fillStrings(typesetFormulas(source));
  const katexCss = usedKatexCss(woff2Only(await fs.readFile(path.join(modulesDir, 'katex/dist/katex.min.css'), 'utf8')), pageHtml);
  const pageCss = await minifyStylesheet(path.join(webDir, 'css/explorer.css'));
  const [bundle, singleBundle, workerScript, katexFonts] = await Promise.all([
    bundleScripts(dist, { served: true }),
    bundleScripts(dist, { served: false }),
    bundleWorker(),
    subsetKatexFonts(katexCss),
  ]);
  await minifyCoreGlue(dist);

  await Promise.all([
    // What earlier builds wrote and the page no longer loads.
    fs.rm(path.join(dist, 'chart.umd.js'), { force: true }),
    fs.rm(path.join(dist, 'js'), { recursive: true, force: true }),
    fs.writeFile(path.join(dist, 'index.html'), addModulePreloads(inlineServedStyles(pageHtml, katexCss, pageCss), bundle.chunks)),
    removeOldChunks(dist).then(() => Promise.all([...bundle.files].map(([name, text]) => fs.writeFile(path.join(dist, name), text)))),
    fs.writeFile(path.join(dist, 'core_worker.js'), workerScript),
    writeLazyStrings(dist),
    // The page inlines it; the file stays for a page of one's own that links it.
    (async () => {
      await fs.mkdir(path.join(dist, 'css'), { recursive: true });
      await fs.writeFile(path.join(dist, 'css/explorer.css'), pageCss);
    })(),
    fs.copyFile(path.join(webDir, 'favicon.svg'), path.join(dist, 'favicon.svg')),
    copyDir(path.join(rootDir, 'examples'), path.join(dist, 'examples'), (name) => name.endsWith('.html')),
    // The "Your model" panel's sample, fetched only when a reader asks for it.
    copyDir(path.join(webDir, 'samples'), path.join(dist, 'samples'), (name) => name.endsWith('.csv')),
    (async () => {
      // Fonts an earlier build copied and the stylesheet no longer names go too.
      await fs.rm(path.join(dist, 'katex'), { recursive: true, force: true });
      await fs.mkdir(path.join(dist, 'katex'), { recursive: true });
      await fs.writeFile(path.join(dist, 'katex/katex.min.css'), katexCss);
      await fs.mkdir(path.join(dist, 'katex/fonts'), { recursive: true });
      for (const [file, bytes] of katexFonts) await fs.writeFile(path.join(dist, 'katex/fonts', file), bytes);
    })(),
  ]);
  const singleSize = await buildSingleFile(dist, pageHtml, katexCss, katexFonts, pageCss, singleBundle.files.get('focal_explorer.js'), workerScript);
  console.log(`web/build.mjs: dist/index.html and dist/focal-loss-explorer.html (${Math.round(singleSize / 1024)} KB)`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
