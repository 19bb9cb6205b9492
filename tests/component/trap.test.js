// Trap recovery: when a wasm call traps (a WebAssembly.RuntimeError, not a typed CropError), the
// component drops the instance (loader.reset()), instantiates a fresh module, reports a
// `wasm_trap` error, restores its state, and keeps working. The test WXWebAssembly wraps the
// core's exports so that an armed export runs a real `unreachable` first.
'use strict';

const { mount, settle, mock, waitFor, gradientPhoto, decode } = require('./harness.js');
const { trapFunction, capMemory } = require('./wasm-tools.js');

const trap = trapFunction();
/** Wasm exports that trap on their next call, in order (each disarms when it fires). */
let armed = [];
/** Names of the wasm exports seen at the last instantiation. */
let exportNames = [];
mock.wasm.wrapExports = (exports) => {
  exportNames = Object.keys(exports);
  const wrapped = {};
  for (const name of Object.keys(exports)) {
    const value = exports[name];
    wrapped[name] = typeof value !== 'function' ? value : (...args) => {
      if (armed[0] === name) {
        armed.shift();
        trap();
      }
      return value(...args);
    };
  }
  return wrapped;
};

test('the trap helper throws a real WebAssembly.RuntimeError', () => {
  expect(() => trap()).toThrow(WebAssembly.RuntimeError);
});

test('a trap in a method: wasm_trap error, a fresh instance, properties restored, next calls work', async () => {
  const h = await mount({ width: 250, height: 150 }).ready();
  const before = mock.wasm.instantiations;
  armed = ['cropper_setCutXY'];
  h.instance.setCutXY(10, 20);
  expect(h.of('error')).toHaveLength(1);
  expect(h.of('error')[0].code).toBe('wasm_trap');
  expect(h.of('error')[0].message).toMatch(/unreachable/);
  await waitFor(() => mock.wasm.instantiations === before + 1, 'a fresh instantiation');
  await settle();
  // the new engine got the component's properties again
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([250, 150]);
  h.instance.setCutXY(10, 20);
  await waitFor(() => h.data().v_cut_x === 10, 'the call on the fresh instance');
  expect([h.data().v_cut_x, h.data().v_cut_y, h.data().v_cut_w, h.data().v_cut_h]).toEqual([10, 20, 250, 150]);
  expect(h.of('error')).toHaveLength(1);
  expect(h.of('load')).toHaveLength(1); // load is not sent again
});

test('a trap again while the fresh engine is restored: load_failed, no reload loop, the next call recovers', async () => {
  const h = await mount({ width: 240, height: 180 }).ready();
  const before = mock.wasm.instantiations;
  armed = ['cropper_setCutXY', 'cropper_setProps'];
  h.instance.setCutXY(10, 20);
  await waitFor(() => h.of('error').length >= 3, 'three errors');
  await settle();
  expect(h.of('error').map((e) => e.code)).toEqual(['wasm_trap', 'wasm_trap', 'load_failed']);
  expect(mock.wasm.instantiations).toBe(before + 1);
  h.instance.setCutXY(10, 20);
  await waitFor(() => h.data().v_cut_x === 10, 'the next call to work');
  expect([h.data().v_cut_x, h.data().v_cut_y, h.data().v_cut_w, h.data().v_cut_h]).toEqual([10, 20, 240, 180]);
  expect(mock.wasm.instantiations).toBe(before + 2);
});

test('one instance traps: the others rebuild their engine on the new module and keep their state', async () => {
  const a = await mount({ width: 220, height: 220 }).ready();
  const b = await mount({ width: 160, height: 120 }).ready();
  const before = mock.wasm.instantiations;
  armed = ['cropper_setCutCenter'];
  a.instance.setCutCenter();
  expect(a.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
  await waitFor(() => mock.wasm.instantiations === before + 1, 'a fresh instantiation');
  // b's Cropper belonged to the dropped module: its next call rebuilds it in the new one
  b.instance.setCutXY(30, 40);
  // (the fresh module may still be compiling: wait for the result, not a fixed time)
  await waitFor(() => b.data().v_cut_x === 30, "b's call on the rebuilt engine");
  expect([b.data().v_cut_x, b.data().v_cut_y, b.data().v_cut_w, b.data().v_cut_h]).toEqual([30, 40, 160, 120]);
  expect(b.of('error')).toEqual([]);
  expect(mock.wasm.instantiations).toBe(before + 1);
  a.instance.setCutXY(1, 2);
  await settle();
  expect([a.data().v_cut_x, a.data().v_cut_y]).toEqual([1, 2]);
});

test('after a trap elsewhere, a gesture alone revives an instance (its first touch is not lost)', async () => {
  const p = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
  const a = await mount().ready();
  const b = await mount({ imgSrc: p }).ready();
  await b.waitEvent('imageload');
  armed = ['cropper_setCutCenter'];
  a.instance.setCutCenter();
  expect(a.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
  // b's engine belonged to the dropped module; the user just drags
  const c = { x: 187.5, y: 333.5 };
  await b.touch('touchstart', [c]);
  await waitFor(() => b.instance.getCropData() !== null, 'b rebuilt');
  for (let i = 1; i <= 4; i++) await b.touch('touchmove', [{ x: c.x + 5 * i, y: c.y }]);
  await b.touch('touchend', []);
  expect(b.of('error')).toEqual([]);
  // 20 px right = 90 source px left of the initial x 150, as if nothing had happened
  expect(b.of('change').pop().x).toBeCloseTo(150 - 20 * 4.5, 6);
  // and a property change on a dropped engine shows too
  armed = ['cropper_setCutCenter'];
  a.instance.setCutCenter();
  b.comp.setData({ width: 180 });
  await waitFor(() => b.data().v_cut_w === 180, 'the property on the rebuilt engine');
  expect(b.of('error')).toEqual([]);
});

describe('traps around images', () => {
  let photoPath;
  let bigPath;
  beforeAll(async () => {
    photoPath = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
    bigPath = mock.addTempFile((await gradientPhoto(4000, 3000, 'png')).bytes, 'png');
  });
  afterEach(() => { mock.wasm.transform = null; armed = []; });

  /** The wasm export behind the glue's exportImage (wasm-bindgen keeps the JS name). */
  const exportImageExport = () => exportNames.find((n) => /^export_?image$/i.test(n));

  test('a trap inside the export: wasm_trap, then the same getImg gives the same file as before', async () => {
    const h = await mount({ imgSrc: photoPath }).ready();
    await h.waitEvent('imageload');
    h.instance.setScale(1.25);
    const crop = h.instance.getCropData();
    const reference = mock.read((await h.instance.getImg()).url);
    const before = mock.wasm.instantiations;
    expect(exportImageExport()).toBeDefined();
    armed = [exportImageExport()];
    const err = await h.instance.getImg().then(() => null, (e) => e);
    expect(err.code).toBe('wasm_trap');
    expect(h.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
    const res = await h.instance.getImg();
    expect(mock.wasm.instantiations).toBe(before + 1);
    // the crop survived the new instance, and the output is the same bytes
    expect(h.instance.getCropData()).toEqual(crop);
    expect(mock.read(res.url).equals(reference)).toBe(true);
  });

  test('a trap during a touchmove: wasm_trap, and gestures work again on the fresh instance', async () => {
    const h = await mount({ imgSrc: photoPath }).ready();
    await h.waitEvent('imageload');
    const c = { x: 187.5, y: 333.5 };
    await h.touch('touchstart', [c]);
    armed = ['cropper_touchMoveXY'];
    await h.touch('touchmove', [{ x: c.x + 10, y: c.y }]);
    expect(h.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
    await h.touch('touchend', []);
    await waitFor(() => h.instance.getCropData() !== null, 'the rebuilt engine');
    await h.drag(c, { x: c.x + 20, y: c.y });
    const after = h.instance.getCropData();
    expect(after.x).toBeCloseTo(150 - 20 * 4.5, 6);
    expect(h.of('error')).toHaveLength(1);
  });

  test('memory that cannot grow (capped maximum): an error, then the next getImg works under the same cap', async () => {
    const h0 = await mount().ready(); // make sure an instance exists to measure
    let info = null;
    mock.wasm.transform = (bytes) => {
      const capped = capMemory(bytes, { extraPages: 160 }); // initial + 10 MiB
      info = capped;
      return capped.bytes;
    };
    // force a fresh, capped instance
    armed = ['cropper_setCutCenter'];
    h0.instance.setCutCenter();
    const h = await mount().ready();
    await waitFor(() => info !== null, 'a capped instance');
    await h.instance.pushImg(photoPath);
    const before = mock.wasm.instantiations;
    // 4000 × 3000 RGBA needs 48 MB: more than the cap
    let err = await h.instance.pushImg(bigPath).then(() => null, (e) => e);
    if (!err) err = await h.instance.getImg().then(() => null, (e) => e);
    expect(err).not.toBeNull();
    expect(['wasm_trap', 'too_large']).toContain(err.code);
    if (err.code === 'wasm_trap') expect(mock.wasm.instantiations).toBe(before + 1);
    console.log(`capped memory (${info.min}..${info.max} pages): ${err.code}: ${err.message}`);
    await h.instance.pushImg(photoPath);
    const res = await h.instance.getImg();
    expect([res.width, res.height]).toEqual([600, 600]);
    expect((await decode(mock.read(res.url))).info.width).toBe(600);
  });
});
