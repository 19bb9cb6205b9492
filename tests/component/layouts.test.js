// The component where uni-app and Taro put it: the folder copied as it is (no build step runs
// over it) into a mini program at each layout's path, loaded from there, its wasm found from
// its own path (`this.is`, which WeChat sets to the component's path in the code package).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Linter } = require('eslint');
const { settle, mock, gradientPhoto, simulate } = require('./harness.js');
const { appDir } = require('./wx-mock.js');

const componentDir = path.join(appDir, 'components', 'image-cropper');
const WASM = 'core/image_cropper_wasm_bg.wasm.br';

const LAYOUTS = [
  ['uni-app: wxcomponents/ at the project root', 'wxcomponents/image-cropper'],
  ['uni-app: wxcomponents/ at a subpackage root', 'packageA/wxcomponents/image-cropper'],
  ['a subpackage of a native project', 'packageA/components/image-cropper'],
  ['Taro: the copy option\'s target in dist/', 'components/image-cropper'],
  ['somewhere else entirely', 'vendor/cropper-v2/image-cropper'],
];

/** A copy without its wasm (a folder copied by hand, core/ forgotten). */
const WITHOUT_WASM = 'packageB/wxcomponents/image-cropper';

let packageRoot;
beforeAll(() => {
  // All copies before the first load: simulate compiles the package's WXML once.
  packageRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-layouts-'));
  for (const [, dir] of LAYOUTS) fs.cpSync(componentDir, path.join(packageRoot, dir), { recursive: true });
  fs.cpSync(componentDir, path.join(packageRoot, WITHOUT_WASM), { recursive: true, filter: (src) => !src.endsWith('.wasm.br') });
});
afterAll(() => {
  mock.packageRoot = appDir;
  fs.rmSync(packageRoot, { recursive: true, force: true });
});

/** Renders the component found at `dir` of the package, `this.is` set as WeChat sets it. */
function mountAt(dir, props = {}) {
  const id = simulate.load(path.join(packageRoot, dir, 'index'), 'image-cropper', { rootPath: packageRoot });
  const comp = simulate.render(id, props);
  Object.defineProperty(comp.instance, 'is', { value: dir + '/index', configurable: true });
  const events = [];
  for (const name of ['load', 'imageload', 'error']) comp.addEventListener(name, (e) => events.push({ name, detail: e.detail }));
  comp.attach(document.createElement('parent-wrapper'));
  return { comp, events, of: (name) => events.filter((e) => e.name === name).map((e) => e.detail) };
}

describe.each(LAYOUTS)('%s (%s)', (_name, dir) => {
  test('loads its wasm from its own folder, loads an image and exports it', async () => {
    mock.packageRoot = packageRoot;
    const seen = mock.wasm.paths.length;
    const photo = await gradientPhoto(400, 300, 'png');
    const h = mountAt(dir, { imgSrc: mock.addTempFile(photo.bytes, 'png') });
    await settle();
    expect(h.of('error')).toEqual([]);
    expect(h.of('load')).toHaveLength(1);
    // each copy is a module of its own: it instantiates its wasm, from its own folder
    expect(mock.wasm.paths.length).toBeGreaterThan(seen);
    for (const p of mock.wasm.paths.slice(seen)) expect(p).toBe(`/${dir}/${WASM}`);
    expect(h.of('imageload')[0]).toMatchObject({ width: 400, height: 300, type: 'png' });
    const res = await h.comp.instance.getImg();
    expect([res.width, res.height]).toEqual([600, 600]);
    expect(mock.read(res.url).length).toBe(res.size);
  });
});

test('the wasm of a copy is its own: a copy without core/ fails to load (load_failed), it does not borrow another', async () => {
  const dir = WITHOUT_WASM;
  mock.packageRoot = packageRoot;
  // (its loader is a module of its own, which has loaded nothing yet)
  const h = mountAt(dir);
  await settle();
  expect(h.of('error').map((e) => e.code)).toEqual(['load_failed']);
  expect(h.of('error')[0].message).toContain(`/${dir}/${WASM}`);
});

test('the copied folder runs as it is: ES2017 CommonJS, requiring nothing outside itself', async () => {
  const linter = new Linter({ configType: 'flat' });
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.js')) files.push(full);
    }
  };
  walk(componentDir);
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const code = fs.readFileSync(file, 'utf8');
    const messages = linter.verify(code, { languageOptions: { ecmaVersion: 2017, sourceType: 'commonjs' } });
    expect([path.relative(componentDir, file), messages.filter((m) => m.fatal)]).toEqual([path.relative(componentDir, file), []]);
    // Usage examples in comments are not requires of the file itself.
    const live = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of live.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      expect([m[1], target.startsWith(componentDir + path.sep) && fs.existsSync(target)]).toEqual([m[1], true]);
    }
  }
});
