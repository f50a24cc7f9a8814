/*
 * IoU of rotated boxes and simple polygons: the method of 问题 14 ported to JavaScript.
 *
 * Pure computation, no DOM. In a browser it attaches to window.cvbookWidgets.iou; under node it
 * is `module.exports`. The functions follow the chapter's Python line by line:
 *   - _check_polygon      -> checkPolygon  (same rejections, same tolerances)
 *   - rotated_box_to_polygon -> rotatedBoxToPolygon
 *   - _clip_convex        -> clipConvex    (Sutherland-Hodgman)
 *   - convex_polygon_iou  -> convexPolygonIou
 *   - polygon_iou         -> polygon       (signed fan triangles, pairwise convex clipping)
 * Coordinates are math axes (x right, y up); angles in degrees, counter-clockwise.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (root && typeof root === "object") {
    root.cvbookWidgets = root.cvbookWidgets || {};
    root.cvbookWidgets.iou = Object.assign(root.cvbookWidgets.iou || {}, api);
  }
})(typeof window !== "undefined" ? window : null, function () {
  "use strict";

  /**
   * An Error that also says which argument failed and why, so a user interface can word it.
   * @param {string} kind one of "shape", "not-finite", "zero-area", "self-intersecting",
   *   "not-convex", "box-size".
   * @param {string} argument the argument's name ("p", "q", "box1", ...).
   * @param {string} message English message, starting with the argument's name.
   * @returns {Error}
   */
  function inputError(kind, argument, message) {
    const err = new Error(message);
    err.kind = kind;
    err.argument = argument;
    return err;
  }

  function fmt(v) {
    try {
      return JSON.stringify(v);
    } catch (e) {
      return String(v);
    }
  }

  /** z-component of (a - o) x (b - o), same operation order as the chapter's _cross. */
  function cross(o, a, b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  /**
   * Signed area by the shoelace formula, counter-clockwise positive (chapter: _signed_area).
   * @param {Array<[number, number]>} poly vertices in order.
   * @returns {number}
   */
  function signedArea(poly) {
    const n = poly.length;
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const nx = poly[(k + 1) % n];
      s1 += poly[k][0] * nx[1];
      s2 += nx[0] * poly[k][1];
    }
    return 0.5 * (s1 - s2);
  }

  /**
   * The larger side of a polygon's bounding box: the scale its tolerances are relative to.
   * @param {number[][]} p vertices [x, y]
   * @returns {number}
   */
  function extent(p) {
    let xmin = Infinity;
    let xmax = -Infinity;
    let ymin = Infinity;
    let ymax = -Infinity;
    for (const v of p) {
      xmin = Math.min(xmin, v[0]);
      xmax = Math.max(xmax, v[0]);
      ymin = Math.min(ymin, v[1]);
      ymax = Math.max(ymax, v[1]);
    }
    return Math.max(xmax - xmin, ymax - ymin);
  }

  /**
   * The first pair of non-adjacent edges that cross or touch, with the chapter's tolerances
   * (edge k runs from vertex k to vertex k+1), or null if the closed polyline is simple.
   * @param {Array<[number, number]>} p vertices [x, y] (finite numbers), n >= 3.
   * @returns {?number[]} [i, j] with i < j, or null.
   */
  function findSelfIntersection(p) {
    const n = p.length;
    const ext = extent(p);
    const tol = 1e-12 * ext * ext;
    const tol2 = tol * tol;
    const pad = 1e-12 * ext; // relative to the polygon's size, as in the chapter
    // touching: an endpoint c of one edge lies on the other edge a-b (collinear, in its box)
    const onSeg = (sa, sb, c, d) =>
      Math.abs(d) <= tol &&
      Math.min(sa[0], sb[0]) - pad <= c[0] &&
      c[0] <= Math.max(sa[0], sb[0]) + pad &&
      Math.min(sa[1], sb[1]) - pad <= c[1] &&
      c[1] <= Math.max(sa[1], sb[1]) + pad;
    for (let i = 0; i < n; i++) {
      for (let j = i + 2; j < n; j++) {
        if (i === 0 && j === n - 1) continue; // edges 0 and n-1 are adjacent
        const si = p[i];
        const ei = p[(i + 1) % n];
        const sj = p[j];
        const ej = p[(j + 1) % n];
        const d1 = cross(si, ei, sj);
        const d2 = cross(si, ei, ej);
        const d3 = cross(sj, ej, si);
        const d4 = cross(sj, ej, ei);
        const proper = d1 * d2 < -tol2 && d3 * d4 < -tol2;
        const touch =
          onSeg(si, ei, sj, d1) || onSeg(si, ei, ej, d2) || onSeg(sj, ej, si, d3) || onSeg(sj, ej, ei, d4);
        if (proper || touch) return [i, j];
      }
    }
    return null;
  }

  /**
   * Validate a simple polygon exactly as the chapter's _check_polygon does and return a copy,
   * counter-clockwise. Rejects: not an array of n >= 3 pairs, non-finite coordinates, zero area
   * (|area| <= 1e-12 * extent^2), and self-intersection (two non-adjacent edges crossing or
   * touching, with the chapter's tolerances); with `convex`, a reflex vertex.
   * @param {string} name the argument's name, used in the message.
   * @param {Array<[number, number]>} poly vertices [x, y] in order, either orientation.
   * @param {boolean} [convex=false] also require convexity.
   * @returns {Array<[number, number]>} a new array, counter-clockwise.
   * @throws {Error} with `.kind` and `.argument` set.
   */
  function checkPolygon(name, poly, convex) {
    if (!Array.isArray(poly)) {
      throw inputError("shape", name, `${name} must be an array of [x, y] vertices, got ${fmt(poly)}`);
    }
    const p = [];
    for (const v of poly) {
      if (!Array.isArray(v) || v.length !== 2) {
        throw inputError(
          "shape",
          name,
          `${name} must be an array of [x, y] pairs (shape (n, 2)), got the vertex ${fmt(v)}`
        );
      }
      const x = typeof v[0] === "boolean" ? Number(v[0]) : v[0];
      const y = typeof v[1] === "boolean" ? Number(v[1]) : v[1];
      if (typeof x !== "number" || typeof y !== "number") {
        throw inputError("shape", name, `${name} must contain numbers, got the vertex ${fmt(v)}`);
      }
      p.push([x, y]);
    }
    if (p.length < 3) {
      throw inputError(
        "shape",
        name,
        `${name} must have shape (n, 2) with n >= 3 vertices, got ${p.length} vertices`
      );
    }
    if (!p.every((v) => Number.isFinite(v[0]) && Number.isFinite(v[1]))) {
      throw inputError(
        "not-finite",
        name,
        `${name} must contain only finite coordinates, got ${String(p.map((v) => `[${v}]`))}`
      );
    }
    const a = signedArea(p);
    const ext = extent(p);
    const scale = ext * ext;
    if (Math.abs(a) <= 1e-12 * scale || scale === 0) {
      throw inputError(
        "zero-area",
        name,
        `${name} has zero area (all vertices collinear or repeated): ${fmt(p)}`
      );
    }
    const n = p.length;
    const tol = 1e-12 * scale;
    const edges = findSelfIntersection(p);
    if (edges) {
      const err = inputError(
        "self-intersecting",
        name,
        `${name} is self-intersecting (edges ${edges[0]} and ${edges[1]} meet); a simple polygon is required`
      );
      err.edges = edges;
      throw err;
    }
    if (a < 0) p.reverse();
    if (convex) {
      for (let k = 0; k < n; k++) {
        if (cross(p[k], p[(k + 1) % n], p[(k + 2) % n]) < -tol) {
          throw inputError("not-convex", name, `${name} must be convex, got a reflex vertex in ${fmt(p)}`);
        }
      }
    }
    return p;
  }

  /**
   * Validate a rotated box as the chapter's _check_boxes does (one box).
   * @param {string} name the argument's name.
   * @param {number[]} box [cx, cy, w, h, angle_deg].
   * @returns {number[]} a copy of the five numbers.
   * @throws {Error} if it is not five finite numbers with w > 0 and h > 0.
   */
  function checkBox(name, box) {
    if (!Array.isArray(box) || box.length !== 5 || !box.every((v) => typeof v === "number")) {
      throw inputError("shape", name, `${name} must be five numbers [cx, cy, w, h, angle], got ${fmt(box)}`);
    }
    if (!box.every(Number.isFinite)) {
      throw inputError("not-finite", name, `${name} must contain only finite numbers, got [${box}]`);
    }
    if (!(box[2] > 0 && box[3] > 0)) {
      throw inputError("box-size", name, `${name} must have w > 0 and h > 0, got [${box}]`);
    }
    return box.slice();
  }

  /**
   * Corners of a rotated box (chapter: rotated_box_to_polygon).
   * @param {number[]} box [cx, cy, w, h, angle_deg]; the angle turns the box counter-clockwise
   *   in math axes (x right, y up).
   * @returns {Array<[number, number]>} 4 corners, counter-clockwise, starting at the rotated
   *   (-w/2, -h/2) corner.
   * @throws {Error} on an invalid box.
   */
  function rotatedBoxToPolygon(box) {
    const b = checkBox("box", box);
    const t = b[4] * (Math.PI / 180);
    const c = Math.cos(t);
    const s = Math.sin(t);
    const hx = [-0.5 * b[2], 0.5 * b[2], 0.5 * b[2], -0.5 * b[2]];
    const hy = [-0.5 * b[3], -0.5 * b[3], 0.5 * b[3], 0.5 * b[3]];
    return hx.map((x, k) => [b[0] + c * x - s * hy[k], b[1] + s * x + c * hy[k]]);
  }

  /**
   * Sutherland-Hodgman: the part of convex `subject` inside convex `clip` (chapter: _clip_convex).
   * @param {Array<[number, number]>} subject convex polygon, counter-clockwise.
   * @param {Array<[number, number]>} clip convex polygon, counter-clockwise.
   * @returns {Array<[number, number]>} the clipped polygon (possibly fewer than 3 points).
   */
  function clipConvex(subject, clip) {
    let out = subject.map((v) => [v[0], v[1]]);
    for (let k = 0; k < clip.length; k++) {
      const a = clip[k];
      const b = clip[(k + 1) % clip.length];
      const inp = out;
      out = [];
      for (let idx = 0; idx < inp.length; idx++) {
        const s = inp[(idx - 1 + inp.length) % inp.length];
        const e = inp[idx];
        const ds = cross(a, b, s);
        const de = cross(a, b, e); // >= 0: left of a->b, i.e. inside
        if (de >= 0) {
          if (ds < 0) {
            const f = ds / (ds - de);
            out.push([s[0] + (e[0] - s[0]) * f, s[1] + (e[1] - s[1]) * f]);
          }
          out.push(e);
        } else if (ds > 0) {
          const f = ds / (ds - de);
          out.push([s[0] + (e[0] - s[0]) * f, s[1] + (e[1] - s[1]) * f]);
        }
      }
      if (out.length === 0) break;
    }
    return out;
  }

  function areaOrZero(poly) {
    return poly.length >= 3 ? Math.abs(signedArea(poly)) : 0.0;
  }

  /**
   * IoU of two convex polygons by Sutherland-Hodgman (chapter: convex_polygon_iou).
   * @param {Array<[number, number]>} p convex polygon, either orientation.
   * @param {Array<[number, number]>} q convex polygon, either orientation.
   * @returns {number} |p ∩ q| / |p ∪ q| in [0, 1].
   * @throws {Error} on degenerate, self-intersecting or non-convex input.
   */
  function convexPolygonIou(p, q) {
    const pp = checkPolygon("p", p, true);
    const qq = checkPolygon("q", q, true);
    const inter = areaOrZero(clipConvex(pp, qq));
    return inter / (Math.abs(signedArea(pp)) + Math.abs(signedArea(qq)) - inter);
  }

  /** Fan triangles (v0, vi, vi+1), each made counter-clockwise, with their orientation sign. */
  function fan(poly) {
    const tris = [];
    for (let i = 1; i < poly.length - 1; i++) {
      const t = [poly[0], poly[i], poly[i + 1]];
      const a = signedArea(t);
      if (a !== 0) tris.push([Math.sign(a), a > 0 ? t : t.slice().reverse()]);
    }
    return tris;
  }

  /**
   * Areas and IoU of two simple polygons by the chapter's signed fan decomposition.
   * @param {Array<[number, number]>} p simple polygon (convex or not), either orientation.
   * @param {Array<[number, number]>} q simple polygon.
   * @returns {{iou: number, areaP: number, areaQ: number, inter: number, union: number,
   *   p: Array<[number, number]>, q: Array<[number, number]>}} p and q counter-clockwise.
   * @throws {Error} on degenerate or self-intersecting input (`.kind`, `.argument` set).
   */
  function polygonStats(p, q) {
    const pp = checkPolygon("p", p);
    const qq = checkPolygon("q", q);
    const fq = fan(qq);
    let inter = 0;
    for (const [sp, tp] of fan(pp)) {
      for (const [sq, tq] of fq) {
        inter += sp * sq * areaOrZero(clipConvex(tp, tq));
      }
    }
    inter = Math.max(inter, 0.0);
    const areaP = Math.abs(signedArea(pp));
    const areaQ = Math.abs(signedArea(qq));
    const union = areaP + areaQ - inter;
    return { iou: inter / union, areaP, areaQ, inter, union, p: pp, q: qq };
  }

  /**
   * IoU of two simple polygons (chapter: polygon_iou). Both are validated as in the chapter, so
   * the union always has positive area; a zero-area polygon is an error, as in Python.
   * @param {Array<[number, number]>} p simple polygon [[x, y], ...], n >= 3, either orientation.
   * @param {Array<[number, number]>} q simple polygon.
   * @returns {number} |p ∩ q| / |p ∪ q| in [0, 1].
   * @throws {Error} on degenerate (< 3 vertices, zero area, non-finite) or self-intersecting input.
   */
  function polygon(p, q) {
    return polygonStats(p, q).iou;
  }

  /**
   * Areas, intersection polygon and IoU of two rotated boxes. The corners come from
   * rotatedBoxToPolygon; the intersection is the Sutherland-Hodgman clip of one convex box by
   * the other (the chapter's convex_polygon_iou); the areas are w * h as in rotated_iou.
   * @param {number[]} box1 [cx, cy, w, h, angle_deg], angle counter-clockwise in math axes.
   * @param {number[]} box2 same format.
   * @returns {{iou: number, area1: number, area2: number, inter: number,
   *   p: Array<[number, number]>, q: Array<[number, number]>, interPoly: Array<[number, number]>}}
   * @throws {Error} naming box1 or box2 if it is not five finite numbers with w, h > 0.
   */
  function rotatedStats(box1, box2) {
    const b1 = checkBox("box1", box1);
    const b2 = checkBox("box2", box2);
    const p = rotatedBoxToPolygon(b1);
    const q = rotatedBoxToPolygon(b2);
    // As rotated_iou does, clip in a frame centred on the midpoint of the two centres, so that
    // the shoelace products involve small coordinates and far-away boxes lose no precision
    // (in absolute coordinates, boxes of size 2 at 1e8 gave 0 instead of 0.47).
    // (0.5 * a - 0.5 * b is 0.5 * (a - b) exactly, and stays finite for any finite a, b.)
    const hx = 0.5 * b1[0] - 0.5 * b2[0];
    const hy = 0.5 * b1[1] - 0.5 * b2[1];
    const local = clipConvex(
      rotatedBoxToPolygon([hx, hy, b1[2], b1[3], b1[4]]),
      rotatedBoxToPolygon([-hx, -hy, b2[2], b2[3], b2[4]])
    );
    const inter = areaOrZero(local);
    const mx = b1[0] - hx;
    const my = b1[1] - hy;
    const interPoly = local.map((v) => [v[0] + mx, v[1] + my]); // back to absolute, for drawing
    const area1 = b1[2] * b1[3];
    const area2 = b2[2] * b2[3];
    const iou = Math.min(Math.max(inter / (area1 + area2 - inter), 0.0), 1.0);
    return { iou, area1, area2, inter, p, q, interPoly };
  }

  /**
   * IoU of two rotated boxes (chapter: rotated_iou for one pair).
   * @param {number[]} box1 [cx, cy, w, h, angle_deg], angle counter-clockwise in math axes,
   *   as in the chapter's rotated_box_to_polygon.
   * @param {number[]} box2 same format.
   * @returns {number} IoU in [0, 1].
   * @throws {Error} naming box1 or box2 if it is not five finite numbers with w, h > 0.
   */
  function rotated(box1, box2) {
    return rotatedStats(box1, box2).iou;
  }

  /**
   * Split a simple counter-clockwise polygon into non-overlapping triangles (ear clipping).
   * Used only for drawing the intersection of non-convex polygons.
   * @param {Array<[number, number]>} poly simple polygon, counter-clockwise.
   * @returns {Array<Array<[number, number]>>} counter-clockwise triangles covering it.
   */
  function triangulate(poly) {
    const idx = poly.map((_, k) => k);
    const tris = [];
    let guard = 0;
    while (idx.length > 3 && guard < 10 * poly.length * poly.length) {
      guard++;
      let cut = false;
      for (let k = 0; k < idx.length; k++) {
        const a = poly[idx[(k - 1 + idx.length) % idx.length]];
        const b = poly[idx[k]];
        const c = poly[idx[(k + 1) % idx.length]];
        if (cross(a, b, c) <= 0) continue; // reflex or flat: not an ear
        let empty = true;
        for (const m of idx) {
          const v = poly[m];
          if (v === a || v === b || v === c) continue;
          if (cross(a, b, v) >= 0 && cross(b, c, v) >= 0 && cross(c, a, v) >= 0) {
            empty = false;
            break;
          }
        }
        if (empty) {
          tris.push([a, b, c]);
          idx.splice(k, 1);
          cut = true;
          break;
        }
      }
      if (!cut) break; // numerically stuck: drop the rest rather than loop
    }
    if (idx.length === 3) tris.push(idx.map((m) => poly[m]));
    return tris;
  }

  /**
   * The intersection of two simple counter-clockwise polygons as disjoint convex pieces (for
   * drawing): both are ear-clipped and every pair of triangles is clipped.
   * @param {Array<[number, number]>} p simple polygon, counter-clockwise.
   * @param {Array<[number, number]>} q simple polygon, counter-clockwise.
   * @returns {Array<Array<[number, number]>>} convex pieces with positive area.
   */
  function intersectionPieces(p, q) {
    const tq = triangulate(q);
    const pieces = [];
    for (const a of triangulate(p)) {
      for (const b of tq) {
        const piece = clipConvex(a, b);
        if (areaOrZero(piece) > 0) pieces.push(piece);
      }
    }
    return pieces;
  }

  /**
   * Score of a guessed IoU, as cvbook/widgets/iou.py score_guess: 100 when exact, 0 at an error
   * of 0.5 or more, round(100 * max(0, 1 - 2 |guess - truth|)), halves rounded to even as
   * Python's round does.
   * @param {number} guess the reader's guess in [0, 1].
   * @param {number} truth the true IoU in [0, 1].
   * @returns {number} integer score 0..100.
   * @throws {Error} if either is not a number in [0, 1].
   */
  function scoreGuess(guess, truth) {
    for (const [name, v] of [
      ["guess", guess],
      ["truth", truth],
    ]) {
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        throw inputError("range", name, `${name} must be a number in [0, 1], got ${fmt(v)}`);
      }
    }
    const x = 100 * Math.max(0.0, 1 - 2 * Math.abs(guess - truth));
    const f = Math.floor(x);
    const d = x - f;
    if (d > 0.5) return f + 1;
    if (d < 0.5) return f;
    return f % 2 === 0 ? f : f + 1; // banker's rounding, like Python's round()
  }

  /**
   * A random pair of boxes for the guessing game, as cvbook/widgets/iou.py random_pair.
   * @param {function(): number} random uniform [0, 1) source, e.g. Math.random.
   * @param {number} [extent=10] boxes live around the centre of [0, extent]^2.
   * @returns {number[][]} two boxes [cx, cy, w, h, angle_deg].
   */
  function randomPair(random, extent) {
    const ext = extent === undefined ? 10 : extent;
    const uniform = (lo, hi) => lo + (hi - lo) * random();
    const normal = (sd) => {
      const u = 1 - random();
      const v = random();
      return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    };
    const c = ext / 2;
    const b1 = [c, c, uniform(0.25, 0.5) * ext, uniform(0.25, 0.5) * ext, uniform(-90, 90)];
    const b2 = [
      c + normal(0.12 * ext),
      c + normal(0.12 * ext),
      uniform(0.2, 0.5) * ext,
      uniform(0.2, 0.5) * ext,
      uniform(-90, 90),
    ];
    return [b1, b2];
  }

  return {
    rotated,
    polygon,
    rotatedStats,
    polygonStats,
    rotatedBoxToPolygon,
    convexPolygonIou,
    checkPolygon,
    checkBox,
    findSelfIntersection,
    clipConvex,
    signedArea,
    triangulate,
    intersectionPieces,
    scoreGuess,
    randomPair,
  };
});
