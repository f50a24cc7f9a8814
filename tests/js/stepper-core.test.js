"use strict";
// Frame logic of the step-through figures (cvbook/static/stepper-core.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const { reduce, counter, keyAction } = require("../../cvbook/static/stepper-core.js");

const s = (index, count, playing = false) => ({ index, count, playing });

test("next and prev move one frame and stop at the ends", () => {
  assert.deepEqual(reduce(s(0, 3), "next"), s(1, 3));
  assert.deepEqual(reduce(s(2, 3), "next"), s(2, 3));
  assert.deepEqual(reduce(s(1, 3), "prev"), s(0, 3));
  assert.deepEqual(reduce(s(0, 3), "prev"), s(0, 3));
  assert.deepEqual(reduce(s(1, 3), "first"), s(0, 3));
  assert.deepEqual(reduce(s(0, 3), "last"), s(2, 3));
});

test("playing advances on each tick and stops on the last frame", () => {
  let st = reduce(s(0, 3), "play");
  assert.deepEqual(st, s(0, 3, true));
  st = reduce(st, "tick");
  assert.deepEqual(st, s(1, 3, true));
  st = reduce(st, "tick");
  assert.deepEqual(st, s(2, 3, false)); // reached the end: stops
  assert.deepEqual(reduce(st, "tick"), s(2, 3, false));
  // Play from the last frame starts over; a single frame never plays.
  assert.deepEqual(reduce(s(2, 3), "play"), s(0, 3, true));
  assert.deepEqual(reduce(s(0, 1), "play"), s(0, 1, false));
  // A manual step or pause stops playing.
  assert.deepEqual(reduce(s(1, 3, true), "next"), s(2, 3, false));
  assert.deepEqual(reduce(s(1, 3, true), "pause"), s(1, 3, false));
  assert.deepEqual(reduce(s(1, 3, false), "tick"), s(1, 3, false));
});

test("counter and keys", () => {
  assert.equal(counter(s(2, 12)), "第 3 / 12 步");
  assert.equal(keyAction("ArrowRight"), "next");
  assert.equal(keyAction("ArrowLeft"), "prev");
  assert.equal(keyAction("Home"), "first");
  assert.equal(keyAction("End"), "last");
  assert.equal(keyAction("a"), null);
});

test("invalid state or action throws naming it", () => {
  assert.throws(() => reduce(s(3, 3), "next"), /state/);
  assert.throws(() => reduce(s(0, 0), "next"), /state/);
  assert.throws(() => reduce(null, "next"), /state/);
  assert.throws(() => reduce(s(0, 3), "jump"), /action/);
});
