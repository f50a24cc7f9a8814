/*
 * The live IoU widget of 问题 14 on the website: two rotated boxes, two simple polygons and a
 * guess-the-IoU game, computed in the page by iou-core.js and drawn with JSXGraph (global JXG).
 *
 * Mounts on every element carrying data-cvbook-widget="iou" once the document is parsed.
 * Each update (compute + redraw) is timed; the durations (ms) go to
 * window.cvbookWidgets.iou.timings (the last 1000).
 */
(function () {
  "use strict";
  if (typeof window === "undefined") return;
  const ns = (window.cvbookWidgets = window.cvbookWidgets || {});
  const api = (ns.iou = ns.iou || {});
  const core = api; // iou-core.js attached rotated, polygon, ... here
  api.timings = api.timings || [];

  const BBOX = [-0.5, 10.5, 10.5, -0.5]; // user coordinates shown: [0, 10]^2 plus a margin
  const ROT_OFFSET = 0.9; // rotation handle: this far beyond the top edge's midpoint
  const STORE_KEY = "cvbook.iou.game.v1";
  let uid = 0;

  /** Push one update's duration (ms), keeping the last 1000. */
  function record(ms) {
    api.timings.push(ms);
    if (api.timings.length > 1000) api.timings.splice(0, api.timings.length - 1000);
  }

  /** Run fn() and record its duration. */
  function timed(fn) {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      record(performance.now() - t0);
    }
  }

  /** Create an element: h("div", {class: "x", text: "..."}, [children]). */
  function h(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children || []) if (c) e.appendChild(c);
    return e;
  }

  const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const fmt = (v, d) => (Number.isFinite(v) ? v.toFixed(d) : "—");
  const fmtNum = (v) => String(round(v, 2));

  /** Colours read from the widget's CSS custom properties (they follow the site theme). */
  function palette(root) {
    const cs = getComputedStyle(root);
    const get = (name, fallback) => cs.getPropertyValue(name).trim() || fallback;
    return {
      p: get("--cvbook-iou-p", "#0072B2"),
      q: get("--cvbook-iou-q", "#D55E00"),
      inter: get("--cvbook-iou-inter", "#009E73"),
      text: get("--cvbook-w-fg", "#222"),
      grid: get("--cvbook-w-grid", "#ccc"),
      bg: get("--cvbook-w-bg", "#fff"),
    };
  }

  /** Turn a core Error into a Chinese sentence for the reader. */
  function chineseError(err, labels, polys) {
    const who = labels[err.argument] || err.argument || "输入";
    switch (err.kind) {
      case "box-size":
        return `${who}的宽 w 和高 h 必须大于 0，无法计算 IoU。`;
      case "not-finite":
        return `${who}含有不是有限数的坐标，无法计算 IoU。`;
      case "shape":
        return `${who}至少需要 3 个顶点（每个顶点两个数 x, y）。`;
      case "self-intersecting": {
        const [i, j] = err.edges;
        return `${who}自交：第 ${i + 1} 条边与第 ${j + 1} 条边相交或相接。IoU 只对简单多边形有定义，请拖动顶点把它们分开。`;
      }
      case "zero-area": {
        const poly = polys && polys[err.argument];
        const edges = poly ? core.findSelfIntersection(poly) : null;
        if (edges) {
          return `${who}自交（正负面积相互抵消，有向面积为 0）：第 ${edges[0] + 1} 条边与第 ${edges[1] + 1} 条边相交。请拖动顶点把它们分开。`;
        }
        return `${who}的面积为 0（顶点共线或重合），IoU 没有定义。`;
      }
      default:
        return `无法计算：${err.message}`;
    }
  }

  /** A JSXGraph board in `div` with the book's settings. */
  function makeBoard(div, label) {
    const board = JXG.JSXGraph.initBoard(div.id, {
      boundingbox: BBOX.slice(),
      keepaspectratio: true,
      axis: false,
      grid: false,
      showCopyright: false,
      showNavigation: false,
      showInfobox: false,
      pan: { enabled: false },
      zoom: { enabled: false, wheel: false, pinch: false },
      keyboard: { enabled: false },
      precision: { touch: 22, mouse: 6, pen: 10, hasPoint: 6 },
      resize: { enabled: true, throttle: 60 },
      // JSXGraph drops pointer moves closer than 1/maxFrameRate s apart (default 60/s): at a
      // display's own 60 Hz that drops about every other move, sometimes the last one, and the
      // handle stops short of the finger. One update costs a few ms, so handle every move.
      maxFrameRate: 1000,
      tabindex: -1,
    });
    div.setAttribute("role", "img");
    div.setAttribute("aria-label", label);
    // A drag on the drawing takes the focus from a number field of the widget; otherwise each
    // update of that field would scroll the page to it while the reader drags.
    div.addEventListener("pointerdown", () => {
      const active = document.activeElement;
      const widget = div.closest(".cvbook-widget");
      if (active && widget && widget.contains(active) && active !== div) active.blur();
    });
    return board;
  }

  /** A closed outline drawn from a function returning vertices (or null, or a list of pieces). */
  function outline(board, get, attrs, pieces) {
    const c = board.create("curve", [[], []], Object.assign({ fixed: true, highlight: false }, attrs));
    c.updateDataArray = function () {
      const polys = pieces ? get() || [] : [get()].filter(Boolean);
      const xs = [];
      const ys = [];
      polys.forEach((poly, k) => {
        if (k > 0) {
          xs.push(NaN);
          ys.push(NaN);
        }
        for (const v of poly) {
          xs.push(v[0]);
          ys.push(v[1]);
        }
        if (poly.length) {
          xs.push(poly[0][0]);
          ys.push(poly[0][1]);
        }
      });
      this.dataX = xs;
      this.dataY = ys;
    };
    return c;
  }

  /** The unit grid of [0, 10]^2 as one curve (NaN breaks the path): one SVG path to update. */
  function gridLines(board, colour) {
    const xs = [];
    const ys = [];
    for (let k = 0; k <= 10; k++) {
      xs.push(k, k, NaN, 0, 10, NaN);
      ys.push(0, 10, NaN, k, k, NaN);
    }
    const grid = board.create("curve", [xs, ys], {
      strokeColor: colour,
      strokeWidth: 1,
      fixed: true,
      highlight: false,
    });
    return [grid];
  }

  /** A row of labelled <output>s: returns {node, set(name, text)}. */
  function readout(id, items) {
    const outs = {};
    const row = h("div", { class: "cvbook-iou-readout" });
    for (const [key, label, cls] of items) {
      const outId = `${id}-out-${key}`;
      const out = h("output", { id: outId, class: cls || "", "data-value": key, text: "—" });
      outs[key] = out;
      row.appendChild(
        h("div", { class: "cvbook-iou-reading" }, [h("label", { for: outId, text: label }), out])
      );
    }
    return {
      node: row,
      set(key, text) {
        outs[key].textContent = text;
      },
    };
  }

  function statusLine() {
    return h("p", { class: "cvbook-widget-status", role: "status", "aria-live": "polite" });
  }

  function setStatus(node, text, isError) {
    node.textContent = text || "";
    node.classList.toggle("is-error", Boolean(isError && text));
  }

  // ------------------------------------------------------------------ rotated boxes
  function rotatedPanel(panel, id, colours) {
    const boxes = [
      [4.5, 5.0, 5.0, 3.0, 20.0],
      [5.8, 5.6, 4.0, 3.5, -25.0],
    ];
    const labels = { box1: "框 1（蓝）", box2: "框 2（橙）" };
    const fields = [
      ["cx", "cx", 0.1],
      ["cy", "cy", 0.1],
      ["w", "w", 0.1],
      ["h", "h", 0.1],
      ["angle", "θ（度）", 1],
    ];
    const boardDiv = h("div", { id: `${id}-board`, class: "jxgbox cvbook-iou-board" });
    const out = readout(id, [
      ["iou", "IoU", "cvbook-iou-main"],
      ["area1", "框 1 面积", "is-p"],
      ["area2", "框 2 面积", "is-q"],
      ["inter", "交集面积", "is-inter"],
    ]);
    const status = statusLine();
    const inputs = [[], []];
    const sets = boxes.map((b, i) => {
      const fs = h("fieldset", { class: `cvbook-iou-box ${i ? "is-q" : "is-p"}` }, [
        h("legend", { text: i ? labels.box2 : labels.box1 }),
      ]);
      const row = h("div", { class: "cvbook-iou-fields" });
      fields.forEach(([key, label, step], k) => {
        const inputId = `${id}-b${i + 1}-${key}`;
        const input = h("input", {
          id: inputId,
          type: "number",
          step,
          inputmode: "decimal",
          "data-box": i + 1,
          "data-field": key,
          value: fmtNum(b[k]),
        });
        inputs[i].push(input);
        row.appendChild(
          h("div", { class: "cvbook-iou-field" }, [h("label", { for: inputId, text: label }), input])
        );
        input.addEventListener("input", () => {
          const v = input.value.trim() === "" ? NaN : Number(input.value);
          boxes[i][k] = v;
          placeHandles(i);
          refresh(input);
        });
      });
      fs.appendChild(row);
      return fs;
    });
    const hint = h("p", {
      class: "cvbook-widget-hint",
      text: "拖动实心圆点移动框，拖动方块改变宽和高，拖动空心圆点旋转；也可以在下面输入数值（方向键微调）。角度按数学坐标系逆时针为正。",
    });
    panel.append(
      h("div", { class: "cvbook-iou-layout" }, [
        boardDiv,
        h("div", { class: "cvbook-iou-side" }, [out.node, status, hint, ...sets]),
      ])
    );

    let board = null;
    let stats = null;
    const handles = [];
    const shapes = [];

    function local(b, lx, ly) {
      const t = (b[4] * Math.PI) / 180;
      return [b[0] + Math.cos(t) * lx - Math.sin(t) * ly, b[1] + Math.sin(t) * lx + Math.cos(t) * ly];
    }
    function boxOk(b) {
      return b.every(Number.isFinite);
    }
    function placeHandles(i) {
      if (!board) return;
      const b = boxes[i];
      if (!boxOk(b)) return;
      const H = handles[i];
      H.centre.setPosition(JXG.COORDS_BY_USER, [b[0], b[1]]);
      H.size.setPosition(JXG.COORDS_BY_USER, local(b, b[2] / 2, b[3] / 2));
      H.rot.setPosition(JXG.COORDS_BY_USER, local(b, 0, Math.abs(b[3]) / 2 + ROT_OFFSET));
    }

    function refresh(source) {
      timed(() => {
        const a = boxes[0];
        const b = boxes[1];
        try {
          stats = core.rotatedStats(a, b);
          setStatus(status, "");
          out.set("iou", fmt(stats.iou, 4));
          out.set("area1", fmt(stats.area1, 3));
          out.set("area2", fmt(stats.area2, 3));
          out.set("inter", fmt(stats.inter, 3));
        } catch (err) {
          stats = null;
          setStatus(status, chineseError(err, labels), true);
          for (const k of ["iou", "area1", "area2", "inter"]) out.set(k, "—");
        }
        inputs.forEach((row, i) =>
          row.forEach((input, k) => {
            // write only what changed: setting a focused field's value makes Chrome scroll to it
            const text = fmtNum(boxes[i][k]);
            if (input !== source && Number.isFinite(boxes[i][k]) && input.value !== text) input.value = text;
          })
        );
        if (board) board.update();
      });
    }

    function build() {
      board = makeBoard(boardDiv, "两个旋转框及其交集（绿色）的示意图；精确调整请用数值输入框。");
      const grid = gridLines(board, colours.grid);
      const polyOf = (i) => () =>
        boxOk(boxes[i]) ? core.rotatedBoxToPolygon.call(null, safeBox(boxes[i])) : null;
      const inter = outline(board, () => (stats ? stats.interPoly : null), {
        strokeWidth: 0,
        fillColor: colours.inter,
        fillOpacity: 0.55,
      });
      for (let i = 0; i < 2; i++) {
        const col = i ? colours.q : colours.p;
        const shape = outline(board, polyOf(i), {
          strokeColor: col,
          strokeWidth: 2.5,
          fillColor: col,
          fillOpacity: 0.06,
        });
        const stick = board.create("curve", [[], []], {
          strokeColor: col,
          strokeWidth: 1.5,
          dash: 2,
          fixed: true,
          highlight: false,
        });
        stick.updateDataArray = function () {
          const b = boxes[i];
          if (!boxOk(b)) {
            this.dataX = [];
            this.dataY = [];
            return;
          }
          const s = local(b, 0, Math.abs(b[3]) / 2);
          const e = local(b, 0, Math.abs(b[3]) / 2 + ROT_OFFSET);
          this.dataX = [s[0], e[0]];
          this.dataY = [s[1], e[1]];
        };
        shapes.push({ shape, stick });
      }
      // handles after both outlines, so no outline covers a handle
      for (let i = 0; i < 2; i++) {
        const col = i ? colours.q : colours.p;
        const common = {
          name: "",
          withLabel: false,
          showInfobox: false,
          strokeColor: col,
          highlightStrokeColor: col,
        };
        const centre = board.create(
          "point",
          [0, 0],
          Object.assign({}, common, { face: "o", size: 6, fillColor: col, highlightFillColor: col })
        );
        const size = board.create(
          "point",
          [0, 0],
          Object.assign({}, common, { face: "[]", size: 5, fillColor: col, highlightFillColor: col })
        );
        const rot = board.create(
          "point",
          [0, 0],
          Object.assign({}, common, {
            face: "o",
            size: 6,
            strokeWidth: 2.5,
            fillColor: colours.bg,
            highlightFillColor: colours.bg,
          })
        );
        handles.push({ centre, size, rot });
        centre.on("drag", () => {
          boxes[i][0] = round(clamp(centre.X(), 0, 10), 2);
          boxes[i][1] = round(clamp(centre.Y(), 0, 10), 2);
          placeHandles(i);
          refresh();
        });
        size.on("drag", () => {
          const b = boxes[i];
          const t = (b[4] * Math.PI) / 180;
          const dx = size.X() - b[0];
          const dy = size.Y() - b[1];
          const lx = Math.cos(t) * dx + Math.sin(t) * dy;
          const ly = -Math.sin(t) * dx + Math.cos(t) * dy;
          b[2] = round(clamp(2 * Math.abs(lx), 0.1, 14), 2);
          b[3] = round(clamp(2 * Math.abs(ly), 0.1, 14), 2);
          placeHandles(i);
          refresh();
        });
        rot.on("drag", () => {
          const b = boxes[i];
          let a = (Math.atan2(rot.Y() - b[1], rot.X() - b[0]) * 180) / Math.PI - 90;
          a = round(a, 1);
          if (a <= -180) a += 360;
          if (a > 180) a -= 360;
          b[4] = a;
          placeHandles(i);
          refresh();
        });
      }
      placeHandles(0);
      placeHandles(1);
      refresh();
      return {
        recolour(c) {
          grid.forEach((g) => g.setAttribute({ strokeColor: c.grid }));
          inter.setAttribute({ fillColor: c.inter });
          [c.p, c.q].forEach((col, i) => {
            shapes[i].shape.setAttribute({ strokeColor: col, fillColor: col });
            shapes[i].stick.setAttribute({ strokeColor: col });
            for (const p of Object.values(handles[i]))
              p.setAttribute({ strokeColor: col, highlightStrokeColor: col });
            handles[i].centre.setAttribute({ fillColor: col, highlightFillColor: col });
            handles[i].size.setAttribute({ fillColor: col, highlightFillColor: col });
            handles[i].rot.setAttribute({ fillColor: c.bg, highlightFillColor: c.bg });
          });
          board.update();
        },
      };
    }
    // A box typed with w <= 0 is still drawn (as a line or flipped) while the message shows.
    function safeBox(b) {
      return [b[0], b[1], Math.abs(b[2]) || 1e-9, Math.abs(b[3]) || 1e-9, b[4]];
    }
    refresh();
    return { build, boxes, refresh };
  }

  // ------------------------------------------------------------------ polygons
  const PRESETS = {
    lshape: {
      label: "L 形与正方形",
      p: [
        [1.5, 1.5],
        [6.5, 1.5],
        [6.5, 4],
        [4, 4],
        [4, 7.5],
        [1.5, 7.5],
      ],
      q: [
        [3, 3],
        [8, 3],
        [8, 8],
        [3, 8],
      ],
    },
    stars: {
      label: "两个星形",
      p: starShape(4.2, 5.2, 3.4, 1.4, 5, 90),
      q: starShape(6.2, 4.6, 3.0, 1.5, 6, 10),
    },
    arrow: {
      label: "箭头与三角形",
      p: [
        [1, 4],
        [5, 4],
        [5, 2],
        [9, 5.5],
        [5, 9],
        [5, 7],
        [1, 7],
      ],
      q: [
        [2, 1],
        [8.5, 2.5],
        [4.5, 9],
      ],
    },
    comb: {
      label: "梳子与凹四边形",
      p: [
        [1, 1],
        [9, 1],
        [9, 7],
        [7.5, 7],
        [7.5, 3],
        [6, 3],
        [6, 7],
        [4.5, 7],
        [4.5, 3],
        [3, 3],
        [3, 7],
        [1, 7],
      ],
      q: [
        [2, 2],
        [8, 5],
        [2, 9],
        [4, 5],
      ],
    },
    bowtie: {
      label: "自交示例（蝴蝶结）",
      p: [
        [1.5, 2],
        [7, 7.5],
        [7, 2],
        [1.5, 7.5],
      ],
      q: [
        [4, 3],
        [9, 3],
        [9, 8],
        [4, 8],
      ],
    },
  };

  function starShape(cx, cy, r1, r2, k, rot) {
    const pts = [];
    for (let i = 0; i < 2 * k; i++) {
      const t = ((rot + (i * 180) / k) * Math.PI) / 180;
      const r = i % 2 ? r2 : r1;
      pts.push([round(cx + r * Math.cos(t), 2), round(cy + r * Math.sin(t), 2)]);
    }
    return pts;
  }

  function parseVertices(text) {
    const parts = text
      .split(/[;；\n]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    return parts.map((s) => {
      const nums = s
        .split(/[\s,，]+/)
        .filter(Boolean)
        .map(Number);
      if (nums.length !== 2 || !nums.every(Number.isFinite)) return null;
      return nums;
    });
  }
  const formatVertices = (poly) => poly.map((v) => `${fmtNum(v[0])}, ${fmtNum(v[1])}`).join("; ");

  function polygonPanel(panel, id, colours) {
    const polys = { p: PRESETS.lshape.p.map((v) => v.slice()), q: PRESETS.lshape.q.map((v) => v.slice()) };
    const labels = { p: "多边形 P（蓝）", q: "多边形 Q（橙）" };
    const selected = { p: null, q: null };
    const boardDiv = h("div", { id: `${id}-board`, class: "jxgbox cvbook-iou-board" });
    const out = readout(id, [
      ["iou", "IoU", "cvbook-iou-main"],
      ["area1", "P 面积", "is-p"],
      ["area2", "Q 面积", "is-q"],
      ["inter", "交集面积", "is-inter"],
    ]);
    const status = statusLine();
    const presetId = `${id}-preset`;
    const preset = h("select", { id: presetId });
    for (const [key, pr] of Object.entries(PRESETS))
      preset.appendChild(h("option", { value: key, text: pr.label }));
    const texts = {};
    const groups = ["p", "q"].map((key) => {
      const tid = `${id}-${key}-vertices`;
      const ta = h("textarea", { id: tid, rows: 2, spellcheck: "false", "data-poly": key });
      texts[key] = ta;
      ta.addEventListener("change", () => {
        const pts = parseVertices(ta.value);
        if (pts.some((v) => v === null)) {
          setStatus(status, `${labels[key]}的顶点写法有误：每个顶点写成“x, y”，顶点之间用分号隔开。`, true);
          return;
        }
        polys[key] = pts;
        rebuildPoints();
        refresh(ta);
      });
      const add = h("button", { type: "button", text: "加顶点", "data-action": `add-${key}` });
      const del = h("button", { type: "button", text: "删顶点", "data-action": `del-${key}` });
      add.addEventListener("click", () => addVertex(key));
      del.addEventListener("click", () => removeVertex(key));
      return h("fieldset", { class: `cvbook-iou-box is-${key}` }, [
        h("legend", { text: labels[key] }),
        h("label", { for: tid, text: "顶点（x, y；按顺序，用分号隔开）" }),
        ta,
        h("div", { class: "cvbook-widget-controls" }, [add, del]),
      ]);
    });
    preset.addEventListener("change", () => {
      const pr = PRESETS[preset.value];
      polys.p = pr.p.map((v) => v.slice());
      polys.q = pr.q.map((v) => v.slice());
      selected.p = selected.q = null;
      rebuildPoints();
      refresh();
    });
    const hint = h("p", {
      class: "cvbook-widget-hint",
      text: "拖动顶点改变形状，可以是凹多边形。“加顶点”在选中顶点之后（或最长边的中点）插入一个顶点，“删顶点”删去选中的（最后拖动的）顶点。IoU 用本章的带符号扇形三角剖分计算。",
    });
    panel.append(
      h("div", { class: "cvbook-iou-layout" }, [
        boardDiv,
        h("div", { class: "cvbook-iou-side" }, [
          out.node,
          status,
          h("div", { class: "cvbook-widget-controls" }, [
            h("label", { for: presetId, text: "预设形状" }),
            preset,
          ]),
          hint,
          ...groups,
        ]),
      ])
    );

    let board = null;
    let stats = null;
    let pieces = [];
    const points = { p: [], q: [] };
    let outlines = null;

    function refresh(source) {
      timed(() => {
        try {
          stats = core.polygonStats(polys.p, polys.q);
          pieces = core.intersectionPieces(stats.p, stats.q);
          setStatus(status, "");
          out.set("iou", fmt(stats.iou, 4));
          out.set("area1", fmt(stats.areaP, 3));
          out.set("area2", fmt(stats.areaQ, 3));
          out.set("inter", fmt(stats.inter, 3));
        } catch (err) {
          stats = null;
          pieces = [];
          setStatus(status, chineseError(err, labels, polys), true);
          for (const k of ["iou", "area1", "area2", "inter"]) out.set(k, "—");
        }
        for (const key of ["p", "q"]) {
          const text = formatVertices(polys[key]);
          if (texts[key] !== source && texts[key].value !== text) texts[key].value = text;
        }
        if (board) board.update();
      });
    }

    function pointStyle(key, k) {
      const col = key === "p" ? colours.p : colours.q;
      return {
        name: `${key.toUpperCase()}${k + 1}`,
        withLabel: true,
        label: { offset: [7, 7], fontSize: 11, strokeColor: col, highlight: false },
        showInfobox: false,
        face: "o",
        size: 5,
        fillColor: col,
        strokeColor: col,
        highlightFillColor: col,
        highlightStrokeColor: col,
      };
    }

    function rebuildPoints() {
      if (!board) return;
      board.suspendUpdate();
      for (const key of ["p", "q"]) {
        for (const pt of points[key]) board.removeObject(pt);
        points[key] = polys[key].map((v, k) => {
          const pt = board.create("point", [v[0], v[1]], pointStyle(key, k));
          pt.on("down", () => {
            selected[key] = k;
          });
          pt.on("drag", () => {
            selected[key] = k;
            const x = round(clamp(pt.X(), -0.5, 10.5), 2);
            const y = round(clamp(pt.Y(), -0.5, 10.5), 2);
            polys[key][k] = [x, y];
            pt.setPosition(JXG.COORDS_BY_USER, [x, y]);
            refresh();
          });
          return pt;
        });
      }
      board.unsuspendUpdate();
    }

    function addVertex(key) {
      const poly = polys[key];
      let k = selected[key];
      if (k === null || k >= poly.length) {
        let best = -1;
        poly.forEach((v, i) => {
          const w = poly[(i + 1) % poly.length];
          const d = Math.hypot(w[0] - v[0], w[1] - v[1]);
          if (d > best) {
            best = d;
            k = i;
          }
        });
      }
      const a = poly[k];
      const b = poly[(k + 1) % poly.length];
      poly.splice(k + 1, 0, [round((a[0] + b[0]) / 2, 2), round((a[1] + b[1]) / 2, 2)]);
      selected[key] = k + 1;
      rebuildPoints();
      refresh();
    }

    function removeVertex(key) {
      const poly = polys[key];
      if (poly.length <= 3) {
        setStatus(status, `${labels[key]}只剩 3 个顶点，不能再删。`, true);
        return;
      }
      const k = selected[key] === null || selected[key] >= poly.length ? poly.length - 1 : selected[key];
      poly.splice(k, 1);
      selected[key] = null;
      rebuildPoints();
      refresh();
    }

    function build() {
      board = makeBoard(boardDiv, "两个多边形及其交集（绿色）的示意图；精确调整请用顶点坐标输入框。");
      const grid = gridLines(board, colours.grid);
      const inter = outline(
        board,
        () => pieces,
        { strokeWidth: 0, fillColor: colours.inter, fillOpacity: 0.55 },
        true
      );
      outlines = ["p", "q"].map((key) => {
        const col = key === "p" ? colours.p : colours.q;
        return outline(board, () => polys[key], {
          strokeColor: col,
          strokeWidth: 2.5,
          fillColor: col,
          fillOpacity: 0.06,
        });
      });
      rebuildPoints();
      refresh();
      return {
        recolour(c) {
          grid.forEach((g) => g.setAttribute({ strokeColor: c.grid }));
          inter.setAttribute({ fillColor: c.inter });
          ["p", "q"].forEach((key, i) => {
            const col = key === "p" ? c.p : c.q;
            outlines[i].setAttribute({ strokeColor: col, fillColor: col });
            for (const pt of points[key]) {
              pt.setAttribute({
                fillColor: col,
                strokeColor: col,
                highlightFillColor: col,
                highlightStrokeColor: col,
              });
              if (pt.label) pt.label.setAttribute({ strokeColor: col });
            }
          });
          board.update();
        },
      };
    }
    refresh();
    return { build, polys, refresh };
  }

  // ------------------------------------------------------------------ the game
  function loadRecord() {
    const empty = { rounds: 0, total: 0, best: null, history: [] };
    try {
      const raw = window.localStorage.getItem(STORE_KEY);
      if (!raw) return empty;
      const r = JSON.parse(raw);
      if (!r || typeof r.rounds !== "number" || typeof r.total !== "number" || !Array.isArray(r.history))
        return empty;
      return r;
    } catch (e) {
      return empty; // storage blocked (private mode, file:// policies) or corrupt
    }
  }

  function saveRecord(r) {
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(r));
      return true;
    } catch (e) {
      return false;
    }
  }

  function gamePanel(panel, id, colours) {
    const boardDiv = h("div", { id: `${id}-board`, class: "jxgbox cvbook-iou-board" });
    const guessId = `${id}-guess`;
    const rangeId = `${id}-guess-range`;
    const guess = h("input", {
      id: guessId,
      type: "number",
      min: 0,
      max: 1,
      step: 0.01,
      inputmode: "decimal",
      value: "0.50",
    });
    const range = h("input", { id: rangeId, type: "range", min: 0, max: 1, step: 0.01, value: "0.5" });
    const submit = h("button", {
      type: "button",
      class: "cvbook-primary",
      text: "提交猜测",
      "data-action": "guess",
    });
    const next = h("button", { type: "button", text: "换一对", "data-action": "next" });
    const reset = h("button", { type: "button", text: "清空记录", "data-action": "reset" });
    const result = h("p", { class: "cvbook-iou-result", "aria-live": "polite" });
    const status = statusLine();
    const recordLine = h("p", { class: "cvbook-iou-record" });
    const history = h("ol", { class: "cvbook-iou-history", reversed: true });
    panel.append(
      h("div", { class: "cvbook-iou-layout" }, [
        boardDiv,
        h("div", { class: "cvbook-iou-side" }, [
          h("p", {
            class: "cvbook-widget-hint",
            text: "看图估计蓝、橙两个框的 IoU，输入 0 到 1 之间的数后提交。误差为 0 得 100 分，误差达到 0.5 得 0 分（得分 = 100 × max(0, 1 − 2 × 误差)，取整）。",
          }),
          h("div", { class: "cvbook-widget-controls cvbook-iou-guess" }, [
            h("label", { for: guessId, text: "你猜的 IoU" }),
            guess,
            h("label", { for: rangeId, class: "cvbook-visually-hidden", text: "你猜的 IoU（滑块）" }),
            range,
          ]),
          h("div", { class: "cvbook-widget-controls" }, [submit, next]),
          result,
          status,
          recordLine,
          history,
          h("div", { class: "cvbook-widget-controls" }, [reset]),
        ]),
      ])
    );

    let board = null;
    let pair = null;
    let stats = null;
    let revealed = false;
    let rec = loadRecord();

    function showRecord() {
      if (!rec.rounds) {
        recordLine.textContent = "还没有记录。";
      } else {
        const avg = Math.round(rec.total / rec.rounds);
        recordLine.textContent = `已玩 ${rec.rounds} 轮，平均 ${avg} 分，最高 ${rec.best} 分。`;
      }
      history.textContent = "";
      for (const item of rec.history.slice(-5).reverse()) {
        history.appendChild(
          h("li", { text: `真实 ${item.truth.toFixed(3)}，猜 ${item.guess.toFixed(2)}，${item.score} 分` })
        );
      }
    }

    function newPair() {
      timed(() => {
        pair = core.randomPair(Math.random);
        stats = core.rotatedStats(pair[0], pair[1]);
        revealed = false;
        submit.disabled = false;
        result.textContent = "这一对框的 IoU 是多少？";
        if (board) board.update();
      });
    }

    function check() {
      if (!stats || revealed) return;
      const g = guess.value.trim() === "" ? NaN : Number(guess.value);
      if (!(g >= 0 && g <= 1)) {
        setStatus(status, "请输入 0 到 1 之间的数。", true);
        return;
      }
      setStatus(status, "");
      const score = core.scoreGuess(g, stats.iou);
      revealed = true;
      submit.disabled = true;
      rec.rounds += 1;
      rec.total += score;
      rec.best = rec.best === null ? score : Math.max(rec.best, score);
      rec.history.push({ truth: stats.iou, guess: g, score });
      rec.history = rec.history.slice(-20);
      const saved = saveRecord(rec);
      result.textContent = `真实 IoU = ${stats.iou.toFixed(3)}，你猜 ${g.toFixed(2)}，误差 ${Math.abs(g - stats.iou).toFixed(3)}，得 ${score} 分。`;
      if (!saved) setStatus(status, "浏览器不允许保存记录（localStorage 不可用），记录只在本页有效。");
      showRecord();
      timed(() => board && board.update());
      next.focus();
    }

    guess.addEventListener("input", () => {
      const g = Number(guess.value);
      if (guess.value.trim() !== "" && g >= 0 && g <= 1) range.value = String(g);
    });
    guess.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") {
        ev.preventDefault(); // the focus moves to 换一对: Enter must not press it too
        check();
      }
    });
    range.addEventListener("input", () => {
      guess.value = Number(range.value).toFixed(2);
    });
    submit.addEventListener("click", check);
    next.addEventListener("click", () => {
      newPair();
      guess.focus();
    });
    reset.addEventListener("click", () => {
      rec = { rounds: 0, total: 0, best: null, history: [] };
      saveRecord(rec);
      showRecord();
    });

    function build() {
      board = makeBoard(boardDiv, "猜 IoU 的两个框；提交后绿色显示交集。");
      const grid = gridLines(board, colours.grid);
      const inter = outline(board, () => (revealed && stats ? stats.interPoly : null), {
        strokeWidth: 0,
        fillColor: colours.inter,
        fillOpacity: 0.55,
      });
      const shapes = [0, 1].map((i) =>
        outline(board, () => (stats ? (i ? stats.q : stats.p) : null), {
          strokeColor: i ? colours.q : colours.p,
          strokeWidth: 2.5,
          fillColor: i ? colours.q : colours.p,
          fillOpacity: 0.06,
        })
      );
      board.update();
      return {
        recolour(c) {
          grid.forEach((g) => g.setAttribute({ strokeColor: c.grid }));
          inter.setAttribute({ fillColor: c.inter });
          shapes.forEach((s, i) => s.setAttribute({ strokeColor: i ? c.q : c.p, fillColor: i ? c.q : c.p }));
          board.update();
        },
      };
    }
    showRecord();
    newPair();
    return { build, check, newPair };
  }

  // ------------------------------------------------------------------ mounting
  /**
   * Build the widget (three tabs: rotated boxes, polygons, guessing game) inside `root`.
   * Called for every [data-cvbook-widget="iou"] once the document is parsed; calling it again
   * on the same element does nothing. Exposed as window.cvbookWidgets.iou.mount.
   * @param {HTMLElement} root the container; its content is replaced.
   * @returns {void}
   */
  function mount(root) {
    if (root.dataset.cvbookMounted) return;
    root.dataset.cvbookMounted = "1";
    const id = `cvbook-iou-${++uid}`;
    root.classList.add("cvbook-widget", "cvbook-iou");
    root.textContent = "";
    const tabs = [
      ["rotated", "两个旋转框", rotatedPanel],
      ["polygon", "多边形", polygonPanel],
      ["game", "猜 IoU", gamePanel],
    ];
    const tablist = h("div", { class: "cvbook-tabs", role: "tablist", "aria-label": "IoU 控件" });
    root.appendChild(tablist);
    if (typeof JXG === "undefined") {
      const msg = statusLine();
      setStatus(msg, "绘图库 JSXGraph 没有加载，控件无法显示。", true);
      root.appendChild(msg);
      return;
    }
    const colours = palette(root);
    const views = [];
    const buttons = [];
    tabs.forEach(([key, label, make], k) => {
      const tabId = `${id}-tab-${key}`;
      const panelId = `${id}-panel-${key}`;
      const btn = h("button", {
        type: "button",
        role: "tab",
        id: tabId,
        "aria-controls": panelId,
        "aria-selected": k === 0 ? "true" : "false",
        tabindex: k === 0 ? 0 : -1,
        "data-tab": key,
        text: label,
      });
      const panel = h("section", {
        role: "tabpanel",
        id: panelId,
        "aria-labelledby": tabId,
        class: "cvbook-tabpanel",
        "data-panel": key,
      });
      if (k) panel.hidden = true;
      tablist.appendChild(btn);
      root.appendChild(panel);
      buttons.push(btn);
      views.push({ panel, view: make(panel, `${id}-${key}`, colours), drawn: null });
      btn.addEventListener("click", () => select(k));
      btn.addEventListener("keydown", (ev) => {
        const d = { ArrowRight: 1, ArrowLeft: -1, Home: -k, End: tabs.length - 1 - k }[ev.key];
        if (d === undefined) return;
        ev.preventDefault();
        const j = (k + d + tabs.length) % tabs.length;
        select(j);
        buttons[j].focus();
      });
    });
    function select(k) {
      buttons.forEach((b, j) => {
        b.setAttribute("aria-selected", j === k ? "true" : "false");
        b.tabIndex = j === k ? 0 : -1;
        views[j].panel.hidden = j !== k;
      });
      const v = views[k];
      if (!v.drawn) v.drawn = v.view.build(); // boards are made when first visible (they need a size)
    }
    select(0);
    // follow the site's light/dark switch
    const obs = new MutationObserver(() => {
      Object.assign(colours, palette(root)); // the panels hold this object
      for (const v of views) if (v.drawn) v.drawn.recolour(colours);
    });
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    root._cvbookIou = { views, select };
  }

  function mountAll() {
    document.querySelectorAll('[data-cvbook-widget="iou"]').forEach((root) => {
      try {
        mount(root);
      } catch (err) {
        root.appendChild(
          h("p", { class: "cvbook-widget-status is-error", role: "status", text: `控件出错：${err.message}` })
        );
      }
    });
  }
  api.mount = mount;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
