// Before the wasm is ready: a failed first load (no WXWebAssembly) is an error event and `load`
// comes once a later call loads it; pushImg / getImg / upload / methods called before `load`
// are queued and run in call order. Jest gives each test file its own module registry, so
// the shared wasm instance of this file is not loaded before the first test.
'use strict';

const { mount, settle, mock, gradientPhoto, decode } = require('./harness.js');

let photoPath;
beforeAll(async () => {
  photoPath = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
});

test('no WXWebAssembly at first: load_failed error, no load; once it is there the next call loads it and `load` fires', async () => {
  const saved = global.WXWebAssembly;
  global.WXWebAssembly = undefined;
  let h;
  try {
    h = mount();
    await h.waitEvent('error');
    expect(h.of('error')).toHaveLength(1);
    expect(h.of('error')[0].code).toBe('load_failed');
    expect(h.of('error')[0].message).toMatch(/WXWebAssembly/);
    expect(h.of('load')).toEqual([]);
    // a method while it cannot load: the same error, nothing else breaks
    h.instance.setCutSize(150, 120);
    await h.waitEvent('error', 2);
    expect(h.of('error')[1].code).toBe('load_failed');
  } finally {
    global.WXWebAssembly = saved;
  }
  const before = mock.wasm.instantiations;
  h.instance.setCutSize(160, 120);
  const load = await h.waitEvent('load');
  expect(load.cropper).toBe(h.instance);
  await settle();
  expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([160, 120]);
  expect(mock.wasm.instantiations).toBe(before + 1);
  expect(h.of('load')).toHaveLength(1);
  expect(h.of('error')).toHaveLength(2);
});

test('pushImg, methods and getImg called before load run in call order once the wasm is ready', async () => {
  // (the module is loaded by now, but a new component's engine is built asynchronously)
  const h = mount();
  expect(h.of('load')).toHaveLength(0);
  const pushed = h.instance.pushImg(photoPath);
  h.instance.setScale(2);
  const got = h.instance.getImg();
  h.instance.setScale(1.25); // after getImg was called: not in its output
  const [info, res] = await Promise.all([pushed, got]);
  expect(h.of('load')).toHaveLength(1);
  expect(info).toMatchObject({ width: 1200, height: 900, path: photoPath });
  expect([res.width, res.height]).toEqual([600, 600]);
  // ×2 of the 900 px crop: the central 450 px, x from 375
  const img = await decode(mock.read(res.url));
  expect(Math.abs(img.pixel(0, 300)[0] - 255 * 375.375 / 1199)).toBeLessThanOrEqual(3);
  await settle();
  expect(h.instance.getCropData().width).toBeCloseTo(720, 6); // then 1.25
  expect(h.of('error')).toEqual([]);
});

test('upload() before load: the picker opens at once, the photo loads once the wasm is ready', async () => {
  const h = mount();
  mock.choose = { path: photoPath };
  try {
    const info = await h.instance.upload();
    expect(info).toMatchObject({ width: 1200, path: photoPath });
    expect(h.of('load')).toHaveLength(1);
    expect(h.of('imageload')).toEqual([info]);
  } finally {
    mock.choose = null;
  }
});
