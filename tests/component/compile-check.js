#!/usr/bin/env node
// Compiles every .wxml and .wxss of the demo mini program (pages and the component) with
// WeChat's own compilers from `miniprogram-compiler` (wcc for WXML, wcsc for WXSS, linux x64),
// one file at a time and then the whole project together with its custom-component table as
// DevTools does. Exits non-zero on any compile error, printing the compiler's file:line:col.
// A deliberately broken file is compiled first to prove the compilers do report errors here.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const appDir = path.join(root, 'miniprogram');
const binDir = path.join(root, 'node_modules', 'miniprogram-compiler', 'bin', 'linux');
const wcc = path.join(binDir, 'wcc');
const wcsc = path.join(binDir, 'wcsc');

let failures = 0;
function fail(message) {
  failures++;
  console.error('FAIL ' + message);
}

function listFiles(dir, ext, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'miniprogram_npm') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, ext, out);
    else if (entry.name.endsWith(ext)) out.push(path.relative(appDir, full).split(path.sep).join('/'));
  }
  return out.sort();
}

function run(bin, args, cwd) {
  return spawnSync(bin, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
}

for (const bin of [wcc, wcsc]) {
  if (!fs.existsSync(bin)) {
    console.error(`compile-check: ${bin} is missing (npm ci installs miniprogram-compiler)`);
    process.exit(1);
  }
  fs.chmodSync(bin, 0o755);
}

// 1. The compilers catch errors on this machine.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-compile-'));
fs.writeFileSync(path.join(scratch, 'broken.wxml'), '<view><text>{{a}}</view>\n');
fs.writeFileSync(path.join(scratch, 'broken.wxss'), '.a { color: red;\n.b {\n');
const brokenWxml = run(wcc, ['-d', 'broken.wxml'], scratch);
const brokenWxss = run(wcsc, ['-db', 'broken.wxss'], scratch);
fs.rmSync(scratch, { recursive: true, force: true });
if (brokenWxml.status === 0) fail('wcc accepted a broken WXML file: the check would prove nothing');
if (brokenWxss.status === 0) fail('wcsc accepted a broken WXSS file: the check would prove nothing');

// 2. Every file on its own.
const wxml = listFiles(appDir, '.wxml');
const wxss = listFiles(appDir, '.wxss');
if (!wxml.includes('components/image-cropper/index.wxml')) fail('the component WXML was not found');
if (!wxss.includes('components/image-cropper/index.wxss')) fail('the component WXSS was not found');
for (const file of wxml) {
  const res = run(wcc, ['-d', file], appDir);
  if (res.status !== 0) fail(`wcc ${file}: ${res.stderr.toString().trim() || 'exit ' + res.status}`);
  else console.log(`ok   wcc  ${file}`);
}
for (const file of wxss) {
  const res = run(wcsc, ['-db', file], appDir);
  const stderr = res.stderr.toString().trim();
  if (res.status !== 0 || /\bERR\b/.test(stderr)) fail(`wcsc ${file}: ${stderr || 'exit ' + res.status}`);
  else console.log(`ok   wcsc ${file}`);
}

// 3. The whole project at once, with each page's usingComponents, as DevTools compiles it.
const componentArgs = [];
for (const file of wxml) {
  const json = path.join(appDir, file.replace(/\.wxml$/, '.json'));
  const using = fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')).usingComponents || {}) : {};
  const names = Object.keys(using);
  if (names.length) componentArgs.push(file, String(names.length), ...names);
}
const pagesWithComponents = componentArgs.filter((a) => a.endsWith('.wxml')).length;
const all = run(wcc, ['-d', '-cc', [pagesWithComponents, ...componentArgs].join(' '), ...wxml, '-gn', '$gwx'], appDir);
if (all.status !== 0) fail(`wcc (whole project): ${all.stderr.toString().trim()}`);
else console.log(`ok   wcc  whole project (${wxml.length} files, ${pagesWithComponents} using components)`);
const componentWxss = wxss.filter((f) => fs.existsSync(path.join(appDir, f.replace(/\.wxss$/, '.json'))) && f !== 'app.wxss');
const pageWxss = wxss.filter((f) => !componentWxss.includes(f));
const allCss = run(wcsc, ['-db', '-pc', String(componentWxss.length), ...componentWxss, ...pageWxss], appDir);
if (allCss.status !== 0) fail(`wcsc (whole project): ${allCss.stderr.toString().trim()}`);
else console.log(`ok   wcsc whole project (${wxss.length} files)`);

console.log(failures ? `compile-check: ${failures} failure(s)` : `compile-check: ${wxml.length} WXML and ${wxss.length} WXSS files compile`);
process.exit(failures ? 1 : 0);
