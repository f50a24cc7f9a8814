/*
 * 模拟面试: the schedule and the store, pure logic with no DOM.
 *
 * In a browser it attaches to window.cvbookPractice; under node it is `module.exports`
 * (tests/js/practice-core.test.js). The practice page (practice.js) and the chapter pages
 * (practice-chapter.js) both go through it, so the schedule lives in one place.
 *
 * Scheduling method: Leitner boxes, not SM-2. Why:
 *   - the reader rates themself with three coarse grades (答出 / 部分 / 没答出); SM-2 was designed
 *     for six grades and adapts an "ease factor" per item from them, which three self-ratings of
 *     31 questions over a few weeks give too little signal to estimate;
 *   - Leitner boxes are easy to explain on the page and predictable: a reader can tell from a
 *     question's box when it comes back, and the same ratings always give the same dates.
 * The rules (box 0 holds new questions and the ones just missed):
 *   - 答出: up one box (at most MAX_BOX); due INTERVAL_DAYS[box] days later;
 *   - 部分: down one box (at least 0); due tomorrow;
 *   - 没答出: back to box 0; due again in AGAIN_MINUTES minutes, later in the same session.
 * Day intervals count local calendar days: a question due "in 1 day" is due from 0:00 tomorrow,
 * whatever the hour it was practised, so a reader's daily session finds it.
 *
 * Order of the questions that are due (deterministic; no randomness anywhere):
 *   1. questions practised before and now due, lowest box first (so 没答出 comes first), then
 *      earliest due, then question number;
 *   2. then questions never practised, by question number.
 * With nothing due the reader may practise ahead: the question due soonest (then lowest box,
 * then question number).
 *
 * Store (localStorage key KEY), version VERSION:
 *   { format: "cvbook-practice", version: 1,
 *     items:     { "8": {box, due, last, lastAt, count} },        main questions
 *     followups: { "8": {box, due, last, lastAt, count, next} },  追问 mode (next: which 追问)
 *     quizzes:   { "8": {correct, total, answered, at} },         the chapter's last self-quiz
 *     daily:     { "2025-05-03": {good, partial, again} },        ratings per local day
 *     settings:  {timer, seconds, part, mode} }
 * Times are milliseconds since the epoch; ratings are "good" (答出), "partial" (部分),
 * "again" (没答出). Every function returns a new store and leaves its argument unchanged.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (root && typeof root === "object") {
    root.cvbookPractice = Object.assign(root.cvbookPractice || {}, api);
  }
})(typeof window !== "undefined" ? window : null, function () {
  "use strict";

  const KEY = "cvbook-practice-v1";
  const FORMAT = "cvbook-practice";
  const VERSION = 1;
  const RATINGS = ["good", "partial", "again"];
  const LABELS = { good: "答出", partial: "部分", again: "没答出" };
  const MODES = ["main", "followup"];
  const MAX_BOX = 5;
  /** Days until a question in box b is due again after 答出 (index b; box 0 is never reached
   *  by 答出). */
  const INTERVAL_DAYS = [0, 1, 3, 7, 14, 30];
  const AGAIN_MINUTES = 10;
  const MINUTE = 60 * 1000;
  const DEFAULT_SETTINGS = { timer: true, seconds: 60, part: "", mode: "main" };
  const MIN_SECONDS = 10;
  const MAX_SECONDS = 900;
  const MAX_IMPORT_CHARS = 5 * 1024 * 1024;

  // ---------------------------------------------------------------- time

  /** Local midnight at the start of the day holding time t (ms). */
  function dayStart(t) {
    const d = new Date(t);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }

  /** Local midnight k calendar days after the day holding t (right across DST changes). */
  function addDays(t, k) {
    const d = new Date(dayStart(t));
    d.setDate(d.getDate() + k);
    return d.getTime();
  }

  function pad2(v) {
    return (v < 10 ? "0" : "") + v;
  }

  /** "YYYY-MM-DD" of the local day holding t. */
  function dayKey(t) {
    const d = new Date(t);
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate());
  }

  /** Whole calendar days from the day of `from` to the day of `to`. */
  function daysBetween(from, to) {
    return Math.round((dayStart(to) - dayStart(from)) / (24 * 3600 * 1000));
  }

  function monthDay(t) {
    const d = new Date(t);
    return d.getMonth() + 1 + "月" + d.getDate() + "日";
  }

  /** When a question is due, in words: 已到期, 今天 14:20, 明天（5月4日）, 3 天后（5月6日）. */
  function dueLabel(due, now) {
    if (due === null || due === undefined) return "—";
    if (due <= now) return "已到期";
    const k = daysBetween(now, due);
    if (k <= 0) {
      const d = new Date(due);
      return "今天 " + pad2(d.getHours()) + ":" + pad2(d.getMinutes());
    }
    if (k === 1) return "明天（" + monthDay(due) + "）";
    return k + " 天后（" + monthDay(due) + "）";
  }

  // ---------------------------------------------------------------- store

  function clone(v) {
    return JSON.parse(JSON.stringify(v));
  }

  function emptyStore(settings) {
    return {
      format: FORMAT,
      version: VERSION,
      items: {},
      followups: {},
      quizzes: {},
      daily: {},
      settings: Object.assign({}, DEFAULT_SETTINGS, settings || {}),
    };
  }

  function checkNumber(n) {
    if (!Number.isInteger(n) || n < 1 || n > 999) {
      throw new RangeError("question number must be an integer in 1..999, got " + String(n));
    }
    return String(n);
  }

  function checkNow(now) {
    if (typeof now !== "number" || !Number.isFinite(now)) {
      throw new TypeError("now must be a finite number of milliseconds, got " + String(now));
    }
  }

  // ---------------------------------------------------------------- schedule

  /** The box after a rating (prev: the box before; 0 for a new question). */
  function nextBox(prev, rating) {
    if (rating === "good") return Math.min(MAX_BOX, prev + 1);
    if (rating === "partial") return Math.max(0, prev - 1);
    if (rating === "again") return 0;
    throw new RangeError('rating must be "good", "partial" or "again", got ' + String(rating));
  }

  /** When a question rated `rating` at time now, landing in `box`, is due again. */
  function dueAfter(box, rating, now) {
    if (rating === "again") return now + AGAIN_MINUTES * MINUTE;
    if (rating === "partial") return addDays(now, 1);
    return addDays(now, INTERVAL_DAYS[box]);
  }

  /**
   * Record one self-rating.
   * @param {object} store
   * @param {number} n question number.
   * @param {string} rating "good" | "partial" | "again".
   * @param {number} now ms.
   * @param {string} [mode] "main" (default) or "followup" (追问 mode has its own schedule).
   * @returns {object} the new store.
   */
  function rate(store, n, rating, now, mode) {
    const key = checkNumber(n);
    checkNow(now);
    mode = mode || "main";
    if (MODES.indexOf(mode) < 0) throw new RangeError("mode must be main or followup");
    const prev = (mode === "followup" ? store.followups : store.items)[key] || null;
    const box = nextBox(prev ? prev.box : 0, rating);
    const s = clone(store);
    const rec = {
      box: box,
      due: dueAfter(box, rating, now),
      last: rating,
      lastAt: now,
      count: (prev ? prev.count : 0) + 1,
    };
    if (mode === "followup") {
      rec.next = (prev ? prev.next : 0) + 1;
      s.followups[key] = rec;
    } else {
      s.items[key] = rec;
    }
    const day = dayKey(now);
    const counts = s.daily[day] || { good: 0, partial: 0, again: 0 };
    counts[rating] += 1;
    s.daily[day] = counts;
    return s;
  }

  function records(store, mode) {
    return mode === "followup" ? store.followups : store.items;
  }

  /**
   * The questions to ask, in order.
   * @param {object} store
   * @param {Array<{n:number, part:string, followups:Array}>} questions
   * @param {number} now
   * @param {{part?:string, mode?:string, exclude?:number[]}} [opts] part: only that part ("" for
   *   all); mode "followup": only questions with 追问, on their 追问 schedule; exclude: numbers
   *   to leave out (skipped in this session).
   * @returns {{due:number[], fresh:number[], reviews:number[], later:number[]}} due = reviews
   *   then fresh; later = not yet due, soonest first.
   */
  function queue(store, questions, now, opts) {
    opts = opts || {};
    const mode = opts.mode || "main";
    const exclude = opts.exclude || [];
    const recs = records(store, mode);
    const reviews = [];
    const fresh = [];
    const later = [];
    for (const q of questions) {
      if (opts.part && q.part !== opts.part) continue;
      if (mode === "followup" && !(q.followups && q.followups.length)) continue;
      if (exclude.indexOf(q.n) >= 0) continue;
      const rec = recs[String(q.n)];
      if (!rec) fresh.push({ n: q.n });
      else if (rec.due <= now) reviews.push({ n: q.n, box: rec.box, due: rec.due });
      else later.push({ n: q.n, box: rec.box, due: rec.due });
    }
    reviews.sort((a, b) => a.box - b.box || a.due - b.due || a.n - b.n);
    fresh.sort((a, b) => a.n - b.n);
    later.sort((a, b) => a.due - b.due || a.box - b.box || a.n - b.n);
    const ns = (list) => list.map((x) => x.n);
    return {
      due: ns(reviews).concat(ns(fresh)),
      reviews: ns(reviews),
      fresh: ns(fresh),
      later: ns(later),
    };
  }

  /**
   * The next question: the first due one; with opts.ahead and nothing due, the one due soonest.
   * @returns {?{n:number, status:string}} status "review" | "new" | "ahead"; null if none.
   */
  function pickNext(store, questions, now, opts) {
    const q = queue(store, questions, now, opts);
    if (q.reviews.length) return { n: q.reviews[0], status: "review" };
    if (q.fresh.length) return { n: q.fresh[0], status: "new" };
    if (opts && opts.ahead && q.later.length) return { n: q.later[0], status: "ahead" };
    return null;
  }

  /** Which of a chapter's `count` 追问 to ask next in 追问 mode (they take turns). */
  function followupIndex(store, n, count) {
    if (!count) return -1;
    const rec = store.followups[String(n)];
    return (rec ? rec.next : 0) % count;
  }

  // ---------------------------------------------------------------- quiz results

  /**
   * Record a chapter's self-quiz result (the latest attempt replaces the earlier one).
   * @param {object} store
   * @param {number} n question number of the chapter.
   * @param {number} correct items answered right at the first attempt.
   * @param {number} total items in the quiz.
   * @param {number} now ms.
   * @param {number} [answered] items answered so far (default: total).
   * @returns {object} the new store.
   */
  function recordQuiz(store, n, correct, total, now, answered) {
    const key = checkNumber(n);
    checkNow(now);
    if (answered === undefined) answered = total;
    if (!Number.isInteger(total) || total < 1) {
      throw new RangeError("total must be a positive integer, got " + String(total));
    }
    if (!Number.isInteger(answered) || answered < 0 || answered > total) {
      throw new RangeError("answered must be an integer in 0..total, got " + String(answered));
    }
    if (!Number.isInteger(correct) || correct < 0 || correct > answered) {
      throw new RangeError("correct must be an integer in 0..answered, got " + String(correct));
    }
    const s = clone(store);
    s.quizzes[key] = { correct: correct, total: total, answered: answered, at: now };
    return s;
  }

  /** 「上次自测 a/b」 for a chapter, or "" if the reader has not taken its quiz. */
  function quizLabel(store, n) {
    const r = store.quizzes[String(n)];
    if (!r) return "";
    let text = r.correct + "/" + r.total;
    if (r.answered < r.total) text += "（答了 " + r.answered + " 题）";
    return text;
  }

  // ---------------------------------------------------------------- progress

  /** One row per question for the 进度 view, in the order of `questions`. */
  function progressRows(store, questions, now) {
    return questions.map((q) => {
      const rec = store.items[String(q.n)] || null;
      const fu = store.followups[String(q.n)] || null;
      const quiz = store.quizzes[String(q.n)] || null;
      return {
        n: q.n,
        title: q.title,
        part: q.part,
        url: q.url,
        status: !rec ? "new" : rec.due <= now ? "due" : "later",
        box: rec ? rec.box : null,
        last: rec ? rec.last : null,
        lastLabel: rec ? LABELS[rec.last] : "—",
        lastAt: rec ? rec.lastAt : null,
        due: rec ? rec.due : null,
        dueLabel: rec ? dueLabel(rec.due, now) : "新题",
        count: rec ? rec.count : 0,
        followupCount: fu ? fu.count : 0,
        followupLast: fu ? LABELS[fu.last] : null,
        quiz: quiz ? clone(quiz) : null,
        quizLabel: quizLabel(store, q.n),
      };
    });
  }

  /** Ratings per day for the `days` local days ending today, oldest first. */
  function dailySeries(store, now, days) {
    days = days || 30;
    const out = [];
    for (let k = days - 1; k >= 0; k--) {
      const t = addDays(now, -k);
      const day = dayKey(t);
      const c = store.daily[day] || { good: 0, partial: 0, again: 0 };
      out.push({
        day: day,
        t: t,
        good: c.good,
        partial: c.partial,
        again: c.again,
        total: c.good + c.partial + c.again,
      });
    }
    return out;
  }

  /** Counts for the page's status line. */
  function summary(store, questions, now, opts) {
    const q = queue(store, questions, now, opts);
    let practised = 0;
    let reps = 0;
    for (const x of questions) {
      const rec = store.items[String(x.n)];
      if (rec) {
        practised += 1;
        reps += rec.count;
      }
    }
    return {
      due: q.reviews.length,
      fresh: q.fresh.length,
      later: q.later.length,
      practised: practised,
      reps: reps,
      total: questions.length,
    };
  }

  // ---------------------------------------------------------------- validation

  function fail(message) {
    const err = new Error(message);
    err.name = "PracticeImportError";
    return err;
  }

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function isTime(v) {
    return typeof v === "number" && Number.isFinite(v) && v >= 0 && v < 1e14;
  }

  function isCount(v, min) {
    return Number.isInteger(v) && v >= (min || 0) && v <= 1e7;
  }

  const QUESTION_KEY = /^[1-9][0-9]{0,2}$/;
  const DAY_KEY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

  function checkMap(obj, name, checkOne) {
    if (obj === undefined) return {};
    if (!isObject(obj)) throw fail("进度文件已损坏：" + name + " 应是一个对象。");
    const out = {};
    for (const key of Object.keys(obj)) {
      out[key] = checkOne(key, obj[key], name + "." + key);
    }
    return out;
  }

  function checkRecord(followup) {
    return function (key, r, where) {
      if (!QUESTION_KEY.test(key)) throw fail("进度文件已损坏：题号「" + key + "」不是 1–999 的整数。");
      if (!isObject(r)) throw fail("进度文件已损坏：" + where + " 应是一个对象。");
      if (!(Number.isInteger(r.box) && r.box >= 0 && r.box <= MAX_BOX)) {
        throw fail("进度文件已损坏：" + where + ".box 应是 0–" + MAX_BOX + " 的整数。");
      }
      if (!isTime(r.due)) throw fail("进度文件已损坏：" + where + ".due 不是有效的时间。");
      if (!isTime(r.lastAt)) throw fail("进度文件已损坏：" + where + ".lastAt 不是有效的时间。");
      if (RATINGS.indexOf(r.last) < 0) {
        throw fail("进度文件已损坏：" + where + ".last 应是 good、partial 或 again。");
      }
      if (!isCount(r.count, 1)) throw fail("进度文件已损坏：" + where + ".count 应是正整数。");
      const out = { box: r.box, due: r.due, last: r.last, lastAt: r.lastAt, count: r.count };
      if (followup) {
        const next = r.next === undefined ? 0 : r.next;
        if (!isCount(next)) throw fail("进度文件已损坏：" + where + ".next 应是非负整数。");
        out.next = next;
      }
      return out;
    };
  }

  function checkQuiz(key, r, where) {
    if (!QUESTION_KEY.test(key)) throw fail("进度文件已损坏：题号「" + key + "」不是 1–999 的整数。");
    if (!isObject(r)) throw fail("进度文件已损坏：" + where + " 应是一个对象。");
    const answered = r.answered === undefined ? r.total : r.answered;
    if (
      !isCount(r.total, 1) ||
      !isCount(answered) ||
      !isCount(r.correct) ||
      answered > r.total ||
      r.correct > answered
    ) {
      throw fail("进度文件已损坏：" + where + " 的得分不合理（应满足 0 ≤ 答对 ≤ 已答 ≤ 题数）。");
    }
    if (!isTime(r.at)) throw fail("进度文件已损坏：" + where + ".at 不是有效的时间。");
    return { correct: r.correct, total: r.total, answered: answered, at: r.at };
  }

  function checkDay(key, c, where) {
    if (!DAY_KEY.test(key)) throw fail("进度文件已损坏：日期「" + key + "」不是 YYYY-MM-DD。");
    if (!isObject(c) || !isCount(c.good) || !isCount(c.partial) || !isCount(c.again)) {
      throw fail("进度文件已损坏：" + where + " 应有 good、partial、again 三个非负整数。");
    }
    return { good: c.good, partial: c.partial, again: c.again };
  }

  function checkSettings(s) {
    const out = Object.assign({}, DEFAULT_SETTINGS);
    if (s === undefined) return out;
    if (!isObject(s)) throw fail("进度文件已损坏：settings 应是一个对象。");
    if (s.timer !== undefined) {
      if (typeof s.timer !== "boolean") throw fail("进度文件已损坏：settings.timer 应是 true 或 false。");
      out.timer = s.timer;
    }
    if (s.seconds !== undefined) {
      if (!(Number.isInteger(s.seconds) && s.seconds >= MIN_SECONDS && s.seconds <= MAX_SECONDS)) {
        throw fail("进度文件已损坏：settings.seconds 应是 " + MIN_SECONDS + "–" + MAX_SECONDS + " 的整数。");
      }
      out.seconds = s.seconds;
    }
    if (s.part !== undefined) {
      if (typeof s.part !== "string" || s.part.length > 200) {
        throw fail("进度文件已损坏：settings.part 应是字符串。");
      }
      out.part = s.part;
    }
    if (s.mode !== undefined) {
      if (MODES.indexOf(s.mode) < 0) throw fail("进度文件已损坏：settings.mode 应是 main 或 followup。");
      out.mode = s.mode;
    }
    return out;
  }

  /**
   * Check a parsed store (from localStorage or an imported file) and return a clean copy.
   * Throws an Error with a Chinese message saying what is wrong.
   */
  function validate(obj) {
    if (!isObject(obj)) throw fail("这不是本书模拟面试的进度文件：内容应是一个 JSON 对象。");
    if (obj.format !== FORMAT) {
      throw fail("这不是本书模拟面试的进度文件（缺少格式标记 \"format\": \"" + FORMAT + "\"）。");
    }
    if (!Number.isInteger(obj.version)) throw fail("进度文件缺少有效的版本号（version）。");
    if (obj.version > VERSION) {
      throw fail(
        "这个进度文件的版本是 " + obj.version + "，本页只能读取版本 " + VERSION + "；请用更新的网站导入。"
      );
    }
    if (obj.version !== VERSION) throw fail("不支持的进度文件版本：" + obj.version + "。");
    return {
      format: FORMAT,
      version: VERSION,
      items: checkMap(obj.items, "items", checkRecord(false)),
      followups: checkMap(obj.followups, "followups", checkRecord(true)),
      quizzes: checkMap(obj.quizzes, "quizzes", checkQuiz),
      daily: checkMap(obj.daily, "daily", checkDay),
      settings: checkSettings(obj.settings),
    };
  }

  /** Parse and check the text of an imported file; throws an Error with a Chinese message. */
  function importText(text) {
    if (typeof text !== "string" || !text.trim()) throw fail("文件是空的，没有可导入的进度。");
    if (text.length > MAX_IMPORT_CHARS) throw fail("文件太大，不像是本书的进度文件。");
    let obj;
    try {
      obj = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (e) {
      throw fail("文件不是有效的 JSON，无法导入（" + e.message + "）。");
    }
    return validate(obj);
  }

  /** The store as the text of an export file (pretty JSON with the format marker first). */
  function exportText(store, now) {
    const s = validate(store);
    const out = { format: s.format, version: s.version, exported: new Date(now).toISOString() };
    for (const k of ["items", "followups", "quizzes", "daily", "settings"]) out[k] = s[k];
    return JSON.stringify(out, null, 2) + "\n";
  }

  /** Forget all progress (practice, 追问, quiz results, history); keep the settings. */
  function reset(store) {
    return emptyStore(store && store.settings);
  }

  /** The settings with some changed (values checked as in an imported file). */
  function withSettings(store, changes) {
    const s = clone(store);
    s.settings = checkSettings(Object.assign({}, store.settings, changes));
    return s;
  }

  // ---------------------------------------------------------------- storage

  /**
   * Read the store from `storage` (localStorage or any {getItem, setItem}).
   * @returns {{store:object, error:?string}} error: why the saved value could not be read (it
   *   is then kept under KEY + "-broken" and an empty store returned), or null.
   */
  function loadWithStatus(storage) {
    let text = null;
    try {
      text = storage ? storage.getItem(KEY) : null;
    } catch (e) {
      return { store: emptyStore(), error: "浏览器不允许读取本地存储：" + e.message };
    }
    if (text === null || text === undefined) return { store: emptyStore(), error: null };
    try {
      return { store: importText(text), error: null };
    } catch (e) {
      try {
        storage.setItem(KEY + "-broken", text);
      } catch (e2) {
        // nothing more to do: the message below still tells the reader
      }
      return { store: emptyStore(), error: "保存的进度无法读取，已另存后重新开始：" + e.message };
    }
  }

  function load(storage) {
    return loadWithStatus(storage).store;
  }

  /** Write the store; returns false if the storage refused (full, or not allowed). */
  function save(storage, store) {
    try {
      storage.setItem(KEY, JSON.stringify(validate(store)));
      return true;
    } catch (e) {
      return false;
    }
  }

  /** Read, change and write back in one step, so two open pages do not undo each other. */
  function update(storage, change) {
    const s = change(load(storage));
    save(storage, s);
    return s;
  }

  /**
   * Import a file's text into `storage`: on any error nothing is written and the Error (with a
   * Chinese message) is thrown.
   */
  function importInto(storage, text) {
    const s = importText(text);
    if (!save(storage, s)) throw fail("浏览器拒绝保存导入的进度（本地存储已满或不可用）。");
    return s;
  }

  // ---------------------------------------------------------------- page address

  /** "#q=8&mode=followup" -> {q: 8, mode: "followup"}; missing or bad parts are null. */
  function parseHash(hash) {
    const out = { q: null, mode: null };
    const text = String(hash || "").replace(/^#/, "");
    for (const part of text.split("&")) {
      const eq = part.indexOf("=");
      if (eq < 0) continue;
      const k = part.slice(0, eq);
      let v;
      try {
        v = decodeURIComponent(part.slice(eq + 1));
      } catch (e) {
        continue; // a malformed %-escape: ignore that part, as any other bad value
      }
      if (k === "q" && /^[1-9][0-9]{0,2}$/.test(v)) out.q = Number(v);
      if (k === "mode" && MODES.indexOf(v) >= 0) out.mode = v;
    }
    return out;
  }

  return {
    KEY: KEY,
    FORMAT: FORMAT,
    VERSION: VERSION,
    RATINGS: RATINGS,
    LABELS: LABELS,
    MODES: MODES,
    MAX_BOX: MAX_BOX,
    INTERVAL_DAYS: INTERVAL_DAYS,
    AGAIN_MINUTES: AGAIN_MINUTES,
    DEFAULT_SETTINGS: DEFAULT_SETTINGS,
    MIN_SECONDS: MIN_SECONDS,
    MAX_SECONDS: MAX_SECONDS,
    dayStart: dayStart,
    addDays: addDays,
    dayKey: dayKey,
    daysBetween: daysBetween,
    dueLabel: dueLabel,
    emptyStore: emptyStore,
    nextBox: nextBox,
    dueAfter: dueAfter,
    rate: rate,
    queue: queue,
    pickNext: pickNext,
    followupIndex: followupIndex,
    recordQuiz: recordQuiz,
    quizLabel: quizLabel,
    progressRows: progressRows,
    dailySeries: dailySeries,
    summary: summary,
    validate: validate,
    importText: importText,
    exportText: exportText,
    reset: reset,
    withSettings: withSettings,
    loadWithStatus: loadWithStatus,
    load: load,
    save: save,
    update: update,
    importInto: importInto,
    parseHash: parseHash,
  };
});
