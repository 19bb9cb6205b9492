// @ts-check
// Every property of image-cropper bound to a control and changed live.

/** Sliders: integer positions, divided by `div`; `nullAt` is the position meaning null. */
var SLIDERS = [
  { key: 'width', min: 50, max: 400, step: 1, div: 1, value: 200 },
  { key: 'height', min: 50, max: 400, step: 1, div: 1, value: 200 },
  { key: 'max_width', min: 100, max: 500, step: 1, div: 1, value: 300 },
  { key: 'max_height', min: 100, max: 500, step: 1, div: 1, value: 300 },
  { key: 'min_width', min: 20, max: 300, step: 1, div: 1, value: 100 },
  { key: 'min_height', min: 20, max: 300, step: 1, div: 1, value: 100 },
  { key: 'cut_top', min: -1, max: 500, step: 1, div: 1, value: -1, nullAt: -1 },
  { key: 'cut_left', min: -1, max: 300, step: 1, div: 1, value: -1, nullAt: -1 },
  { key: 'scale', min: 20, max: 400, step: 5, div: 100, value: 100 },
  { key: 'angle', min: -180, max: 180, step: 1, div: 1, value: 0 },
  { key: 'min_scale', min: 10, max: 100, step: 5, div: 100, value: 50 },
  { key: 'max_scale', min: 100, max: 800, step: 10, div: 100, value: 200 },
  { key: 'export_scale', min: 1, max: 6, step: 1, div: 1, value: 3 },
  { key: 'quality', min: 0, max: 100, step: 1, div: 100, value: 100 },
  { key: 'max_bytes', min: 0, max: 512000, step: 10240, div: 1, value: 0 },
  { key: 'aspect_ratio', min: 0, max: 300, step: 5, div: 100, value: 0 },
  { key: 'export_width', min: 0, max: 2048, step: 16, div: 1, value: 0 },
  { key: 'export_height', min: 0, max: 2048, step: 16, div: 1, value: 0 },
];

var PICKERS = [
  { key: 'file_type', options: ['png', 'jpg'] },
  { key: 'shape', options: ['rect', 'circle', 'ellipse'] },
  { key: 'export_mode', options: ['scale', 'source', 'size'] },
  { key: 'fill_color', options: ['', '#ffffff', '#000000', '#ff000080'] },
  { key: 'img_width', options: [null, '100%', '150%', 300] },
  { key: 'img_height', options: [null, '100%', '150%', 300] },
  { key: 'imgSrc', options: ['/images/sample.jpg', 'https://example.com/照片.jpg'] },
];

var SWITCHES = ['disable_rotate', 'limit_move', 'limit_any_angle', 'disable_width', 'disable_height', 'disable_ratio'];

/** @type {Record<string, any>} */
var initial = {
  imgSrc: '/images/sample.jpg',
  disable_rotate: false,
  limit_move: false,
  limit_any_angle: false,
  disable_width: false,
  disable_height: false,
  disable_ratio: false,
  file_type: 'png',
  shape: 'rect',
  export_mode: 'scale',
  fill_color: '',
  img_width: null,
  img_height: null,
};
SLIDERS.forEach(function (s) {
  initial[s.key] = s.nullAt === s.value ? null : s.value / s.div;
});

Page({
  data: {
    p: initial,
    sliders: SLIDERS,
    pickers: PICKERS.map(function (p) {
      return { key: p.key, options: p.options.map(function (o) { return o === null ? 'null' : String(o); }) };
    }),
    switches: SWITCHES,
    log: 'ready',
    panel: true,
  },
  /** @type {any} */
  cropper: null,
  onCropperLoad(/** @type {any} */ e) {
    this.cropper = e.detail.cropper;
    this.setData({ log: 'load' });
  },
  onEvent(/** @type {any} */ e) {
    this.setData({ log: e.type + ' ' + JSON.stringify(e.detail) });
  },
  onTapCut(/** @type {any} */ e) {
    this.setData({ log: 'tapcut ' + JSON.stringify(e.detail) });
    wx.previewImage({ urls: [e.detail.url] });
  },
  onSwitch(/** @type {any} */ e) {
    this.setData({ ['p.' + e.currentTarget.dataset.key]: e.detail.value });
  },
  onSlider(/** @type {any} */ e) {
    var ds = e.currentTarget.dataset;
    var v = e.detail.value;
    this.setData({ ['p.' + ds.key]: ds.nullAt === v ? null : v / ds.div });
  },
  onPicker(/** @type {any} */ e) {
    var key = e.currentTarget.dataset.key;
    var picker = PICKERS.filter(function (p) { return p.key === key; })[0];
    this.setData({ ['p.' + key]: picker.options[Number(e.detail.value)] });
  },
  togglePanel() { this.setData({ panel: !this.data.panel }); },
  choose() { if (this.cropper) this.cropper.upload(); },
  pushRemote() { if (this.cropper) this.cropper.pushImg('https://example.com/照片.jpg'); },
  rotate() { if (this.cropper) this.cropper.rotate(90); },
  flip(/** @type {any} */ e) { if (this.cropper) this.cropper.flip(e.currentTarget.dataset.h); },
  center() { if (this.cropper) this.cropper.setCutCenter(); },
  reset() { if (this.cropper) this.cropper.imgReset(); },
  showCropData() {
    if (this.cropper) this.setData({ log: 'getCropData ' + JSON.stringify(this.cropper.getCropData()) });
  },
  exportImg() {
    if (!this.cropper) return;
    this.cropper.getImg().then((/** @type {any} */ res) => {
      this.setData({ log: 'getImg ' + JSON.stringify(res) });
      wx.previewImage({ urls: [res.url] });
    }, () => undefined);
  },
});
