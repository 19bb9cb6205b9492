// A Page written for WeChat, run in jest: `Page(definition)` becomes a test component whose
// template is the page's WXML (its <image-cropper> our real component), whose data and handlers
// are the page's, with `this.selectComponent`, `this.setData` and `this.data` as in WeChat;
// `getApp()` answers the app object given; `onLoad(options)` is the caller's to run.
//
// WeChat updates a component's property only when the page's data bound to it changed. The
// simulator re-applies every attribute of a node when any of them changes, and takes one bound
// to `undefined` (the original demo binds `angle`, `disable_width`, `disable_height`, which its
// data does not hold) as changed on every render. So a page's setData here would also re-set
// every other property of the cropper: the shim makes the simulator apply only the attributes
// whose value changed, as WeChat does.
'use strict';

const path = require('path');
const exparser = require('miniprogram-exparser');
const simulate = require('miniprogram-simulate');
const render = require('j-component/src/render/render');

const { appDir } = require('./wx-mock.js');

if (!render.updateAttrs.__changedOnly) {
  const apply = render.updateAttrs;
  // (called by the simulator's diff only; a node's first render applies all, through its own reference)
  render.updateAttrs = function (node, attrs) {
    const before = new Map(((node._vt && node._vt.attrs) || []).map((a) => [a.name, a.value]));
    return apply.call(this, node, attrs.filter((a) => !before.has(a.name) || before.get(a.name) !== a.value));
  };
  render.updateAttrs.__changedOnly = true;
}

/**
 * The Page definition the page's JS registers, with `getApp()` answering `app`.
 * @param {string} jsPath
 * @param {object} app
 */
function pageDefinition(jsPath, app) {
  let def = null;
  const saved = { Page: global.Page, getApp: global.getApp };
  global.Page = (d) => { def = d; };
  global.getApp = () => app;
  try {
    jest.isolateModules(() => { require(jsPath); });
  } finally {
    global.Page = saved.Page;
    global.getApp = saved.getApp;
  }
  return def;
}

let cropperId = null;
/** Our component, registered once per test file (the simulator registers a path once). */
function cropperOnce() {
  if (!cropperId) cropperId = simulate.load(path.join(appDir, 'components/image-cropper/index'), 'image-cropper', { rootPath: appDir });
  return cropperId;
}

/**
 * Renders the page (attached) with our image-cropper; returns the page component.
 * @param {{js: string, wxml: string, app: object}} page
 */
function renderPage(page) {
  const def = pageDefinition(page.js, page.app);
  const cropper = cropperOnce();
  const methods = {};
  for (const [key, value] of Object.entries(def)) if (typeof value === 'function') methods[key] = value;
  const id = simulate.load({
    template: page.wxml,
    usingComponents: { 'image-cropper': cropper },
    data: JSON.parse(JSON.stringify(def.data || {})),
    methods,
  });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

/**
 * The elements of a built-in tag (`switch`, `button`, …) of the page's WXML, in document order.
 * @param {any} page the page component
 * @param {string} tag
 */
function elements(page, tag) {
  return [...page.dom.querySelectorAll('wx-' + tag)].map((el) => el.__wxElement);
}

/**
 * Fires `type` on an element as WeChat does (bubbling, through component boundaries): its
 * bind/catch handler runs now, with `detail`, the element's dataset and the touches.
 * @param {any} element
 * @param {string} type
 * @param {object} [detail]
 * @param {object[]} [touches]
 */
function fire(element, type, detail = {}, touches = []) {
  exparser.Event.dispatchEvent(element, exparser.Event.create(type, detail, {
    bubbles: true, composed: true, extraFields: { touches, changedTouches: touches },
  }));
}

module.exports = { renderPage, pageDefinition, elements, fire };
