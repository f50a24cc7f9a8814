"use strict";
// Unit tests of cvbook/static/roi-core.js (问题 8): hand-checked cases, closed forms and
// invariants. Equality with the chapter's Python is checked in tests/test_widget_roi_live.py.

const test = require("node:test");
const assert = require("node:assert/strict");
const roi = require("../../cvbook/static/roi-core.js");
const { rng } = require("./helpers.js");

// F[y][x] = 4y + x on a 4 x 4 map: bilinear interpolation is exact for it inside the map.
const LIN = [0, 1, 2, 3].map((y) => [0, 1, 2, 3].map((x) => 4 * y + x));

function close(actual, expected, tol, msg) {
  assert.equal(actual.length, expected.length, msg);
  for (let i = 0; i < expected.length; i++) {
    assert.equal(actual[i].length, expected[i].length, msg);
    for (let j = 0; j < expected[i].length; j++) {
      const d = Math.abs(actual[i][j] - expected[i][j]);
      assert.ok(d <= tol, `${msg || ""} [${i}][${j}]: ${actual[i][j]} vs ${expected[i][j]}`);
    }
  }
}


function randomMap(rand, H, W) {
  return Array.from({ length: H }, () => Array.from({ length: W }, () => rand() * 4 - 2));
}

test("roundHalfAway rounds halves away from zero, unlike Math.round", () => {
  assert.equal(roi.roundHalfAway(2.5), 3);
  assert.equal(roi.roundHalfAway(-2.5), -3); // Math.round(-2.5) === -2
  assert.equal(roi.roundHalfAway(0.4), 0);
  assert.equal(roi.roundHalfAway(-0.6), -1);
  assert.equal(roi.roundHalfAway(7), 7);
});

test("pool: the chapter's hand-computed case (box rounded half away from zero)", () => {
  // Box (0.4, 0.6, 2.5, 2.4) -> columns 0..3, rows 1..2; bins rows {1},{2} x columns {0,1},{2,3}.
  const out = roi.pool(LIN, [0.4, 0.6, 2.5, 2.4], { outputSize: 2 });
  assert.deepEqual(out, [
    [5, 7],
    [9, 11],
  ]);
});

test("pool: negative halves round outward, and the part off the map is clipped", () => {
  // x1 = -2.5 -> -3, x2 = 0.5 -> 1: roi_w = 5; one bin over columns -3..1 clipped to 0..1.
  const out = roi.pool(LIN, [-2.5, 0, 0.5, 0], { outputSize: [1, 1] });
  assert.deepEqual(out, [[1]]); // max of row 0, columns 0..1
  // Two bins of 2.5 columns: [floor(0) - 3, ceil(2.5) - 3) = [-3, 0) is empty after clipping
  // (0), [floor(2.5) - 3, ceil(5) - 3) = [-1, 2) clips to columns {0, 1} (max 1).
  assert.deepEqual(roi.pool(LIN, [-2.5, 0, 0.5, 0], { outputSize: [1, 2] }), [[0, 1]]);
});

test("pool: whole map with one bin per cell is the identity; one bin is the global max", () => {
  const rand = rng(1);
  for (let k = 0; k < 20; k++) {
    const H = 1 + Math.floor(rand() * 7);
    const W = 1 + Math.floor(rand() * 7);
    const f = randomMap(rand, H, W);
    assert.deepEqual(roi.pool(f, [0, 0, W - 1, H - 1], { outputSize: [H, W] }), f);
    const max = Math.max(...f.flat());
    assert.deepEqual(roi.pool(f, [0, 0, W - 1, H - 1], { outputSize: 1 }), [[max]]);
    // spatialScale 1/16 with the box scaled up by 16 gives the same cells.
    const s = 1 / 16;
    assert.deepEqual(
      roi.pool(f, [0, 0, (W - 1) / s, (H - 1) / s], { outputSize: [H, W], spatialScale: s }),
      f
    );
  }
});

test("pool: a box entirely off the map gives only empty bins, i.e. zeros", () => {
  assert.deepEqual(roi.pool(LIN, [10, 10, 14, 12], { outputSize: [2, 3] }), [
    [0, 0, 0],
    [0, 0, 0],
  ]);
  // Negative values: a non-empty bin gives its (negative) max, not 0.
  const neg = LIN.map((r) => r.map((v) => -1 - v));
  assert.deepEqual(roi.pool(neg, [0, 0, 0, 0], { outputSize: 1 }), [[-1]]);
});

test("align: the chapter's hand-computed cases", () => {
  // One sample at the bin centre (1.5, 1.5): 4 * 1.5 + 1.5 = 7.5.
  close(roi.align(LIN, [0, 0, 3, 3], { outputSize: 1, samplingRatio: 1 }), [[7.5]], 1e-12);
  // Samples x = -1.5 (outside, 0 but counted) and x = -0.5 (clamped to 0); y = 0.5, 1.5:
  // (0 + 0 + 2 + 6) / 4 = 2.
  close(roi.align(LIN, [-2, 0, 0, 2], { outputSize: 1, samplingRatio: 2 }), [[2]], 1e-12);
  // aligned: (0.5, 0.5, 2.5, 2.5) - 0.5 = (0, 0, 2, 2); one sample at (1, 1): 5.
  close(
    roi.align(LIN, [0.5, 0.5, 2.5, 2.5], { outputSize: 1, samplingRatio: 1, aligned: true }),
    [[5]],
    1e-12
  );
});

test("align: on a linear map inside the image, each bin gives the value at its centre", () => {
  // Samples are symmetric about the bin centre and interpolation is exact for a linear map,
  // so the mean is F(bin centre) = 4 cy + cx (closed form, independent of the kernel loop).
  const rand = rng(2);
  for (let k = 0; k < 200; k++) {
    const x1 = rand() * 2;
    const y1 = rand() * 2;
    const x2 = x1 + 0.2 + rand() * (3 - x1 - 0.2);
    const y2 = y1 + 0.2 + rand() * (3 - y1 - 0.2);
    const ph = 1 + Math.floor(rand() * 4);
    const pw = 1 + Math.floor(rand() * 4);
    const aligned = rand() < 0.5;
    const samplingRatio = Math.floor(rand() * 5) - 1;
    // Keep every sample inside [0, 3] (also after the aligned shift and the 1-cell minimum).
    const off = aligned ? 0.5 : 0;
    let bx1 = x1 - off;
    let by1 = y1 - off;
    let bw = x2 - x1;
    let bh = y2 - y1;
    if (!aligned) {
      bw = Math.max(bw, 1);
      bh = Math.max(bh, 1);
    }
    if (bx1 < 0 || by1 < 0 || bx1 + bw > 3 || by1 + bh > 3) continue;
    const expected = [];
    for (let i = 0; i < ph; i++) {
      const row = [];
      for (let j = 0; j < pw; j++) {
        const cy = by1 + ((i + 0.5) * bh) / ph;
        const cx = bx1 + ((j + 0.5) * bw) / pw;
        row.push(4 * cy + cx);
      }
      expected.push(row);
    }
    const out = roi.align(LIN, [x1, y1, x2, y2], {
      outputSize: [ph, pw],
      samplingRatio,
      aligned,
    });
    close(out, expected, 1e-12, `case ${k}`);
  }
});

test("align: aligned with one sample per bin on the cell centres reproduces the map", () => {
  const rand = rng(3);
  for (let k = 0; k < 20; k++) {
    const H = 1 + Math.floor(rand() * 6);
    const W = 1 + Math.floor(rand() * 6);
    const f = randomMap(rand, H, W);
    const s = [1, 0.5, 0.25, 1 / 16][k % 4];
    const out = roi.align(f, [0, 0, W / s, H / s], {
      outputSize: [H, W],
      spatialScale: s,
      samplingRatio: 1,
      aligned: true,
    });
    close(out, f, 1e-12, `case ${k}`);
  }
});

test("align: a constant map gives the constant times the share of samples on the map", () => {
  const c = 2.5;
  const f = [0, 1, 2].map(() => [c, c, c, c, c]); // H = 3, W = 5
  // Box x in [-4, 1] (width 5), y in [0, 3], one bin, 5 x 3 samples... use samplingRatio 5:
  // x samples at -3.5, -2.5, -1.5, -0.5, 0.5: three are < -1 (weight 0), two are inside.
  close(roi.align(f, [-4, 0, 1, 3], { outputSize: 1, samplingRatio: 5 }), [[(c * 2) / 5]], 1e-12);
  // Entirely off the map: all samples outside, the output is 0.
  close(roi.align(f, [20, 20, 30, 25], { outputSize: [2, 2] }), [
    [0, 0],
    [0, 0],
  ], 0);
});

test("alignGeometry: adaptive grid, legacy 1-cell minimum and the aligned shift", () => {
  let g = roi.alignGeometry([0, 0, 5, 3], { outputSize: [2, 2] });
  assert.equal(g.gh, 2); // ceil(3 / 2)
  assert.equal(g.gw, 3); // ceil(5 / 2)
  assert.equal(g.count, 6);
  g = roi.alignGeometry([2, 2, 2.25, 2.5], { outputSize: 1, samplingRatio: 0 });
  assert.deepEqual(g.box, [2, 2, 3, 3]); // forced to 1 x 1 when not aligned
  assert.equal(g.gh, 1);
  g = roi.alignGeometry([2, 2, 2.25, 2.5], { outputSize: 1, aligned: true });
  assert.deepEqual(g.box, [1.5, 1.5, 1.75, 2]); // shifted, not enlarged
  g = roi.alignGeometry([32, 16, 96, 80], { outputSize: [4, 2], spatialScale: 1 / 16 });
  assert.deepEqual(g.box, [2, 1, 6, 5]);
  assert.equal(g.binW, 2);
  assert.equal(g.binH, 1);
  // An inverted aligned box: the loops run zero times and the output is 0, not NaN.
  assert.deepEqual(roi.align(LIN, [3, 3, 1, 1], { outputSize: 1, aligned: true }), [[0]]);
});

test("bilinearTaps: weights are >= 0, sum to 1, and interpolate a linear map exactly", () => {
  const rand = rng(4);
  for (let k = 0; k < 500; k++) {
    const y = rand() * 3;
    const x = rand() * 3;
    const taps = roi.bilinearTaps(y, x, 4, 4);
    assert.equal(taps.length, 4);
    let sum = 0;
    let v = 0;
    for (const t of taps) {
      assert.ok(t.weight >= 0);
      sum += t.weight;
      v += t.weight * LIN[t.row][t.col];
    }
    assert.ok(Math.abs(sum - 1) < 1e-12);
    assert.ok(Math.abs(v - (4 * y + x)) < 1e-12);
  }
  assert.deepEqual(roi.bilinearTaps(-1.01, 1, 4, 4), []);
  assert.deepEqual(roi.bilinearTaps(1, 4.01, 4, 4), []);
  // Between -1 and 0 the point is clamped to the border row: all weight on row 0.
  const t = roi.bilinearTaps(-0.5, 1, 4, 4);
  assert.deepEqual(
    t.map((e) => [e.row, e.col, e.weight]),
    [
      [0, 1, 1],
      [0, 2, 0],
      [1, 1, 0],
      [1, 2, 0],
    ]
  );
  // Past the last row the two rows coincide.
  const u = roi.bilinearTaps(3.5, 1.25, 4, 4);
  assert.equal(u[0].row, 3);
  assert.equal(u[2].row, 3);
});

test("demoFeature: shape, float32 values, and its brightest cell at the first blob", () => {
  const f = roi.demoFeature();
  assert.equal(f.length, 12);
  assert.equal(f[0].length, 16);
  let best = [-1, 0, 0];
  for (let y = 0; y < 12; y++) {
    for (let x = 0; x < 16; x++) {
      assert.equal(Math.fround(f[y][x]), f[y][x]);
      if (f[y][x] > best[0]) best = [f[y][x], y, x];
    }
  }
  // The first blob (weight 1) is centred at (0.4 H, 0.35 W) = (4.8, 5.6).
  assert.deepEqual(best.slice(1), [5, 6]);
  // f(0, 0): the ramp is 0 there; both blobs are far away: tiny but positive.
  assert.ok(f[0][0] > 0 && f[0][0] < 1e-3);
  assert.throws(() => roi.demoFeature(1, 5), /height/);
});

test("defaults are torchvision's: spatialScale 1, samplingRatio -1 (adaptive), aligned false", () => {
  const f = randomMap(rng(5), 5, 6);
  const box = [0.3, 0.7, 4.1, 3.9];
  assert.deepEqual(
    roi.align(f, box, { outputSize: [2, 3] }),
    roi.align(f, box, { outputSize: [2, 3], spatialScale: 1, samplingRatio: -1, aligned: false })
  );
  assert.deepEqual(roi.align(f, box, { outputSize: 2 }), roi.align(f, box, { outputSize: [2, 2] }));
  // samplingRatio 0 and -1 are both adaptive.
  assert.deepEqual(
    roi.align(f, box, { outputSize: 2, samplingRatio: 0 }),
    roi.align(f, box, { outputSize: 2, samplingRatio: -3 })
  );
  // pool accepts and ignores samplingRatio and aligned.
  assert.deepEqual(
    roi.pool(f, box, { outputSize: 2, samplingRatio: 3, aligned: true }),
    roi.pool(f, box, { outputSize: 2 })
  );
});

test("invalid arguments throw an Error naming the argument", () => {
  const ok = { outputSize: 2 };
  const cases = [
    [() => roi.align([], [0, 0, 1, 1], ok), /feature/],
    [() => roi.align([[1, 2], [3]], [0, 0, 1, 1], ok), /feature\[1\]/],
    [() => roi.pool([[1, NaN]], [0, 0, 1, 1], ok), /feature\[0\]\[1\]/],
    [() => roi.align("map", [0, 0, 1, 1], ok), /feature/],
    [() => roi.align(LIN, [0, 0, 1], ok), /box/],
    [() => roi.pool(LIN, [0, 0, 1, Infinity], ok), /box\[3\]/],
    [() => roi.align(LIN, [0, 0, 1, 1]), /opts/],
    [() => roi.align(LIN, [0, 0, 1, 1], {}), /opts\.outputSize/],
    [() => roi.align(LIN, [0, 0, 1, 1], { outputSize: 0 }), /opts\.outputSize/],
    [() => roi.pool(LIN, [0, 0, 1, 1], { outputSize: [2, 1.5] }), /opts\.outputSize/],
    [() => roi.align(LIN, [0, 0, 1, 1], { outputSize: 2, spatialScale: 0 }), /spatialScale/],
    [() => roi.pool(LIN, [0, 0, 1, 1], { outputSize: 2, spatialScale: -1 }), /spatialScale/],
    [() => roi.align(LIN, [0, 0, 1, 1], { outputSize: 2, samplingRatio: 1.5 }), /samplingRatio/],
    [() => roi.align(LIN, [0, 0, 1, 1], { outputSize: 2, aligned: 1 }), /aligned/],
    [() => roi.align(LIN, [0, 0, 1, 1], { outputSize: 2, sampling_ratio: 2 }), /sampling_ratio/],
  ];
  for (const [fn, re] of cases) {
    assert.throws(fn, (err) => err instanceof Error && re.test(err.message));
  }
});

test("problem: Chinese messages for impossible settings, null for a good one", () => {
  assert.equal(roi.problem(12, 16, [3.3, 2.6, 10.1, 8.7], 1), null);
  assert.match(roi.problem(12, 16, [3, 2, 3, 8], 1), /x1 < x2/); // zero width
  assert.match(roi.problem(12, 16, [5, 2, 3, 8], 1), /x1 < x2/);
  assert.match(roi.problem(12, 16, [3, 2, 5, 8], 0), /spatial_scale/);
  assert.match(roi.problem(12, 16, [3, 2, 5, 8], -0.5), /spatial_scale/);
  assert.match(roi.problem(12, 16, [NaN, 2, 5, 8], 1), /x1/);
  assert.match(roi.problem(12, 16, [17, 2, 20, 8], 1), /之外/); // right of the map
  assert.match(roi.problem(12, 16, [-5, 2, -1, 8], 1), /之外/); // left of the map
  // Partly off the map is fine; 1/16 of a large box lands on the map.
  assert.equal(roi.problem(12, 16, [-5, 2, 1, 8], 1), null);
  assert.equal(roi.problem(12, 16, [32, 32, 160, 128], 1 / 16), null);
});

test("pool: box sizes beyond 2^53 are computed as exact integers, as the chapter's ints (regression)", () => {
  // F[i][j] = 10 i + j on 8 x 10. Box [-2^54, 0, 2, 2], one bin: the chapter's Python computes
  // roi_w = 2 - (-2^54) + 1 = 2^54 + 3 exactly, which float64 rounds to 2^54 + 4 (spacing 4), so
  // the bin covers columns [-2^54, 4) -> 0..3 and rows 0..2: max 23 (the chapter's roi_pool gives
  // 23). Float arithmetic rounded twice (2^54 + 2 -> 2^54, + 1 -> 2^54): an empty bin, 0.
  const F = Array.from({ length: 8 }, (_, i) => Array.from({ length: 10 }, (_, j) => 10 * i + j));
  assert.deepEqual(roi.pool(F, [-(2 ** 54), 0, 2, 2], { outputSize: 1 }), [[23]]);
  // x1 = -(2^53 + 2), x2 = 3: exactly roi_w = 2^53 + 6 (representable), end column
  // 2^53 + 6 + x1 = 4, so columns 0..3 and rows 0..2: 23, as the chapter's roi_pool. Floats:
  // 2^53 + 5 rounds (ties to even) to 2^53 + 4, + 1 again to 2^53 + 4: columns 0..1, max 21.
  assert.deepEqual(roi.pool(F, [-(2 ** 53) - 2, 0, 3, 2], { outputSize: 1 }), [[23]]);
});

test("box * spatialScale overflowing to Infinity throws instead of hanging or returning -FLT_MAX (regression)", () => {
  const F = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  const over = { outputSize: 1, spatialScale: 3 }; // 1e308 * 3 = Infinity
  // The chapter's roi_align calls math.ceil(inf) (OverflowError) or math.ceil(nan) (ValueError)
  // for the adaptive grid; the port looped for ever on Math.ceil(Infinity) samples.
  assert.throws(() => roi.alignGeometry([0, 0, 1e308, 2], over), /overflow/);
  assert.throws(() => roi.align(F, [0, 0, 1e308, 2], over), /overflow/);
  assert.throws(() => roi.align(F, [1e308, 0, 1e308, 2], over), /overflow/); // Inf - Inf = NaN
  // With a fixed grid the chapter calls no ceil: every sample is NaN, off the map, so 0.
  assert.deepEqual(roi.align(F, [1e308, 0, 1e308, 2], { ...over, samplingRatio: 2 }), [[0]]);
  // The chapter's roi_pool: math.floor(inf) raises OverflowError; 1e308 - (-1e308) + 1 is a
  // Python int too large for a float (OverflowError). The port returned [[-FLT_MAX]].
  assert.throws(() => roi.pool(F, [0, 0, 1e308, 2], over), /box/);
  assert.throws(() => roi.pool(F, [-1e308, 0, 1e308, 2], { outputSize: 1 }), /box/);
});
