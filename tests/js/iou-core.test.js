"use strict";
// Unit tests for cvbook/static/iou-core.js (问题 14's IoU ported to JavaScript).
// References are hand computations, closed forms and brute force, never the port's own output.
const test = require("node:test");
const assert = require("node:assert");
const iou = require("../../cvbook/static/iou-core.js");
const { rng } = require("./helpers.js");

const close = (got, want, tol = 1e-12, msg = "") =>
  assert.ok(Math.abs(got - want) <= tol, `${msg} got ${got}, want ${want}`);


const sq = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
];
const L = [
  [0, 0],
  [2, 0],
  [2, 1],
  [1, 1],
  [1, 2],
  [0, 2],
];
const shift = (poly, dx, dy) => poly.map(([x, y]) => [x + dx, y + dy]);
const rev = (poly) => poly.slice().reverse();
const roll = (poly, k) => poly.slice(k).concat(poly.slice(0, k));
const rotate = (poly, deg) => {
  const t = (deg * Math.PI) / 180;
  return poly.map(([x, y]) => [x * Math.cos(t) - y * Math.sin(t), x * Math.sin(t) + y * Math.cos(t)]);
};

function star(random, k, cx, cy) {
  const ang = Array.from({ length: k }, () => random() * 2 * Math.PI).sort((a, b) => a - b);
  return ang.map((a) => {
    const r = 0.3 + 1.2 * random();
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
}

test("rotated_box_to_polygon: hand cases and corner order", () => {
  // a 4 x 2 box turned 90° counter-clockwise is 2 x 4; corners start at rotated (-w/2, -h/2)
  const got = iou.rotatedBoxToPolygon([0, 0, 4, 2, 90]);
  const want = [
    [1, -2],
    [1, 2],
    [-1, 2],
    [-1, -2],
  ];
  got.forEach((v, k) => {
    close(v[0], want[k][0], 1e-12);
    close(v[1], want[k][1], 1e-12);
  });
  assert.ok(iou.signedArea(iou.rotatedBoxToPolygon([3, 1, 2, 5, 33])) > 0, "counter-clockwise");
});

test("rotated boxes: the chapter's hand cases", () => {
  const base = [0, 0, 2, 2, 0];
  const cases = [
    [[0, 0, 2, 2, 0], 1], // identical
    [[0, 0, 2, 2, 90], 1], // same square from another corner
    [[2, 0, 2, 2, 0], 0], // shared edge
    [[2, 2, 2, 2, 0], 0], // shared corner
    [[0, 0, 1, 1, 0], 1 / 4], // contained
    [[1, 0, 2, 2, 0], 2 / 6], // half shift
    [[0, 0, 2, 2, 45], 1 / Math.SQRT2], // regular octagon: 8(√2-1) / (8 - 8(√2-1))
    [[5, 5, 1, 3, 30], 0], // disjoint
  ];
  for (const [other, want] of cases) {
    close(iou.rotated(base, other), want, 1e-12, JSON.stringify(other));
    close(iou.rotated(other, base), want, 1e-12, "symmetric " + JSON.stringify(other));
  }
});

test("rotated boxes: axis-aligned closed form on random pairs", () => {
  const r = rng(1);
  for (let k = 0; k < 500; k++) {
    const b1 = [10 * r(), 10 * r(), 0.1 + 4 * r(), 0.1 + 4 * r(), 0];
    // angle 180 is the same axis-aligned box
    const b2 = [10 * r(), 10 * r(), 0.1 + 4 * r(), 0.1 + 4 * r(), r() < 0.5 ? 0 : 180];
    const ov = (c1, s1, c2, s2) =>
      Math.max(0, Math.min(c1 + s1 / 2, c2 + s2 / 2) - Math.max(c1 - s1 / 2, c2 - s2 / 2));
    const inter = ov(b1[0], b1[2], b2[0], b2[2]) * ov(b1[1], b1[3], b2[1], b2[3]);
    const want = inter / (b1[2] * b1[3] + b2[2] * b2[3] - inter);
    close(iou.rotated(b1, b2), want, 1e-12);
  }
});

test("rotated boxes: invariances and agreement with the polygon route", () => {
  const r = rng(2);
  for (let k = 0; k < 300; k++) {
    const b1 = [10 * r(), 10 * r(), 0.5 + 4 * r(), 0.5 + 4 * r(), 360 * r() - 180];
    const b2 = [b1[0] + 3 * r() - 1.5, b1[1] + 3 * r() - 1.5, 0.5 + 4 * r(), 0.5 + 4 * r(), 360 * r() - 180];
    const v = iou.rotated(b1, b2);
    assert.ok(v >= 0 && v <= 1);
    // turning both boxes about the origin, or swapping w/h with +90°, changes nothing
    const t = 360 * r();
    const turn = (b) => {
      const [[x, y]] = rotate([[b[0], b[1]]], t);
      return [x, y, b[2], b[3], b[4] + t];
    };
    close(iou.rotated(turn(b1), turn(b2)), v, 1e-9);
    close(iou.rotated([b1[0], b1[1], b1[3], b1[2], b1[4] + 90], b2), v, 1e-9);
    close(iou.rotated(b1, [b2[0], b2[1], b2[2], b2[3], b2[4] + 180]), v, 1e-9);
    const p = iou.rotatedBoxToPolygon(b1);
    const q = iou.rotatedBoxToPolygon(b2);
    close(iou.polygon(p, q), v, 1e-12);
    close(iou.convexPolygonIou(rev(p), q), v, 1e-12);
  }
});

test("rotated boxes: invalid arguments throw and name the argument", () => {
  assert.throws(() => iou.rotated([0, 0, -1, 2, 0], [0, 0, 1, 1, 0]), /box1.*w > 0/);
  assert.throws(() => iou.rotated([0, 0, 1, 1, 0], [0, 0, 1, 0, 0]), /box2.*w > 0/);
  assert.throws(() => iou.rotated([0, 0, 1, 1], [0, 0, 1, 1, 0]), /box1.*five numbers/);
  assert.throws(() => iou.rotated([0, 0, 1, 1, 0], [0, NaN, 1, 1, 0]), /box2.*finite/);
  assert.throws(() => iou.rotated([0, 0, 1, Infinity, 0], [0, 0, 1, 1, 0]), /box1/);
  assert.throws(() => iou.rotated("box", [0, 0, 1, 1, 0]), /box1/);
});

test("polygons: the chapter's hand cases (L shape, both orientations)", () => {
  const unit = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  const cases = [
    [sq, 3 / 4], // L inside the square
    [shift(unit, 1, 1), 0], // only touches the L's reflex corner
    [shift(unit, 0.5, 0.5), 0.75 / (3 + 1 - 0.75)],
  ];
  for (const [q, want] of cases) {
    close(iou.polygon(L, q), want, 1e-12);
    close(iou.polygon(rev(q), rev(L)), want, 1e-12);
    for (let k = 0; k < L.length; k++) close(iou.polygon(roll(L, k), q), want, 1e-12, `roll ${k}`);
  }
  close(iou.polygon(sq, rev(sq)), 1, 1e-12);
  close(iou.polygon(sq, shift(sq, 5, 0)), 0, 0);
  // diamond |x-1| + |y-1| <= 2 (area 8) contains the square (area 4)
  close(
    iou.polygon(sq, [
      [1, -1],
      [3, 1],
      [1, 3],
      [-1, 1],
    ]),
    0.5,
    1e-12
  );
  const st = iou.polygonStats(L, rev(sq));
  close(st.areaP, 3, 1e-12);
  close(st.areaQ, 4, 1e-12);
  close(st.inter, 3, 1e-12);
});

// Histograms on integer columns: a non-convex polygon whose intersection area has a closed form.
function histogram(heights, top) {
  // columns [k, k+1] filled from y=0 up to h_k, or (top given) from y=top - h_k up to top
  const W = heights.length;
  const pts = [];
  if (top === undefined) {
    pts.push([0, 0], [W, 0]);
    for (let k = W - 1; k >= 0; k--) pts.push([k + 1, heights[k]], [k, heights[k]]);
  } else {
    pts.push([W, top], [0, top]);
    for (let k = 0; k < W; k++) pts.push([k, top - heights[k]], [k + 1, top - heights[k]]);
  }
  // drop consecutive duplicates (equal neighbouring heights give repeated points)
  return pts.filter((v, k) => {
    const u = pts[(k - 1 + pts.length) % pts.length];
    return u[0] !== v[0] || u[1] !== v[1];
  });
}

test("polygons: non-convex histograms against the column-by-column closed form", () => {
  const r = rng(3);
  for (let k = 0; k < 200; k++) {
    const W = 3 + Math.floor(6 * r());
    const h = Array.from({ length: W }, () => 1 + Math.floor(5 * r()));
    const g = Array.from({ length: W }, () => 1 + Math.floor(5 * r()));
    const T = 6;
    const p = histogram(h);
    const q = histogram(g, T);
    let inter = 0;
    for (let c = 0; c < W; c++) inter += Math.max(0, h[c] - (T - g[c]));
    const a = h.reduce((s, v) => s + v, 0);
    const b = g.reduce((s, v) => s + v, 0);
    const want = inter / (a + b - inter);
    close(iou.polygon(p, q), want, 1e-12, `h=${h} g=${g}`);
    close(iou.polygon(rev(q), roll(p, 3)), want, 1e-12);
    const st = iou.polygonStats(p, q);
    close(st.areaP, a, 1e-12);
    // drawing pieces cover exactly the intersection
    const pieces = iou.intersectionPieces(st.p, st.q);
    close(
      pieces.reduce((s, pc) => s + iou.signedArea(pc), 0),
      inter,
      1e-9
    );
  }
});

test("polygons: random stars against brute-force point counting", () => {
  const r = rng(4);
  const inside = (pt, poly) => {
    let c = false;
    for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
      const [xi, yi] = poly[i];
      const [xj, yj] = poly[j];
      if (yi > pt[1] !== yj > pt[1] && pt[0] < xi + ((pt[1] - yi) * (xj - xi)) / (yj - yi)) c = !c;
    }
    return c;
  };
  let checked = 0;
  for (let k = 0; k < 40; k++) {
    const p = star(r, 9, 0, 0);
    const q = star(r, 7, 1.2 * r() - 0.6, 1.2 * r() - 0.6);
    let v;
    try {
      v = iou.polygon(p, q);
    } catch (e) {
      continue; // a rare spike touching itself
    }
    // midpoint grid of 300 x 300 over [-2.2, 2.2]^2: area error ~ perimeter * h
    const n = 300;
    const hstep = 4.4 / n;
    let both = 0;
    let either = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const pt = [-2.2 + (i + 0.5) * hstep, -2.2 + (j + 0.5) * hstep];
        const a = inside(pt, p);
        const b = inside(pt, q);
        both += a && b;
        either += a || b;
      }
    }
    close(v, both / either, 0.01, "grid");
    // rotation and translation of both change nothing
    close(iou.polygon(shift(rotate(p, 37), 3, -2), shift(rotate(q, 37), 3, -2)), v, 1e-9);
    checked++;
  }
  assert.ok(checked > 25);
});

test("triangulation covers a non-convex polygon exactly", () => {
  const r = rng(5);
  for (let k = 0; k < 100; k++) {
    let p;
    try {
      p = iou.checkPolygon("p", star(r, 12, 0, 0));
    } catch (e) {
      continue;
    }
    const tris = iou.triangulate(p);
    assert.strictEqual(tris.length, p.length - 2);
    close(
      tris.reduce((s, t) => s + iou.signedArea(t), 0),
      iou.signedArea(p),
      1e-12
    );
  }
});

test("polygons: the chapter's rejections", () => {
  const bad = {
    "two points": [
      [0, 0],
      [1, 1],
    ],
    collinear: [
      [0, 0],
      [1, 1],
      [2, 2],
    ],
    "self-intersecting": [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 1],
    ],
    "not finite": [
      [0, 0],
      [1, NaN],
      [1, 0],
    ],
    repeated: [
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 1],
    ],
    "bow-tie": [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
    ],
    // a vertex touching a non-adjacent edge (the chapter rejects touching too)
    pinched: [
      [0, 0],
      [4, 0],
      [4, 4],
      [2, 0],
      [0, 4],
    ],
  };
  for (const [name, poly] of Object.entries(bad)) {
    assert.throws(
      () => iou.polygon(sq, poly),
      (e) => e instanceof Error && /^q /.test(e.message),
      name
    );
    assert.throws(
      () => iou.polygon(poly, sq),
      (e) => e instanceof Error && /^p /.test(e.message),
      name
    );
  }
  assert.throws(
    () =>
      iou.polygon(sq, [
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
    (e) => e.kind === "zero-area"
  );
  assert.throws(
    () => iou.polygon(sq, bad["self-intersecting"]),
    (e) => e.kind === "self-intersecting"
  );
  // the symmetric bow-tie has zero signed area, so (as in Python) that check fires first
  assert.throws(
    () => iou.polygon(sq, bad["bow-tie"]),
    (e) => e.kind === "zero-area"
  );
  assert.deepStrictEqual(iou.findSelfIntersection(bad["bow-tie"]), [0, 2]);
  assert.strictEqual(iou.findSelfIntersection(L), null);
  assert.throws(() => iou.polygon(sq, null), /q/);
  assert.throws(
    () =>
      iou.polygon(sq, [
        [0, 0],
        [1, 0],
        [0, "1"],
      ]),
    /q/
  );
  assert.throws(() => iou.convexPolygonIou(sq, L), /q must be convex/);
});

test("score_guess: the rule of cvbook/widgets/iou.py", () => {
  assert.strictEqual(iou.scoreGuess(0.3, 0.3), 100);
  assert.strictEqual(iou.scoreGuess(0, 0.5), 0);
  assert.strictEqual(iou.scoreGuess(1, 0), 0);
  assert.strictEqual(iou.scoreGuess(0.5, 0.75), 50); // 100 (1 - 2 * 0.25)
  assert.strictEqual(iou.scoreGuess(0.5, 0.5625), 88); // 87.5 rounds half to even
  assert.strictEqual(iou.scoreGuess(0.5, 0.6875), 62); // 62.5 rounds half to even
  assert.throws(() => iou.scoreGuess(1.2, 0.5), /guess/);
  assert.throws(() => iou.scoreGuess(0.2, NaN), /truth/);
});

test("random pairs are valid boxes around the centre", () => {
  const r = rng(6);
  for (let k = 0; k < 200; k++) {
    const [b1, b2] = iou.randomPair(r);
    assert.deepStrictEqual(b1.slice(0, 2), [5, 5]);
    assert.ok(b1[2] >= 2.5 && b1[2] <= 5 && b2[3] >= 2 && b2[3] <= 5);
    const v = iou.rotated(b1, b2);
    assert.ok(v >= 0 && v <= 1);
  }
});

test("rotated boxes far from the origin keep their IoU (regression)", () => {
  // Found by comparing with the chapter's rotated_iou: in absolute coordinates the shoelace
  // products near 1e8 lost all precision (size-2 boxes at 1e8 gave 0 instead of 0.471; at 1e6,
  // 0.47102 instead of 0.47113). IoU is translation invariant, and 2^27 and the quarter shifts
  // are exact in float64, so the value must be the one at the origin: 0.471427049713961, the
  // chapter's rotated_iou at the origin and at both offsets, and shapely on 40-digit corners.
  const o = 2 ** 27;
  const want = 0.471427049713961;
  close(iou.rotated([0, 0, 2, 1, 30], [0.25, -0.25, 1.5, 1.5, -10]), want, 1e-12, "origin");
  close(iou.rotated([o, o, 2, 1, 30], [o + 0.25, o - 0.25, 1.5, 1.5, -10]), want, 1e-9, "+2^27");
  close(iou.rotated([-o, o, 2, 1, 30], [-o + 0.25, o - 0.25, 1.5, 1.5, -10]), want, 1e-9, "-2^27");
  // identical unit squares at 1e12: IoU 1 by definition
  close(iou.rotated([1e12, 1e12, 1, 1, 20], [1e12, 1e12, 1, 1, 20]), 1, 1e-9, "identical at 1e12");
  // centres 3.4e308 apart: the midpoint frame must not overflow (chapter: 0; disjoint)
  assert.strictEqual(iou.rotated([-1.7e308, 0, 1, 1, 0], [1.7e308, 0, 1, 1, 0]), 0);
  // the drawn intersection is still in absolute coordinates, around the boxes
  const st = iou.rotatedStats([o, o, 2, 1, 30], [o + 0.25, o - 0.25, 1.5, 1.5, -10]);
  assert.ok(st.interPoly.length >= 3 && st.interPoly.every(([x, y]) => Math.abs(x - o) < 2 && Math.abs(y - o) < 2));
});

test("tolerances are relative to the polygon's size (regression)", () => {
  // A 3 x 2 rectangle with a 1 x 1 notch cut from its bottom edge: simple, area 6 - 1 = 5, and its
  // two bottom edges are collinear. The touching test once padded segment boxes by an absolute
  // 1e-12, so at size 3e-13 the notch's edges "touched" and the polygon was rejected.
  const notch = [
    [0, 0],
    [1, 0],
    [1, 1],
    [2, 1],
    [2, 0],
    [3, 0],
    [3, 2],
    [0, 2],
  ];
  const box = [
    [0, 0],
    [3, 0],
    [3, 2],
    [0, 2],
  ];
  const scale = (poly, k) => poly.map(([x, y]) => [x * k, y * k]);
  for (const k of [1, 1e-13, 1e6]) {
    // the notch lies inside its bounding rectangle: IoU = 5 / 6
    close(iou.polygon(scale(notch, k), scale(box, k)), 5 / 6, 1e-12, `scale ${k}`);
  }
  // same-angle boxes sharing an edge line, and very different sizes (closed forms in the boxes' axes)
  const t = (10 * Math.PI) / 180;
  close(iou.rotated([0, 0, 2, 2, 10], [2 * Math.cos(t), 2 * Math.sin(t), 2, 2, 10]), 0, 1e-12, "shared edge");
  close(iou.rotated([0, 0, 2, 2, 10], [-0.5 * Math.sin(t), 0.5 * Math.cos(t), 2, 1, 10]), 0.5, 1e-12, "nested");
  close(iou.rotated([0, 0, 1e-10, 1e-10, 0], [2, 0, 1, 1, 0]), 0, 0, "tiny, outside");
  close(iou.rotated([0, 0, 1e-10, 1e-10, 0], [0, 0, 1, 1, 0]), 1e-20, 1e-29, "tiny, inside");
});
