// One source of truth: the component passes property values, touches and method arguments to
// the wasm core as they are, and the core decides (clamps as the original does, answers
// invalid_option where a value makes no sense). The property defaults are the core's.
'use strict';

const path = require('path');
const { mount, settle, mock, gradientPhoto, decode } = require('./harness.js');

const dir = path.resolve(__dirname, '../../miniprogram/components/image-cropper');
const loader = require(path.join(dir, 'core/loader.js'));
const { xyOf } = require(path.join(dir, 'gestures.js'));
const generatedDefaults = require(path.join(dir, 'core/defaults.js'));

const VW = 375;
const VH = 667;
const WASM = '/components/image-cropper/core/image_cropper_wasm_bg.wasm.br';

let photoPath;
beforeAll(async () => {
  photoPath = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
});

async function loaded(props = {}) {
  const h = await mount(Object.assign({ imgSrc: photoPath }, props)).ready();
  await h.waitEvent('imageload');
  return h;
}

test("the properties' defaults are the core's: core/defaults.js is what the built wasm gives", async () => {
  const core = await loader.load(WASM);
  const fromCore = core.propDefaults();
  expect(generatedDefaults).toEqual(fromCore);
  // The declared values, what the data holds before the state is mirrored into it.
  const h = mount();
  for (const [name, value] of Object.entries(fromCore)) expect([name, h.data()[name]]).toEqual([name, value]);
  await h.ready();
});

test('every property the core has is declared, with a type that keeps its values', async () => {
  const component = require(path.join(dir, 'properties.js'));
  expect([...component.ENGINE_PROPS].sort()).toEqual(Object.keys(generatedDefaults).sort());
  // each with its declared type (a property the core adds needs one here)
  expect(Object.keys(component.TYPES).sort()).toEqual(Object.keys(generatedDefaults).sort());
  // The null-default and string-or-number properties keep "50%", "120" and null as given, and
  // the core reads them so: the box at top 120, centred across (then the data holds the state).
  const h = mount({ img_width: '50%', cut_top: '120', cut_left: null });
  expect([h.data().img_width, h.data().cut_top, h.data().cut_left]).toEqual(['50%', '120', null]);
  await h.ready();
  expect([h.data().img_width, h.data().cut_top, h.data().cut_left]).toEqual(['50%', 120, (VW - 200) / 2]);
  expect(h.data().v_cut_y).toBe(120);
  expect(h.data().v_cut_x).toBe((VW - 200) / 2);
  expect(h.of('error')).toEqual([]);
});

test('quality outside 0..1 is invalid_option (not clamped to 1); the last good quality exports', async () => {
  const h = await loaded({ file_type: 'jpg', quality: 0.2 });
  const low = await h.instance.getImg();
  h.comp.setData({ quality: 1.5 });
  await settle();
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
  expect(h.of('error')[0].message).toMatch(/quality/);
  const again = await h.instance.getImg();
  expect(again.size).toBe(low.size);
  // A property that changes no crop sends no `change`.
  expect(h.of('change')).toHaveLength(1);
});

test("shape 'ellipse' is the core's ellipse (not turned into 'rect'): round mask, transparent corners", async () => {
  const h = await loaded({ width: 300, height: 150, shape: 'ellipse' });
  expect(h.data().v_round).toBe(true);
  expect(h.comp.querySelectorAll('.ic-circle')).toHaveLength(1);
  const out = await h.instance.getImg();
  const img = await decode(mock.read(out.url));
  expect(img.pixel(0, 0)[3]).toBe(0);
  expect(img.pixel(Math.floor(out.width / 2), Math.floor(out.height / 2))[3]).toBe(255);
  h.comp.setData({ shape: 'star' });
  await settle();
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
  expect(h.data().v_round).toBe(true);
});

test('a negative aspect_ratio is invalid_option (not turned into 0); the box keeps its ratio', async () => {
  const h = await mount({ aspect_ratio: 2 }).ready();
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([200, 100]);
  h.comp.setData({ aspect_ratio: -1 });
  await settle();
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([200, 100]);
});

test('an invalid property at first render does not hold back the valid ones', async () => {
  const h = await mount({ width: 260, height: 120, aspect_ratio: -3, max_bytes: 10.5 }).ready();
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([260, 120]);
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option', 'invalid_option']);
  expect(h.of('error').map((e) => e.message).join(' ')).toMatch(/aspect_ratio.*max_bytes|max_bytes.*aspect_ratio/);
});

test('touch objects are read as the core reads them: per axis clientX, then x, then pageX', async () => {
  const core = await loader.load(WASM);
  const touches = [
    { clientX: 150, clientY: 300, x: 1, y: 2, pageX: 3, pageY: 4 },
    { x: 250, y: 330, pageX: 5, pageY: 6 },
    { pageX: 200, clientY: 360 },
  ];
  expect(Array.from(xyOf(touches))).toEqual([150, 300, 250, 330, 200, 360]);
  // The core's own reading of the same objects gives the same gesture as the flat form.
  const a = new core.Cropper(VW, VH);
  const b = new core.Cropper(VW, VH);
  a.loadImage(1200, 900);
  b.loadImage(1200, 900);
  a.touchStart(touches.slice(0, 2), 0);
  b.touchStartXY(xyOf(touches.slice(0, 2)), 0);
  const moved = [{ clientX: 140, clientY: 290 }, { clientX: 270, clientY: 345 }];
  const viaObjects = a.touchMove(moved, 16);
  expect(viaObjects.img.scale).toBeGreaterThan(1);
  expect(viaObjects).toEqual(b.touchMoveXY(xyOf(moved), 16));
  a.free();
  b.free();
});

test('limit_move snaps the angle to quarter turns in the core; limit_any_angle keeps it', async () => {
  const h = await loaded({ limit_move: true });
  h.instance.setAngle(30);
  expect(h.instance.getCropData().rotate).toBe(0);
  h.instance.setAngle(50);
  expect(h.instance.getCropData().rotate).toBe(90);
  h.comp.setData({ limit_any_angle: true });
  await settle();
  h.instance.setAngle(30);
  expect(h.instance.getCropData().rotate).toBe(30);
  const d = h.instance.getCropData();
  // Still contained: the crop is inside the 1200 × 900 source even turned.
  expect(d.width).toBeLessThanOrEqual(900);
  expect(h.of('error')).toEqual([]);
});

test('width above max_width is kept, below min_width is min_width, beyond the window the window', async () => {
  const h = await mount({ width: 340, max_width: 300 }).ready();
  expect(h.data().v_cut_w).toBe(340);
  h.comp.setData({ width: 40 });
  await settle();
  expect(h.data().v_cut_w).toBe(100);
  h.comp.setData({ height: 5000 });
  await settle();
  expect(h.data().v_cut_h).toBe(VH);
  expect(h.of('error')).toEqual([]);
});

test('a refused value is reported once: a page re-render setting it again is quiet', async () => {
  const h = await mount({ quality: 2 }).ready();
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
  h.comp.setData({ quality: 2, width: 220 });
  await settle();
  expect(h.data().v_cut_w).toBe(220);
  expect(h.of('error')).toHaveLength(1);
  // A different bad value is a new error.
  h.comp.setData({ quality: 3 });
  await settle();
  expect(h.of('error')).toHaveLength(2);
});

test('a refused value is tried again with later changes: a min_height that waited for its max_height', async () => {
  const h = await mount().ready();
  h.comp.setData({ min_height: 400 }); // above max_height 300: refused
  await settle();
  expect(h.of('error').map((e) => e.code)).toEqual(['invalid_option']);
  expect(h.data().v_cut_h).toBe(200);
  h.comp.setData({ max_height: 500 });
  await settle();
  expect(h.data().v_cut_h).toBe(400);
  expect(h.of('error')).toHaveLength(1);
});
