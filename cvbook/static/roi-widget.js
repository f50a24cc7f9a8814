/*
 * The live RoIPool / RoIAlign widget of 问题 8: a JSXGraph board with the demo feature map as a
 * heat map, a draggable RoI, RoIPool's quantised cells, RoIAlign's bins and sampling points, the
 * four bilinear neighbours of a hovered or tapped point, and both outputs as small heat maps.
 * All numbers come from roi-core.js (window.cvbookWidgets.roi), computed in the page.
 *
 * Mounts on every element with data-cvbook-widget="roi". Needs JSXGraph (global JXG) and
 * roi-core.js loaded first (classic scripts, not modules, so that file:// pages work).
 */
(function () {
  "use strict";

  if (typeof window === "undefined") {
    return;
  }
  const NS = (window.cvbookWidgets = window.cvbookWidgets || {});
  const ROI = (NS.roi = NS.roi || {});
  if (!Array.isArray(ROI.timings)) {
    ROI.timings = [];
  }

  const FEATURE_H = 12;
  const FEATURE_W = 16;
  const INITIAL_BOX = [3.3, 2.6, 10.1, 8.7]; // image coordinates, as cvbook/widgets/roi.py
  const MAX_SAMPLES = 20000; // beyond this the widget asks for a smaller box instead of freezing
  const MAX_DRAWN_POINTS = 4000;
  const MARGIN = 1.7; // board margin around the map, in feature cells (room to drag off the map)
  const SCALES = [
    ["1", 1],
    ["1/2", 0.5],
    ["1/4", 0.25],
    ["1/16", 0.0625],
  ];

  // Overlay colours (Okabe-Ito, readable on the grey heat map in both themes).
  const POOL_COLOR = "#0072B2";
  const BIN_COLOR = "#00C29A";
  const POINT_COLOR = "#FF5A1F";
  const BOX_COLOR = "#E69F00";
  const PICK_COLOR = "#D62CC8";

  let counter = 0;

  /** Grey heat-map colour for t in [0, 1]: dark (low) to light (high). */
  function heat(t) {
    const u = Math.min(Math.max(t, 0), 1);
    // a slightly blue-tinted grey ramp, perceptually near-linear
    const r = Math.round(24 + 221 * u);
    const g = Math.round(28 + 219 * u);
    const b = Math.round(38 + 209 * u);
    return [r, g, b];
  }

  function css(rgb) {
    return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  }

  function fmt(v, digits) {
    if (!Number.isFinite(v)) return String(v);
    const s = v.toFixed(digits);
    return s === "-0" || /^-0\.0*$/.test(s) ? s.slice(1) : s;
  }

  /** Round an image coordinate for the inputs (2 decimals; the state keeps the rounded value). */
  function round2(v) {
    return Math.round(v * 100) / 100;
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children || []) node.appendChild(c);
    return node;
  }

  function numberField(id, label, value, step, extra) {
    const input = el("input", Object.assign({ id, type: "number", step, value: String(value) }, extra));
    input.inputMode = "decimal";
    const wrap = el("div", { class: "cvbook-roi-field" }, [
      el("label", { for: id, text: label }),
      input,
    ]);
    return { wrap, input };
  }

  /** One widget instance inside `root`. */
  function RoiWidget(root) {
    const core = ROI;
    const uid = `cvbook-roi-${++counter}`;
    const feature = core.demoFeature(FEATURE_H, FEATURE_W);
    const H = feature.length;
    const W = feature[0].length;
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of feature) {
      for (const v of row) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    const span = hi - lo || 1;

    const state = {
      box: INITIAL_BOX.slice(),
      ph: 3,
      pw: 3,
      samplingRatio: 2,
      aligned: false,
      scale: 1,
      showPool: true,
      showAlign: true,
    };
    let pick = null; // {i, j, iy, ix} of the selected sampling point
    let points = []; // drawn sampling points {x, y, i, j, iy, ix}
    let current = null; // last valid computation
    let dragging = false;

    // ---------- DOM ----------
    root.classList.add("cvbook-roi");
    root.textContent = "";
    const f = {};
    const boxNames = ["x1", "y1", "x2", "y2"];
    const boxFields = boxNames.map((n, k) => {
      const fld = numberField(`${uid}-${n}`, n, state.box[k], "0.1", {
        "data-roi-input": n,
      });
      f[n] = fld.input;
      return fld.wrap;
    });
    const ph = numberField(`${uid}-ph`, "ph（行）", state.ph, "1", {
      min: "1",
      max: "7",
      "data-roi-input": "ph",
    });
    const pw = numberField(`${uid}-pw`, "pw（列）", state.pw, "1", {
      min: "1",
      max: "7",
      "data-roi-input": "pw",
    });
    const sr = numberField(`${uid}-sr`, "sampling_ratio（≤0 为自适应）", state.samplingRatio, "1", {
      min: "-1",
      max: "6",
      "data-roi-input": "samplingRatio",
    });
    const sc = numberField(`${uid}-scale`, "spatial_scale", state.scale, "any", {
      "data-roi-input": "spatialScale",
    });
    f.ph = ph.input;
    f.pw = pw.input;
    f.sr = sr.input;
    f.scale = sc.input;
    f.aligned = el("input", { id: `${uid}-aligned`, type: "checkbox", "data-roi-input": "aligned" });
    const scaleButtons = SCALES.map(([label, v]) => {
      const b = el("button", {
        type: "button",
        class: "cvbook-roi-chip",
        "aria-label": `spatial_scale = ${label}`,
        text: label,
      });
      b.addEventListener("click", () => {
        f.scale.value = String(v);
        onInput();
      });
      return b;
    });
    f.showPool = el("input", { id: `${uid}-show-pool`, type: "checkbox" });
    f.showAlign = el("input", { id: `${uid}-show-align`, type: "checkbox" });
    f.showPool.checked = f.showAlign.checked = true;

    const controls = el("div", { class: "cvbook-widget-controls cvbook-roi-controls" }, [
      el("fieldset", { class: "cvbook-roi-group" }, [
        el("legend", { text: "RoI 框（图像坐标）" }),
        el("div", { class: "cvbook-roi-row" }, boxFields),
      ]),
      el("fieldset", { class: "cvbook-roi-group" }, [
        el("legend", { text: "算子参数" }),
        el("div", { class: "cvbook-roi-row" }, [
          ph.wrap,
          pw.wrap,
          sr.wrap,
          el("div", { class: "cvbook-roi-field cvbook-roi-check" }, [
            f.aligned,
            el("label", { for: f.aligned.id, text: "aligned（先减半个像素）" }),
          ]),
        ]),
        el("div", { class: "cvbook-roi-row" }, [
          sc.wrap,
          el("div", { class: "cvbook-roi-chips", role: "group", "aria-label": "常用 spatial_scale" }, scaleButtons),
        ]),
      ]),
    ]);

    const boardId = `${uid}-board`;
    const boardBox = el("div", {
      id: boardId,
      class: "jxgbox cvbook-roi-board",
      role: "img",
      "aria-label": "特征图热图与 RoI：拖动橙色角点可改变框的大小，拖动框内部可移动框",
    });
    const legend = el("div", { class: "cvbook-roi-legend" }, [
      el("span", { class: "cvbook-roi-check" }, [
        f.showPool,
        el("label", { for: f.showPool.id }, [
          el("span", { class: "cvbook-roi-swatch cvbook-roi-swatch-pool" }),
          document.createTextNode("RoIPool 量化后的整格"),
        ]),
      ]),
      el("span", { class: "cvbook-roi-check" }, [
        f.showAlign,
        el("label", { for: f.showAlign.id }, [
          el("span", { class: "cvbook-roi-swatch cvbook-roi-swatch-bin" }),
          document.createTextNode("RoIAlign 的 bin 与"),
          el("span", { class: "cvbook-roi-swatch cvbook-roi-swatch-point" }),
          document.createTextNode("采样点"),
        ]),
      ]),
      el("span", { class: "cvbook-roi-key" }, [
        el("span", { class: "cvbook-roi-swatch cvbook-roi-swatch-box" }),
        document.createTextNode("框的真实位置"),
      ]),
    ]);
    const hint = el("p", {
      class: "cvbook-widget-hint cvbook-roi-hint",
      text:
        "拖动橙色角点改变框的大小，拖动框内部移动它；把鼠标移到（或用手指点）某个采样点上，" +
        "可看到它的四个邻点和双线性权重。特征图每格中心在整数坐标上，框按 spatial_scale 映射到图上。",
    });
    const status = el("p", { class: "cvbook-widget-status cvbook-roi-status", role: "status", "aria-live": "polite" });
    const stats = el("p", { class: "cvbook-roi-stats" });
    const outPool = el("div", { class: "cvbook-roi-out", "data-roi-output": "pool" });
    const outAlign = el("div", { class: "cvbook-roi-out", "data-roi-output": "align" });
    const pickInfo = el("div", { class: "cvbook-roi-pick", "aria-live": "polite" });
    const pickNav = el("div", { class: "cvbook-roi-picknav" });
    const prevBtn = el("button", { type: "button", class: "cvbook-roi-chip", text: "上一个采样点" });
    const nextBtn = el("button", { type: "button", class: "cvbook-roi-chip", text: "下一个采样点" });
    pickNav.append(prevBtn, nextBtn);

    const outputs = el("div", { class: "cvbook-roi-outputs" }, [
      el("figure", { class: "cvbook-roi-outfig" }, [
        el("figcaption", { text: "RoIPool 输出（每个 bin 的最大值）" }),
        outPool,
      ]),
      el("figure", { class: "cvbook-roi-outfig" }, [
        el("figcaption", { text: "RoIAlign 输出（采样点的平均）" }),
        outAlign,
      ]),
    ]);
    const side = el("div", { class: "cvbook-roi-side" }, [stats, outputs, pickNav, pickInfo]);
    const main = el("div", { class: "cvbook-roi-main" }, [
      el("div", { class: "cvbook-roi-boardwrap" }, [boardBox, legend]),
      side,
    ]);
    root.append(controls, hint, status, main);

    // ---------- JSXGraph board ----------
    const bbox = [-0.5 - MARGIN, 0.5 + MARGIN, W - 0.5 + MARGIN, -(H - 0.5) - MARGIN];
    const aspect = (bbox[2] - bbox[0]) / (bbox[1] - bbox[3]);
    function sizeBoard() {
      const w = Math.max(240, Math.floor(boardBox.parentNode.clientWidth || 480));
      boardBox.style.width = `${w}px`;
      boardBox.style.height = `${Math.round(w / aspect)}px`;
      return [w, Math.round(w / aspect)];
    }
    sizeBoard();
    const board = JXG.JSXGraph.initBoard(boardId, {
      boundingbox: bbox,
      keepAspectRatio: true,
      axis: false,
      grid: false,
      showCopyright: false,
      showNavigation: false,
      showInfobox: false,
      pan: { enabled: false },
      zoom: { enabled: false, wheel: false },
      resize: { enabled: false },
    });

    // heat map: one pixel per cell, scaled up without smoothing
    const canvas = document.createElement("canvas");
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext("2d");
    const img = ctx.createImageData(W, H);
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        const rgb = heat((feature[r][c] - lo) / span);
        const k = 4 * (r * W + c);
        img.data[k] = rgb[0];
        img.data[k + 1] = rgb[1];
        img.data[k + 2] = rgb[2];
        img.data[k + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    const heatImage = board.create("image", [canvas.toDataURL(), [-0.5, -(H - 0.5)], [W, H]], {
      fixed: true,
      highlight: false,
      layer: 0,
    });
    if (heatImage.rendNode) {
      heatImage.rendNode.style.imageRendering = "pixelated";
    }
    // cell grid
    const gx = [];
    const gy = [];
    for (let c = 0; c <= W; c++) gx.push(c - 0.5, c - 0.5, NaN), gy.push(0.5, -(H - 0.5), NaN);
    for (let r = 0; r <= H; r++) gx.push(-0.5, W - 0.5, NaN), gy.push(-(r - 0.5), -(r - 0.5), NaN);
    const grid = board.create("curve", [gx, gy], {
      strokeWidth: 0.5,
      strokeOpacity: 0.35,
      highlight: false,
      fixed: true,
      layer: 1,
    });
    // row / column indices
    const ticks = [];
    const tickStyle = {
      anchorX: "middle",
      anchorY: "middle",
      fontSize: 10,
      fixed: true,
      highlight: false,
      display: "internal",
    };
    for (let c = 0; c < W; c++) {
      ticks.push(
        board.create("text", [c, 0.95, String(c)], tickStyle)
      );
    }
    for (let r = 0; r < H; r++) {
      ticks.push(
        board.create("text", [-1.0, -r, String(r)], tickStyle)
      );
    }

    // RoIPool cells: one filled curve per bin (overlaps look darker)
    let poolCurves = [];
    function ensurePoolCurves(n) {
      while (poolCurves.length < n) {
        poolCurves.push(
          board.create("curve", [[], []], {
            strokeColor: POOL_COLOR,
            strokeWidth: 1.5,
            fillColor: POOL_COLOR,
            fillOpacity: 0.22,
            highlight: false,
            fixed: true,
            layer: 2,
          })
        );
      }
    }
    const binCurve = board.create("curve", [[], []], {
      strokeColor: BIN_COLOR,
      strokeWidth: 1.5,
      highlight: false,
      fixed: true,
      layer: 3,
    });
    const pointCurve = board.create("curve", [[], []], {
      strokeColor: POINT_COLOR,
      strokeWidth: 5,
      lineCap: "round",
      highlight: false,
      fixed: true,
      layer: 4,
    });
    // the selected sampling point and its four neighbours
    const pickLines = board.create("curve", [[], []], {
      strokeColor: PICK_COLOR,
      strokeWidth: 1.5,
      dash: 2,
      highlight: false,
      fixed: true,
      layer: 6,
    });
    const pickCells = board.create("curve", [[], []], {
      strokeColor: PICK_COLOR,
      strokeWidth: 2,
      highlight: false,
      fixed: true,
      layer: 6,
    });
    const pickDot = board.create("curve", [[], []], {
      strokeColor: PICK_COLOR,
      strokeWidth: 10,
      lineCap: "round",
      highlight: false,
      fixed: true,
      layer: 7,
    });
    const pickTexts = [0, 1, 2, 3].map(() =>
      board.create("text", [0, 0, ""], {
        anchorX: "middle",
        anchorY: "middle",
        fontSize: 11,
        fixed: true,
        highlight: false,
        display: "html",
        cssClass: "cvbook-roi-weight",
        highlightCssClass: "cvbook-roi-weight",
        visible: false,
        layer: 8,
      })
    );

    // the RoI: four corner handles and the rectangle between them (draggable as a whole)
    const handleAttrs = {
      name: "",
      size: 6,
      face: "o",
      fillColor: BOX_COLOR,
      strokeColor: "#ffffff",
      strokeWidth: 1.5,
      highlightFillColor: BOX_COLOR,
      highlightStrokeColor: "#ffffff",
      showInfobox: false,
      withLabel: false,
      layer: 9,
    };
    const corners = [0, 1, 2, 3].map(() => board.create("point", [0, 0], handleAttrs));
    ["x1y1", "x2y1", "x2y2", "x1y2"].forEach((name, k) => {
      if (corners[k].rendNode) corners[k].rendNode.setAttribute("data-roi-handle", name);
    });
    const rect = board.create("polygon", corners, {
      hasInnerPoints: true,
      fillColor: BOX_COLOR,
      fillOpacity: 0.06,
      highlightFillColor: BOX_COLOR,
      highlightFillOpacity: 0.12,
      borders: {
        strokeColor: BOX_COLOR,
        strokeWidth: 2.5,
        dash: 2,
        highlightStrokeColor: BOX_COLOR,
        fixed: true,
      },
      vertices: handleAttrs,
      layer: 5,
    });
    rect.borders.forEach((b) => b.setAttribute({ fixed: true }));

    // corners in board coordinates: feature x, minus feature y (JSXGraph's y points up)
    function boxOnMap() {
      const s = state.scale > 0 ? state.scale : 1;
      return state.box.map((v) => v * s - 0.5);
    }
    function placeCorners(skip) {
      const [x1, y1, x2, y2] = boxOnMap();
      const pos = [
        [x1, -y1],
        [x2, -y1],
        [x2, -y2],
        [x1, -y2],
      ];
      corners.forEach((p, k) => {
        if (p !== skip) p.setPositionDirectly(JXG.COORDS_BY_USER, pos[k]);
      });
    }
    function clampToBoard(p) {
      const x = Math.min(Math.max(p.X(), bbox[0] + 0.05), bbox[2] - 0.05);
      const y = Math.min(Math.max(p.Y(), bbox[3] + 0.05), bbox[1] - 0.05);
      if (x !== p.X() || y !== p.Y()) p.setPositionDirectly(JXG.COORDS_BY_USER, [x, y]);
    }
    function boxFromCorners(a, b) {
      // a, b: opposite corners (board coordinates) -> image box
      const s = state.scale;
      const toImg = (v) => round2((v + 0.5) / s);
      state.box = [toImg(a[0]), toImg(-a[1]), toImg(b[0]), toImg(-b[1])];
      boxNames.forEach((n, k) => (f[n].value = String(state.box[k])));
    }
    corners.forEach((p, k) => {
      p.on("down", () => (dragging = true));
      p.on("up", () => (dragging = false));
      p.on("drag", () => {
        if (!(state.scale > 0)) return;
        clampToBoard(p);
        const opp = corners[(k + 2) % 4];
        // corner k and its opposite define the rectangle; keep x1/y1 on corner 0's side
        const c0 = k === 0 || k === 2 ? (k === 0 ? p : opp) : null;
        let a;
        let b;
        if (c0) {
          a = [corners[0].X(), corners[0].Y()];
          b = [corners[2].X(), corners[2].Y()];
        } else {
          // corners 1 (x2, y1) and 3 (x1, y2)
          const p1 = corners[1];
          const p3 = corners[3];
          a = [p3.X(), p1.Y()];
          b = [p1.X(), p3.Y()];
        }
        boxFromCorners(a, b);
        placeCorners(p);
        update("drag");
      });
    });
    rect.on("down", () => (dragging = true));
    rect.on("up", () => (dragging = false));
    rect.on("drag", () => {
      if (!(state.scale > 0)) return;
      boxFromCorners([corners[0].X(), corners[0].Y()], [corners[2].X(), corners[2].Y()]);
      update("drag");
    });

    // ---------- theme ----------
    function themeColors() {
      const cs = getComputedStyle(root);
      const text = cs.getPropertyValue("--pst-color-text-base").trim() || cs.color || "#222";
      return { text };
    }
    function applyTheme() {
      const c = themeColors();
      ticks.forEach((t) => t.setAttribute({ strokeColor: c.text }));
      grid.setAttribute({ strokeColor: c.text });
      board.update();
    }
    applyTheme();
    const themeObserver = new MutationObserver(applyTheme);
    themeObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["data-theme", "class"],
    });

    // ---------- reading the controls ----------
    function readNumber(input) {
      const raw = input.value.trim();
      return raw === "" ? NaN : Number(raw);
    }
    function readControls() {
      const oldScale = state.scale;
      state.box = boxNames.map((n) => readNumber(f[n]));
      state.ph = readNumber(f.ph);
      state.pw = readNumber(f.pw);
      state.samplingRatio = readNumber(f.sr);
      state.aligned = f.aligned.checked;
      state.scale = readNumber(f.scale);
      state.showPool = f.showPool.checked;
      state.showAlign = f.showAlign.checked;
      return oldScale !== state.scale;
    }
    function controlProblem() {
      for (const [name, v, lo2, hi2] of [
        ["ph", state.ph, 1, 7],
        ["pw", state.pw, 1, 7],
      ]) {
        if (!Number.isInteger(v) || v < lo2 || v > hi2) {
          return `输出尺寸 ${name} 须是 ${lo2} 到 ${hi2} 之间的整数。`;
        }
      }
      if (!Number.isInteger(state.samplingRatio)) {
        return "sampling_ratio 须是整数（≤0 表示自适应）。";
      }
      return core.problem(H, W, state.box, state.scale);
    }

    // ---------- drawing ----------
    function rectPath(xs, ys, x0, y0, x1, y1) {
      // board coordinates: y is minus the feature row coordinate
      xs.push(x0, x1, x1, x0, x0, NaN);
      ys.push(-y0, -y0, -y1, -y1, -y0, NaN);
    }

    function renderTable(container, values, label) {
      const ph2 = values.length;
      const pw2 = values[0].length;
      const table = el("table", { class: "cvbook-roi-table", "aria-label": label });
      const cellSize = pw2 > 5 ? "cvbook-roi-small" : "";
      if (cellSize) table.classList.add(cellSize);
      const body = el("tbody");
      for (let i = 0; i < ph2; i++) {
        const tr = el("tr");
        for (let j = 0; j < pw2; j++) {
          const v = values[i][j];
          const rgb = heat((v - lo) / span);
          const lum = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
          const td = el("td", { "data-value": String(v), title: String(v), text: fmt(v, 3) });
          td.style.background = css(rgb);
          td.style.color = lum > 140 ? "#111" : "#f5f5f5";
          tr.appendChild(td);
        }
        body.appendChild(tr);
      }
      table.appendChild(body);
      container.replaceChildren(table);
    }

    function clearOverlays() {
      poolCurves.forEach((c) => {
        c.dataX = [];
        c.dataY = [];
      });
      binCurve.dataX = [];
      binCurve.dataY = [];
      pointCurve.dataX = [];
      pointCurve.dataY = [];
      points = [];
    }

    function drawPick() {
      const show = current && pick && state.showAlign;
      let taps = [];
      let pt = null;
      if (show) {
        const g = current.geo;
        if (pick.i < g.ph && pick.j < g.pw && pick.iy < g.gh && pick.ix < g.gw) {
          pt = core.samplePoint(g, pick.i, pick.j, pick.iy, pick.ix);
          taps = core.bilinearTaps(pt.y, pt.x, H, W);
        } else {
          pick = null;
        }
      }
      const lx = [];
      const ly = [];
      const cx = [];
      const cy = [];
      const seen = new Map();
      taps.forEach((t) => {
        const key = `${t.row},${t.col}`;
        seen.set(key, (seen.get(key) || 0) + t.weight);
      });
      const uniq = [...seen.entries()].map(([key, w]) => {
        const [r, c] = key.split(",").map(Number);
        return { row: r, col: c, weight: w };
      });
      uniq.forEach((t) => {
        lx.push(pt.x, t.col, NaN);
        ly.push(-pt.y, -t.row, NaN);
        rectPath(cx, cy, t.col - 0.5, t.row - 0.5, t.col + 0.5, t.row + 0.5);
      });
      pickLines.dataX = lx;
      pickLines.dataY = ly;
      pickCells.dataX = cx;
      pickCells.dataY = cy;
      pickDot.dataX = pt ? [pt.x, pt.x] : [];
      pickDot.dataY = pt ? [-pt.y, -pt.y] : [];
      pickTexts.forEach((t, k) => {
        if (k < uniq.length) {
          const u = uniq[k];
          // outside the pair of neighbours, so that two labels never overlap
          const left = u.col < pt.x || (u.col === pt.x && uniq.some((o) => o.col > u.col));
          const top = u.row < pt.y || (u.row === pt.y && uniq.some((o) => o.row > u.row));
          t.setText(fmt(u.weight, 2));
          t.setAttribute({
            anchorX: left ? "right" : "left",
            anchorY: top ? "bottom" : "top",
            visible: true,
          });
          t.setPosition(JXG.COORDS_BY_USER, [u.col + (left ? 0.1 : -0.1), -u.row + (top ? 0.1 : -0.1)]);
        } else {
          t.setAttribute({ visible: false });
        }
      });
      // text panel
      if (!pt) {
        pickInfo.replaceChildren(
          el("p", {
            class: "cvbook-roi-pickhint",
            text: show || !current ? "（把鼠标移到或点按一个红色采样点，查看它的四个邻点与权重。）" : "",
          })
        );
        return;
      }
      const g = current.geo;
      const head = el("p", {
        text:
          `bin (${pick.i}, ${pick.j}) 的第 (${pick.iy}, ${pick.ix}) 个采样点：` +
          `x = ${fmt(pt.x, 3)}，y = ${fmt(pt.y, 3)}`,
      });
      if (taps.length === 0) {
        pickInfo.replaceChildren(
          head,
          el("p", {
            text:
              `它在 [-1, ${H}] × [-1, ${W}] 之外：贡献 0，但仍计入分母（该 bin 共 ${g.count} 个采样点）。`,
          })
        );
        return;
      }
      const table = el("table", { class: "cvbook-roi-taps" });
      table.appendChild(
        el("thead", {}, [
          el("tr", {}, [
            el("th", { text: "邻点（行, 列）" }),
            el("th", { text: "特征值" }),
            el("th", { text: "权重" }),
            el("th", { text: "乘积" }),
          ]),
        ])
      );
      const tb = el("tbody");
      let sum = 0;
      taps.forEach((t) => {
        const v = feature[t.row][t.col];
        sum += t.weight * v;
        tb.appendChild(
          el("tr", {}, [
            el("td", { text: `(${t.row}, ${t.col})` }),
            el("td", { text: fmt(v, 3) }),
            el("td", { text: fmt(t.weight, 3) }),
            el("td", { text: fmt(t.weight * v, 3) }),
          ])
        );
      });
      table.appendChild(tb);
      const clamped = pt.x < 0 || pt.y < 0 || pt.x > W - 1 || pt.y > H - 1;
      pickInfo.replaceChildren(
        head,
        table,
        el("p", {
          text:
            `插值结果 ${fmt(sum, 4)}` +
            (clamped ? "（点在边缘外侧不足一格处，先被夹到图的边界上）" : "") +
            `；该 bin 的输出 = ${g.count} 个采样点之和 / ${g.count}。`,
        })
      );
    }

    function update(reason) {
      const t0 = performance.now();
      const msg = controlProblem();
      board.suspendUpdate();
      if (msg) {
        current = null;
        clearOverlays();
        status.textContent = msg;
        status.classList.add("is-error");
        root.dataset.roiState = "invalid";
        outPool.replaceChildren(el("p", { class: "cvbook-roi-none", text: "—" }));
        outAlign.replaceChildren(el("p", { class: "cvbook-roi-none", text: "—" }));
        stats.textContent = "";
        if (Number.isFinite(state.scale) && state.scale > 0 && state.box.every(Number.isFinite)) {
          if (reason !== "drag") placeCorners(null);
        }
        drawPick();
        board.unsuspendUpdate();
        record(t0);
        return;
      }
      const opts = {
        outputSize: [state.ph, state.pw],
        spatialScale: state.scale,
        samplingRatio: state.samplingRatio,
        aligned: state.aligned,
      };
      const geo = core.alignGeometry(state.box, opts);
      const nSamples = Math.max(geo.gh, 0) * Math.max(geo.gw, 0) * geo.ph * geo.pw;
      if (nSamples > MAX_SAMPLES) {
        current = null;
        clearOverlays();
        status.textContent =
          `采样点太多（${nSamples} 个）：自适应时每个 bin 取 ceil(框高/ph)×ceil(框宽/pw) 个点。` +
          "请缩小框，或把 sampling_ratio 设为正数。";
        status.classList.add("is-error");
        root.dataset.roiState = "invalid";
        outPool.replaceChildren(el("p", { class: "cvbook-roi-none", text: "—" }));
        outAlign.replaceChildren(el("p", { class: "cvbook-roi-none", text: "—" }));
        if (reason !== "drag") placeCorners(null);
        drawPick();
        board.unsuspendUpdate();
        record(t0);
        return;
      }
      const poolGeo = core.poolGeometry(H, W, state.box, opts);
      const alignOut = core.align(feature, state.box, opts);
      const poolOut = core.pool(feature, state.box, opts);
      current = { geo, poolGeo, alignOut, poolOut, opts };
      status.textContent = "";
      status.classList.remove("is-error");
      root.dataset.roiState = "ok";

      // RoIPool cells
      const bins = poolGeo.bins.flat();
      ensurePoolCurves(bins.length);
      poolCurves.forEach((c, k) => {
        const xs = [];
        const ys = [];
        const b = bins[k];
        if (state.showPool && b && !b.empty) {
          rectPath(xs, ys, b.c0 - 0.5, b.r0 - 0.5, b.c1 - 0.5, b.r1 - 0.5);
        }
        c.dataX = xs;
        c.dataY = ys;
      });
      // RoIAlign bins and samples
      const bx = [];
      const by = [];
      const px = [];
      const py = [];
      points = [];
      if (state.showAlign) {
        for (let i = 0; i < geo.ph; i++) {
          for (let j = 0; j < geo.pw; j++) {
            const x0 = geo.box[0] + j * geo.binW;
            const y0 = geo.box[1] + i * geo.binH;
            rectPath(bx, by, x0, y0, x0 + geo.binW, y0 + geo.binH);
            if (points.length >= MAX_DRAWN_POINTS) continue;
            for (let iy = 0; iy < geo.gh; iy++) {
              for (let ix = 0; ix < geo.gw; ix++) {
                const p = core.samplePoint(geo, i, j, iy, ix);
                points.push({ x: p.x, y: p.y, i, j, iy, ix });
                px.push(p.x, p.x, NaN);
                py.push(-p.y, -p.y, NaN);
              }
            }
          }
        }
      }
      binCurve.dataX = bx;
      binCurve.dataY = by;
      pointCurve.dataX = px;
      pointCurve.dataY = py;
      pointCurve.setAttribute({ strokeWidth: points.length > 400 ? 3 : 5 });
      if (reason !== "drag") placeCorners(null);
      drawPick();
      board.unsuspendUpdate();

      // outputs and numbers
      renderTable(outPool, poolOut, "RoIPool 输出");
      renderTable(outAlign, alignOut, "RoIAlign 输出");
      const q = poolGeo.box;
      const adaptive = state.samplingRatio <= 0;
      stats.textContent =
        `RoIPool 取整后的框：列 ${q[0]}…${q[2]}，行 ${q[1]}…${q[3]}。` +
        `RoIAlign 在图上的框：x ${fmt(geo.box[0], 2)}…${fmt(geo.box[2], 2)}，` +
        `y ${fmt(geo.box[1], 2)}…${fmt(geo.box[3], 2)}；每个 bin 宽 ${fmt(geo.binW, 2)}、` +
        `高 ${fmt(geo.binH, 2)} 格，取 ${geo.gh} 行 × ${geo.gw} 列个采样点` +
        (adaptive ? "（自适应）" : "") +
        "。";
      record(t0);
    }

    function record(t0) {
      ROI.timings.push(performance.now() - t0);
      if (ROI.timings.length > 1000) ROI.timings.splice(0, ROI.timings.length - 1000);
    }

    function onInput() {
      readControls();
      update("input");
    }
    [...boxNames.map((n) => f[n]), f.ph, f.pw, f.sr, f.scale].forEach((input) => {
      input.addEventListener("input", onInput);
    });
    [f.aligned, f.showPool, f.showAlign].forEach((input) => input.addEventListener("change", onInput));

    // hover / tap a sampling point
    function nearestPoint(evt) {
      if (!points.length) return null;
      const uc = board.getUsrCoordsOfMouse(evt);
      const touch = evt.pointerType === "touch" || (evt.type || "").startsWith("touch");
      const radius = touch ? 18 : 10; // px
      let best = null;
      let bestD = radius * radius;
      for (const p of points) {
        const dx = (p.x - uc[0]) * board.unitX;
        const dy = (-p.y - uc[1]) * board.unitY;
        const d = dx * dx + dy * dy;
        if (d <= bestD) {
          bestD = d;
          best = p;
        }
      }
      return best;
    }
    function choose(p) {
      const key = p ? `${p.i},${p.j},${p.iy},${p.ix}` : "";
      const old = pick ? `${pick.i},${pick.j},${pick.iy},${pick.ix}` : "";
      if (key === old) return;
      pick = p ? { i: p.i, j: p.j, iy: p.iy, ix: p.ix } : pick;
      board.suspendUpdate();
      drawPick();
      board.unsuspendUpdate();
    }
    board.on("move", (evt) => {
      if (dragging || board.mode !== board.BOARD_MODE_NONE) return;
      const p = nearestPoint(evt);
      if (p) choose(p);
    });
    board.on("down", (evt) => {
      const p = nearestPoint(evt);
      if (p) choose(p);
    });
    function step(delta) {
      if (!points.length) return;
      let k = pick
        ? points.findIndex(
            (p) => p.i === pick.i && p.j === pick.j && p.iy === pick.iy && p.ix === pick.ix
          )
        : -1;
      k = (k + delta + points.length) % points.length;
      choose(points[k]);
    }
    prevBtn.addEventListener("click", () => step(-1));
    nextBtn.addEventListener("click", () => step(1));

    // responsive size
    let lastW = 0;
    function onResize() {
      const w = Math.floor(boardBox.parentNode.clientWidth || 0);
      if (!w || w === lastW) return;
      lastW = w;
      const [bw, bh] = sizeBoard();
      board.resizeContainer(bw, bh, false, true);
      board.setBoundingBox(bbox, true);
      board.fullUpdate();
    }
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(onResize).observe(boardBox.parentNode);
    }

    f.aligned.checked = state.aligned;
    update("init");
    onResize();
    return { board, update, state };
  }

  function mountAll() {
    if (typeof JXG === "undefined" || typeof ROI.align !== "function") {
      document.querySelectorAll('[data-cvbook-widget="roi"]').forEach((node) => {
        node.textContent = "无法加载交互控件（缺少 JSXGraph 或 roi-core.js）。";
      });
      return;
    }
    ROI.instances = ROI.instances || [];
    document.querySelectorAll('[data-cvbook-widget="roi"]').forEach((node) => {
      if (node.dataset.roiMounted) return;
      node.dataset.roiMounted = "1";
      ROI.instances.push(RoiWidget(node));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
