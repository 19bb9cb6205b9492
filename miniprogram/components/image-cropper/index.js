// @ts-check
// image-cropper on a wasm core: a drop-in for the JS `image-cropper` component (same property,
// method and event names and defaults), with the geometry, gestures and export done in wasm.
// This file declares the component and assembles its controller, one file per concern (as
// Cropper.js's src/js/): engine.js (the wasm engine host), properties.js (the declared
// properties), props.js (property sync), view.js (view data, dimming, events), queue.js (call
// ordering), gestures.js (touches), image.js (loading images), export.js (crop data and files
// out), worker-host.js (exports in the app's Worker), platform-decode.js (formats the core does
// not decode); helpers: source.js, files.js, errors.js, platform-plan.js.
'use strict';

var engine = require('./engine.js');
var props = require('./props.js');
var properties = require('./properties.js');
var view = require('./view.js');
var queue = require('./queue.js');
var gestures = require('./gestures.js');
var image = require('./image.js');
var exporter = require('./export.js');
var workerHost = require('./worker-host.js');
var platform = require('./platform-decode.js');

/**
 * The component instance, as the controller uses it.
 * @typedef {{
 *   data: Record<string, any>,
 *   is?: string,
 *   setData: (patch: Record<string, any>) => void,
 *   triggerEvent: (name: string, detail?: any) => void,
 * }} Host
 */

/**
 * One component instance's cropper: the state and methods of every concern on one object (the
 * methods' `this`). Listed here, each with the file that owns it.
 * @typedef {object} Controller
 * @property {Host} host the component instance
 *
 * engine.js: the wasm engine host
 * @property {any} core the generated glue (Cropper, probe, exportImage)
 * @property {any} cropper this instance's engine, a wasm Cropper
 * @property {number} generation the module generation the engine was made in
 * @property {Promise<void> | null} loading
 * @property {boolean} loadEventSent
 * @property {boolean} detached
 * @property {boolean} building true while restore() fills a fresh engine (a trap then is not retried)
 * @property {typeof engine.methods.isLive} isLive
 * @property {typeof engine.methods.announce} announce
 * @property {typeof engine.methods.detach} detach
 * @property {typeof engine.methods.ensureEngine} ensureEngine
 * @property {typeof engine.methods.revive} revive
 * @property {typeof engine.methods.build} build
 * @property {typeof engine.methods.call} call
 * @property {typeof engine.methods.safeCall} safeCall
 * @property {typeof engine.methods.recoverFromTrap} recoverFromTrap
 * @property {typeof engine.methods.dropModule} dropModule
 * @property {typeof engine.methods.releaseMemoryIfLarge} releaseMemoryIfLarge
 *
 * props.js: property sync
 * @property {Record<string, any>} inputs the page's values of the engine properties
 * @property {Record<string, any>} seen what each engine property holds in data, as last seen or written
 * @property {Record<string, boolean>} dirtyProps inputs not yet given to the engine
 * @property {Record<string, any>} sentProps the values the engine has (accepted by setProps)
 * @property {Record<string, any>} refusedProps the values the engine refused (reported once)
 * @property {boolean} flushing
 * @property {boolean} flushAgain
 * @property {boolean} animateProps
 * @property {typeof props.methods.engineProps} engineProps
 * @property {typeof props.methods.takeInputs} takeInputs
 * @property {typeof props.methods.propChanged} propChanged
 * @property {typeof props.methods.flushProps} flushProps
 * @property {typeof props.methods.flushOnce} flushOnce
 * @property {typeof props.methods.sendProps} sendProps
 * @property {typeof props.methods.acceptProps} acceptProps
 * @property {typeof props.methods.reportRefused} reportRefused
 * @property {typeof props.methods.setOwnProperty} setOwnProperty
 * @property {typeof props.methods.restore} restore
 *
 * view.js: view data, the mirror, dimming, events
 * @property {Record<string, any>} view view data last sent with setData
 * @property {Record<string, any> | null} batch view changes collected by batched()
 * @property {any} dimTimer
 * @property {boolean} writing true while the component's own setData runs
 * @property {typeof view.methods.setData} setData
 * @property {typeof view.methods.emit} emit
 * @property {typeof view.methods.emitError} emitError
 * @property {typeof view.methods.emitChange} emitChange
 * @property {typeof view.methods.applyRender} applyRender
 * @property {typeof view.methods.mirrorInto} mirrorInto
 * @property {typeof view.methods.applyView} applyView
 * @property {typeof view.methods.send} send
 * @property {typeof view.methods.batched} batched
 * @property {typeof view.methods.brighten} brighten
 * @property {typeof view.methods.scheduleDim} scheduleDim
 * @property {typeof view.methods.cancelDim} cancelDim
 *
 * queue.js: call ordering
 * @property {ReturnType<typeof queue.createQueue>} queue
 * @property {number} waiting calls queued that have not taken their state yet
 * @property {typeof queue.methods.ordered} ordered
 * @property {typeof queue.methods.engineMethod} engineMethod
 *
 * gestures.js: touches
 * @property {object | null} pendingTouch a touchstart waiting for a rebuilt engine
 * @property {typeof gestures.methods.touchStart} touchStart
 * @property {typeof gestures.methods.startGesture} startGesture
 * @property {typeof gestures.methods.touchMove} touchMove
 * @property {typeof gestures.methods.touchEnd} touchEnd
 *
 * image.js: loading images
 * @property {{width: number, height: number}} viewport the window, the engine's viewport
 * @property {import('./image.js').ImageInfo | null} image
 * @property {any} cropData crop data after the last change, restored into a rebuilt engine
 * @property {any} lastSrc the source of the last pushImg / imgSrc
 * @property {typeof image.methods.attach} attach
 * @property {typeof image.methods.srcChanged} srcChanged
 * @property {typeof image.methods.pushImg} pushImg
 * @property {typeof image.methods.showImage} showImage
 * @property {typeof image.methods.presentImage} presentImage
 * @property {typeof image.methods.upload} upload
 * @property {typeof image.methods.tap} tap
 *
 * export.js: crop data and files out
 * @property {typeof exporter.methods.getCropData} getCropData
 * @property {typeof exporter.methods.snapshot} snapshot
 * @property {typeof exporter.methods.getImg} getImg
 * @property {typeof exporter.methods.writeExport} writeExport
 * @property {typeof exporter.methods.exportHere} exportHere
 *
 * worker-host.js: exports in the app's Worker
 * @property {typeof workerHost.methods.setWorker} setWorker
 * @property {typeof workerHost.methods.offThread} offThread
 * @property {typeof workerHost.methods.coreExport} coreExport
 *
 * platform-decode.js: formats the core does not decode
 * @property {{path: string, frame: import('./platform-plan.js').Frame} | null} platformFrame
 * @property {typeof platform.methods.showPlatformImage} showPlatformImage
 * @property {typeof platform.methods.isPlatformImage} isPlatformImage
 * @property {typeof platform.methods.platformExport} platformExport
 */

var proto = Object.assign({}, engine.methods, props.methods, view.methods, queue.methods,
  gestures.methods, image.methods, exporter.methods, workerHost.methods, platform.methods);

/**
 * @param {Host} host
 * @returns {Controller}
 */
function createController(host) {
  var c = /** @type {Controller} */ (Object.create(proto));
  c.host = host;
  engine.init(c);
  props.init(c);
  view.init(c);
  queue.init(c);
  gestures.init(c);
  image.init(c);
  platform.init(c);
  return c;
}

/** @type {WeakMap<object, Controller>} */
var controllers = new WeakMap();

/**
 * The controller of a component instance.
 * @param {any} instance
 * @returns {Controller}
 */
function ctl(instance) {
  var c = controllers.get(instance);
  if (!c) {
    c = createController(instance);
    controllers.set(instance, c);
  }
  return c;
}

var declared = properties.declare(ctl);

Component({
  properties: declared.properties,
  data: {
    v_src: '',
    v_img: '',
    v_cut_x: 0,
    v_cut_y: 0,
    v_cut_w: 0,
    v_cut_h: 0,
    v_animate: false,
    /** the crop is round (shape 'circle' / 'ellipse'): a round mask */
    v_round: false,
    /** the mask is darker while nobody touches the cropper (as the original) */
    v_dark: false,
    /** the image centre in px, as the original's data (the mirror, view.js) */
    _img_left: null,
    _img_top: null,
  },
  observers: declared.observers,
  lifetimes: {
    attached: function () { ctl(this).attach(); },
    detached: function () { ctl(this).detach(); },
  },
  methods: {
    /** Lets the user choose a photo (wx.chooseMedia, or wx.chooseImage) and loads it. */
    upload: function () { return ctl(this).upload(); },
    /** Loads an image: temp / user-data / code-package path or http(s) URL; without an
     *  argument, (re)loads the imgSrc property. @param {string} [src] */
    pushImg: function (src) { return ctl(this).pushImg(src); },
    /**
     * Exports the crop to `${wx.env.USER_DATA_PATH}/image-cropper/`.
     * @param {(result: {url: string, width: number, height: number, size: number, type: string}) => void} [callback]
     */
    getImg: function (callback) { return ctl(this).getImg(callback); },
    /** @param {number} x @param {number} y */
    setCutXY: function (x, y) { ctl(this).engineMethod(function (c) { return c.setCutXY(x, y); }); },
    /** @param {number} w @param {number} h */
    setCutSize: function (w, h) { ctl(this).engineMethod(function (c) { return c.setCutSize(w, h); }); },
    setCutCenter: function () { ctl(this).engineMethod(function (c) { return c.setCutCenter(); }); },
    /** The box width as the `width` property (the original's setWidth). @param {number} width */
    setWidth: function (width) { ctl(this).setOwnProperty('width', width); },
    /** The box height as the `height` property (the original's setHeight). @param {number} height */
    setHeight: function (height) { ctl(this).setOwnProperty('height', height); },
    /** The `disable_rotate` flag (the two-finger rotation); nothing else changes. @param {boolean} value */
    setDisableRotate: function (value) { ctl(this).setOwnProperty('disable_rotate', !!value); },
    /** The `limit_move` flag, animated: switched on, the angle snaps to a quarter turn and the
     *  image covers the box. @param {boolean} value */
    setLimitMove: function (value) { ctl(this).setOwnProperty('limit_move', !!value, true); },
    /** Not held to min_scale..max_scale; 0 or not a number is invalid_option. @param {number} scale */
    setScale: function (scale) { ctl(this).engineMethod(function (c) { return c.setScale(scale); }); },
    /** Degrees; setAngle(0) sets 0 (the original ignores a falsy angle). @param {number} angle */
    setAngle: function (angle) { ctl(this).engineMethod(function (c) { return c.setAngle(angle); }); },
    /** Relative changes. @param {{x?: number, y?: number, angle?: number, scale?: number, cutX?: number, cutY?: number}} transform */
    setTransform: function (transform) { ctl(this).engineMethod(function (c) { return c.setTransform(transform || {}); }); },
    imgReset: function () { ctl(this).engineMethod(function (c) { return c.imgReset(); }); },
    /** Rotates the image by `deg` degrees (default 90). @param {number} [deg] */
    rotate: function (deg) {
      var by = typeof deg === 'number' ? deg : 90;
      ctl(this).engineMethod(function (c) { return c.rotate(by); });
    },
    /** Mirrors the image. @param {boolean} [horizontal] true (default): left-right; false: top-bottom */
    flip: function (horizontal) {
      var h = horizontal !== false;
      ctl(this).engineMethod(function (c) { return c.flip(h); });
    },
    /** Exports in the app's Worker (wx.createWorker; its script installed
     *  core/worker/image-cropper-worker.js), for every cropper; null stops. @param {any} worker */
    setWorker: function (worker) { ctl(this).setWorker(worker); },
    /** The crop in source pixels: {x, y, width, height, rotate, scaleX, scaleY}, or null. */
    getCropData: function () { return ctl(this).getCropData(); },
    /** @param {{x: number, y: number, width: number, height: number, rotate?: number, scaleX?: number, scaleY?: number}} data */
    setCropData: function (data) { ctl(this).engineMethod(function (c) { return c.setCropData(data); }); },

    // ---- view handlers
    /** @param {any} e */
    onTouchStart: function (e) { ctl(this).touchStart(e); },
    /** @param {any} e */
    onTouchMove: function (e) { ctl(this).touchMove(e); },
    /** @param {any} e */
    onTouchEnd: function (e) { ctl(this).touchEnd(e); },
    /** A tap with no image opens the picker (a tap on the box with one is the engine's tapcut). */
    onTap: function () { ctl(this).tap(); },
    /** @param {any} e */
    onImageError: function (e) {
      this.triggerEvent('error', { code: 'display_failed', message: (e && e.detail && e.detail.errMsg) || 'the image cannot be displayed' });
    },
  },
});
