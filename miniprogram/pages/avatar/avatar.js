// @ts-check
// Avatar: a round 1:1 crop; the result shows top right with its size in bytes (<= max_bytes).
Page({
  data: {
    src: '/images/sample.jpg',
    /** @type {{url: string, width: number, height: number, size: number} | null} */
    result: null,
  },
  /** @type {any} */
  cropper: null,
  onCropperLoad(/** @type {any} */ e) {
    this.cropper = e.detail.cropper;
  },
  onResult(/** @type {any} */ e) {
    this.setData({ result: e.detail });
  },
  onError(/** @type {any} */ e) {
    wx.showToast({ title: e.detail.code, icon: 'none' });
  },
  choose() {
    if (this.cropper) this.cropper.upload();
  },
  done() {
    if (!this.cropper) return;
    this.cropper.getImg((/** @type {any} */ res) => this.setData({ result: res }));
  },
});
