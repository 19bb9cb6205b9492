// @ts-check
// The original demo's flow: the sample photo loads, the user pans / pinches / rotates and
// resizes the box, taps the box or "Crop" and sees the exported file in the image previewer.
Page({
  data: {
    src: '/images/sample.jpg',
    width: 250,
    height: 250,
    hint: '加载中… loading…',
  },
  /** @type {any} */
  cropper: null,
  onCropperLoad(/** @type {any} */ e) {
    this.cropper = e.detail.cropper;
  },
  /** '1200×900 jpeg' of the loaded image, shown before the crop */
  size: '',
  onImageLoad(/** @type {any} */ e) {
    var d = e.detail;
    this.size = d.width + '×' + d.height + ' ' + d.type;
    this.setData({ hint: this.size + ' · 点击裁剪框导出 tap the box to export' });
  },
  onChange(/** @type {any} */ e) {
    var c = e.detail;
    this.setData({
      hint: this.size + ' · 裁剪 crop ' + Math.round(c.width) + '×' + Math.round(c.height) +
        ' @ (' + Math.round(c.x) + ', ' + Math.round(c.y) + ')' + (Math.round(c.rotate) ? ' ' + Math.round(c.rotate) + '°' : ''),
    });
  },
  onError(/** @type {any} */ e) {
    wx.showToast({ title: e.detail.code, icon: 'none' });
  },
  onTapCut(/** @type {any} */ e) {
    this.preview(e.detail);
  },
  choose() {
    if (this.cropper) this.cropper.upload();
  },
  rotate() {
    if (this.cropper) this.cropper.rotate(90);
  },
  reset() {
    if (this.cropper) this.cropper.imgReset();
  },
  crop() {
    if (!this.cropper) return;
    wx.showLoading({ title: '导出 exporting' });
    this.cropper.getImg().then((/** @type {any} */ res) => {
      wx.hideLoading();
      this.preview(res);
    }, () => wx.hideLoading());
  },
  preview(/** @type {{url: string}} */ res) {
    wx.previewImage({ current: res.url, urls: [res.url] });
  },
  goAvatar() {
    wx.navigateTo({ url: '/pages/avatar/avatar' });
  },
  goPlayground() {
    wx.navigateTo({ url: '/pages/playground/playground' });
  },
});
