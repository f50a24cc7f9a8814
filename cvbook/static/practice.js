/*
 * 模拟面试: the practice page (practice.md). It fills
 * <div class="cvbook-practice" data-cvbook-practice="app"></div> from
 *   - window.cvbookPracticeData (_static/practice-data.js, extracted from the chapters at build
 *     time: each question, its 30 秒回答 and its 常见追问 as rendered HTML), and
 *   - window.cvbookPractice (practice-core.js: the Leitner schedule and the store).
 * A plain script, not a module: the site must work when opened from disk (file://). Every change
 * goes through practice-core's update() (read, change, write back), so a chapter page open in
 * another tab recording a quiz result is never overwritten.
 */
(function () {
  "use strict";

  const NS = "http://www.w3.org/2000/svg";
  const RATING_KEYS = { 1: "good", 2: "partial", 3: "again" };
  const CHART_DAYS = 30;

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "className") e.className = v;
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children || []) e.append(c);
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  /** localStorage if the browser lets the page use it, else a store kept in memory. */
  function pickStorage() {
    try {
      const s = window.localStorage;
      s.setItem("cvbook-practice-probe", "1");
      s.removeItem("cvbook-practice-probe");
      return { storage: s, persistent: true };
    } catch (e) {
      const data = {};
      return {
        storage: {
          getItem: (k) => (k in data ? data[k] : null),
          setItem: (k, v) => {
            data[k] = String(v);
          },
        },
        persistent: false,
      };
    }
  }

  /** Typeset math in `node` once MathJax is ready; calls are chained as MathJax asks. */
  function typeset(node) {
    const MJ = window.MathJax;
    if (!MJ || !MJ.startup || !MJ.startup.promise || !MJ.typesetPromise) return;
    MJ.startup.promise = MJ.startup.promise
      .then(() => MJ.typesetPromise([node]))
      .catch(() => {
        // a formula MathJax cannot parse is shown as its source; nothing else to do
      });
  }

  function clearMath(node) {
    const MJ = window.MathJax;
    if (MJ && typeof MJ.typesetClear === "function") {
      try {
        MJ.typesetClear([node]);
      } catch (e) {
        // MathJax not started yet: nothing to clear
      }
    }
  }

  function isRelative(url) {
    return !!url && !/^([a-z][a-z0-9+.-]*:|\/\/|\/)/i.test(url);
  }

  /** Put an HTML fragment from the data file into `node`, with links made relative to this page.
   *  Links in the fragments are relative to the site root; `#id` points into the chapter. */
  function setFragment(node, html, root, chapterUrl) {
    clearMath(node);
    node.innerHTML = html;
    for (const a of node.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href");
      if (href.charAt(0) === "#") a.setAttribute("href", root + chapterUrl + href);
      else if (isRelative(href)) a.setAttribute("href", root + href);
    }
    for (const img of node.querySelectorAll("img[src]")) {
      const src = img.getAttribute("src");
      if (isRelative(src)) img.setAttribute("src", root + src);
    }
    for (const e of node.querySelectorAll("[id]")) e.removeAttribute("id"); // no duplicate ids
  }

  function formatClock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function start(container) {
    const P = window.cvbookPractice;
    const data = window.cvbookPracticeData;
    if (!P || !data || !Array.isArray(data.questions) || !data.questions.length) {
      container.textContent =
        "模拟面试的题目数据没有加载（_static/practice-data.js）：请重新构建本书后再打开本页。";
      container.classList.add("cvp-broken");
      return;
    }
    const questions = data.questions.slice().sort((a, b) => a.n - b.n);
    const byN = new Map(questions.map((q) => [q.n, q]));
    const parts = (data.parts || []).filter((p) => questions.some((q) => q.part === p));
    const root = document.documentElement.dataset.content_root || "";
    const { storage, persistent } = pickStorage();
    const loaded = P.loadWithStatus(storage);

    const state = {
      current: null, // {n, mode, fu, status}
      revealed: false,
      skipped: [],
      ahead: false,
      timer: null, // {id, end}
      view: "practice",
      pending: null, // an import waiting for confirmation
    };

    // ------------------------------------------------------------ skeleton
    container.classList.add("cvp");
    container.innerHTML = "";
    const tabPractice = el("button", {
      type: "button",
      role: "tab",
      "data-view": "practice",
      "aria-selected": "true",
      "aria-controls": "cvp-panel-practice",
      id: "cvp-tab-practice",
      text: "练习",
    });
    const tabProgress = el("button", {
      type: "button",
      role: "tab",
      "data-view": "progress",
      "aria-selected": "false",
      "aria-controls": "cvp-panel-progress",
      id: "cvp-tab-progress",
      tabindex: "-1",
      text: "进度",
    });
    const tabs = el("div", { className: "cvp-tabs", role: "tablist", "aria-label": "模拟面试" }, [
      tabPractice,
      tabProgress,
    ]);

    // controls
    const partSelect = el("select", { "data-setting": "part", "aria-label": "只练某一部分" }, [
      el("option", { value: "", text: "全部 " + questions.length + " 题" }),
      ...parts.map((p) => el("option", { value: p, text: p })),
    ]);
    const modeMain = el("input", { type: "radio", name: "cvp-mode", value: "main" });
    const modeFollow = el("input", { type: "radio", name: "cvp-mode", value: "followup" });
    const timerBox = el("input", { type: "checkbox", "data-setting": "timer" });
    const secondsInput = el("input", {
      type: "number",
      "data-setting": "seconds",
      min: String(P.MIN_SECONDS),
      max: String(P.MAX_SECONDS),
      step: "5",
      inputmode: "numeric",
      "aria-label": "倒计时秒数",
    });
    const controls = el("div", { className: "cvp-controls" }, [
      el("label", { className: "cvp-field" }, [el("span", { text: "部分" }), partSelect]),
      el("fieldset", { className: "cvp-field cvp-mode" }, [
        el("legend", { className: "cvp-sr", text: "模式" }),
        el("label", {}, [modeMain, document.createTextNode("主问题")]),
        el("label", {}, [modeFollow, document.createTextNode("追问")]),
      ]),
      el("span", { className: "cvp-field" }, [
        el("label", {}, [timerBox, document.createTextNode("倒计时")]),
        secondsInput,
        el("span", { text: "秒" }),
      ]),
    ]);
    const statusLine = el("p", { className: "cvp-statusline", "data-role": "status-line" });
    const notice = el("p", { className: "cvp-notice", "data-role": "notice", hidden: true });

    // the question card
    const meta = el("span", { className: "cvp-meta", "data-role": "meta" });
    const timerButton = el("button", {
      type: "button",
      className: "cvp-timer",
      "data-role": "timer",
      title: "点击重新开始倒计时",
      hidden: true,
    });
    const context = el("p", { className: "cvp-context", "data-role": "context", hidden: true });
    const questionEl = el("div", {
      className: "cvp-question",
      role: "heading",
      "aria-level": "2",
      "data-role": "question",
    });
    const timerBar = el("div", { className: "cvp-timerbar", "aria-hidden": "true", hidden: true }, [
      el("div"),
    ]);
    const notes = el("textarea", {
      "data-role": "notes",
      rows: "4",
      placeholder: "边说边记要点，显示答案后对照（不保存）",
    });
    const revealButton = el("button", {
      type: "button",
      className: "cvp-primary",
      "data-action": "reveal",
      "aria-keyshortcuts": "Space",
    }, [document.createTextNode("显示答案"), el("kbd", { text: "空格" })]);
    const skipButton = el("button", { type: "button", "data-action": "skip", text: "跳过" });
    const answerBody = el("div", { className: "cvp-answer-body", "data-role": "answer-body" });
    const followList = el("div", { className: "cvp-followups", "data-role": "followups" });
    const followHead = el("h3", { text: "常见追问" });
    const answerHead = el("h3", { text: "30 秒回答" });
    const chapterLink = el("a", { className: "cvp-chapter-link", "data-role": "chapter-link" });
    const answer = el("div", { className: "cvp-answer", "data-role": "answer", hidden: true, tabindex: "-1" }, [
      answerHead,
      answerBody,
      followHead,
      followList,
      el("p", {}, [chapterLink]),
    ]);
    const rateButtons = P.RATINGS.map((r, i) =>
      el("button", {
        type: "button",
        className: "cvp-rate-" + r,
        "data-action": "rate",
        "data-rating": r,
        "aria-keyshortcuts": String(i + 1),
      }, [document.createTextNode(P.LABELS[r]), el("kbd", { text: String(i + 1) })])
    );
    const rateBox = el("div", { className: "cvp-rate", "data-role": "rate", hidden: true }, [
      el("span", { className: "cvp-rate-prompt", text: "你答得怎么样？" }),
      ...rateButtons,
    ]);
    const card = el("article", { className: "cvp-card", "data-role": "card", tabindex: "-1" }, [
      el("div", { className: "cvp-card-head" }, [meta, timerButton]),
      context,
      questionEl,
      timerBar,
      el("label", { className: "cvp-notes" }, [el("span", { text: "笔记" }), notes]),
      el("div", { className: "cvp-actions", "data-role": "actions" }, [revealButton, skipButton]),
      answer,
      rateBox,
    ]);
    const lastRated = el("p", { className: "cvp-lastrated", "data-role": "last-rated", "aria-live": "polite" });
    const done = el("div", { className: "cvp-done", "data-role": "done", hidden: true });

    const help = el("details", { className: "cvp-help" });
    help.innerHTML =
      "<summary>怎么安排题目？（间隔重复：Leitner 盒子）</summary>" +
      "<ul>" +
      "<li>本页用 <strong>Leitner 盒子</strong>安排复习，而不是 SM-2：你只给自己打三档分，" +
      "三档自评不足以像 SM-2 那样为每道题估出一个「难度系数」；盒子的规则简单、可预期，" +
      "哪道题哪天回来，看它在几号盒就知道。</li>" +
      "<li>每道题在 0–5 号盒里，新题在 0 号盒。<strong>答出</strong>：升一盒，" +
      "分别隔 1、3、7、14、30 天再问；<strong>部分</strong>：降一盒，明天再问；" +
      "<strong>没答出</strong>：回到 0 号盒，10 分钟后再问。</li>" +
      "<li>出题顺序：先问到期的旧题（盒号小的先问，再按到期时间、题号），再按题号问没练过的新题。" +
      "天数按本地日期算：隔 1 天的题，明天零点起到期。没有到期的题时可以提前练。</li>" +
      "<li>追问模式有自己的一套盒子，同一章的几个追问轮流出现。</li>" +
      "<li>自测成绩来自章节页的「自测」：每道题<strong>第一次作答</strong>是否答对" +
      "（之后改对不算，这样分数才反映你原本会不会），记为「上次自测 答对/题数」。</li>" +
      "<li>键盘：<kbd>空格</kbd> 显示答案，<kbd>1</kbd> <kbd>2</kbd> <kbd>3</kbd> 评分" +
      "（在笔记框里打字时不响应）。</li>" +
      "<li>进度只保存在这个浏览器里（localStorage），不会上传；换设备或清理浏览器数据前，" +
      "在「进度」里导出。</li>" +
      "</ul>";

    const practicePanel = el("section", {
      className: "cvp-panel",
      "data-panel": "practice",
      role: "tabpanel",
      id: "cvp-panel-practice",
      "aria-labelledby": "cvp-tab-practice",
    }, [controls, statusLine, notice, card, done, lastRated, help]);

    // progress panel
    const summaryEl = el("p", { className: "cvp-summary", "data-role": "summary" });
    const chart = el("figure", { className: "cvp-chart", "data-role": "chart" });
    const table = el("table", { className: "cvp-progress", "data-role": "progress" });
    const tableWrap = el("div", { className: "cvp-table-wrap", tabindex: "0", "aria-label": "每题进度" }, [
      table,
    ]);
    const fileInput = el("input", {
      type: "file",
      accept: ".json,application/json",
      hidden: true,
      "data-role": "import-file",
      "aria-label": "选择进度文件",
    });
    const exportButton = el("button", { type: "button", "data-action": "export", text: "导出进度" });
    const importButton = el("button", { type: "button", "data-action": "import", text: "导入进度…" });
    const resetButton = el("button", {
      type: "button",
      "data-action": "reset",
      className: "cvp-danger",
      text: "清除进度…",
    });
    const confirmText = el("p", { "data-role": "confirm-text" });
    const confirmYes = el("button", { type: "button", "data-action": "confirm", className: "cvp-danger" });
    const confirmNo = el("button", { type: "button", "data-action": "cancel", text: "取消" });
    const confirmBox = el("div", { className: "cvp-confirm", "data-role": "confirm", hidden: true, role: "group" }, [
      confirmText,
      el("div", { className: "cvp-actions" }, [confirmYes, confirmNo]),
    ]);
    const message = el("p", { className: "cvp-message", "data-role": "message", role: "status" });
    const progressPanel = el("section", {
      className: "cvp-panel",
      "data-panel": "progress",
      role: "tabpanel",
      id: "cvp-panel-progress",
      "aria-labelledby": "cvp-tab-progress",
      hidden: true,
    }, [
      summaryEl,
      chart,
      tableWrap,
      el("div", { className: "cvp-data" }, [exportButton, importButton, resetButton, fileInput]),
      confirmBox,
      message,
    ]);

    container.append(tabs, practicePanel, progressPanel);

    // ------------------------------------------------------------ state helpers
    function store() {
      return P.load(storage);
    }

    function settings() {
      return store().settings;
    }

    function change(fn) {
      return P.update(storage, fn);
    }

    function applySettings() {
      const s = settings();
      partSelect.value = parts.indexOf(s.part) >= 0 ? s.part : "";
      modeMain.checked = s.mode !== "followup";
      modeFollow.checked = s.mode === "followup";
      timerBox.checked = s.timer;
      secondsInput.value = String(s.seconds);
      secondsInput.disabled = !s.timer;
    }

    function filterOpts(extra) {
      const s = settings();
      return Object.assign(
        { part: parts.indexOf(s.part) >= 0 ? s.part : "", mode: s.mode, exclude: state.skipped },
        extra || {}
      );
    }

    // ------------------------------------------------------------ timer
    function stopTimer() {
      if (state.timer) clearInterval(state.timer.id);
      state.timer = null;
    }

    function startTimer() {
      stopTimer();
      const s = settings();
      timerButton.hidden = !s.timer;
      timerBar.hidden = !s.timer;
      timerButton.classList.remove("cvp-timeup");
      if (!s.timer || !state.current) return;
      const total = s.seconds * 1000;
      const end = Date.now() + total;
      const bar = timerBar.firstChild;
      const tick = () => {
        const left = end - Date.now();
        bar.style.width = (100 * Math.max(0, left)) / total + "%";
        if (left <= 0) {
          timerButton.textContent = "时间到";
          timerButton.classList.add("cvp-timeup");
          stopTimer();
          return;
        }
        timerButton.textContent = formatClock(left / 1000);
      };
      state.timer = { id: setInterval(tick, 250), end: end };
      tick();
    }

    function pauseTimerDisplay() {
      // once the answer is shown the countdown stops where it was
      stopTimer();
    }

    // ------------------------------------------------------------ asking
    function show(n, mode, status) {
      const q = byN.get(n);
      if (!q) return false;
      if (mode === "followup" && !(q.followups && q.followups.length)) mode = "main";
      const fu = mode === "followup" ? P.followupIndex(store(), n, q.followups.length) : -1;
      state.current = { n: n, mode: mode, fu: fu, status: status };
      state.revealed = false;
      card.hidden = false;
      done.hidden = true;
      card.dataset.n = String(n);
      card.dataset.mode = mode;
      const tag = status === "new" ? "新题" : status === "ahead" ? "提前练" : status === "chosen" ? "指定" : "复习";
      if (mode === "followup") {
        meta.textContent = "问题 " + n + " · 追问 " + (fu + 1) + "/" + q.followups.length + " · " + q.part;
        context.hidden = false;
        context.textContent = "原题：" + q.title;
        setFragment(questionEl, q.followups[fu].q, root, q.url);
      } else {
        meta.textContent = "问题 " + n + " · " + q.part;
        context.hidden = true;
        clearMath(questionEl);
        questionEl.textContent = q.title;
      }
      meta.append(el("span", { className: "cvp-tag cvp-tag-" + status, text: tag }));
      notes.value = "";
      answer.hidden = true;
      rateBox.hidden = true;
      revealButton.hidden = false;
      skipButton.hidden = false;
      for (const b of rateButtons) b.disabled = true;
      clearMath(answerBody);
      clearMath(followList);
      answerBody.innerHTML = "";
      followList.innerHTML = "";
      typeset(questionEl);
      startTimer();
      renderStatus();
      return true;
    }

    function next(opts) {
      const pick = P.pickNext(store(), questions, Date.now(), filterOpts(opts));
      if (pick) {
        show(pick.n, settings().mode, pick.status);
      } else {
        showDone();
      }
    }

    function showDone() {
      stopTimer();
      state.current = null;
      state.revealed = false;
      card.hidden = true;
      done.hidden = false;
      done.innerHTML = "";
      const now = Date.now();
      const s = store();
      const later = P.queue(s, questions, now, filterOpts()).later;
      const scope = filterOpts().part ? "「" + filterOpts().part + "」这一部分" : "现在";
      done.append(el("p", { className: "cvp-done-title", text: scope + "没有到期的题了。" }));
      if (later.length) {
        const n = later[0];
        const recs = s.settings.mode === "followup" ? s.followups : s.items;
        done.append(
          el("p", {
            text: "下一题到期：问题 " + n + "，" + P.dueLabel(recs[String(n)].due, now) + "。",
          })
        );
      }
      const actions = el("div", { className: "cvp-actions" });
      if (state.skipped.length) {
        const again = el("button", {
          type: "button",
          "data-action": "unskip",
          text: "再问跳过的 " + state.skipped.length + " 题",
        });
        again.addEventListener("click", () => {
          state.skipped = [];
          next();
        });
        actions.append(again);
      }
      if (later.length) {
        const ahead = el("button", {
          type: "button",
          className: "cvp-primary",
          "data-action": "ahead",
          text: "提前练一题",
        });
        ahead.addEventListener("click", () => next({ ahead: true }));
        actions.append(ahead);
      }
      const toProgress = el("button", { type: "button", "data-action": "to-progress", text: "看进度" });
      toProgress.addEventListener("click", () => setView("progress"));
      actions.append(toProgress);
      done.append(actions);
      renderStatus();
    }

    function reveal() {
      if (!state.current || state.revealed) return;
      const q = byN.get(state.current.n);
      state.revealed = true;
      pauseTimerDisplay();
      if (state.current.mode === "followup") {
        answerHead.textContent = "追问的回答";
        setFragment(answerBody, q.followups[state.current.fu].a, root, q.url);
        followHead.hidden = true;
        followList.hidden = true;
      } else {
        answerHead.textContent = "30 秒回答";
        setFragment(answerBody, q.answer, root, q.url);
        followHead.hidden = !q.followups.length;
        followList.hidden = !q.followups.length;
        followList.innerHTML = "";
        for (const f of q.followups) {
          const summary = el("summary");
          const body = el("div", { className: "cvp-followup-answer" });
          setFragment(summary, f.q, root, q.url);
          setFragment(body, f.a, root, q.url);
          followList.append(el("details", { className: "cvp-followup" }, [summary, body]));
        }
      }
      chapterLink.href = root + q.url;
      chapterLink.textContent = "到「问题 " + q.n + "」一章细读 →";
      answer.hidden = false;
      rateBox.hidden = false;
      revealButton.hidden = true;
      skipButton.hidden = true;
      for (const b of rateButtons) b.disabled = false;
      typeset(answer);
      answer.focus({ preventScroll: true });
    }

    function rate(rating) {
      if (!state.current || !state.revealed) return;
      const { n, mode } = state.current;
      const now = Date.now();
      const s = change((x) => P.rate(x, n, rating, now, mode));
      const rec = (mode === "followup" ? s.followups : s.items)[String(n)];
      lastRated.textContent =
        "已记录：问题 " + n + (mode === "followup" ? " 的追问" : "") + "「" + P.LABELS[rating] +
        "」，下次：" + P.dueLabel(rec.due, now) + "。";
      next();
      const box = (card.hidden ? done : card).getBoundingClientRect();
      if (box.top < 0) (card.hidden ? done : card).scrollIntoView({ block: "start" });
      card.focus({ preventScroll: true });
    }

    function skip() {
      if (!state.current) return;
      state.skipped.push(state.current.n);
      next();
    }

    // ------------------------------------------------------------ status and progress
    function renderStatus() {
      const s = store();
      const opts = filterOpts({ exclude: [] });
      const sum = P.summary(s, questions, Date.now(), opts);
      const scope = opts.part ? "「" + opts.part + "」" : "全部";
      statusLine.innerHTML = "";
      statusLine.append(
        el("span", {
          text:
            scope + (opts.mode === "followup" ? "追问" : "") + "：到期 " + sum.due + " · 新题 " +
            sum.fresh + " · 以后 " + sum.later,
        }),
        el("span", { text: "已练 " + sum.practised + "/" + sum.total + " 题" })
      );
    }

    function renderChart(s, now) {
      const series = P.dailySeries(s, now, CHART_DAYS);
      const total = series.reduce((a, d) => a + d.total, 0);
      const max = Math.max(1, ...series.map((d) => d.total));
      // drawn at the width it is shown at, so that its labels keep their size on a phone
      const W = Math.max(280, Math.round(chart.clientWidth || 600));
      const H = 150;
      const left = 28;
      const bottom = 20;
      const top = 10;
      const bw = (W - left - 4) / series.length;
      const plotH = H - bottom - top;
      chart.innerHTML = "";
      const g = svg("svg", {
        viewBox: "0 0 " + W + " " + H,
        role: "img",
        "aria-label": "最近 " + CHART_DAYS + " 天每天的练习次数，共 " + total + " 次",
        class: "cvp-chart-svg",
      });
      g.append(svg("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, class: "cvp-axis" }));
      const maxLabel = svg("text", { x: left - 4, y: top + 4, "text-anchor": "end", class: "cvp-chart-label" });
      maxLabel.textContent = String(max);
      const zeroLabel = svg("text", { x: left - 4, y: H - bottom, "text-anchor": "end", class: "cvp-chart-label" });
      zeroLabel.textContent = "0";
      g.append(maxLabel, zeroLabel);
      series.forEach((d, i) => {
        let y = H - bottom;
        const x = left + i * bw + bw * 0.15;
        for (const r of ["good", "partial", "again"]) {
          if (!d[r]) continue;
          const h = (d[r] / max) * plotH;
          y -= h;
          const rect = svg("rect", { x: x, y: y, width: bw * 0.7, height: h, class: "cvp-bar-" + r });
          const t = svg("title");
          t.textContent = d.day + "：" + P.LABELS[r] + " " + d[r] + " 次";
          rect.append(t);
          g.append(rect);
        }
      });
      const first = svg("text", { x: left, y: H - 5, class: "cvp-chart-label" });
      first.textContent = series[0].day.slice(5).replace("-", "/");
      const last = svg("text", { x: W - 4, y: H - 5, "text-anchor": "end", class: "cvp-chart-label" });
      last.textContent = "今天";
      g.append(first, last);
      chart.append(g);
      const legend = el("figcaption", {}, [
        document.createTextNode("最近 " + CHART_DAYS + " 天每天的练习次数（共 " + total + " 次）："),
        ...["good", "partial", "again"].map((r) =>
          el("span", { className: "cvp-legend cvp-legend-" + r, text: P.LABELS[r] })
        ),
      ]);
      chart.append(legend);
    }

    function renderProgress() {
      const s = store();
      const now = Date.now();
      const sum = P.summary(s, questions, now, { exclude: [] });
      const quizzes = questions.filter((q) => s.quizzes[String(q.n)]).length;
      summaryEl.textContent =
        "已练 " + sum.practised + "/" + sum.total + " 题，共 " + sum.reps + " 次；现在到期 " + sum.due +
        " 题；做过 " + quizzes + " 章的自测。";
      renderChart(s, now);
      table.innerHTML = "";
      const head = el("tr", {}, ["题目", "上次", "下次", "次数", "追问", "自测"].map((h) =>
        el("th", { scope: "col", text: h })
      ));
      table.append(el("thead", {}, [head]));
      const body = el("tbody");
      for (const r of P.progressRows(s, questions, now)) {
        const link = el("a", { href: root + r.url, text: "问题 " + r.n });
        const ask = el("button", {
          type: "button",
          className: "cvp-ask",
          "data-action": "ask",
          "data-n": String(r.n),
          title: "现在练这一题",
          text: "练",
        });
        ask.addEventListener("click", () => {
          setView("practice");
          show(r.n, settings().mode, "chosen");
        });
        const titleCell = el("th", { scope: "row", "data-col": "title" }, [
          el("div", { className: "cvp-qcell" }, [
            el("span", { className: "cvp-qnum" }, [link]),
            el("span", { className: "cvp-qtitle", title: r.title, text: r.title }),
            ask,
          ]),
        ]);
        const lastCell = el("td", { "data-col": "last", "data-label": "上次" }, [
          el("span", { className: r.last ? "cvp-chip cvp-chip-" + r.last : "", text: r.lastLabel }),
        ]);
        const dueCell = el("td", { "data-col": "due", "data-label": "下次", className: "cvp-due-" + r.status, text: r.dueLabel });
        const countCell = el("td", { "data-col": "count", "data-label": "次数", text: String(r.count) });
        const fuCell = el("td", {
          "data-col": "followup",
          "data-label": "追问",
          text: r.followupCount ? r.followupCount + " 次 · " + r.followupLast : "—",
        });
        const quizCell = el("td", { "data-col": "quiz", "data-label": "自测", text: r.quizLabel || "—" });
        if (r.quiz) {
          quizCell.title = "第一次作答答对 " + r.quiz.correct + " 题，共 " + r.quiz.total + " 题（" +
            new Date(r.quiz.at).toLocaleString("zh-CN") + "）";
        }
        body.append(el("tr", { "data-n": String(r.n) }, [titleCell, lastCell, dueCell, countCell, fuCell, quizCell]));
      }
      table.append(body);
    }

    function setView(view) {
      state.view = view;
      const practice = view === "practice";
      practicePanel.hidden = !practice;
      progressPanel.hidden = practice;
      tabPractice.setAttribute("aria-selected", String(practice));
      tabProgress.setAttribute("aria-selected", String(!practice));
      tabPractice.tabIndex = practice ? 0 : -1;
      tabProgress.tabIndex = practice ? -1 : 0;
      if (!practice) renderProgress();
      else renderStatus();
    }

    // ------------------------------------------------------------ export, import, reset
    function say(text, kind) {
      message.textContent = text;
      message.className = "cvp-message" + (kind ? " cvp-message-" + kind : "");
    }

    function askConfirm(text, yesLabel, onYes) {
      confirmText.textContent = text;
      confirmYes.textContent = yesLabel;
      confirmBox.hidden = false;
      state.pending = onYes;
      confirmNo.focus();
    }

    function closeConfirm() {
      confirmBox.hidden = true;
      state.pending = null;
    }

    function hasProgress(s) {
      return ["items", "followups", "quizzes", "daily"].some((k) => Object.keys(s[k]).length);
    }

    function describe(s) {
      return (
        "练过 " + Object.keys(s.items).length + " 题、" + Object.keys(s.quizzes).length + " 章的自测成绩"
      );
    }

    function exportProgress() {
      const now = Date.now();
      const text = P.exportText(store(), now);
      const blob = new Blob([text], { type: "application/json" });
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: "cvbook-practice-" + P.dayKey(now) + ".json" });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      say("已导出进度文件 " + a.getAttribute("download") + "（" + describe(store()) + "）。", "ok");
    }

    function importFile(file) {
      closeConfirm();
      file
        .text()
        .then((text) => {
          let incoming;
          try {
            incoming = P.importText(text);
          } catch (e) {
            say("导入失败：" + e.message + " 现有进度没有改动。", "error");
            return;
          }
          const apply = () => {
            try {
              P.importInto(storage, text);
            } catch (e) {
              say("导入失败：" + e.message + " 现有进度没有改动。", "error");
              return;
            }
            closeConfirm();
            applySettings();
            renderProgress();
            renderStatus();
            say("已导入「" + file.name + "」：" + describe(incoming) + "。", "ok");
          };
          if (hasProgress(store())) {
            askConfirm(
              "用文件「" + file.name + "」里的进度（" + describe(incoming) + "）替换现在的进度（" +
                describe(store()) + "）？",
              "替换",
              apply
            );
          } else {
            apply();
          }
        })
        .catch((e) => say("导入失败：读不了这个文件（" + e.message + "）。现有进度没有改动。", "error"));
    }

    // ------------------------------------------------------------ events
    tabs.addEventListener("click", (e) => {
      const b = e.target.closest("[role=tab]");
      if (b) setView(b.dataset.view);
    });
    tabs.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      const to = state.view === "practice" ? "progress" : "practice";
      setView(to);
      (to === "practice" ? tabPractice : tabProgress).focus();
      e.preventDefault();
    });
    partSelect.addEventListener("change", () => {
      change((s) => P.withSettings(s, { part: partSelect.value }));
      state.skipped = [];
      next();
    });
    for (const radio of [modeMain, modeFollow]) {
      radio.addEventListener("change", () => {
        if (!radio.checked) return;
        change((s) => P.withSettings(s, { mode: radio.value }));
        state.skipped = [];
        next();
      });
    }
    timerBox.addEventListener("change", () => {
      change((s) => P.withSettings(s, { timer: timerBox.checked }));
      secondsInput.disabled = !timerBox.checked;
      if (!state.revealed) startTimer();
      else {
        timerButton.hidden = !timerBox.checked;
        timerBar.hidden = !timerBox.checked;
      }
    });
    secondsInput.addEventListener("change", () => {
      let v = Math.round(Number(secondsInput.value));
      if (!Number.isFinite(v)) v = P.DEFAULT_SETTINGS.seconds;
      v = Math.min(P.MAX_SECONDS, Math.max(P.MIN_SECONDS, v));
      secondsInput.value = String(v);
      change((s) => P.withSettings(s, { seconds: v }));
      if (!state.revealed) startTimer();
    });
    timerButton.addEventListener("click", () => {
      if (!state.revealed) startTimer();
    });
    revealButton.addEventListener("click", reveal);
    skipButton.addEventListener("click", skip);
    for (const b of rateButtons) b.addEventListener("click", () => rate(b.dataset.rating));
    exportButton.addEventListener("click", exportProgress);
    importButton.addEventListener("click", () => fileInput.click());
    fileInput.addEventListener("change", () => {
      const file = fileInput.files && fileInput.files[0];
      fileInput.value = "";
      if (file) importFile(file);
    });
    resetButton.addEventListener("click", () => {
      askConfirm(
        "清除全部进度（每题的练习记录、追问、自测成绩和练习历史）？清除后不能恢复；需要的话先导出。",
        "清除",
        () => {
          change((s) => P.reset(s));
          closeConfirm();
          state.skipped = [];
          renderProgress();
          say("已清除全部进度。", "ok");
          if (!state.current) next();
          else renderStatus();
        }
      );
    });
    confirmYes.addEventListener("click", () => {
      if (state.pending) state.pending();
    });
    confirmNo.addEventListener("click", () => {
      closeConfirm();
      say("已取消，进度没有改动。");
    });

    document.addEventListener("keydown", (e) => {
      if (state.view !== "practice" || !state.current) return;
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const t = e.target;
      if (t && t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
      if (e.key === " " || e.code === "Space") {
        // space on another button, link or disclosure keeps its usual meaning
        if (t && t !== revealButton && t.closest && t.closest("button, a, summary")) return;
        if (state.revealed) return;
        e.preventDefault();
        reveal();
        return;
      }
      const rating = RATING_KEYS[e.key];
      if (rating && state.revealed) {
        e.preventDefault();
        rate(rating);
      }
    });

    window.addEventListener("storage", (e) => {
      if (e.key !== P.KEY) return;
      if (state.view === "progress") renderProgress();
      renderStatus();
    });

    function fromHash() {
      const h = P.parseHash(window.location.hash);
      if (h.q === null || !byN.has(h.q)) return false;
      const mode = h.mode || "main"; // #q=N alone asks the question itself
      if (mode !== settings().mode) change((s) => P.withSettings(s, { mode: mode }));
      applySettings();
      setView("practice");
      show(h.q, settings().mode, "chosen");
      try {
        // the address asked for one question once; a reload continues with the schedule
        history.replaceState(null, "", window.location.pathname + window.location.search);
      } catch (err) {
        // some browsers refuse on file://; the question is asked again on reload, no harm
      }
      return true;
    }

    window.addEventListener("hashchange", fromHash);

    // ------------------------------------------------------------ go
    applySettings();
    if (!persistent) {
      notice.hidden = false;
      notice.textContent = "这个浏览器不允许本页在本地保存数据：进度只保留到关闭本页。";
    } else if (loaded.error) {
      notice.hidden = false;
      notice.textContent = loaded.error;
    }
    if (!fromHash()) next();
    container.dataset.ready = "true";
  }

  function init() {
    const container = document.querySelector('[data-cvbook-practice="app"]');
    if (container) start(container);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
