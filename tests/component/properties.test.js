// The component's properties (names and defaults of the original plus the new ones), live
// property changes, the `load` event and methods called before the wasm is ready.
'use strict';

const { mount, settle, mock, gradientPhoto, decode } = require('./harness.js');

// The window of the wx mock: 375 × 667.
const VW = 375;
const VH = 667;

test('every property of the original exists with its default, plus the new ones', async () => {
  const h = mount();
  // Before the wasm is ready the data holds the declared defaults.
  const d = Object.assign({}, h.data());
  expect({
    imgSrc: d.imgSrc, disable_rotate: d.disable_rotate, limit_move: d.limit_move,
    width: d.width, height: d.height, max_width: d.max_width, max_height: d.max_height,
    min_width: d.min_width, min_height: d.min_height, disable_width: d.disable_width,
    disable_height: d.disable_height, disable_ratio: d.disable_ratio, export_scale: d.export_scale,
    quality: d.quality, cut_top: d.cut_top, cut_left: d.cut_left, img_width: d.img_width,
    img_height: d.img_height, scale: d.scale, angle: d.angle, min_scale: d.min_scale, max_scale: d.max_scale,
    canvas_top: d.canvas_top, canvas_left: d.canvas_left,
  }).toEqual({
    imgSrc: '', disable_rotate: false, limit_move: false,
    width: 200, height: 200, max_width: 300, max_height: 300,
    min_width: 100, min_height: 100, disable_width: false,
    disable_height: false, disable_ratio: false, export_scale: 3,
    quality: 1, cut_top: null, cut_left: null, img_width: null,
    img_height: null, scale: 1, angle: 0, min_scale: 0.5, max_scale: 2,
    canvas_top: null, canvas_left: null,
  });
  expect({
    file_type: d.file_type, fill_color: d.fill_color, max_bytes: d.max_bytes, aspect_ratio: d.aspect_ratio,
    shape: d.shape, export_mode: d.export_mode, export_width: d.export_width, export_height: d.export_height,
  }).toEqual({
    file_type: 'png', fill_color: '', max_bytes: 0, aspect_ratio: 0,
    shape: 'rect', export_mode: 'scale', export_width: 0, export_height: 0,
  });
  await h.ready();
  const after = h.data();
  // The default box: 200 × 200, centred in the window.
  expect([after.v_cut_x, after.v_cut_y, after.v_cut_w, after.v_cut_h]).toEqual([(VW - 200) / 2, (VH - 200) / 2, 200, 200]);
  // Then the data holds the state, as the original's after attached(): the box position, the
  // image centre; img_width / img_height only once an image is loaded.
  expect({
    cut_left: after.cut_left, cut_top: after.cut_top, width: after.width, height: after.height,
    scale: after.scale, angle: after.angle, _img_left: after._img_left, _img_top: after._img_top,
    img_width: after.img_width, img_height: after.img_height,
  }).toEqual({
    cut_left: (VW - 200) / 2, cut_top: (VH - 200) / 2, width: 200, height: 200,
    scale: 1, angle: 0, _img_left: VW / 2, _img_top: VH / 2, img_width: null, img_height: null,
  });
});

test('load fires once with {cropper: the component}; all instances share one wasm instance', async () => {
  const before = mock.wasm.instantiations;
  const a = mount();
  const b = mount();
  await a.ready();
  await b.ready();
  expect(a.of('load')).toHaveLength(1);
  expect(a.of('load')[0].cropper).toBe(a.instance);
  expect(b.of('load')[0].cropper).toBe(b.instance);
  expect(mock.wasm.instantiations - before).toBeLessThanOrEqual(1);
  expect(mock.wasm.paths.every((p) => p === '/components/image-cropper/core/image_cropper_wasm_bg.wasm.br')).toBe(true);
  await settle();
  expect(a.of('load')).toHaveLength(1);
});

test('initial properties from the page shape the first render (cut_top / cut_left / size)', async () => {
  const h = await mount({ width: 250, height: 150, cut_top: 40, cut_left: 30 }).ready();
  const d = h.data();
  expect([d.v_cut_x, d.v_cut_y, d.v_cut_w, d.v_cut_h]).toEqual([30, 40, 250, 150]);
  expect(h.of('error')).toEqual([]);
});

test('a property changed live reaches the engine in one setProps and one setData of changed keys', async () => {
  const h = await mount().ready();
  const calls = h.setDataCalls.length;
  h.comp.setData({ width: 260, height: 180 });
  // Applied at once: the data holds the new box right after the page's setData.
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([260, 180]);
  await settle();
  // (the page's own setData of the properties goes through the same method: leave it out)
  const patches = h.setDataCalls.slice(calls).filter((p) => Object.keys(p).some((k) => k.startsWith('v_')));
  expect(patches).toHaveLength(1);
  // The box keeps its top-left, as the original's width / height watchers keep cut_left / cut_top.
  expect(patches[0]).toEqual({ v_cut_w: 260, v_cut_h: 180 });
  expect([h.data().cut_left, h.data().cut_top]).toEqual([(VW - 200) / 2, (VH - 200) / 2]);
  // max_width bounds a finger's resize, not a box set by a property (as the original)
  h.comp.setData({ max_width: 220 });
  await settle();
  expect(h.data().v_cut_w).toBe(260);
  // cut_top / cut_left back to null re-centre the box
  h.comp.setData({ cut_top: 10, cut_left: 12 });
  await settle();
  expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([12, 10]);
  h.comp.setData({ cut_top: null, cut_left: null });
  await settle();
  expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(VW - 260) / 2, (VH - 180) / 2]);
  expect(h.of('error')).toEqual([]);
});

test('cut_top back to null centres that axis only; cut_left set with cut_top null keeps both meanings', async () => {
  const h = await mount({ cut_top: 40, cut_left: 30 }).ready();
  h.comp.setData({ cut_top: null });
  await settle();
  expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([30, (VH - 200) / 2]);
  h.comp.setData({ cut_left: 10, cut_top: null });
  await settle();
  expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([10, (VH - 200) / 2]);
  h.comp.setData({ cut_left: null, cut_top: 20 });
  await settle();
  expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(VW - 200) / 2, 20]);
  expect(h.of('error')).toEqual([]);
});

test('a page re-setting every property to the same values (a parent re-render) does not undo the user\'s crop', async () => {
  const photo = await gradientPhoto(600, 400, 'png');
  const h = await mount({ imgSrc: mock.addTempFile(photo.bytes, 'png') }).ready();
  await h.waitEvent('imageload');
  await h.drag({ x: VW / 2, y: VH / 2 }, { x: VW / 2 + 20, y: VH / 2 + 10 });
  h.instance.setScale(1.3);
  h.instance.setAngle(15);
  const crop = h.instance.getCropData();
  const props = {};
  for (const k of ['width', 'height', 'max_width', 'max_height', 'min_width', 'min_height', 'disable_width', 'disable_height',
    'disable_ratio', 'disable_rotate', 'limit_move', 'cut_top', 'cut_left', 'img_width', 'img_height', 'scale', 'angle',
    'min_scale', 'max_scale', 'export_scale', 'aspect_ratio']) props[k] = h.data()[k];
  h.comp.setData(props);
  await settle();
  expect(h.instance.getCropData()).toEqual(crop);
  expect(h.of('error')).toEqual([]);
});

test('aspect_ratio locks the box ratio', async () => {
  const h = await mount({ width: 240, height: 200 }).ready();
  h.comp.setData({ aspect_ratio: 2 });
  await settle();
  const d = h.data();
  expect(d.v_cut_w / d.v_cut_h).toBeCloseTo(2, 6);
  expect(h.of('error')).toEqual([]);
});

test('an invalid property value is an error event and the component keeps its last good state', async () => {
  const h = await mount().ready();
  h.comp.setData({ width: -5 });
  await settle();
  expect(h.of('error')).toHaveLength(1);
  expect(h.of('error')[0].code).toBe('invalid_option');
  expect(h.of('error')[0].message).toMatch(/width/);
  expect(h.data().v_cut_w).toBe(200);
  h.comp.setData({ width: 150 });
  await settle();
  expect(h.data().v_cut_w).toBe(150);
});

test('methods called before load are queued and applied in order once the wasm is ready', async () => {
  const h = mount();
  // Called synchronously after mount: the wasm is not loaded yet.
  expect(h.of('load')).toHaveLength(0);
  h.instance.setCutSize(150, 120);
  h.instance.setCutXY(20, 30);
  await h.ready();
  await settle();
  const d = h.data();
  expect([d.v_cut_x, d.v_cut_y, d.v_cut_w, d.v_cut_h]).toEqual([20, 30, 150, 120]);
  h.instance.setCutCenter();
  expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(VW - 150) / 2, (VH - 120) / 2]);
});

test('without an image: getCropData is null, getImg is a no_image error: the event, the callback not called', async () => {
  const h = await mount().ready();
  expect(h.instance.getCropData()).toBeNull();
  const callback = jest.fn();
  // with a callback the Promise resolves to null; without, it rejects with the error
  await expect(h.instance.getImg(callback)).resolves.toBeNull();
  expect(callback).not.toHaveBeenCalled();
  expect(h.of('error')).toEqual([{ code: 'no_image', message: 'no image is loaded' }]);
  const err = await h.instance.getImg().then(() => null, (e) => e);
  expect(err.code).toBe('no_image');
  expect(h.of('error')).toHaveLength(2);
});

test('wx.getWindowInfo missing: the viewport comes from wx.getSystemInfoSync', async () => {
  const saved = wx.getWindowInfo;
  wx.getWindowInfo = undefined;
  mock.windowInfo = { windowWidth: 320, windowHeight: 500 };
  try {
    const h = await mount().ready();
    expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(320 - 200) / 2, (500 - 200) / 2]);
  } finally {
    wx.getWindowInfo = saved;
    mock.windowInfo = { windowWidth: VW, windowHeight: VH, pixelRatio: 2 };
  }
});

test('detached: later results are not sent to the dead component', async () => {
  const h = await mount().ready();
  h.detach();
  const calls = h.setDataCalls.length;
  const events = h.events.length;
  expect(() => h.instance.setCutXY(5, 5)).not.toThrow();
  await expect(h.instance.getImg()).rejects.toMatchObject({ code: 'detached' });
  await settle();
  expect(h.setDataCalls.length).toBe(calls);
  expect(h.events.length).toBe(events);
});

describe('properties changed live with an image', () => {
  let photoPath;
  beforeAll(async () => {
    photoPath = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
  });
  const CENTER = { x: VW / 2, y: VH / 2 };

  async function loaded(props = {}) {
    const h = await mount(Object.assign({ imgSrc: photoPath }, props)).ready();
    await h.waitEvent('imageload');
    return h;
  }

  async function pinch(h, from, to) {
    await h.touch('touchstart', [{ x: CENTER.x - from, y: CENTER.y }, { x: CENTER.x + from, y: CENTER.y }]);
    await h.touch('touchmove', [{ x: CENTER.x - to, y: CENTER.y }, { x: CENTER.x + to, y: CENTER.y }]);
    await h.touch('touchend', []);
  }

  async function turn(h) {
    await h.touch('touchstart', [{ x: CENTER.x - 50, y: CENTER.y }, { x: CENTER.x + 50, y: CENTER.y }]);
    await h.touch('touchmove', [{ x: CENTER.x, y: CENTER.y - 50 }, { x: CENTER.x, y: CENTER.y + 50 }]);
    await h.touch('touchend', []);
  }

  test('limit_move switched on pulls a box that left the image back inside, with a change event', async () => {
    const h = await loaded();
    h.instance.setTransform({ x: 150 }); // the box's left part is off the image
    expect(h.instance.getCropData().x).toBeLessThan(0);
    const n = h.of('change').length;
    h.comp.setData({ limit_move: true });
    await settle();
    expect(h.of('change').length).toBe(n + 1);
    const c = h.of('change').pop();
    expect(c.x).toBeGreaterThanOrEqual(-1e-6);
    expect(c.x + c.width).toBeLessThanOrEqual(1200 + 1e-6);
  });

  test('disable_rotate switched on / off live', async () => {
    const h = await loaded({ disable_rotate: true });
    await turn(h);
    expect(h.instance.getCropData().rotate).toBe(0);
    h.comp.setData({ disable_rotate: false });
    await settle();
    await turn(h);
    expect(h.instance.getCropData().rotate).toBeCloseTo(90, 1);
  });

  test('min_scale / max_scale changed live bound the next pinch', async () => {
    const h = await loaded();
    h.comp.setData({ max_scale: 1.2 });
    await settle();
    await pinch(h, 50, 100);
    expect(h.instance.getCropData().width).toBeCloseTo(750, 0);
    h.instance.imgReset();
    h.comp.setData({ min_scale: 0.9 });
    await settle();
    await pinch(h, 50, 10);
    expect(h.instance.getCropData().width).toBeCloseTo(1000, 0);
  });

  test('disable_width / disable_height / disable_ratio switched live lock the next handle drag', async () => {
    const h = await loaded();
    const corner = () => ({ x: h.data().v_cut_x + h.data().v_cut_w, y: h.data().v_cut_y + h.data().v_cut_h });
    h.comp.setData({ disable_width: true });
    await settle();
    let c = corner();
    await h.drag(c, { x: c.x + 30, y: c.y + 30 });
    expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([200, 230]);
    h.comp.setData({ disable_width: false, disable_height: true });
    await settle();
    c = corner();
    await h.drag(c, { x: c.x + 20, y: c.y + 20 });
    expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([220, 230]);
    h.comp.setData({ disable_height: false, disable_ratio: true });
    await settle();
    c = corner();
    await h.drag(c, { x: c.x + 22, y: c.y + 3 });
    expect(h.data().v_cut_w / h.data().v_cut_h).toBeCloseTo(220 / 230, 6);
    expect(h.data().v_cut_w).toBeGreaterThan(220);
  });

  test('min_width / min_height changed live clamp the box; max_height changed live bounds the next resize', async () => {
    const h = await loaded();
    h.comp.setData({ min_width: 240, min_height: 220 });
    await settle();
    expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([240, 220]);
    h.comp.setData({ min_height: 100, max_height: 150 });
    await settle();
    // The box keeps its height (max_height does not bound it, as the original's; a lower
    // min_height leaves the box as it is)…
    expect(h.data().v_cut_h).toBe(220);
    // …and a finger's resize is held to it.
    const c = { x: h.data().v_cut_x + h.data().v_cut_w, y: h.data().v_cut_y + h.data().v_cut_h };
    await h.drag(c, { x: c.x + 5, y: c.y + 5 });
    expect(h.data().v_cut_h).toBe(150);
    expect(h.of('error')).toEqual([]);
  });

  test('export_scale, file_type, quality, max_bytes changed live apply to the next getImg', async () => {
    const h = await loaded();
    h.comp.setData({ export_scale: 1.5 });
    await settle();
    const a = await h.instance.getImg();
    expect([a.width, a.height, a.type]).toEqual([300, 300, 'png']);
    h.comp.setData({ file_type: 'jpg', quality: 0.9, max_bytes: 8000, export_scale: 2 });
    const b = await h.instance.getImg();
    expect([b.width, b.height, b.type]).toEqual([400, 400, 'jpg']);
    expect(b.size).toBeLessThanOrEqual(8000);
    expect((await decode(mock.read(b.url))).format).toBe('jpeg');
  });
});
