"use strict";
// Unit tests for cvbook/static/practice-core.js (模拟面试: Leitner schedule and store).
// The clock is injected (every function takes `now`); local days are those of Asia/Shanghai
// (no daylight saving) except in the DST test, which switches the zone on purpose.
process.env.TZ = "Asia/Shanghai";

const test = require("node:test");
const assert = require("node:assert");
const P = require("../../cvbook/static/practice-core.js");

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
// 2025-05-03 (a Saturday) at the given local time, Asia/Shanghai (UTC+8).
const at = (day, h = 0, m = 0) => Date.UTC(2025, 4, day, h - 8, m);

const Q = [
  { n: 1, title: "一", part: "损失函数与反向传播", followups: [{ q: "a", a: "b" }] },
  { n: 2, title: "二", part: "归一化", followups: [] },
  { n: 5, title: "五", part: "目标检测", followups: [{ q: "a", a: "b" }, { q: "c", a: "d" }] },
  { n: 8, title: "八", part: "目标检测", followups: [{ q: "a", a: "b" }] },
  { n: 12, title: "十二", part: "损失函数与反向传播", followups: [] },
  { n: 14, title: "十四", part: "目标检测", followups: [] },
];

function memoryStorage(initial) {
  const data = Object.assign({}, initial || {});
  return {
    data,
    getItem: (k) => (k in data ? data[k] : null),
    setItem: (k, v) => {
      data[k] = String(v);
    },
    removeItem: (k) => {
      delete data[k];
    },
  };
}

function deepFreeze(o) {
  if (o && typeof o === "object") {
    Object.freeze(o);
    Object.values(o).forEach(deepFreeze);
  }
  return o;
}

const HAN = /[\u4e00-\u9fff]/;

test("local days: dayStart, addDays, dayKey, daysBetween with the injected clock", () => {
  const t = at(3, 23, 50);
  assert.strictEqual(P.dayKey(t), "2025-05-03");
  assert.strictEqual(P.dayStart(t), at(3));
  assert.strictEqual(P.addDays(t, 1), at(4));
  assert.strictEqual(P.addDays(t, 30), Date.UTC(2025, 5, 2, -8)); // 2025-06-02 0:00
  assert.strictEqual(P.daysBetween(at(3, 23, 59), at(4, 0, 1)), 1);
  assert.strictEqual(P.daysBetween(at(3, 0, 1), at(3, 23, 59)), 0);
});

test("addDays keeps local midnight across a daylight-saving change", () => {
  const saved = process.env.TZ;
  process.env.TZ = "America/New_York";
  try {
    // clocks jump forward on 2024-03-10: that day has 23 hours
    const sat = new Date(2024, 2, 9, 22, 0).getTime();
    const mon = P.addDays(sat, 2);
    const d = new Date(mon);
    assert.deepStrictEqual([d.getDate(), d.getHours(), d.getMinutes()], [11, 0, 0]);
    assert.strictEqual(mon - P.dayStart(sat), 47 * HOUR);
  } finally {
    process.env.TZ = saved;
  }
  assert.strictEqual(P.dayKey(at(3, 1)), "2025-05-03");
});

test("the Leitner rules: 答出 up a box and further out, 部分 down and tomorrow, 没答出 box 0 soon", () => {
  assert.deepStrictEqual(P.INTERVAL_DAYS, [0, 1, 3, 7, 14, 30]);
  assert.strictEqual(P.nextBox(0, "good"), 1);
  assert.strictEqual(P.nextBox(4, "good"), 5);
  assert.strictEqual(P.nextBox(5, "good"), 5);
  assert.strictEqual(P.nextBox(3, "partial"), 2);
  assert.strictEqual(P.nextBox(0, "partial"), 0);
  assert.strictEqual(P.nextBox(5, "again"), 0);
  assert.throws(() => P.nextBox(1, "maybe"), RangeError);

  const now = at(3, 15, 20);
  let s = P.emptyStore();
  s = P.rate(s, 8, "again", now);
  assert.deepStrictEqual(s.items["8"], { box: 0, due: now + 10 * MIN, last: "again", lastAt: now, count: 1 });
  s = P.rate(s, 8, "good", now + HOUR);
  assert.strictEqual(s.items["8"].box, 1);
  assert.strictEqual(s.items["8"].due, at(4)); // tomorrow, 0:00 local
  s = P.rate(s, 8, "good", at(4, 9));
  assert.strictEqual(s.items["8"].box, 2);
  assert.strictEqual(s.items["8"].due, at(7)); // 3 days after the 4th
  s = P.rate(s, 8, "partial", at(7, 21));
  assert.deepStrictEqual([s.items["8"].box, s.items["8"].due, s.items["8"].count], [1, at(8), 4]);
  // 答出 always lands further out than 部分, which lands further out than 没答出
  for (const box of [0, 1, 2, 3, 4, 5]) {
    const base = P.emptyStore();
    base.items["2"] = { box, due: now, last: "good", lastAt: now - HOUR, count: 3 };
    const due = (r) => P.rate(base, 2, r, now).items["2"].due;
    assert.ok(due("good") >= due("partial") && due("partial") > due("again"), `box ${box}`);
    if (box >= 1) assert.ok(due("good") > due("partial"), `box ${box}`);
  }
});

test("due dates across days: a question answered every time it is due", () => {
  // practised late in the evening, it is still due from midnight, not 24 h later
  let s = P.rate(P.emptyStore(), 5, "good", at(3, 23, 55));
  assert.strictEqual(s.items["5"].due, at(4));
  assert.ok(!P.queue(s, Q, at(3, 23, 59)).due.includes(5));
  assert.ok(P.queue(s, Q, at(4, 0, 0)).due.includes(5));
  const gaps = [];
  let t = at(4, 8);
  for (let i = 0; i < 7; i++) {
    s = P.rate(s, 5, "good", t);
    const due = s.items["5"].due;
    gaps.push(P.daysBetween(t, due));
    assert.ok(!P.queue(s, Q, due - 1).due.includes(5));
    assert.deepStrictEqual(P.queue(s, Q, due).reviews, [5]);
    t = due + 7 * HOUR; // the reader comes back at 7:00 on the due day
  }
  assert.deepStrictEqual(gaps, [3, 7, 14, 30, 30, 30, 30]);
  // one 没答出 sends it back to the start: 10 minutes, then 1 day
  s = P.rate(s, 5, "again", t);
  assert.ok(!P.queue(s, Q, t + 9 * MIN).due.includes(5));
  assert.deepStrictEqual(P.queue(s, Q, t + 10 * MIN).reviews, [5]);
  s = P.rate(s, 5, "good", t + 11 * MIN);
  assert.strictEqual(P.daysBetween(t, s.items["5"].due), 1);
});

test("order of due questions: reviews by box, due, number; then new ones by number", () => {
  const now = at(10, 12);
  const s = P.emptyStore();
  const rec = (box, due) => ({ box, due, last: box ? "good" : "again", lastAt: due - 1, count: 1 });
  s.items["2"] = rec(3, at(5)); // due the longest, but in the highest box
  s.items["14"] = rec(0, now - 5 * MIN); // 没答出 a while ago, due now
  s.items["8"] = rec(1, at(9)); // box 1, due yesterday
  s.items["12"] = rec(1, at(7)); // box 1, due earlier than 8
  s.items["5"] = rec(0, now + 5 * MIN); // 没答出 just now: not yet due
  const want = { reviews: [14, 12, 8, 2], fresh: [1], later: [5] };
  const got = P.queue(s, Q, now);
  assert.deepStrictEqual(got, { due: [14, 12, 8, 2, 1], ...want });
  // deterministic: the same answer for any order of the question list, every time
  const shuffled = [Q[3], Q[5], Q[0], Q[4], Q[2], Q[1]];
  for (let i = 0; i < 5; i++) assert.deepStrictEqual(P.queue(s, shuffled, now), got);
  // ties in box and due time are broken by the question number
  const tie = P.emptyStore();
  for (const n of [14, 1, 8]) tie.items[String(n)] = rec(3, at(9));
  assert.deepStrictEqual(P.queue(tie, Q, now).reviews, [1, 8, 14]);
  // 没答出 comes back soon: ahead of new questions once its 10 minutes are up
  const missed = P.rate(P.emptyStore(), 14, "again", now);
  assert.deepStrictEqual(P.queue(missed, Q, now + 10 * MIN).due, [14, 1, 2, 5, 8, 12]);
  assert.deepStrictEqual(P.pickNext(missed, Q, now + MIN), { n: 1, status: "new" });
  assert.deepStrictEqual(P.pickNext(missed, Q, now + 10 * MIN), { n: 14, status: "review" });
});

test("pickNext: filters by part, 追问 mode, skipped questions, practising ahead", () => {
  const now = at(3, 9);
  let s = P.emptyStore();
  assert.deepStrictEqual(P.pickNext(s, Q, now), { n: 1, status: "new" });
  assert.deepStrictEqual(P.queue(s, Q, now, { part: "目标检测" }).due, [5, 8, 14]);
  assert.deepStrictEqual(P.queue(s, Q, now, { mode: "followup" }).due, [1, 5, 8]);
  assert.deepStrictEqual(P.queue(s, Q, now, { exclude: [1, 2] }).due, [5, 8, 12, 14]);
  for (const q of Q.filter((x) => x.part === "目标检测")) s = P.rate(s, q.n, "good", now);
  s = P.rate(s, 8, "good", now + MIN); // box 2: due later than 5 and 14
  assert.strictEqual(P.pickNext(s, Q, now, { part: "目标检测" }), null);
  assert.deepStrictEqual(P.pickNext(s, Q, now, { part: "目标检测", ahead: true }), { n: 5, status: "ahead" });
  assert.deepStrictEqual(P.queue(s, Q, now, { part: "目标检测" }).later, [5, 14, 8]);
  // the main schedule and the 追问 schedule are separate
  assert.deepStrictEqual(P.queue(s, Q, now, { mode: "followup" }).due, [1, 5, 8]);
  let f = P.rate(s, 5, "good", now, "followup");
  assert.strictEqual(f.followups["5"].next, 1);
  assert.deepStrictEqual(f.items["5"], s.items["5"]);
  assert.strictEqual(P.followupIndex(s, 5, 2), 0);
  assert.strictEqual(P.followupIndex(f, 5, 2), 1);
  f = P.rate(f, 5, "partial", now + MIN, "followup");
  assert.strictEqual(P.followupIndex(f, 5, 2), 0); // they take turns
  assert.strictEqual(P.followupIndex(f, 2, 0), -1);
});

test("functions leave the store they are given unchanged", () => {
  const now = at(3, 9);
  const s = deepFreeze(P.rate(P.emptyStore(), 1, "good", now));
  const before = JSON.stringify(s);
  P.rate(s, 1, "again", now);
  P.rate(s, 2, "partial", now, "followup");
  P.recordQuiz(s, 1, 2, 3, now);
  P.reset(s);
  P.withSettings(s, { seconds: 90 });
  assert.strictEqual(JSON.stringify(s), before);
});

test("store round trip through storage, and through an export file", () => {
  const storage = memoryStorage();
  assert.deepStrictEqual(P.load(storage), P.emptyStore());
  const now = at(3, 9);
  let s = P.emptyStore();
  s = P.rate(s, 1, "good", now);
  s = P.rate(s, 8, "again", now + MIN);
  s = P.rate(s, 5, "partial", now + 2 * MIN, "followup");
  s = P.recordQuiz(s, 8, 3, 5, now + 3 * MIN);
  s = P.withSettings(s, { seconds: 90, part: "目标检测", mode: "followup", timer: false });
  assert.ok(P.save(storage, s));
  assert.ok(storage.getItem(P.KEY).length > 0);
  assert.deepStrictEqual(P.load(storage), s);
  const text = P.exportText(s, now);
  const parsed = JSON.parse(text);
  assert.strictEqual(parsed.format, "cvbook-practice");
  assert.strictEqual(parsed.version, 1);
  assert.strictEqual(parsed.exported, new Date(now).toISOString());
  assert.deepStrictEqual(P.importText(text), s);
  const other = memoryStorage();
  assert.deepStrictEqual(P.importInto(other, text), s);
  assert.deepStrictEqual(P.load(other), s);
  // update() reads, changes and writes back (a second page's change is not lost)
  const a = memoryStorage();
  P.save(a, s);
  P.update(a, (x) => P.recordQuiz(x, 2, 1, 4, now)); // e.g. a chapter page in another tab
  P.update(a, (x) => P.rate(x, 12, "good", now));
  const both = P.load(a);
  assert.deepStrictEqual(both.quizzes["2"], { correct: 1, total: 4, answered: 4, at: now });
  assert.strictEqual(both.items["12"].count, 1);
  assert.deepStrictEqual(both.quizzes["8"], s.quizzes["8"]);
});

test("import rejects malformed and foreign files and leaves the stored progress unchanged", () => {
  const now = at(3, 9);
  const good = P.rate(P.recordQuiz(P.emptyStore(), 8, 2, 4, now), 8, "good", now);
  const file = (changes) => JSON.stringify(Object.assign(JSON.parse(P.exportText(good, now)), changes));
  const item = (fields) => ({ items: { 8: Object.assign({}, good.items["8"], fields) } });
  const bad = {
    empty: "",
    blank: "   \n",
    "not JSON": "{ format: cvbook-practice",
    truncated: P.exportText(good, now).slice(0, 40),
    "JSON array": "[1, 2, 3]",
    "JSON string": '"cvbook-practice"',
    "JSON null": "null",
    "foreign object": JSON.stringify({ name: "my settings", items: [] }),
    "another app's format": file({ format: "anki-export" }),
    "no version": file({ version: undefined }),
    "version as text": file({ version: "1" }),
    "newer version": file({ version: 2 }),
    "items as a list": file({ items: [1, 2] }),
    "question key not a number": file({ items: { abc: good.items["8"] } }),
    "box out of range": file(item({ box: 9 })),
    "unknown rating": file(item({ last: "maybe" })),
    "count zero": file(item({ count: 0 })),
    "due not a number": file(item({ due: "tomorrow" })),
    "quiz score above total": file({ quizzes: { 8: { correct: 6, total: 5, answered: 5, at: now } } }),
    "bad day key": file({ daily: { yesterday: { good: 1, partial: 0, again: 0 } } }),
    "negative day count": file({ daily: { "2025-05-03": { good: -1, partial: 0, again: 0 } } }),
    "timer seconds too small": file({ settings: { seconds: 1 } }),
  };
  const storage = memoryStorage();
  P.save(storage, good);
  const before = storage.getItem(P.KEY);
  for (const [name, text] of Object.entries(bad)) {
    assert.throws(
      () => P.importInto(storage, text),
      (e) => e instanceof Error && HAN.test(e.message),
      name
    );
    assert.strictEqual(storage.getItem(P.KEY), before, name);
  }
  // the messages say what is wrong
  const msg = (text) => {
    try {
      P.importText(text);
    } catch (e) {
      return e.message;
    }
    return "";
  };
  assert.match(msg(bad["not JSON"]), /不是有效的 JSON/);
  assert.match(msg(bad["foreign object"]), /不是本书模拟面试的进度文件/);
  assert.match(msg(bad["newer version"]), /版本是 2/);
  assert.match(msg(bad["box out of range"]), /items\.8\.box/);
  // a byte-order mark and unknown extra fields are fine
  assert.deepStrictEqual(P.importText("\ufeff" + file({ note: "extra" })), good);
});

test("a corrupt saved value is kept aside and the page starts from an empty store", () => {
  const storage = memoryStorage({ [P.KEY]: '{"format": "cvbook-practice", "version": 1, "items": 7}' });
  const r = P.loadWithStatus(storage);
  assert.deepStrictEqual(r.store, P.emptyStore());
  assert.match(r.error, /无法读取/);
  assert.strictEqual(storage.getItem(P.KEY + "-broken"), storage.getItem(P.KEY));
  const refusing = { getItem: () => null, setItem: () => { throw new Error("QuotaExceededError"); } };
  assert.strictEqual(P.save(refusing, P.emptyStore()), false);
  assert.throws(() => P.importInto(refusing, P.exportText(P.emptyStore(), 0)), /拒绝保存/);
});

test("recordQuiz: the latest attempt replaces the earlier one; labels and checks", () => {
  const now = at(3, 9);
  let s = P.recordQuiz(P.emptyStore(), 8, 1, 5, now, 2);
  assert.deepStrictEqual(s.quizzes["8"], { correct: 1, total: 5, answered: 2, at: now });
  assert.strictEqual(P.quizLabel(s, 8), "1/5（答了 2 题）");
  s = P.recordQuiz(s, 8, 3, 5, now + HOUR);
  assert.deepStrictEqual(s.quizzes["8"], { correct: 3, total: 5, answered: 5, at: now + HOUR });
  assert.strictEqual(P.quizLabel(s, 8), "3/5");
  assert.strictEqual(P.quizLabel(s, 2), "");
  assert.deepStrictEqual(s.items, {}); // a quiz is not a practice rating
  assert.throws(() => P.recordQuiz(s, 8, 6, 5, now), RangeError);
  assert.throws(() => P.recordQuiz(s, 8, 2, 5, now, 1), RangeError);
  assert.throws(() => P.recordQuiz(s, 8, 1, 0, now), RangeError);
  assert.throws(() => P.recordQuiz(s, 0, 1, 5, now), RangeError);
  assert.throws(() => P.recordQuiz(s, 8, 1, 5, NaN), TypeError);
  const row = P.progressRows(s, Q, now).find((r) => r.n === 8);
  assert.deepStrictEqual([row.quizLabel, row.quiz.correct, row.quiz.total], ["3/5", 3, 5]);
});

test("progress rows, the daily series and the summary", () => {
  const now = at(3, 9);
  let s = P.emptyStore();
  s = P.rate(s, 1, "good", at(1, 20));
  s = P.rate(s, 1, "again", now);
  s = P.rate(s, 2, "partial", now);
  s = P.rate(s, 8, "good", now);
  s = P.rate(s, 8, "good", now, "followup");
  const rows = P.progressRows(s, Q, now + 20 * MIN);
  assert.deepStrictEqual(rows.map((r) => r.n), [1, 2, 5, 8, 12, 14]);
  const by = Object.fromEntries(rows.map((r) => [r.n, r]));
  assert.deepStrictEqual(
    [by[1].lastLabel, by[1].count, by[1].status, by[1].dueLabel],
    ["没答出", 2, "due", "已到期"]
  );
  assert.deepStrictEqual([by[2].lastLabel, by[2].dueLabel], ["部分", "明天（5月4日）"]);
  assert.deepStrictEqual([by[5].lastLabel, by[5].count, by[5].dueLabel, by[5].status], ["—", 0, "新题", "new"]);
  assert.deepStrictEqual([by[8].followupCount, by[8].followupLast], [1, "答出"]);
  assert.strictEqual(P.dueLabel(now + 10 * MIN, now), "今天 09:10");
  assert.strictEqual(P.dueLabel(at(6), now), "3 天后（5月6日）");
  const series = P.dailySeries(s, now, 7);
  assert.strictEqual(series.length, 7);
  assert.strictEqual(series[6].day, "2025-05-03");
  assert.deepStrictEqual(
    series.map((d) => d.total),
    [0, 0, 0, 0, 1, 0, 4] // 05-01: one; 05-03: four ratings (the 追问 counts too)
  );
  assert.deepStrictEqual([series[6].good, series[6].partial, series[6].again], [2, 1, 1]);
  const sum = P.summary(s, Q, now + 20 * MIN);
  assert.deepStrictEqual(sum, { due: 1, fresh: 3, later: 2, practised: 3, reps: 4, total: 6 });
});

test("reset forgets progress but keeps the settings; settings are checked", () => {
  let s = P.withSettings(P.emptyStore(), { seconds: 120, timer: false });
  s = P.rate(s, 1, "good", at(3));
  s = P.recordQuiz(s, 1, 1, 1, at(3));
  const r = P.reset(s);
  assert.deepStrictEqual([r.items, r.followups, r.quizzes, r.daily], [{}, {}, {}, {}]);
  assert.deepStrictEqual(r.settings, { timer: false, seconds: 120, part: "", mode: "main" });
  assert.throws(() => P.withSettings(s, { seconds: 5 }), /settings\.seconds/);
  assert.throws(() => P.withSettings(s, { mode: "random" }), /settings\.mode/);
});

test("the page address: #q=N and #q=N&mode=followup", () => {
  assert.deepStrictEqual(P.parseHash("#q=8"), { q: 8, mode: null });
  assert.deepStrictEqual(P.parseHash("#q=14&mode=followup"), { q: 14, mode: "followup" });
  assert.deepStrictEqual(P.parseHash("#mode=main&q=3"), { q: 3, mode: "main" });
  assert.deepStrictEqual(P.parseHash("#q=abc&mode=x"), { q: null, mode: null });
  assert.deepStrictEqual(P.parseHash(""), { q: null, mode: null });
  assert.deepStrictEqual(P.parseHash("#q=0"), { q: null, mode: null });
  // a malformed %-escape (typed or pasted address) is ignored, not thrown
  assert.deepStrictEqual(P.parseHash("#q=%E0%A4%A&mode=followup"), { q: null, mode: "followup" });
  assert.deepStrictEqual(P.parseHash("#mode=%&q=5"), { q: 5, mode: null });
});
