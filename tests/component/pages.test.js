// The demo pages with the real component and the real wasm: each page's own WXML and Page()
// definition, rendered by miniprogram-simulate as the page's view (data, handlers, setData),
// with <image-cropper> resolved to the component as the page's usingComponents says.
'use strict';

const fs = require('fs');
const path = require('path');
const simulate = require('miniprogram-simulate');
const { mock, waitFor, decode } = require('./harness.js');
const { appDir } = require('./wx-mock.js');

const cropperId = simulate.load(path.join(appDir, 'components/image-cropper/index'), 'image-cropper', { rootPath: appDir });

/** The Page() definition of a page's JS. */
function pageDefinition(page) {
  let def = null;
  const saved = global.Page;
  global.Page = (d) => { def = d; };
  try {
    jest.isolateModules(() => { require(path.join(appDir, page + '.js')); });
  } finally {
    global.Page = saved;
  }
  return def;
}

/** Renders a page: its WXML as the template, its handlers as methods, its fields on `this`. */
function renderPage(page) {
  const def = pageDefinition(page);
  const json = JSON.parse(fs.readFileSync(path.join(appDir, page + '.json'), 'utf8'));
  expect(json.usingComponents['image-cropper']).toBe('/components/image-cropper/index');
  const methods = {};
  const fields = {};
  for (const key of Object.keys(def)) {
    if (key === 'data') continue;
    if (typeof def[key] === 'function') methods[key] = def[key];
    else fields[key] = def[key];
  }
  const id = simulate.load({
    template: fs.readFileSync(path.join(appDir, page + '.wxml'), 'utf8'),
    usingComponents: { 'image-cropper': cropperId },
    data: JSON.parse(JSON.stringify(def.data)),
    methods,
    lifetimes: { created() { Object.assign(this, JSON.parse(JSON.stringify(fields))); } },
  });
  const view = simulate.render(id);
  view.attach(document.createElement('parent-wrapper'));
  return view;
}

const calls = { previewImage: [], showToast: [] };
beforeAll(() => {
  wx.previewImage = (o) => calls.previewImage.push(o);
  wx.showToast = (o) => calls.showToast.push(o);
  wx.showLoading = () => undefined;
  wx.hideLoading = () => undefined;
  wx.navigateTo = () => undefined;
});

test('index: the sample loads in a 250×250 box; the hint shows the image size and the crop; Crop previews the export', async () => {
  const view = renderPage('pages/index/index');
  const page = view.instance;
  await waitFor(() => page.cropper && /@/.test(page.data.hint), 'the sample photo');
  const cropper = view.querySelector('#image-cropper');
  expect([cropper.instance.data.v_cut_w, cropper.instance.data.v_cut_h]).toEqual([250, 250]);
  // both: the loaded image (1200×900 jpeg) and the crop in source pixels
  expect(page.data.hint).toMatch(/^1200×900 jpeg · .*900×900 @ \(150, 0\)$/);
  page.rotate();
  await waitFor(() => / 90°$/.test(page.data.hint), 'the rotated crop in the hint');
  page.reset();
  await waitFor(() => !/°$/.test(page.data.hint), 'the reset crop');
  page.crop();
  await waitFor(() => calls.previewImage.length === 1, 'the preview');
  const url = calls.previewImage[0].urls[0];
  expect(url.startsWith('wxfile://usr/image-cropper/')).toBe(true);
  const img = await decode(mock.read(url));
  expect([img.info.width, img.info.height]).toEqual([750, 750]); // 250 × export_scale 3
  expect(calls.showToast).toEqual([]);
});

test('avatar: a round 1:1 box; Done exports a 512×512 JPEG within 60 KB, white outside the circle, shown top right', async () => {
  const view = renderPage('pages/avatar/avatar');
  const page = view.instance;
  const cropper = view.querySelector('#avatar-cropper');
  await waitFor(() => page.cropper && cropper.instance.data.v_src, 'the sample photo');
  expect(view.querySelectorAll('#avatar-cropper >>> .ic-circle')).toHaveLength(1);
  expect(cropper.instance.data.v_cut_w).toBe(cropper.instance.data.v_cut_h);
  page.done();
  await waitFor(() => page.data.result, 'the result');
  const res = page.data.result;
  expect(res).toMatchObject({ width: 512, height: 512, type: 'jpg' });
  expect(res.size).toBeLessThanOrEqual(61440);
  const bytes = mock.read(res.url);
  expect(bytes.length).toBe(res.size);
  const img = await decode(bytes);
  expect(img.format).toBe('jpeg');
  expect([img.info.width, img.info.height]).toEqual([512, 512]);
  const [r, g, b] = img.pixel(4, 4); // outside the circle
  expect(Math.min(r, g, b)).toBeGreaterThan(240);
  // the preview shows the file with its size and byte count
  const shown = view.querySelector('.result');
  expect(shown).toBeDefined();
  expect(shown.dom.textContent).toContain(`512×512 · ${res.size} B`);
  expect(calls.showToast).toEqual([]);
});

test('playground: switches, sliders and pickers change the cropper live; buttons call the methods', async () => {
  const view = renderPage('pages/playground/playground');
  const page = view.instance;
  const cropper = view.querySelector('#pg-cropper');
  await waitFor(() => page.cropper && cropper.instance.data.v_src, 'the sample photo');
  const cut = () => [cropper.instance.data.v_cut_w, cropper.instance.data.v_cut_h];
  const ev = (key, value, extra = {}) => ({ currentTarget: { dataset: Object.assign({ key }, extra) }, detail: { value } });
  // a slider: width 260
  page.onSlider(ev('width', 260, { div: 1 }));
  await waitFor(() => cut()[0] === 260, 'the width slider');
  // cut_left at the far left is null: centred
  page.onSlider(ev('cut_left', 10, { div: 1, nullAt: -1 }));
  await waitFor(() => cropper.instance.data.v_cut_x === 10, 'cut_left 10');
  page.onSlider(ev('cut_left', -1, { div: 1, nullAt: -1 }));
  expect(page.data.p.cut_left).toBeNull();
  await waitFor(() => cropper.instance.data.v_cut_x === (375 - 260) / 2, 'cut_left null: centred');
  // a picker: shape circle
  const shapeIndex = page.data.pickers.find((p) => p.key === 'shape').options.indexOf('circle');
  page.onPicker(ev('shape', String(shapeIndex)));
  await waitFor(() => view.querySelectorAll('#pg-cropper >>> .ic-circle').length === 1, 'the circle');
  // a switch: disable_height
  page.onSwitch(ev('disable_height', true));
  await waitFor(() => cropper.instance.data.disable_height === true, 'the switch');
  // buttons
  page.rotate();
  page.showCropData();
  expect(page.data.log).toMatch(/^getCropData \{.*"rotate":90/);
  page.exportImg();
  await waitFor(() => /^getImg /.test(page.data.log), 'the export');
  expect(JSON.parse(page.data.log.slice(7))).toMatchObject({ width: 780, height: 600, type: 'png' });
});
