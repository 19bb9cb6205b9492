// A drop-in for pages written for the original: its whole method surface, and its `data` as a
// live mirror of the state in its own keys and units (px, degrees, rounded to 3 decimals as its
// data getter), current right after every method, gesture step and property change, with
// the component's own writes never taken for the page's.
'use strict';

const { mount, settle, mock, waitFor, gradientPhoto } = require('./harness.js');
const { trapFunction } = require('./wasm-tools.js');

const VW = 375;
const VH = 667;

// The test WXWebAssembly wraps the core's exports: calls are counted by name, and an armed
// export runs a real `unreachable` first (a trap).
const trap = trapFunction();
const wasmCalls = {};
let armed = [];
mock.wasm.wrapExports = (exports) => {
  const wrapped = {};
  for (const name of Object.keys(exports)) {
    const value = exports[name];
    wrapped[name] = typeof value !== 'function' ? value : (...args) => {
      wasmCalls[name] = (wasmCalls[name] || 0) + 1;
      if (armed[0] === name) {
        armed.shift();
        trap();
      }
      return value(...args);
    };
  }
  return wrapped;
};
const setPropsCalls = () => wasmCalls.cropper_setProps || 0;

/** The mirrored state in the data. */
function state(h) {
  const d = h.data();
  const out = {};
  for (const k of ['angle', 'scale', 'cut_left', 'cut_top', 'width', 'height', 'img_width', 'img_height', '_img_left', '_img_top']) out[k] = d[k];
  return out;
}

let landscape;
let portrait;
beforeAll(async () => {
  landscape = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
  portrait = mock.addTempFile((await gradientPhoto(900, 1200, 'png')).bytes, 'png');
});

async function loaded(props = {}) {
  const h = await mount(Object.assign({ imgSrc: landscape }, props)).ready();
  await h.waitEvent('imageload');
  return h;
}

test("every public method of the original is there, and ours", async () => {
  const h = await mount().ready();
  const original = ['upload', 'pushImg', 'getImg', 'setTransform', 'setCutXY', 'setCutSize', 'setCutCenter', 'setWidth',
    'setHeight', 'setDisableRotate', 'setLimitMove', 'imgReset', 'setScale', 'setAngle'];
  const ours = ['rotate', 'flip', 'getCropData', 'setCropData'];
  for (const name of original.concat(ours)) expect([name, typeof h.instance[name]]).toEqual([name, 'function']);
});

test('after loading: the box, the image size and centre in the data, as the original writes them', async () => {
  const h = await loaded();
  // 1200 × 900 in a 200 × 200 box: its height fills the box (the original's _imgComputeSize)
  expect(state(h)).toEqual({
    angle: 0, scale: 1, cut_left: 87.5, cut_top: 233.5, width: 200, height: 200,
    img_width: 266.667, img_height: 200, _img_left: 187.5, _img_top: 333.5,
  });
});

test('the data holds the state right after each method', async () => {
  const h = await loaded();
  const expectState = (patch) => expect(state(h)).toEqual(Object.assign(base, patch));
  const base = state(h);
  h.instance.setCutXY(10, 20);
  expectState({ cut_left: 10, cut_top: 20 });
  h.instance.setCutSize(250, 150);
  expectState({ width: 250, height: 150 });
  // the box goes to the centre, the image moves with it
  h.instance.setCutCenter();
  expectState({ cut_left: 62.5, cut_top: 258.5, _img_left: 187.5 + 52.5, _img_top: 333.5 + 238.5 });
  h.instance.imgReset();
  expectState({ _img_left: 187.5, _img_top: 333.5 });
  h.instance.setScale(1.5);
  expectState({ scale: 1.5 });
  h.instance.setAngle(30);
  expectState({ angle: 30 });
  h.instance.setTransform({ angle: 15, scale: 0.2, x: 5, y: -5 });
  expectState({ angle: 45, scale: 1.7, _img_left: 192.5, _img_top: 328.5 });
  h.instance.rotate();
  expectState({ angle: 135 });
  h.instance.rotate(-45);
  expectState({ angle: 90 });
  h.instance.flip();
  expectState({});
  // setWidth / setHeight are the width / height properties: the box keeps its top-left, a
  // height below min_height is min_height (the original's watchers)
  h.instance.setWidth(300);
  expectState({ width: 300 });
  h.instance.setHeight(50);
  expectState({ height: 100 });
  h.instance.setAngle(0);
  expectState({ angle: 0 });
  // crop data (ours) shows the crop with the box centred in the window
  h.instance.setCropData({ rotate: 20 });
  expect([h.data().angle, h.data().cut_left, h.data().cut_top, h.data().width, h.data().height]).toEqual([20, 37.5, 283.5, 300, 100]);
  expect(h.of('error')).toEqual([]);
});

test('setDisableRotate changes only the flag; setLimitMove animates and snaps the angle', async () => {
  const h = await loaded();
  h.instance.setAngle(30);
  const calls = h.setDataCalls.length;
  const before = state(h);
  h.instance.setDisableRotate(true);
  expect(h.data().disable_rotate).toBe(true);
  expect(state(h)).toEqual(before);
  // nothing but the flag was written (and the end of the last call's transition): the image
  // and the box stay
  const written = h.setDataCalls.slice(calls).flatMap((patch) => Object.keys(patch));
  expect(written.filter((k) => k !== 'v_animate')).toEqual(['disable_rotate']);
  // the two-finger rotation is off
  await h.touch('touchstart', [{ x: 137.5, y: 333.5 }, { x: 237.5, y: 333.5 }]);
  await h.touch('touchmove', [{ x: 137.5, y: 313.5 }, { x: 237.5, y: 353.5 }]);
  await h.touch('touchend', []);
  expect(h.data().angle).toBe(30);
  h.instance.setDisableRotate(false);
  expect(h.data().disable_rotate).toBe(false);

  h.instance.setLimitMove(true);
  // Math.round(30 / 90) * 90 = 0, as its limit_move watcher
  expect([h.data().limit_move, h.data().angle, h.data().v_animate]).toEqual([true, 0, true]);
  h.instance.setAngle(100);
  expect(h.data().angle).toBe(90);
  h.instance.setLimitMove(0);
  expect([h.data().limit_move, h.data().angle]).toEqual([false, 90]);
  h.instance.setAngle(100);
  expect(h.data().angle).toBe(100);
  expect(h.of('error')).toEqual([]);
});

test('setAngle(0) sets 0; setScale(0) is invalid_option and the scale stays (the original ignores both)', async () => {
  const h = await loaded();
  h.instance.setAngle(40);
  h.instance.setScale(1.2);
  h.instance.setAngle(0);
  h.instance.setScale(0);
  expect([h.data().angle, h.data().scale]).toEqual([0, 1.2]);
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
});

test("a page's setData applies at once: the data holds the result when setData returns", async () => {
  const h = await loaded();
  // wider than the window: the window's width, the box pulled back inside (its _computeCutSize)
  h.comp.setData({ width: 1000 });
  expect([h.data().width, h.data().cut_left]).toEqual([VW, 0]);
  h.comp.setData({ cut_top: 5000 });
  expect(h.data().cut_top).toBe(VH - 200);
  h.comp.setData({ angle: 100, limit_move: true });
  expect(h.data().angle).toBe(90);
  h.comp.setData({ img_width: '50%' });
  expect([h.data().img_width, h.data().img_height]).toEqual([187.5, 140.625]);
  expect(h.of('error')).toEqual([]);
});

test('gestures and the mirror: no setProps from the component\'s own writes, one setData per move', async () => {
  const h = await loaded();
  const props = setPropsCalls();
  const calls = h.setDataCalls.length;
  await h.touch('touchstart', [{ x: 137.5, y: 333.5 }, { x: 237.5, y: 333.5 }]);
  for (let i = 1; i <= 4; i++) await h.touch('touchmove', [{ x: 137.5 - 5 * i, y: 333.5 - 3 * i }, { x: 237.5 + 5 * i, y: 333.5 + 3 * i }]);
  await h.touch('touchend', []);
  expect(setPropsCalls()).toBe(props);
  // touchstart (the mask), 4 moves, touchend (the box re-centres, nothing moved: at most one)
  expect(h.setDataCalls.length - calls).toBeLessThanOrEqual(6);
  const d = h.data();
  // 100 px apart → hypot(140, 24): the scale, and the line between the fingers turned
  expect(d.scale).toBe(Number((Math.hypot(140, 24) / 100).toFixed(3)));
  expect(d.angle).toBe(Number((Math.atan2(24, 140) * 180 / Math.PI).toFixed(3)));
});

test('a page setting the values the component shows changes nothing; another value applies', async () => {
  const h = await loaded();
  await h.drag({ x: 187.5, y: 333.5 }, { x: 207.5, y: 343.5 });
  h.instance.setScale(1.3);
  h.instance.setAngle(15);
  const crop = h.instance.getCropData();
  const shown = state(h);
  const props = setPropsCalls();
  const changes = h.of('change').length;
  const calls = h.setDataCalls.length;
  h.comp.setData(Object.assign({}, shown, { disable_width: false, limit_move: false }));
  await settle();
  expect(h.instance.getCropData()).toEqual(crop);
  expect(setPropsCalls()).toBe(props);
  expect(h.of('change')).toHaveLength(changes);
  expect(h.setDataCalls.length - calls).toBe(1); // the page's own
  // The page sets the angle it set at first (0) while the component shows 15: it applies, as
  // the original's property would.
  h.comp.setData({ angle: 0 });
  expect(h.data().angle).toBe(0);
  expect(h.instance.getCropData().rotate).toBe(0);
  expect(h.of('error')).toEqual([]);
});

test("a rebuilt engine gets the page's settings, not the mirrored numbers (img_width null stays automatic)", async () => {
  const h = await loaded();
  expect([h.data().img_width, h.data().cut_left]).toEqual([266.667, 87.5]);
  const before = mock.wasm.instantiations;
  armed = ['cropper_setCutXY'];
  h.instance.setCutXY(10, 20);
  expect(h.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
  await waitFor(() => mock.wasm.instantiations === before + 1, 'a fresh instantiation');
  // A portrait photo: automatic size (its width fills the box), not the 266.667 px shown before
  await h.instance.pushImg(portrait);
  expect([h.data().img_width, h.data().img_height]).toEqual([200, 266.667]);
  // cut_left / cut_top are still the page's null: the box is centred
  h.comp.setData({ width: 300 });
  expect([h.data().cut_left, h.data().width]).toEqual([75, 300]);
  h.comp.setData({ cut_left: null });
  expect(h.data().cut_left).toBe(37.5);
  expect(h.of('error').map((e) => e.code)).toEqual(['wasm_trap']);
});

test('property methods called before load apply once the wasm is ready', async () => {
  const h = mount({ imgSrc: landscape });
  h.instance.setLimitMove(true);
  h.instance.setWidth(260);
  expect([h.data().limit_move, h.data().width]).toEqual([true, 260]);
  await h.ready();
  await h.waitEvent('imageload');
  expect([h.data().limit_move, h.data().width, h.data().cut_left]).toEqual([true, 260, (VW - 260) / 2]);
  h.instance.setAngle(50);
  expect(h.data().angle).toBe(90);
});
