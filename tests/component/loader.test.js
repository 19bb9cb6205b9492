// The generated loader (core/loader.js, from scripts/miniprogram/loader.js) loading the real
// .wasm.br through WXWebAssembly, as on a phone.
'use strict';

const path = require('path');

const coreDir = path.resolve(__dirname, '../../miniprogram/components/image-cropper/core');
const WASM_PATH = '/components/image-cropper/core/image_cropper_wasm_bg.wasm.br';
const mock = global.__wxMock;

function freshLoader() {
  let loader;
  jest.isolateModules(() => { loader = require(path.join(coreDir, 'loader.js')); });
  return loader;
}

beforeEach(() => {
  mock.wasm.instantiations = 0;
  mock.wasm.paths = [];
  mock.wasm.transform = null;
  mock.wasm.wrapExports = null;
});

test('concurrent loads share one instantiation and give the working glue', async () => {
  const loader = freshLoader();
  const [a, b] = await Promise.all([loader.load(WASM_PATH), loader.load(WASM_PATH)]);
  expect(a).toBe(b);
  expect(mock.wasm.instantiations).toBe(1);
  expect(mock.wasm.paths).toEqual([WASM_PATH]);
  expect(typeof a.version()).toBe('string');
  expect(a.version()).toMatch(/^\d+\.\d+\.\d+/);
  const again = await loader.load(WASM_PATH);
  expect(again).toBe(a);
  expect(mock.wasm.instantiations).toBe(1);
});

test('typed core errors cross the boundary with code and UTF-8 message', async () => {
  const core = await freshLoader().load(WASM_PATH);
  let caught = null;
  try { core.checkError('é✓😀'); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(Error);
  expect(caught.code).toBe('invalid_option');
  expect(caught.message).toBe('test é✓😀');
});

test('reset() drops the instance: the next load instantiates a fresh module that works', async () => {
  const loader = freshLoader();
  const first = await loader.load(WASM_PATH);
  const v = first.version();
  loader.reset();
  const second = await loader.load(WASM_PATH);
  expect(mock.wasm.instantiations).toBe(2);
  expect(second.version()).toBe(v);
});

test('a missing WXWebAssembly is a load_failed error, and a later load can succeed', async () => {
  const loader = freshLoader();
  const saved = global.WXWebAssembly;
  global.WXWebAssembly = undefined;
  try {
    await expect(loader.load(WASM_PATH)).rejects.toMatchObject({ code: 'load_failed' });
  } finally {
    global.WXWebAssembly = saved;
  }
  const core = await loader.load(WASM_PATH);
  expect(typeof core.version()).toBe('string');
});

test('a wrong path rejects with load_failed naming it; the loader retries afterwards', async () => {
  const loader = freshLoader();
  const err = await loader.load('/nowhere/x.wasm.br').then(() => null, (e) => e);
  expect(err.code).toBe('load_failed');
  expect(err.message).toContain('/nowhere/x.wasm.br');
  await expect(loader.load(WASM_PATH)).resolves.toBeTruthy();
  expect(mock.wasm.instantiations).toBe(2);
});

test('accepts {instance, module} as well as a bare Instance from WXWebAssembly.instantiate', async () => {
  const loader = freshLoader();
  const saved = global.WXWebAssembly;
  global.WXWebAssembly = {
    instantiate: (p, imports) => saved.instantiate(p, imports).then((instance) => ({ instance, module: {} })),
  };
  try {
    const core = await loader.load(WASM_PATH);
    expect(typeof core.version()).toBe('string');
  } finally {
    global.WXWebAssembly = saved;
  }
});

test('the shipped module loads under the iOS model; one exporting a Global is refused with load_failed', async () => {
  const { exportGlobal } = require('./wasm-tools.js');
  // The shipped module passes the shim's iOS check (the test above loaded it the same way).
  const core = await freshLoader().load(WASM_PATH);
  expect(typeof core.version()).toBe('string');
  // The same module with its first global (the stack pointer) exported, as wasm-bindgen's
  // runtime statics were before build.sh stripped them.
  mock.wasm.transform = (bytes) => exportGlobal(bytes, '__instance_terminated', 0);
  let caught = null;
  try { await freshLoader().load(WASM_PATH); } catch (e) { caught = e; }
  expect(caught).not.toBeNull();
  expect(caught.code).toBe('load_failed');
  expect(caught.message).toMatch(/not supported on iOS: export __instance_terminated \(global\)/);
});
