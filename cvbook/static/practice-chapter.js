/*
 * 模拟面试 on a chapter page: a small 「练这一题」 link under the title (to the practice page,
 * asking this chapter's question), the note 「上次自测 a/b」 once the reader has taken the
 * chapter's self-quiz, and the capture of self-quiz results into the practice store
 * (practice-core.js, window.cvbookPractice).
 *
 * The chapter's question number comes from its title, "问题 N：…"; the site root from
 * <html data-content_root> (Sphinx 7).
 *
 * The score is first-attempt correctness per quiz item: jupyterquiz lets a reader click until
 * the answer turns green, so "answered right eventually" would be 100 % for everyone; whether
 * the first answer was right is what says if the reader knew it. jupyterquiz marks its feedback
 * element (class "Feedback", inside each div.Quiz) with "correct" or "incorrect" after every
 * answer; a MutationObserver watches those classes. An item counts as right when its first
 * outcome is correct: for a single-answer choice or a numeric item the first answer; for a
 * many-answer choice, finding all right options before any wrong one. Each page visit is one
 * attempt: from its first answered item on, it replaces the stored result, as
 * correct / total with `answered` items answered so far.
 */
(function () {
  "use strict";

  const TITLE = /^\s*问题\s*(\d{1,3})\s*[：:]/;

  function storageOrNull() {
    try {
      const s = window.localStorage;
      s.getItem("cvbook-practice-v1");
      return s;
    } catch (e) {
      return null;
    }
  }

  function init() {
    const P = window.cvbookPractice;
    // the article's title (the theme also prints a copy of it in a print-only header)
    const h1 = document.querySelector("article h1") || document.querySelector("h1");
    if (!P || !h1) return;
    const m = TITLE.exec(h1.textContent || "");
    if (!m) return;
    const n = Number(m[1]);
    const root = document.documentElement.dataset.content_root || "";
    const storage = storageOrNull();

    const bar = document.createElement("div");
    bar.className = "cvp-chapter-bar";
    bar.setAttribute("data-cvbook-practice", "chapter");
    const link = document.createElement("a");
    link.className = "cvp-chapter-button";
    link.href = root + "practice.html#q=" + n;
    link.textContent = "练这一题";
    link.title = "在「模拟面试」页练问题 " + n;
    const follow = document.createElement("a");
    follow.className = "cvp-chapter-follow";
    follow.href = root + "practice.html#q=" + n + "&mode=followup";
    follow.textContent = "练追问";
    follow.title = "在「模拟面试」页练问题 " + n + " 的常见追问";
    const note = document.createElement("span");
    note.className = "cvp-lastquiz";
    note.setAttribute("data-role", "last-quiz");
    note.hidden = true;
    bar.append(link, follow, note);
    h1.insertAdjacentElement("afterend", bar);

    function showNote() {
      if (!storage) return;
      const label = P.quizLabel(P.load(storage), n);
      note.hidden = !label;
      note.textContent = label ? "上次自测 " + label : "";
      note.title = label ? "自测里第一次作答就答对的题数 / 本章自测题数" : "";
    }
    showNote();
    window.addEventListener("storage", (e) => {
      if (e.key === P.KEY) showNote();
    });

    // ---------------------------------------------------------- quiz capture
    const results = new Map(); // div.Quiz -> true (first outcome right) | false
    const items = () => document.querySelectorAll('div.Quiz[id^="quizWrap"]');

    function outcome(fb) {
      const cls = fb.classList;
      if (cls.contains("incorrect")) return false;
      if (!cls.contains("correct")) return null;
      const need = Number(fb.dataset.numcorrect || 1);
      if (need > 1 && Number(fb.dataset.answeredcorrect || 0) < need) return null; // not all found yet
      return true;
    }

    function seen(fb) {
      const item = fb.closest('div.Quiz[id^="quizWrap"]');
      if (!item || results.has(item)) return;
      const right = outcome(fb);
      if (right === null) return;
      results.set(item, right);
      const total = Math.max(items().length, results.size);
      let correct = 0;
      for (const r of results.values()) if (r) correct += 1;
      if (!storage) return;
      P.update(storage, (s) => P.recordQuiz(s, n, correct, total, Date.now(), results.size));
      showNote();
    }

    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const t = r.target;
        if (t.nodeType === 1 && t.classList.contains("Feedback")) seen(t);
      }
    });
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"] });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
