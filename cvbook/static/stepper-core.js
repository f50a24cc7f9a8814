/*
 * Step-through figures: the frame logic (no DOM), shared by the website and Jupyter.
 *
 * A stepper shows one frame of an algorithm's trace at a time, with 上一步 / 下一步 / 播放 and the
 * arrow keys. cvbook/stepper.py inlines this file into each stepper's output, so the same code
 * runs on the static site and in a live notebook; under node it is a module (tests/js).
 *
 * Classic script: attaches to window.cvbookStepper in the browser, module.exports under node.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof window !== "undefined") {
    window.cvbookStepper = window.cvbookStepper || api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /**
   * The state after an action.
   * @param {{index: number, count: number, playing: boolean}} state current frame (0-based),
   *   number of frames (>= 1), whether autoplay is on
   * @param {string} action "next" | "prev" | "first" | "last" | "play" | "pause" | "tick"
   *   ("tick" is one autoplay step: advances, and stops playing on the last frame)
   * @returns {{index: number, count: number, playing: boolean}} a new state
   * @throws {Error} naming `state` or `action` when they are invalid
   */
  function reduce(state, action) {
    if (
      !state ||
      !Number.isInteger(state.count) ||
      state.count < 1 ||
      !Number.isInteger(state.index) ||
      state.index < 0 ||
      state.index >= state.count
    ) {
      throw new Error(`state must be {index, count, playing} with 0 <= index < count, got ${JSON.stringify(state)}`);
    }
    const last = state.count - 1;
    const at = (index, playing) => ({ index, count: state.count, playing });
    switch (action) {
      case "next":
        return at(Math.min(state.index + 1, last), false);
      case "prev":
        return at(Math.max(state.index - 1, 0), false);
      case "first":
        return at(0, false);
      case "last":
        return at(last, false);
      case "play":
        // Playing from the last frame starts again at the first.
        return at(state.index === last ? 0 : state.index, state.count > 1);
      case "pause":
        return at(state.index, false);
      case "tick": {
        if (!state.playing) return at(state.index, false);
        const index = Math.min(state.index + 1, last);
        return at(index, index < last);
      }
      default:
        throw new Error(`action must be one of next, prev, first, last, play, pause, tick; got ${action}`);
    }
  }

  /**
   * The counter text under a frame, e.g. "第 3 / 12 步".
   * @param {{index: number, count: number}} state
   * @returns {string}
   */
  function counter(state) {
    return `第 ${state.index + 1} / ${state.count} 步`;
  }

  /**
   * Which action a key press means, or null.
   * @param {string} key KeyboardEvent.key
   * @returns {string|null}
   */
  function keyAction(key) {
    return { ArrowRight: "next", ArrowLeft: "prev", Home: "first", End: "last" }[key] || null;
  }

  /**
   * Wire one stepper element: its frames are the children with class "cvbook-step-frame" (one
   * shown at a time), its captions the ".cvbook-step-caption" elements, its buttons carry
   * data-step-action. Idempotent: an element is wired once.
   * @param {HTMLElement} el the stepper's root element (class "cvbook-stepper")
   */
  function mount(el) {
    if (el.dataset.stepperMounted) return;
    el.dataset.stepperMounted = "1";
    const frames = Array.from(el.querySelectorAll(".cvbook-step-frame"));
    const captions = Array.from(el.querySelectorAll(".cvbook-step-caption"));
    const count = frames.length;
    if (!count) return;
    const status = el.querySelector(".cvbook-step-counter");
    const playButton = el.querySelector('[data-step-action="play"]');
    let state = { index: 0, count, playing: false };
    let timer = null;
    const delay = Number(el.dataset.stepDelay) || 1200;

    function render() {
      frames.forEach((f, i) => {
        f.hidden = i !== state.index;
      });
      captions.forEach((c, i) => {
        c.hidden = i !== state.index;
      });
      if (status) status.textContent = counter(state);
      if (playButton) playButton.textContent = state.playing ? "暂停" : "播放";
      el.querySelectorAll("[data-step-action]").forEach((b) => {
        const a = b.dataset.stepAction;
        if (a === "prev" || a === "first") b.disabled = state.index === 0;
        if (a === "next" || a === "last") b.disabled = state.index === count - 1;
      });
    }

    function dispatch(action) {
      state = reduce(state, action);
      if (state.playing && !timer) {
        timer = setInterval(() => dispatch("tick"), delay);
      } else if (!state.playing && timer) {
        clearInterval(timer);
        timer = null;
      }
      render();
    }

    el.addEventListener("click", (ev) => {
      const b = ev.target.closest("[data-step-action]");
      if (!b || !el.contains(b)) return;
      const a = b.dataset.stepAction;
      dispatch(a === "play" && state.playing ? "pause" : a);
    });
    el.addEventListener("keydown", (ev) => {
      const a = keyAction(ev.key);
      if (!a) return;
      ev.preventDefault();
      dispatch(a);
    });
    render();
  }

  /** Wire every stepper on the page (or under `root`). */
  function mountAll(root) {
    (root || document).querySelectorAll(".cvbook-stepper").forEach(mount);
  }

  return { reduce, counter, keyAction, mount, mountAll };
});
