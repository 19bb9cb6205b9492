// What the component renders (miniprogram-simulate's DOM of the real WXML): the <image> with
// the engine's CSS transform, four mask views around the crop box, its corner handles and
// edges, the circle mask for shape 'circle', the transition only for animated renders, and no
// canvas at all.
'use strict';

const fs = require('fs');
const path = require('path');
const { mount, settle, mock, gradientPhoto } = require('./harness.js');
const { appDir } = require('./wx-mock.js');

const VW = 375;
const VH = 667;

function styleOf(node) {
  return node.dom.getAttribute('style') || '';
}

function classOf(node) {
  return node.dom.getAttribute('class') || '';
}

/** The numbers of a style's `name:NNpx` declarations. */
function px(style, name) {
  const m = new RegExp(`(?:^|;)${name}:(-?[\\d.]+)px`).exec(style);
  return m ? Number(m[1]) : null;
}

describe('view', () => {
  let photoPath;
  beforeAll(async () => {
    photoPath = mock.addTempFile((await gradientPhoto(1200, 900, 'png')).bytes, 'png');
  });

  async function loaded(props = {}) {
    const h = await mount(Object.assign({ imgSrc: photoPath }, props)).ready();
    await h.waitEvent('imageload');
    return h;
  }

  test('no canvas anywhere: not in the WXML, not in the rendered tree', async () => {
    const wxml = fs.readFileSync(path.join(appDir, 'components/image-cropper/index.wxml'), 'utf8');
    expect(wxml).not.toMatch(/<canvas/);
    const h = await loaded();
    expect(h.comp.dom.querySelector('wx-canvas, canvas')).toBeNull();
  });

  test('the <image> shows the source with the engine transform; no image element before one is loaded', async () => {
    const empty = await mount().ready();
    expect(empty.comp.querySelector('.ic-img')).toBeUndefined();
    const h = await loaded();
    const img = h.comp.querySelector('.ic-img');
    expect(styleOf(img)).toBe(h.data().v_img);
    expect(styleOf(img)).toBe(`width:266.667px;height:200px;transform:translate3d(${VW / 2 - 133.333}px,${VH / 2 - 100}px,0) rotate(0deg) scale(1,1);`);
    h.instance.setAngle(30);
    h.instance.flip(true);
    expect(styleOf(h.comp.querySelector('.ic-img'))).toContain('rotate(30deg) scale(-1,1)');
  });

  test('four mask views cover the window around the box; box with 4 corner handles and 4 edges', async () => {
    const h = await loaded({ width: 240, height: 160 });
    h.instance.setCutXY(30, 50);
    const d = h.data();
    expect([d.v_cut_x, d.v_cut_y, d.v_cut_w, d.v_cut_h]).toEqual([30, 50, 240, 160]);
    const masks = h.comp.querySelectorAll('.ic-mask').map(styleOf);
    expect(masks).toHaveLength(4);
    // above, below, left and right of the box
    expect(masks[0]).toBe('left:0;top:0;right:0;height:50px;');
    expect(masks[1]).toBe('left:0;top:210px;right:0;bottom:0;');
    expect(masks[2]).toBe('left:0;top:50px;width:30px;height:160px;');
    expect(masks[3]).toBe('left:270px;top:50px;right:0;height:160px;');
    const box = h.comp.querySelector('.ic-box');
    expect([px(styleOf(box), 'left'), px(styleOf(box), 'top'), px(styleOf(box), 'width'), px(styleOf(box), 'height')]).toEqual([30, 50, 240, 160]);
    for (const c of ['tl', 'tr', 'bl', 'br']) expect(h.comp.querySelectorAll(`.ic-corner-${c}`)).toHaveLength(1);
    for (const e of ['top', 'bottom', 'left', 'right']) expect(h.comp.querySelectorAll(`.ic-edge-${e}`)).toHaveLength(1);
    // the box and the masks let touches through to the stage, which gives them to the engine
    const wxss = fs.readFileSync(path.join(appDir, 'components/image-cropper/index.wxss'), 'utf8');
    expect(wxss).toMatch(/\.ic-mask \{[^}]*pointer-events: none/);
    expect(wxss).toMatch(/\.ic-box \{[^}]*pointer-events: none/);
    expect(wxss).toMatch(/\.image-cropper \{[^}]*position: fixed/);
  });

  test("shape 'circle' switched live: a round mask instead of the four rectangles, and back", async () => {
    const h = await loaded();
    expect(h.comp.querySelector('.ic-circle')).toBeUndefined();
    h.comp.setData({ shape: 'circle' });
    await settle();
    expect(h.comp.querySelectorAll('.ic-circle')).toHaveLength(1);
    expect(h.comp.querySelectorAll('.ic-mask').every((m) => classOf(m).includes('ic-clear'))).toBe(true);
    h.comp.setData({ shape: 'rect' });
    await settle();
    expect(h.comp.querySelector('.ic-circle')).toBeUndefined();
    expect(h.comp.querySelectorAll('.ic-mask').some((m) => classOf(m).includes('ic-clear'))).toBe(false);
  });

  test('the transition is on only for the animated render after a gesture, never during touchmove', async () => {
    const h = await loaded();
    const animated = () => classOf(h.comp.querySelector('.ic-box')).includes('ic-animate');
    const corner = { x: (VW + 200) / 2, y: (VH + 200) / 2 };
    await h.touch('touchstart', [corner]);
    await h.touch('touchmove', [{ x: corner.x + 20, y: corner.y + 20 }]);
    expect(animated()).toBe(false);
    expect(classOf(h.comp.querySelector('.ic-img')).includes('ic-animate')).toBe(false);
    await h.touch('touchend', []);
    // the box re-centres with a transition, as the original
    expect(h.data().v_animate).toBe(true);
    expect(animated()).toBe(true);
    expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(VW - 220) / 2, (VH - 220) / 2]);
    await h.touch('touchstart', [{ x: VW / 2, y: VH / 2 }]);
    await h.touch('touchmove', [{ x: VW / 2 + 5, y: VH / 2 }]);
    expect(animated()).toBe(false);
    await h.touch('touchend', []);
  });
});
