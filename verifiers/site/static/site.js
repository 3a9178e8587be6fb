// Proofbank learner pages: search and filters on the question list, answering on a question page.
// Plain JavaScript, no network: everything it needs is in the page.
"use strict";

var Proofbank = (function () {
  var PROGRESS = "proofbank.progress";

  function load(name, fallback) {
    try {
      var text = window.localStorage.getItem(name);
      return text ? JSON.parse(text) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(name, JSON.stringify(value));
    } catch (error) {
      // Private windows or full storage: the pages still work, they just do not remember.
    }
  }

  function sameLetters(a, b) {
    return a.slice().sort().join(",") === b.slice().sort().join(",");
  }

  function remember(id, right) {
    var progress = load(PROGRESS, {});
    progress[id] = { right: right, at: new Date().toISOString() };
    save(PROGRESS, progress);
  }

  // Letter keys choose options unless the reader is typing in a text field.
  function letterKeys(form, onLetter) {
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
          (target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox"))) return;
      var letter = (event.key || "").toUpperCase();
      if (!/^[A-F]$/.test(letter)) return;
      var input = form.querySelector('input[name="answer"][value="' + letter + '"]');
      if (!input || form.closest("[hidden]")) return;
      event.preventDefault();
      input.checked = input.type === "checkbox" ? !input.checked : true;
      input.focus();
      if (onLetter) onLetter(letter);
    });
  }

  function chosen(form) {
    return Array.prototype.map.call(form.querySelectorAll('input[name="answer"]:checked'), function (i) {
      return i.value;
    });
  }

  return { load: load, save: save, sameLetters: sameLetters, remember: remember, letterKeys: letterKeys, chosen: chosen };
})();

(function questionList() {
  var form = document.getElementById("filters");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".question-item"));
  var search = document.getElementById("search");
  var selects = { domain: "filter-domain", tag: "filter-tag", level: "filter-level" };
  var count = document.getElementById("match-count");

  // index.html#tag=flush (and domain=, level=) opens the list filtered.
  function fromHash() {
    var hash = window.location.hash.replace(/^#/, "");
    hash.split("&").forEach(function (part) {
      var pair = part.split("=");
      var select = selects[pair[0]] && document.getElementById(selects[pair[0]]);
      if (select && pair.length === 2) select.value = decodeURIComponent(pair[1]);
    });
  }

  function apply() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    var domain = document.getElementById(selects.domain).value;
    var tag = document.getElementById(selects.tag).value;
    var level = document.getElementById(selects.level).value;
    var shown = 0;
    items.forEach(function (item) {
      var text = item.getAttribute("data-text");
      var tags = item.getAttribute("data-tags").split(" ");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
        (!domain || item.getAttribute("data-domain") === domain) &&
        (!tag || tags.indexOf(tag) !== -1) &&
        (!level || item.getAttribute("data-level") === level);
      item.hidden = !match;
      if (match) shown += 1;
    });
    document.querySelectorAll("section.domain").forEach(function (section) {
      section.hidden = !section.querySelector(".question-item:not([hidden])");
    });
    count.textContent = shown === items.length ? items.length + " questions" : shown + " of " + items.length + " questions match";
  }

  var progress = Proofbank.load("proofbank.progress", {});
  document.querySelectorAll("[data-progress-for]").forEach(function (mark) {
    var entry = progress[mark.getAttribute("data-progress-for")];
    if (entry) mark.textContent = entry.right ? "answered right" : "answered wrong";
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
})();

(function questionPage() {
  var form = document.getElementById("answer-form");
  if (!form) return;
  var key = form.getAttribute("data-key").split(",");
  var result = document.getElementById("answer-result");
  var reveal = document.getElementById("reveal");

  function show() {
    reveal.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var answer = Proofbank.chosen(form);
    if (!answer.length) {
      result.textContent = "Choose an option first.";
      return;
    }
    var right = Proofbank.sameLetters(answer, key);
    Proofbank.remember(form.getAttribute("data-slug"), right);
    result.textContent = (right ? "Right. " : "Not quite. ") + "You chose " + answer.sort().join(", ") +
      "; the key is " + key.join(", ") + ". The proof and the SQL are below.";
    result.className = "result " + (right ? "result-right" : "result-wrong");
    show();
  });
  document.getElementById("reveal-button").addEventListener("click", function () {
    show();
    document.getElementById("answer-heading").focus();
  });
  Proofbank.letterKeys(form);
})();
