// The demo mini program: every page is registered in app.json, uses the component by its
// path, binds only handlers its Page defines, and the playground binds every property of the
// component. Page handlers drive a cropper as the pages do.
'use strict';

const fs = require('fs');
const path = require('path');

const { appDir } = require('./wx-mock.js');
const { settle } = require('./harness.js');

const app = JSON.parse(fs.readFileSync(path.join(appDir, 'app.json'), 'utf8'));
const project = JSON.parse(fs.readFileSync(path.join(appDir, 'project.config.json'), 'utf8'));

/** The Page definition a page's JS registers. */
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

/** The component's property names, from its Component() definition. */
function componentProperties() {
  let def = null;
  const saved = global.Component;
  global.Component = (d) => { def = d; };
  try {
    jest.isolateModules(() => { require(path.join(appDir, 'components/image-cropper/index.js')); });
  } finally {
    global.Component = saved;
  }
  return Object.keys(def.properties);
}

function versionAtLeast(v, min) {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
  return true;
}

test('project.config.json: a base library with WXWebAssembly and .wasm.br (>= 2.14.0)', () => {
  expect(project.compileType).toBe('miniprogram');
  expect(versionAtLeast(project.libVersion, '2.14.0')).toBe(true);
});

test('app.json lists the three demo pages and each has its four files', () => {
  expect(app.pages).toEqual(['pages/index/index', 'pages/avatar/avatar', 'pages/playground/playground']);
  for (const page of app.pages) {
    for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect(fs.existsSync(path.join(appDir, page + ext))).toBe(true);
  }
});

describe.each(['pages/index/index', 'pages/avatar/avatar', 'pages/playground/playground'])('%s', (page) => {
  const json = JSON.parse(fs.readFileSync(path.join(appDir, page + '.json'), 'utf8'));
  const wxml = fs.readFileSync(path.join(appDir, page + '.wxml'), 'utf8');

  test('uses the component by its code-package path', () => {
    const using = json.usingComponents['image-cropper'];
    expect(using).toBe('/components/image-cropper/index');
    expect(fs.existsSync(path.join(appDir, using + '.json'))).toBe(true);
    expect(wxml).toMatch(/<image-cropper\b/);
  });

  test('binds only handlers the page defines', () => {
    const def = pageDefinition(page);
    const handlers = [...wxml.matchAll(/\b(?:bind|catch)[a-z]+="([A-Za-z_]\w*)"/g)].map((m) => m[1]);
    expect(handlers.length).toBeGreaterThan(0);
    for (const h of handlers) expect(typeof def[h]).toBe('function');
  });
});

test('the playground binds every property of the component to a control value', () => {
  const wxml = fs.readFileSync(path.join(appDir, 'pages/playground/playground.wxml'), 'utf8');
  const tag = wxml.slice(wxml.indexOf('<image-cropper'), wxml.indexOf('</image-cropper>'));
  const bound = [...tag.matchAll(/\s([A-Za-z_]+)="\{\{p\.([A-Za-z_]+)\}\}"/g)].map((m) => [m[1], m[2]]);
  for (const [attr, key] of bound) expect(attr).toBe(key);
  const boundNames = bound.map(([attr]) => attr);
  // canvas_top / canvas_left are accepted for compatibility but do nothing: no control
  const expected = componentProperties().filter((p) => p !== 'canvas_top' && p !== 'canvas_left');
  expect(boundNames.sort()).toEqual(expected.sort());
  // and each bound value has an initial value or a control
  const def = pageDefinition('pages/playground/playground');
  for (const name of expected) expect(Object.prototype.hasOwnProperty.call(def.data.p, name)).toBe(true);
});

test('the index page drives the cropper: choose, rotate, reset, crop and preview', async () => {
  const def = pageDefinition('pages/index/index');
  const calls = [];
  const page = Object.assign({}, def, { setData(d) { Object.assign(this.data, d); }, data: Object.assign({}, def.data) });
  const cropper = {
    upload: () => calls.push('upload'),
    rotate: (d) => calls.push('rotate ' + d),
    imgReset: () => calls.push('imgReset'),
    getImg: () => { calls.push('getImg'); return Promise.resolve({ url: 'wxfile://usr/image-cropper/a.png' }); },
  };
  const previews = [];
  const saved = { previewImage: wx.previewImage, showLoading: wx.showLoading, hideLoading: wx.hideLoading };
  wx.previewImage = (o) => previews.push(o.urls[0]);
  wx.showLoading = () => undefined;
  wx.hideLoading = () => undefined;
  try {
    page.onCropperLoad({ detail: { cropper } });
    page.choose();
    page.rotate();
    page.reset();
    page.crop();
    await settle();
    page.onImageLoad({ detail: { width: 1200, height: 900, type: 'jpeg' } });
    expect(page.data.hint).toMatch(/^1200×900 jpeg/);
    expect(calls).toEqual(['upload', 'rotate 90', 'imgReset', 'getImg']);
    expect(previews).toEqual(['wxfile://usr/image-cropper/a.png']);
  } finally {
    Object.assign(wx, saved);
  }
});
