#!/usr/bin/env node
// The npm package as a mini program developer uses it: pkg/ (from ./build.sh) installed into a
// scratch mini program in a temp folder, then WeChat's own tooling (miniprogram-ci, offline):
//  1. packNpm ("Build npm" in DevTools) copies pkg/miniprogram_dist to miniprogram_npm/;
//  2. analyseCode resolves a page's `usingComponents: {"image-cropper": "image-cropper-wasm"}`
//     to the component, and every require of the component to a file in the package;
//  3. the .wasm.br sits where the component computes it from `this.is`;
//  4. checkCodeQuality's code-package size check passes, and the main package is <= 2 MB.
// Exits non-zero on any failure. (miniprogram-ci leaves a file watcher running: exit explicitly.)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const pkgDir = path.join(root, 'pkg');
const PKG_NAME = 'image-cropper-wasm';
const WASM_BR = 'core/image_cropper_wasm_bg.wasm.br';
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;

let failures = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || detail === undefined ? '' : ': ' + detail}`);
  if (!ok) failures++;
}

function write(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const s = path.join(from, e.name);
    const d = path.join(to, e.name);
    if (e.isDirectory()) copyDir(s, d);
    else fs.copyFileSync(s, d);
  }
}

function dirSize(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(full) : fs.statSync(full).size;
  }
  return total;
}

/** pkg/ holds the manifest and the mini program folder with the component's files. */
function checkPackage(distDir) {
  const manifestPath = path.join(pkgDir, 'package.json');
  if (!fs.existsSync(manifestPath) || !fs.existsSync(distDir)) {
    console.error('pack-npm-check: pkg/ or pkg/miniprogram_dist is missing: run ./build.sh first');
    process.exit(1);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  check('pkg/package.json names the mini program folder', manifest.miniprogram === 'miniprogram_dist', manifest.miniprogram);
  for (const f of ['index.js', 'index.json', 'index.wxml', 'index.wxss', WASM_BR, 'core/loader.js']) {
    check(`pkg/miniprogram_dist/${f} exists`, fs.existsSync(path.join(distDir, f)));
  }
  return manifest;
}

/** A scratch mini program with one page using the component by its package name. */
function scratchApp(manifest) {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-packnpm-'));
  write(path.join(app, 'project.config.json'), {
    appid: 'wx0123456789abcdef',
    compileType: 'miniprogram',
    libVersion: '3.3.4',
    setting: { es6: true, minified: true },
    packOptions: { ignore: [{ type: 'folder', value: 'node_modules' }] },
  });
  write(path.join(app, 'app.json'), { pages: ['pages/index/index'], lazyCodeLoading: 'requiredComponents' });
  write(path.join(app, 'app.js'), 'App({});\n');
  write(path.join(app, 'package.json'), { name: 'scratch-app', version: '1.0.0', dependencies: { [PKG_NAME]: manifest.version } });
  write(path.join(app, 'pages/index/index.json'), { usingComponents: { 'image-cropper': PKG_NAME } });
  write(path.join(app, 'pages/index/index.wxml'), '<image-cropper id="cropper" imgSrc="/sample.jpg" bindload="onLoad"></image-cropper>\n');
  write(path.join(app, 'pages/index/index.wxss'), '');
  write(path.join(app, 'pages/index/index.js'), 'Page({ onLoad() {} });\n');
  copyDir(pkgDir, path.join(app, 'node_modules', PKG_NAME));
  return app;
}

function loadCi() {
  try {
    return require('miniprogram-ci');
  } catch (e) {
    console.error('pack-npm-check: miniprogram-ci is missing (npm ci installs it)');
    process.exit(1);
  }
  return null;
}

/** 1. packNpm ("Build npm") copies the component, its core and the .wasm.br unchanged. */
async function checkPackNpm(ci, project, npmDir, distDir) {
  const reports = [];
  const warnings = await ci.packNpm(project, { reporter: (r) => reports.push(r) });
  check('packNpm gives no warnings', Array.isArray(warnings) && warnings.length === 0, JSON.stringify(warnings));
  const report = reports[0] || {};
  check('packNpm packed one mini program package, nothing unresolved',
    report.miniprogram_pack_num === 1 && report.warn_not_found_num === 0, JSON.stringify(report));
  for (const f of ['index.js', 'index.json', 'index.wxml', 'index.wxss', 'core/loader.js', 'core/image_cropper_wasm_bg.js', 'core/utf8.js']) {
    check(`miniprogram_npm/${PKG_NAME}/${f} built`, fs.existsSync(path.join(npmDir, f)));
  }
  const builtWasm = path.join(npmDir, WASM_BR);
  check('the .wasm.br is copied byte for byte', fs.existsSync(builtWasm) &&
    fs.readFileSync(builtWasm).equals(fs.readFileSync(path.join(distDir, WASM_BR))));
}

/** 2. analyseCode: the page's usingComponents resolves to the component and its JS graph is whole. */
async function checkModuleGraph(ci, project, app) {
  const analysis = await ci.analyseCode(project, { silent: true });
  const modules = (analysis && analysis.modules) || [];
  const filesSeen = new Set(((analysis && analysis.files) || []).map((f) => f.path));
  const componentId = `Component:miniprogram_npm/${PKG_NAME}/index.json`;
  const component = modules.find((m) => m.id === componentId);
  check('analyseCode resolves "image-cropper" to the npm component', !!component &&
    component.parentDeps.some((d) => d.originModuleId === 'Page:pages/index/index.json' && d.request === PKG_NAME),
  component ? JSON.stringify(component.parentDeps) : 'component module not found');
  if (component) {
    const kinds = component.deps.map((d) => d.type).sort();
    check('the component has its wxml, wxss and js', ['Js', 'Wxml', 'Wxss'].every((k) => kinds.includes(k)), kinds.join(','));
  }
  const prefix = `miniprogram_npm/${PKG_NAME}/`;
  const componentJs = modules.filter((m) => m.type === 'Js' && m.path.startsWith(prefix));
  const unresolved = [];
  for (const m of componentJs) {
    for (const d of m.deps || []) if (!filesSeen.has(d.path) || !fs.existsSync(path.join(app, d.path))) unresolved.push(`${m.path} -> ${d.request}`);
  }
  check('every require of the component resolves inside the package', unresolved.length === 0, unresolved.join('; '));
  const reached = new Set(componentJs.map((m) => m.path));
  // Every JS file of the component (one per concern) and of its generated core/.
  const componentSrc = path.join(root, 'miniprogram', 'components', 'image-cropper');
  const sources = fs.readdirSync(componentSrc).filter((f) => f.endsWith('.js'));
  const core = fs.readdirSync(path.join(componentSrc, 'core')).filter((f) => f.endsWith('.js')).map((f) => `core/${f}`);
  for (const f of [...sources, ...core]) {
    check(`${prefix}${f} is in the module graph`, reached.has(prefix + f));
  }
  check('the .wasm.br is part of the code package', filesSeen.has(prefix + WASM_BR));
}

/** 3. The path the component derives from `this.is` after "Build npm". */
function checkWasmPath(app, npmDir) {
  const { wasmPathFor } = require(path.join(npmDir, 'engine.js'));
  const wasmPath = wasmPathFor(`miniprogram_npm/${PKG_NAME}/index`);
  check(`this.is -> ${wasmPath} exists`, fs.existsSync(path.join(app, wasmPath)));
}

/** 4. Code-package size. */
async function checkSizes(ci, project, app, npmDir) {
  const quality = await ci.checkCodeQuality(project);
  const sizeItem = (quality || []).find((q) => q.name === 'PACKAGE_SIZE_LIMIT');
  check('checkCodeQuality PACKAGE_SIZE_LIMIT passes', !!sizeItem && sizeItem.success === true, JSON.stringify(sizeItem));
  let mainBytes = 0;
  for (const e of fs.readdirSync(app, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const full = path.join(app, e.name);
    mainBytes += e.isDirectory() ? dirSize(full) : fs.statSync(full).size;
  }
  check(`main package ${mainBytes} bytes <= ${MAIN_PACKAGE_LIMIT}`, mainBytes <= MAIN_PACKAGE_LIMIT);
  const builtWasm = path.join(npmDir, WASM_BR);
  console.log(`sizes: component in miniprogram_npm ${dirSize(npmDir)} bytes (wasm.br ${fs.statSync(builtWasm).size}),` +
    ` main package ${mainBytes} bytes, checkCodeQuality ${sizeItem ? JSON.stringify(sizeItem.detail) : '?'}`);
}

async function main() {
  const distDir = path.join(pkgDir, 'miniprogram_dist');
  const manifest = checkPackage(distDir);
  const app = scratchApp(manifest);
  const ci = loadCi();
  const project = new ci.Project({
    appid: 'wx0123456789abcdef',
    type: 'miniProgram',
    projectPath: app,
    privateKey: 'offline-check-needs-no-real-key',
    ignores: ['node_modules/**/*'],
  });
  const npmDir = path.join(app, 'miniprogram_npm', PKG_NAME);
  await checkPackNpm(ci, project, npmDir, distDir);
  await checkModuleGraph(ci, project, app);
  checkWasmPath(app, npmDir);
  await checkSizes(ci, project, app, npmDir);
  fs.rmSync(app, { recursive: true, force: true });
  console.log(failures ? `pack-npm-check: ${failures} failure(s)` : 'pack-npm-check: all checks passed');
  return failures;
}

main().then((n) => process.exit(n ? 1 : 0), (err) => {
  console.error('pack-npm-check:', err && err.stack ? err.stack : err);
  process.exit(1);
});
