// Touches on the component go to the engine: one finger pans (or drags a box handle), two
// fingers pinch and rotate, a short touch inside the box is a tap that exports (`tapcut`).
// A touchmove costs at most one setData, with only the changed keys.
'use strict';

const { mount, settle, useFakeClock, advance, mock, gradientPhoto, decode } = require('./harness.js');

const VW = 375;
const VH = 667;
// The default box: 200 × 200 centred.
const BOX = { x: (VW - 200) / 2, y: (VH - 200) / 2, w: 200, h: 200 };
const CENTER = { x: BOX.x + 100, y: BOX.y + 100 };

function round(c) {
  const r = (v) => Math.round(v * 100) / 100 + 0;
  return { x: r(c.x), y: r(c.y), width: r(c.width), height: r(c.height), rotate: r(c.rotate) };
}

describe('gestures', () => {
  let photoPath;
  beforeAll(async () => {
    const photo = await gradientPhoto(1200, 900, 'png');
    photoPath = mock.addTempFile(photo.bytes, 'png');
  });

  async function loaded(props = {}) {
    const h = await mount(Object.assign({ imgSrc: photoPath }, props)).ready();
    await h.waitEvent('imageload');
    return h;
  }

  test('one finger inside the box pans the image: one setData of v_img and the image centre per touchmove', async () => {
    const h = await loaded();
    await h.touch('touchstart', [CENTER]);
    const moves = [];
    for (let i = 1; i <= 5; i++) {
      const before = h.setDataCalls.length;
      await h.touch('touchmove', [{ x: CENTER.x + 6 * i, y: CENTER.y + 2 * i }]);
      moves.push(h.setDataCalls.slice(before));
    }
    for (const [i, calls] of moves.entries()) {
      expect(calls.length).toBeLessThanOrEqual(1);
      // the image's CSS and its centre in the original's data keys, nothing else
      for (const patch of calls) {
        expect(Object.keys(patch).sort()).toEqual(['_img_left', '_img_top', 'v_img']);
        expect([patch._img_left, patch._img_top]).toEqual([VW / 2 + 6 * (i + 1), VH / 2 + 2 * (i + 1)]);
      }
    }
    expect(moves.filter((c) => c.length === 1).length).toBe(5);
    await h.touch('touchend', []);
    // 30 px right, 10 px down on screen = 135, 45 source px (4.5 source px per screen px)
    expect(round(h.of('change').pop())).toEqual({ x: 15, y: -45, width: 900, height: 900, rotate: 0 });
    expect(h.of('tapcut')).toEqual([]);
  });

  test('a touchmove that changes nothing costs no setData', async () => {
    const h = await loaded();
    await h.touch('touchstart', [CENTER]);
    await h.touch('touchmove', [{ x: CENTER.x + 20, y: CENTER.y }]);
    const before = h.setDataCalls.length;
    await h.touch('touchmove', [{ x: CENTER.x + 20, y: CENTER.y }]);
    expect(h.setDataCalls.length).toBe(before);
    await h.touch('touchend', []);
  });

  test('limit_move keeps the box inside the image', async () => {
    const h = await loaded({ limit_move: true });
    await h.drag(CENTER, { x: CENTER.x + 30, y: CENTER.y + 10 });
    expect(round(h.of('change').pop())).toEqual({ x: 15, y: 0, width: 900, height: 900, rotate: 0 });
  });

  test('pinch: two fingers moving apart zoom in about their midpoint', async () => {
    const h = await loaded();
    await h.touch('touchstart', [{ x: CENTER.x - 50, y: CENTER.y }, { x: CENTER.x + 50, y: CENTER.y }]);
    await h.touch('touchmove', [{ x: CENTER.x - 62.5, y: CENTER.y }, { x: CENTER.x + 62.5, y: CENTER.y }]);
    await h.touch('touchmove', [{ x: CENTER.x - 75, y: CENTER.y }, { x: CENTER.x + 75, y: CENTER.y }]);
    await h.touch('touchend', []);
    const c = round(h.of('change').pop());
    expect(c.width).toBeCloseTo(600, 0);
    expect(c.height).toBeCloseTo(600, 0);
    expect(c.x + c.width / 2).toBeCloseTo(600, 0);
    expect(c.y + c.height / 2).toBeCloseTo(450, 0);
    expect(h.data().v_img).toContain('scale(1.5,1.5)');
  });

  test('pinch respects max_scale', async () => {
    const h = await loaded({ max_scale: 1.2 });
    await h.touch('touchstart', [{ x: CENTER.x - 50, y: CENTER.y }, { x: CENTER.x + 50, y: CENTER.y }]);
    await h.touch('touchmove', [{ x: CENTER.x - 100, y: CENTER.y }, { x: CENTER.x + 100, y: CENTER.y }]);
    await h.touch('touchend', []);
    expect(round(h.of('change').pop()).width).toBeCloseTo(750, 0);
  });

  test('pinch respects min_scale', async () => {
    const h = await loaded({ min_scale: 0.8 });
    await h.touch('touchstart', [{ x: CENTER.x - 50, y: CENTER.y }, { x: CENTER.x + 50, y: CENTER.y }]);
    await h.touch('touchmove', [{ x: CENTER.x - 10, y: CENTER.y }, { x: CENTER.x + 10, y: CENTER.y }]);
    await h.touch('touchend', []);
    expect(round(h.of('change').pop()).width).toBeCloseTo(1125, 0);
  });

  test('two-finger rotation turns the image; disable_rotate keeps the angle', async () => {
    const rotateGesture = async (h) => {
      await h.touch('touchstart', [{ x: CENTER.x - 50, y: CENTER.y }, { x: CENTER.x + 50, y: CENTER.y }]);
      // the pair turns 90° clockwise about the centre, in three steps
      for (const deg of [30, 60, 90]) {
        const a = deg * Math.PI / 180;
        await h.touch('touchmove', [
          { x: CENTER.x - 50 * Math.cos(a), y: CENTER.y - 50 * Math.sin(a) },
          { x: CENTER.x + 50 * Math.cos(a), y: CENTER.y + 50 * Math.sin(a) },
        ]);
      }
      await h.touch('touchend', []);
    };
    const h = await loaded();
    await rotateGesture(h);
    expect(round(h.of('change').pop()).rotate).toBeCloseTo(90, 1);
    const fixed = await loaded({ disable_rotate: true });
    await rotateGesture(fixed);
    expect(round(fixed.of('change').pop()).rotate).toBe(0);
  });

  describe('box handles: dragging each corner outward by 30 px grows the box to 230 × 230', () => {
    const corners = {
      'top-left': [BOX.x, BOX.y, -30, -30],
      'top-right': [BOX.x + BOX.w, BOX.y, 30, -30],
      'bottom-left': [BOX.x, BOX.y + BOX.h, -30, 30],
      'bottom-right': [BOX.x + BOX.w, BOX.y + BOX.h, 30, 30],
    };
    test.each(Object.keys(corners))('%s', async (name) => {
      const [x, y, dx, dy] = corners[name];
      const h = await loaded();
      await h.drag({ x, y }, { x: x + dx, y: y + dy });
      expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([230, 230]);
      // re-centred after the gesture, as the original
      expect([h.data().v_cut_x, h.data().v_cut_y]).toEqual([(VW - 230) / 2, (VH - 230) / 2]);
      expect(h.of('change').length).toBeGreaterThan(0);
    });

    test('a corner drag stops at max_width / max_height and at min_width / min_height', async () => {
      const h = await loaded({ max_width: 250, max_height: 240 });
      await h.drag({ x: BOX.x + BOX.w, y: BOX.y + BOX.h }, { x: BOX.x + BOX.w + 80, y: BOX.y + BOX.h + 80 });
      expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([250, 240]);
      const b = { x: h.data().v_cut_x + 250, y: h.data().v_cut_y + 240 };
      await h.drag(b, { x: b.x - 200, y: b.y - 200 });
      expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([100, 100]);
    });

    test('disable_ratio keeps the box ratio on a corner drag; disable_height locks the height', async () => {
      const h = await loaded({ width: 200, height: 150, disable_ratio: true });
      const b = { x: h.data().v_cut_x + 200, y: h.data().v_cut_y + 150 };
      await h.drag(b, { x: b.x + 40, y: b.y + 5 });
      expect(h.data().v_cut_w / h.data().v_cut_h).toBeCloseTo(200 / 150, 6);
      expect(h.data().v_cut_w).toBeGreaterThan(200);
      const locked = await loaded({ disable_height: true });
      await locked.drag({ x: BOX.x + BOX.w, y: BOX.y + BOX.h }, { x: BOX.x + BOX.w + 30, y: BOX.y + BOX.h + 30 });
      expect([locked.data().v_cut_w, locked.data().v_cut_h]).toEqual([230, 200]);
    });

    test('the right edge resizes the width only; disable_width locks it', async () => {
      const h = await loaded();
      await h.drag({ x: BOX.x + BOX.w, y: CENTER.y }, { x: BOX.x + BOX.w + 30, y: CENTER.y });
      expect([h.data().v_cut_w, h.data().v_cut_h]).toEqual([230, 200]);
      const locked = await loaded({ disable_width: true });
      await locked.drag({ x: BOX.x + BOX.w, y: BOX.y + BOX.h }, { x: BOX.x + BOX.w + 30, y: BOX.y + BOX.h + 30 });
      expect([locked.data().v_cut_w, locked.data().v_cut_h]).toEqual([200, 230]);
    });
  });

  describe('every kind of touchmove costs at most one setData, holding only keys whose value changed', () => {
    // The view's keys and the state in the original's data keys (the mirror).
    const MIRROR = ['angle', 'scale', 'cut_left', 'cut_top', 'width', 'height', 'img_width', 'img_height', '_img_left', '_img_top'];
    /** Sends `moves` (arrays of touches) after `start`, checking each move's setData calls. */
    async function checkMoves(h, start, moves) {
      await h.touch('touchstart', start);
      let updates = 0;
      for (const points of moves) {
        const before = h.setDataCalls.length;
        const prev = Object.assign({}, h.data());
        const changesBefore = h.of('change').length;
        await h.touch('touchmove', points);
        const calls = h.setDataCalls.slice(before);
        expect(calls.length).toBeLessThanOrEqual(1);
        for (const patch of calls) {
          expect(Object.keys(patch).length).toBeGreaterThan(0);
          for (const key of Object.keys(patch)) {
            expect(key.startsWith('v_') || MIRROR.includes(key)).toBe(true);
            expect(patch[key]).not.toEqual(prev[key]);
          }
        }
        // the mirror holds the box the view shows
        const d = h.data();
        expect([d.cut_left, d.cut_top, d.width, d.height]).toEqual([d.v_cut_x, d.v_cut_y, d.v_cut_w, d.v_cut_h]);
        updates += calls.length;
        // `change` comes once the gesture ends, not on every move
        expect(h.of('change').length).toBe(changesBefore);
      }
      const changes = h.of('change').length;
      await h.touch('touchend', []);
      expect(h.of('change').length).toBe(changes + 1);
      expect(h.of('change').pop()).toEqual(h.instance.getCropData());
      return updates;
    }
    const pair = (d, deg = 0) => {
      const a = deg * Math.PI / 180;
      return [
        { x: CENTER.x - d * Math.cos(a), y: CENTER.y - d * Math.sin(a) },
        { x: CENTER.x + d * Math.cos(a), y: CENTER.y + d * Math.sin(a) },
      ];
    };

    test('pinch', async () => {
      const h = await loaded();
      const n = await checkMoves(h, pair(50), [pair(55), pair(60), pair(60), pair(70)]);
      expect(n).toBe(3); // the repeated position changes nothing
      expect(h.data().scale).toBe(1.4);
    });

    test('two-finger rotation', async () => {
      const h = await loaded();
      expect(await checkMoves(h, pair(50), [pair(50, 10), pair(50, 20), pair(50, 30)])).toBe(3);
      expect(h.instance.getCropData().rotate).toBeCloseTo(30, 1);
      expect(h.data().angle).toBe(30);
    });

    test('corner drag (box keys only)', async () => {
      const h = await loaded();
      const c = { x: BOX.x + BOX.w, y: BOX.y + BOX.h };
      const before = h.setDataCalls.length;
      expect(await checkMoves(h, [c], [[{ x: c.x + 10, y: c.y + 10 }], [{ x: c.x + 20, y: c.y + 20 }]])).toBe(2);
      for (const patch of h.setDataCalls.slice(before + 1, before + 3)) {
        expect(Object.keys(patch).sort()).toEqual(['height', 'v_cut_h', 'v_cut_w', 'width']);
      }
    });

    test('edge drag', async () => {
      const h = await loaded();
      expect(await checkMoves(h, [{ x: BOX.x, y: CENTER.y }], [[{ x: BOX.x - 10, y: CENTER.y }], [{ x: BOX.x - 25, y: CENTER.y }]])).toBe(2);
    });
  });

  test('the mask is lighter while touching and darkens 2 s after the gesture (as the original)', async () => {
    const h = await loaded();
    const masks = () => h.comp.querySelectorAll('.ic-mask');
    const dark = () => masks().every((m) => m.dom.className.includes('ic-dark'));
    const light = () => masks().every((m) => !m.dom.className.includes('ic-dark'));
    expect(masks()).toHaveLength(4);
    expect(light()).toBe(true);
    useFakeClock();
    try {
      await h.drag(CENTER, { x: CENTER.x + 10, y: CENTER.y });
      expect(light()).toBe(true);
      await advance(1999);
      expect(light()).toBe(true);
      await advance(1);
    } finally {
      jest.useRealTimers();
    }
    expect(h.data().v_dark).toBe(true);
    expect(dark()).toBe(true);
    // a new touch lightens it in the touchstart's one setData
    const before = h.setDataCalls.length;
    await h.touch('touchstart', [CENTER]);
    const calls = h.setDataCalls.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].v_dark).toBe(false);
    expect(light()).toBe(true);
    await h.touch('touchend', []);
  });

  test('a tap inside the box exports and fires tapcut {url, width, height, size, type}', async () => {
    const h = await loaded();
    await h.touch('touchstart', [CENTER]);
    await h.touch('touchend', []);
    const res = await h.waitEvent('tapcut');
    expect(res).toMatchObject({ width: 600, height: 600, type: 'png' });
    expect(res.url.startsWith('wxfile://usr/image-cropper/')).toBe(true);
    const file = mock.read(res.url);
    expect(res.size).toBe(file.length);
    const img = await decode(file);
    expect([img.info.width, img.info.height]).toEqual([600, 600]);
  });

  test('a tap outside the box is not a tapcut', async () => {
    const h = await loaded();
    await h.touch('touchstart', [{ x: 20, y: 40 }]);
    await h.touch('touchend', []);
    await settle();
    expect(h.of('tapcut')).toEqual([]);
  });
});
