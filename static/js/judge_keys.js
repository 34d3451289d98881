/* Keyboard shortcuts on the judge tablet (issue #17, item 3; issue #18: a whole contestant in
   at most aspects × 3 keys). Inside a sheet: digits 0–3 give a J score; digits press the M
   button of that value and Enter its full mark; digits, "." and Backspace type on a number pad
   and Enter saves it; the up/down arrows move between the aspects. Keys typed on the sheet
   heading go to the first sheet still to score. After a score by keyboard, focus moves on to
   the next sheet to score, then to the next contestant to finish. The keys press the same
   buttons a finger would, so judge.js's outbox and focus handling stay the only ones. */
(function () {
  "use strict";

  var tablet = window.jxTablet;
  var box = document.getElementById("jx-sheets");
  var list = document.getElementById("jx-contestants");
  if (!tablet || !box || !list) { return; }

  function all(parent, selector) { return Array.prototype.slice.call(parent.querySelectorAll(selector)); }
  function sheetCards() { return all(box, ".jx-sheet"); }
  // Still to score: never scored, refused, or the chief judge asked for a re-score.
  function isOpen(card) {
    return card.dataset.state === "empty" || card.dataset.state === "rejected"
      || card.classList.contains("is-rescore");
  }

  /* After a score: the next open sheet (after this one, wrapping), else the next contestant
     still to finish, so the judge never travels to it. */
  function advance(name) {
    var cards = sheetCards();
    var at = cards.map(function (c) { return c.dataset.sheet; }).indexOf(name);
    for (var i = 1; i < cards.length; i++) {
      var c = cards[(at + i) % cards.length];
      if (isOpen(c)) { c.focus(); return; }
    }
    var people = all(list, ".jx-contestant[data-code]");
    var me = people.map(function (b) { return b.dataset.code; }).indexOf(tablet.selected());
    for (var j = 1; j < people.length; j++) {
      var b = people[(me + j) % people.length];
      if (!b.classList.contains("is-done") || b.classList.contains("is-rescore")) {
        b.focus();
        return;
      }
    }
  }

  /* An M value by its digits: pressed as soon as no other value starts with what was typed
     ("0", then "4" "0" for 40 beside 20); Enter presses an exact value that is also a prefix. */
  var mTyped = { name: null, text: "" };
  function mButton(sheet, text) {
    return all(sheet, ".jx-m-btn").filter(function (b) { return b.dataset.value === text; })[0] || null;
  }
  function typeM(sheet, name, k) {
    var text = (mTyped.name === name ? mTyped.text : "") + k;
    var starts = function (t) {
      return all(sheet, ".jx-m-btn").filter(function (b) { return !b.disabled && b.dataset.value.indexOf(t) === 0; });
    };
    if (!starts(text).length) { text = k; }     // a fresh start after a slip
    var candidates = starts(text);
    mTyped = { name: name, text: candidates.length ? text : "" };
    if (candidates.length === 1 && candidates[0].dataset.value === text) {
      mTyped = { name: null, text: "" };
      candidates[0].click();
    }
    return candidates.length > 0;
  }

  box.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var k = event.key;
    var onHeading = event.target.id === "jx-sheets-code";
    var sheet = event.target.closest ? event.target.closest(".jx-sheet") : null;
    if (onHeading) { sheet = sheetCards().filter(isOpen)[0] || sheetCards()[0] || null; }
    if (!sheet) { return; }
    var name = sheet.dataset.sheet;
    var before = tablet.sent();
    var press = function (selector) {
      var b = sheet.querySelector(selector);
      if (!b || b.disabled) { return false; }
      b.click();
      return true;
    };
    var typing = !event.target.matches("button");   // Enter on a button presses that button
    var done = false;
    if (onHeading && k === "ArrowDown") {
      sheet.focus();
      done = true;
    } else if (k === "ArrowDown" || k === "ArrowUp") {
      var cards = sheetCards();
      var next = cards[cards.indexOf(sheet) + (k === "ArrowDown" ? 1 : -1)];
      if (next) { next.focus(); done = true; }
    } else if (sheet.querySelector(".jx-j") && /^[0-3]$/.test(k)) {
      done = press('.jx-j-btn[data-value="' + k + '"]');
    } else if (sheet.querySelector(".jx-m") && /^[0-9.]$/.test(k)) {
      done = typeM(sheet, name, k);
    } else if (sheet.querySelector(".jx-m") && k === "Enter" && typing) {
      var exact = mTyped.name === name ? mButton(sheet, mTyped.text) : null;
      mTyped = { name: null, text: "" };
      done = exact ? (exact.click(), true) : press(".jx-m-full");
    } else if (sheet.querySelector(".jx-pad") && (/^[0-9.]$/.test(k) || k === "Backspace")) {
      done = press('.jx-key[data-key="' + (k === "Backspace" ? "⌫" : k) + '"]');
    } else if (sheet.querySelector(".jx-pad") && k === "Enter" && typing) {
      done = press(".jx-pad-ok");
    }
    if (done) { event.preventDefault(); }
    if (tablet.sent() !== before) { advance(name); }
  });

  // A one-task screen: a keyboard judge starts on the first contestant still to finish
  // instead of tabbing past the menu, unless something already has focus.
  if (document.activeElement === document.body || document.activeElement === null) {
    var first = list.querySelector(".jx-contestant[data-code]:not(.is-done)");
    if (first) { first.focus({ preventScroll: true }); }
  }
})();
