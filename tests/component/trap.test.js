// Trap recovery: when a wasm call traps (a WebAssembly.RuntimeError, not a typed CropError), the
// component drops the instance (loader.reset()), instantiates a fresh module, reports a
// `wasm_trap` error, restores its state, and keeps working. The test WXWebAssembly wraps the
// core's exports so that an armed export runs a real `unreachable` first.
'use strict';

const { mount, mock, simulate, waitFor } = require('./harness.js');
const { trapFunction } = require('./wasm-tools.js');

const trap = trapFunction();
/** The wasm export that traps on its next call (then disarms), or null. */
let armed = null;
mock.wasm.wrapExports = (exports) => {
  const wrapped = {};
  for (const name of Object.keys(exports)) {
    const value = exports[name];
    wrapped[name] = typeof value !== 'function' ? value : (...args) => {
      if (armed === name) {
        armed = null;
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
  armed = 'cropper_setCutXY';
  h.instance.setCutXY(10, 20);
  expect(h.of('error')).toHaveLength(1);
  expect(h.of('error')[0].code).toBe('wasm_trap');
  expect(h.of('error')[0].message).toMatch(/unreachable/);
  await waitFor(() => mock.wasm.instantiations === before + 1, 10000, 'a fresh instantiation');
  await simulate.sleep(5);
  // the new engine got the component's properties again
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([250, 150]);
  h.instance.setCutXY(10, 20);
  await simulate.sleep(5);
  expect([h.data().v_cut_x, h.data().v_cut_y, h.data().v_cut_w, h.data().v_cut_h]).toEqual([10, 20, 250, 150]);
  expect(h.of('error')).toHaveLength(1);
  expect(h.of('load')).toHaveLength(1); // load is not sent again
});

test('one instance traps: the others rebuild their engine on the new module and keep their state', async () => {
  const a = await mount({ width: 220, height: 220 }).ready();
  const b = await mount({ width: 160, height: 120 }).ready();
  const before = mock.wasm.instantiations;
  armed = 'cropper_setCutCenter';
  a.instance.setCutCenter();
  expect(a.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
  await waitFor(() => mock.wasm.instantiations === before + 1, 10000, 'a fresh instantiation');
  // b's Cropper belonged to the dropped module: its next call rebuilds it in the new one
  b.instance.setCutXY(30, 40);
  await simulate.sleep(10);
  expect([b.data().v_cut_x, b.data().v_cut_y, b.data().v_cut_w, b.data().v_cut_h]).toEqual([30, 40, 160, 120]);
  expect(b.of('error')).toEqual([]);
  expect(mock.wasm.instantiations).toBe(before + 1);
  a.instance.setCutXY(1, 2);
  await simulate.sleep(5);
  expect([a.data().v_cut_x, a.data().v_cut_y]).toEqual([1, 2]);
});
