/*
 * RoIPool / RoIAlign in plain JavaScript (问题 8), no DOM: the computation behind the live widget.
 *
 * Conventions are those of torchvision.ops.roi_pool / roi_align and of the chapter's serial
 * implementations, for one channel and one box, in float64:
 * - feature cell (row i, column j) is centred on the continuous coordinate (y = i, x = j);
 * - a box [x1, y1, x2, y2] is in image coordinates and lands on the feature map at
 *   u * spatialScale (RoIAlign subtracts a further 0.5 when aligned is true);
 * - RoIPool rounds the scaled box half away from zero (C++ std::round), takes bin starts with
 *   floor and ends with ceil, clips them to the map, and gives 0 for an empty bin;
 * - RoIAlign keeps the box continuous (forces it to at least 1 x 1 only when not aligned),
 *   averages gh x gw bilinear samples per bin (adaptive: ceil(roi size / output size) when
 *   samplingRatio <= 0); a sample outside [-1, H] x [-1, W] contributes 0 but is counted; a
 *   sample inside is clamped to the map before interpolation.
 *
 * Classic script: attaches to window.cvbookWidgets.roi in the browser and sets module.exports
 * under node.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof window !== "undefined") {
    window.cvbookWidgets = window.cvbookWidgets || {};
    const slot = window.cvbookWidgets.roi || {};
    Object.assign(slot, api);
    if (!Array.isArray(slot.timings)) {
      slot.timings = [];
    }
    window.cvbookWidgets.roi = slot;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /** The initial maximum of torchvision's RoIPool kernel (FLT_MAX); kept for equality. */
  const FLT_MAX = 3.4028234663852886e38;
  const OPTION_KEYS = ["outputSize", "spatialScale", "samplingRatio", "aligned"];

  /**
   * Round half away from zero, like C++ std::round and the chapter's _round_half_away
   * (JavaScript's Math.round sends -2.5 to -2; this sends it to -3).
   * @param {number} v any finite number
   * @returns {number} the rounded integer
   */
  function roundHalfAway(v) {
    const r = Math.floor(Math.abs(v) + 0.5);
    return v < 0 ? -r : r;
  }

  /**
   * Check a single-channel feature map.
   * @param {Array<Array<number>>} feature H x W array of arrays (or typed-array rows) of finite
   *   numbers, H >= 1, W >= 1, all rows the same length
   * @returns {{H: number, W: number}} its size
   * @throws {Error} naming `feature` when the shape or a value is wrong
   */
  function checkFeature(feature) {
    if (!Array.isArray(feature) || feature.length < 1) {
      throw new Error("feature must be a non-empty H x W array of arrays of numbers");
    }
    const H = feature.length;
    const row0 = feature[0];
    const W = row0 && typeof row0.length === "number" ? row0.length : -1;
    if (W < 1) {
      throw new Error("feature[0] must be a non-empty array of numbers");
    }
    for (let i = 0; i < H; i++) {
      const row = feature[i];
      if (!(Array.isArray(row) || ArrayBuffer.isView(row)) || row.length !== W) {
        throw new Error(`feature[${i}] must be an array of ${W} numbers (rows of equal length)`);
      }
      for (let j = 0; j < W; j++) {
        if (typeof row[j] !== "number" || !Number.isFinite(row[j])) {
          throw new Error(`feature[${i}][${j}] must be a finite number, got ${row[j]}`);
        }
      }
    }
    return { H, W };
  }

  /**
   * Check a box [x1, y1, x2, y2] in image coordinates. Any four finite numbers are accepted,
   * as torchvision accepts them (x2 < x1 included): whether a box makes sense is the widget's
   * question (see {@link problem}), not the operator's.
   * @param {Array<number>} box four finite numbers
   * @returns {Array<number>} a copy of the box
   * @throws {Error} naming `box`
   */
  function checkBox(box) {
    if (!(Array.isArray(box) || ArrayBuffer.isView(box)) || box.length !== 4) {
      throw new Error("box must be an array [x1, y1, x2, y2] of four finite numbers");
    }
    for (let i = 0; i < 4; i++) {
      if (typeof box[i] !== "number" || !Number.isFinite(box[i])) {
        throw new Error(`box[${i}] must be a finite number, got ${box[i]}`);
      }
    }
    return [box[0], box[1], box[2], box[3]];
  }

  function isPositiveInt(v) {
    return typeof v === "number" && Number.isInteger(v) && v >= 1;
  }

  /**
   * Check and complete the options shared by {@link align} and {@link pool}.
   * @param {object} opts `{outputSize, spatialScale = 1, samplingRatio = -1, aligned = false}`;
   *   outputSize is an integer >= 1 or [ph, pw] of such integers (required); spatialScale a
   *   finite number > 0; samplingRatio an integer (<= 0: adaptive); aligned a boolean
   * @param {boolean} [forAlign=true] false for RoIPool: samplingRatio and aligned are then
   *   accepted and ignored
   * @returns {{ph: number, pw: number, spatialScale: number, samplingRatio: number,
   *   aligned: boolean}}
   * @throws {Error} naming the option (`opts.outputSize`, ...) or an unknown key
   */
  function checkOptions(opts, forAlign = true) {
    if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
      throw new Error("opts must be an object {outputSize, spatialScale, samplingRatio, aligned}");
    }
    for (const key of Object.keys(opts)) {
      if (!OPTION_KEYS.includes(key)) {
        throw new Error(`opts.${key} is not an option (allowed: ${OPTION_KEYS.join(", ")})`);
      }
    }
    let size = opts.outputSize;
    if (isPositiveInt(size)) {
      size = [size, size];
    }
    if (!Array.isArray(size) || size.length !== 2 || !size.every(isPositiveInt)) {
      throw new Error(
        `opts.outputSize must be an integer >= 1 or [ph, pw] of them, got ${JSON.stringify(size)}`
      );
    }
    const scale = opts.spatialScale === undefined ? 1 : opts.spatialScale;
    if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
      throw new Error(`opts.spatialScale must be a finite number > 0, got ${scale}`);
    }
    let ratio = -1;
    let aligned = false;
    if (forAlign) {
      ratio = opts.samplingRatio === undefined ? -1 : opts.samplingRatio;
      if (typeof ratio !== "number" || !Number.isInteger(ratio)) {
        throw new Error(`opts.samplingRatio must be an integer (<= 0: adaptive), got ${ratio}`);
      }
      aligned = opts.aligned === undefined ? false : opts.aligned;
      if (typeof aligned !== "boolean") {
        throw new Error(`opts.aligned must be true or false, got ${aligned}`);
      }
    }
    return { ph: size[0], pw: size[1], spatialScale: scale, samplingRatio: ratio, aligned };
  }

  /**
   * The bilinear taps of one sampling point, as in torchvision's kernel.
   * @param {number} y row coordinate on the feature map (cell centres on integers)
   * @param {number} x column coordinate
   * @param {number} H map height
   * @param {number} W map width
   * @returns {Array<{row: number, col: number, weight: number}>} four taps in the order
   *   (y0, x0), (y0, x1), (y1, x0), (y1, x1); an empty array when the point lies outside
   *   [-1, H] x [-1, W] (it then contributes 0). At the last row or column the taps coincide.
   */
  function bilinearTaps(y, x, H, W) {
    if (!(y >= -1 && y <= H && x >= -1 && x <= W)) {
      return [];
    }
    if (y <= 0) y = 0;
    if (x <= 0) x = 0;
    let y0 = Math.floor(y);
    let x0 = Math.floor(x);
    let y1;
    let x1;
    if (y0 >= H - 1) {
      y0 = y1 = H - 1;
      y = y0;
    } else {
      y1 = y0 + 1;
    }
    if (x0 >= W - 1) {
      x0 = x1 = W - 1;
      x = x0;
    } else {
      x1 = x0 + 1;
    }
    const ly = y - y0;
    const lx = x - x0;
    const hy = 1 - ly;
    const hx = 1 - lx;
    return [
      { row: y0, col: x0, weight: hy * hx },
      { row: y0, col: x1, weight: hy * lx },
      { row: y1, col: x0, weight: ly * hx },
      { row: y1, col: x1, weight: ly * lx },
    ];
  }

  /**
   * Where RoIAlign looks, without the feature values.
   * @param {Array<number>} box [x1, y1, x2, y2] in image coordinates
   * @param {object} opts as {@link align}
   * @returns {{box: Array<number>, binW: number, binH: number, gh: number, gw: number,
   *   count: number, ph: number, pw: number}} box: the box on the feature map after scaling,
   *   the aligned shift and the legacy minimum size [x1, y1, x1 + roiW, y1 + roiH]; gh x gw
   *   samples per bin; count: the divisor max(gh * gw, 1)
   */
  function alignGeometry(box, opts) {
    const b = checkBox(box);
    const o = checkOptions(opts, true);
    const s = o.spatialScale;
    const off = o.aligned ? 0.5 : 0;
    const x1 = b[0] * s - off;
    const y1 = b[1] * s - off;
    const x2 = b[2] * s - off;
    const y2 = b[3] * s - off;
    let roiW = x2 - x1;
    let roiH = y2 - y1;
    if (!o.aligned) {
      roiW = Math.max(roiW, 1);
      roiH = Math.max(roiH, 1);
    }
    const binH = roiH / o.ph;
    const binW = roiW / o.pw;
    if (o.samplingRatio <= 0 && !(Number.isFinite(roiH / o.ph) && Number.isFinite(roiW / o.pw))) {
      // the chapter's math.ceil raises here; Math.ceil(Infinity) would loop for ever
      throw new Error(
        `box overflows on the feature map (box * spatialScale is not finite: roi ${roiW} x ${roiH}); ` +
          "no adaptive sampling grid"
      );
    }
    const gh = o.samplingRatio > 0 ? o.samplingRatio : Math.ceil(roiH / o.ph);
    const gw = o.samplingRatio > 0 ? o.samplingRatio : Math.ceil(roiW / o.pw);
    return {
      box: [x1, y1, x1 + roiW, y1 + roiH],
      binW,
      binH,
      gh,
      gw,
      count: Math.max(gh * gw, 1),
      ph: o.ph,
      pw: o.pw,
    };
  }

  /**
   * The sampling point (iy, ix) of bin (i, j), computed in the same order as the kernel.
   * @param {object} g from {@link alignGeometry}
   * @returns {{x: number, y: number}} its position on the feature map
   */
  function samplePoint(g, i, j, iy, ix) {
    return {
      y: g.box[1] + i * g.binH + ((iy + 0.5) * g.binH) / g.gh,
      x: g.box[0] + j * g.binW + ((ix + 0.5) * g.binW) / g.gw,
    };
  }

  /**
   * RoIAlign of one single-channel map and one box (torchvision.ops.roi_align semantics, float64).
   * @param {Array<Array<number>>} feature H x W array of arrays of finite numbers
   * @param {Array<number>} box [x1, y1, x2, y2] in image coordinates
   * @param {object} opts `{outputSize: [ph, pw] or an integer (required), spatialScale = 1,
   *   samplingRatio = -1 (<= 0: adaptive), aligned = false}` (torchvision's defaults)
   * @returns {Array<Array<number>>} ph x pw: the mean of the bilinear samples of each bin
   * @throws {Error} naming the invalid argument
   */
  function align(feature, box, opts) {
    const { H, W } = checkFeature(feature);
    const g = alignGeometry(box, opts);
    const out = [];
    for (let i = 0; i < g.ph; i++) {
      const row = new Array(g.pw);
      for (let j = 0; j < g.pw; j++) {
        let acc = 0;
        for (let iy = 0; iy < g.gh; iy++) {
          const yy = g.box[1] + i * g.binH + ((iy + 0.5) * g.binH) / g.gh;
          for (let ix = 0; ix < g.gw; ix++) {
            const xx = g.box[0] + j * g.binW + ((ix + 0.5) * g.binW) / g.gw;
            const taps = bilinearTaps(yy, xx, H, W);
            for (let t = 0; t < taps.length; t++) {
              acc += taps[t].weight * feature[taps[t].row][taps[t].col];
            }
          }
        }
        row[j] = acc / g.count;
      }
      out.push(row);
    }
    return out;
  }

  /**
   * Where RoIPool looks: the rounded box and the whole-cell bins.
   * @param {number} H map height
   * @param {number} W map width
   * @param {Array<number>} box [x1, y1, x2, y2] in image coordinates
   * @param {object} opts as {@link pool}
   * @returns {{box: Array<number>, bins: Array<Array<{r0: number, r1: number, c0: number,
   *   c1: number, empty: boolean}>>}} box: the rounded box in cells (inclusive ends); bins
   *   ph x pw, rows [r0, r1) and columns [c0, c1) clipped to the map
   */
  function poolGeometry(H, W, box, opts) {
    const b = checkBox(box);
    const o = checkOptions(opts, false);
    const s = o.spatialScale;
    const x1 = roundHalfAway(b[0] * s);
    const y1 = roundHalfAway(b[1] * s);
    const x2 = roundHalfAway(b[2] * s);
    const y2 = roundHalfAway(b[3] * s);
    if (![x1, y1, x2, y2].every(Number.isFinite)) {
      throw new Error(`box * spatialScale must be finite, got [${[x1, y1, x2, y2]}]`);
    }
    // Exact integer arithmetic, as the chapter's Python ints, rounded to float once: beyond 2^53
    // the float x2 - x1 + 1 rounds twice and can differ (box [-2^54, 0, 2, 2] gave an empty bin).
    const roiW = Math.max(Number(BigInt(x2) - BigInt(x1) + 1n), 1);
    const roiH = Math.max(Number(BigInt(y2) - BigInt(y1) + 1n), 1);
    if (!Number.isFinite(roiW) || !Number.isFinite(roiH)) {
      throw new Error(`box is too large: ${roiW} x ${roiH} cells does not fit in a float64`);
    }
    const binH = roiH / o.ph;
    const binW = roiW / o.pw;
    const clip = (v, hi) => Math.min(Math.max(v, 0), hi);
    const bins = [];
    for (let i = 0; i < o.ph; i++) {
      const row = [];
      for (let j = 0; j < o.pw; j++) {
        const r0 = clip(Math.floor(i * binH) + y1, H);
        const r1 = clip(Math.ceil((i + 1) * binH) + y1, H);
        const c0 = clip(Math.floor(j * binW) + x1, W);
        const c1 = clip(Math.ceil((j + 1) * binW) + x1, W);
        row.push({ r0, r1, c0, c1, empty: r1 <= r0 || c1 <= c0 });
      }
      bins.push(row);
    }
    return { box: [x1, y1, x2, y2], bins };
  }

  /**
   * RoIPool of one single-channel map and one box (torchvision.ops.roi_pool semantics).
   * @param {Array<Array<number>>} feature H x W array of arrays of finite numbers
   * @param {Array<number>} box [x1, y1, x2, y2] in image coordinates
   * @param {object} opts `{outputSize: [ph, pw] or an integer (required), spatialScale = 1}`;
   *   samplingRatio and aligned may be present and are ignored
   * @returns {Array<Array<number>>} ph x pw: the maximum of each bin, 0 for an empty bin
   * @throws {Error} naming the invalid argument
   */
  function pool(feature, box, opts) {
    const { H, W } = checkFeature(feature);
    const geo = poolGeometry(H, W, box, opts);
    return geo.bins.map((row) =>
      row.map((bin) => {
        let best = bin.empty ? 0 : -FLT_MAX;
        for (let r = bin.r0; r < bin.r1; r++) {
          for (let c = bin.c0; c < bin.c1; c++) {
            if (feature[r][c] > best) best = feature[r][c];
          }
        }
        return best;
      })
    );
  }

  /**
   * The book's demo feature map, the same float32 values as cvbook.widgets.roi.demo_feature:
   * 0.3 x / W plus two Gaussian blobs.
   * @param {number} [height=12] H, an integer >= 2
   * @param {number} [width=16] W, an integer >= 2
   * @returns {Array<Array<number>>} H x W values (each rounded to float32), about [0, 1.6]
   */
  function demoFeature(height = 12, width = 16) {
    for (const [name, v] of [
      ["height", height],
      ["width", width],
    ]) {
      if (!Number.isInteger(v) || v < 2) {
        throw new Error(`${name} must be an integer >= 2, got ${v}`);
      }
    }
    const out = [];
    for (let y = 0; y < height; y++) {
      const row = [];
      for (let x = 0; x < width; x++) {
        let f = (0.3 * x) / width;
        f += Math.exp(
          -((x - 0.35 * width) ** 2 + (y - 0.4 * height) ** 2) / (0.03 * width * height)
        );
        f +=
          0.8 *
          Math.exp(-((x - 0.7 * width) ** 2 + (y - 0.65 * height) ** 2) / (0.02 * width * height));
        row.push(Math.fround(f));
      }
      out.push(row);
    }
    return out;
  }

  /**
   * Why the widget should show no numbers for a setting, in Chinese; null if it is fine.
   * The operators themselves still compute such boxes (as torchvision does); the widget
   * explains instead of showing meaningless zeros.
   * @param {number} H map height
   * @param {number} W map width
   * @param {Array<number>} box [x1, y1, x2, y2] in image coordinates (entries may be NaN when
   *   an input is empty)
   * @param {number} spatialScale the scale (may be invalid)
   * @returns {string|null} the message
   */
  function problem(H, W, box, spatialScale) {
    const names = ["x1", "y1", "x2", "y2"];
    for (let i = 0; i < 4; i++) {
      if (typeof box[i] !== "number" || !Number.isFinite(box[i])) {
        return `框的坐标 ${names[i]} 不是有效的数字，请输入一个数。`;
      }
    }
    if (typeof spatialScale !== "number" || !Number.isFinite(spatialScale) || spatialScale <= 0) {
      return "spatial_scale 必须是大于 0 的数（特征图尺寸 / 图像尺寸，例如 1/16 = 0.0625）。";
    }
    if (!(box[2] > box[0]) || !(box[3] > box[1])) {
      return "框无效：需要 x1 < x2 且 y1 < y2（宽和高都大于 0）。";
    }
    // The box itself on the map: image pixel edges land at u * s - 0.5 (cell centres on integers).
    const fx1 = box[0] * spatialScale - 0.5;
    const fy1 = box[1] * spatialScale - 0.5;
    const fx2 = box[2] * spatialScale - 0.5;
    const fy2 = box[3] * spatialScale - 0.5;
    if (fx2 <= -0.5 || fy2 <= -0.5 || fx1 >= W - 0.5 || fy1 >= H - 0.5) {
      return "RoI 完全在特征图之外：没有可以池化的特征，两个算子只会输出 0。请把框拖回图上。";
    }
    return null;
  }

  return {
    align,
    pool,
    alignGeometry,
    poolGeometry,
    samplePoint,
    bilinearTaps,
    roundHalfAway,
    demoFeature,
    problem,
    checkFeature,
    checkBox,
    checkOptions,
    FLT_MAX,
  };
});
