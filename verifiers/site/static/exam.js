// Proofbank practice exam: choose domains and a number of questions, answer one by one,
// see the score per domain, review every answer with its proof, retake.
// The exam in progress and past scores are kept in localStorage.
"use strict";

(function exam() {
  var CURRENT = "proofbank.exam.current";
  var HISTORY = "proofbank.exam.history";
  var questions = window.PROOFBANK_QUESTIONS || [];
  var byId = {};
  questions.forEach(function (q) { byId[q.id] = q; });

  var $ = function (id) { return document.getElementById(id); };
  var sections = { setup: $("setup"), run: $("run"), results: $("results") };
  var state = null;
  var ticker = null;
  var wrongIds = [];  // the questions answered wrongly in the exam just finished

  function showOnly(name, focusId) {
    Object.keys(sections).forEach(function (key) { sections[key].hidden = key !== name; });
    if (focusId) $(focusId).focus();
  }

  function shuffled(items) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }

  // Each attempt shows every question's options in an order of its own, lettered A, B, ... as shown;
  // answers are kept (and reviewed) in the question's own letters.
  function start(ids, minutes, practice) {
    var order = {};
    ids.forEach(function (id) { order[id] = shuffled(byId[id].options.map(function (o) { return o[0]; })); });
    state = { ids: ids, answers: {}, index: 0, startedAt: Date.now(), minutes: minutes || null, order: order,
             practice: !!practice };
    Proofbank.save(CURRENT, state);
    ask();
  }

  // The options of q as this attempt shows them, in its order: [letter shown, the question's own letter, text].
  function shownOptions(q) {
    var textOf = {};
    q.options.forEach(function (o) { textOf[o[0]] = o[1]; });
    var order = (state.order && state.order[q.id]) || q.options.map(function (o) { return o[0]; });
    return order.map(function (own, i) { return [String.fromCharCode(65 + i), own, textOf[own]]; });
  }

  function answeredRight(q, answer) {
    return answer.length > 0 && Proofbank.sameLetters(answer, q.key);
  }

  function secondsLeft() {
    if (!state.minutes) return null;
    return Math.max(0, Math.round(state.startedAt / 1000 + state.minutes * 60 - Date.now() / 1000));
  }

  function tick() {
    var left = secondsLeft();
    if (left === null) { $("timer").hidden = true; return; }
    $("timer").hidden = false;
    $("timer").textContent = "Time left: " + Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    if (left === 0) finish();
  }

  function ask() {
    var q = byId[state.ids[state.index]];
    $("run-number").textContent = String(state.index + 1);
    $("run-total").textContent = String(state.ids.length);
    $("exam-stem").innerHTML = q.stem;
    $("exam-version-note").textContent = q.version_note || "";
    $("exam-version-note").hidden = !q.version_note;
    $("exam-legend").textContent = q.select_all ? "Choose every option that holds" : "Choose one answer";
    $("exam-error").textContent = "";
    var previous = state.answers[q.id] || [];
    var options = $("exam-options");
    options.innerHTML = "";
    var shown = shownOptions(q);
    shown.forEach(function (option) {
      var letter = option[0], own = option[1];
      var row = document.createElement("div");
      row.className = "option";
      var input = document.createElement("input");
      input.type = q.select_all ? "checkbox" : "radio";
      input.name = "answer";
      input.value = letter;
      input.id = "exam-option-" + letter;
      input.setAttribute("data-own-letter", own);
      input.checked = previous.indexOf(own) !== -1;
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.innerHTML = '<span class="letter">' + letter + "</span> " + option[2];
      row.appendChild(input);
      row.appendChild(label);
      options.appendChild(row);
    });
    $("exam-question").setAttribute("data-id", q.id);
    $("exam-hint").textContent = "Keys A to " + shown[shown.length - 1][0] + " choose an option; Enter goes on.";
    var last = state.index === state.ids.length - 1;
    $("exam-next").textContent = state.practice ? "Check my answer" : last ? "Finish the exam" : "Next question";
    $("exam-continue").textContent = last ? "See my score" : "Next question";
    $("exam-question").hidden = false;
    $("exam-feedback").hidden = true;
    showOnly("run", "run-heading");
    if (ticker === null && state.minutes) ticker = window.setInterval(tick, 1000);
    tick();
  }

  function score() {
    var perDomain = {};
    var right = 0;
    var options = { right: 0, total: 0 };  // near misses: options judged right, out of all options asked
    var marked = state.ids.map(function (id) {
      var q = byId[id];
      var answer = state.answers[id] || [];
      q.options.forEach(function (o) {
        options.total += 1;
        if ((answer.indexOf(o[0]) !== -1) === (q.key.indexOf(o[0]) !== -1)) options.right += 1;
      });
      var ok = answeredRight(q, answer);
      var d = perDomain[q.domain] || (perDomain[q.domain] = { right: 0, total: 0 });
      d.total += 1;
      if (ok) { d.right += 1; right += 1; }
      return { q: q, answer: answer, right: ok };
    });
    return { right: right, total: state.ids.length, perDomain: perDomain, marked: marked, options: options };
  }

  function finish() {
    if (ticker !== null) { window.clearInterval(ticker); ticker = null; }
    var result = score();
    result.marked.forEach(function (m) { Proofbank.remember(m.q.id, m.right); });
    var history = Proofbank.load(HISTORY, []);
    var domains = {};
    Object.keys(result.perDomain).sort().forEach(function (d) { domains[d] = [result.perDomain[d].right, result.perDomain[d].total]; });
    history.push({ at: new Date().toISOString(), right: result.right, total: result.total, domains: domains, ids: state.ids });
    Proofbank.save(HISTORY, history.slice(-50));
    Proofbank.save(CURRENT, null);
    showResults(result);
  }

  function cell(row, text, header) {
    var el = document.createElement(header ? "th" : "td");
    if (header) el.scope = "row";
    el.textContent = text;
    row.appendChild(el);
  }

  function showResults(result) {
    var percent = Math.round((100 * result.right) / result.total);
    $("score").textContent = "You scored " + result.right + " of " + result.total + " (" + percent + "%).";
    $("score").setAttribute("data-right", String(result.right));
    $("score").setAttribute("data-total", String(result.total));
    $("near-miss").textContent = "Options judged right: " + result.options.right + " of " + result.options.total +
      " (" + Math.round((100 * result.options.right) / result.options.total) + "%), counting each option you ticked or left as you should.";
    $("near-miss").setAttribute("data-right", String(result.options.right));
    $("near-miss").setAttribute("data-total", String(result.options.total));
    var body = $("per-domain");
    body.innerHTML = "";
    Object.keys(result.perDomain).sort().forEach(function (domain) {
      var row = document.createElement("tr");
      row.setAttribute("data-domain", domain);
      cell(row, domain, true);
      cell(row, String(result.perDomain[domain].right));
      cell(row, String(result.perDomain[domain].total));
      body.appendChild(row);
    });
    var review = $("review");
    review.innerHTML = "";
    result.marked.forEach(function (m, index) { review.appendChild(reviewItem(m, index)); });
    wrongIds = result.marked.filter(function (m) { return !m.right; }).map(function (m) { return m.q.id; });
    $("retake-wrong-button").hidden = wrongIds.length === 0 || wrongIds.length === result.total;
    showOnly("results", "results-heading");
  }

  function para(className, html) {
    var p = document.createElement("div");
    p.className = className;
    p.innerHTML = html;
    return p;
  }

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  function reviewItem(m, index) {
    var q = m.q;
    var item = document.createElement("li");
    item.setAttribute("data-id", q.id);
    item.setAttribute("data-right", String(m.right));
    item.className = m.right ? "review-right" : "review-wrong";
    item.appendChild(text("h3", (index + 1) + ". " + q.title + ": " + (m.right ? "right" : "wrong")));
    item.appendChild(text("p", "Question " + q.domain + "/" + q.question_id + (q.tags.length ? " · tags " + q.tags.join(", ") : ""), "question-id"));
    item.appendChild(para("stem", q.stem));
    item.appendChild(text("p", "Your answer: " + (m.answer.length ? m.answer.slice().sort().join(", ") : "none") +
      ". Key: " + q.key.join(", ") + "."));
    item.appendChild(text("p", (q.verified ? "VERIFIED. " : "UNVERIFIED. ") + q.badge + ".",
      q.verified ? "badge-line badge-verified" : "badge-line badge-unverified"));
    item.appendChild(para("explanation", q.explanation));
    var list = document.createElement("ul");
    q.options.forEach(function (option) {
      var li = document.createElement("li");
      var holds = q.key.indexOf(option[0]) !== -1;
      li.innerHTML = '<span class="letter">' + option[0] + "</span> " + option[1] + " <strong>" +
        (holds ? "holds" : "does not hold") + ".</strong> " + q.why[option[0]];
      list.appendChild(li);
    });
    item.appendChild(list);
    var details = document.createElement("details");
    details.appendChild(text("summary", "The proof, with the SQL each line sent"));
    var proof = document.createElement("div");
    proof.className = "code";
    proof.setAttribute("data-proof-for", q.id);
    proof.textContent = "Loading the proof…";
    details.appendChild(proof);
    item.appendChild(details);
    var link = document.createElement("a");
    link.href = q.url + "#proof";
    link.textContent = "Open the question page: the proof and its SQL";
    item.appendChild(link);
    loadProof(q.id);
    return item;
  }

  // A script tag rather than a request from script: that also works when the site is opened from disk.
  function loadProof(id) {
    var proofs = window.PROOFBANK_PROOFS || {};
    if (proofs[id]) { fillProof(id); return; }
    var script = document.createElement("script");
    script.src = "data/proofs/" + id + ".js";
    script.onload = function () { fillProof(id); };
    document.head.appendChild(script);
  }

  function fillProof(id) {
    var proof = (window.PROOFBANK_PROOFS || {})[id];
    document.querySelectorAll('[data-proof-for="' + id + '"]').forEach(function (el) {
      el.innerHTML = "<p>" + proof.path.replace(/&/g, "&amp;").replace(/</g, "&lt;") + "</p>" + proof.html;
    });
  }

  function showSetup() {
    var history = Proofbank.load(HISTORY, []);
    var list = $("past-scores");
    list.innerHTML = "";
    history.slice().reverse().forEach(function (h) {
      var parts = Object.keys(h.domains).map(function (d) { return d + " " + h.domains[d][0] + "/" + h.domains[d][1]; });
      list.appendChild(text("li", h.at.slice(0, 16).replace("T", " ") + ": " + h.right + " of " + h.total +
        " (" + parts.join(", ") + ")"));
    });
    $("no-past-scores").hidden = history.length > 0;
    var current = Proofbank.load(CURRENT, null);
    $("resume-note").hidden = !(current && current.ids && current.ids.every(function (id) { return byId[id]; }));
    showOnly("setup");
  }

  $("exam-setup").addEventListener("submit", function (event) {
    event.preventDefault();
    var domains = Array.prototype.map.call(document.querySelectorAll('input[name="domain"]:checked'), function (i) { return i.value; });
    var count = parseInt($("exam-count").value, 10);
    var minutes = parseInt($("exam-minutes").value, 10) || null;
    var onlyVerified = $("exam-verified").checked;
    var level = $("exam-level").value;
    var pool = questions.filter(function (q) {
      return domains.indexOf(q.domain) !== -1 && (!onlyVerified || q.verified) && (!level || q.level === level);
    });
    if (!domains.length) { $("setup-error").textContent = "Choose at least one domain."; return; }
    if (!(count >= 1)) { $("setup-error").textContent = "Choose how many questions: 1 or more."; return; }
    if (!pool.length) { $("setup-error").textContent = "No question matches: choose more domains, another level, or include unverified questions."; return; }
    $("setup-error").textContent = "";
    start(shuffled(pool).slice(0, count).map(function (q) { return q.id; }), minutes, $("exam-practice").checked);
  });

  $("exam-question").addEventListener("submit", function (event) {
    event.preventDefault();
    // back to the question's own letters, which the key, the score and the review use
    var ownOf = {};
    shownOptions(byId[state.ids[state.index]]).forEach(function (o) { ownOf[o[0]] = o[1]; });
    var answer = Proofbank.chosen($("exam-question")).map(function (letter) { return ownOf[letter]; }).sort();
    if (!answer.length) { $("exam-error").textContent = "Choose an option first."; return; }
    state.answers[state.ids[state.index]] = answer;
    if (state.practice) { showFeedback(); return; }
    goOn();
  });

  // Practice mode: right after an answer, the verdict, each option's truth and the explanation.
  function showFeedback() {
    var q = byId[state.ids[state.index]];
    var answer = state.answers[q.id];
    var right = answeredRight(q, answer);
    Proofbank.save(CURRENT, state);
    var body = $("feedback-body");
    body.innerHTML = "";
    // shown as the learner saw it: the attempt's order and letters
    var shown = shownOptions(q);
    var shownLetter = {};
    shown.forEach(function (o) { shownLetter[o[1]] = o[0]; });
    var asShown = Object.assign({}, q, {
      options: shown.map(function (o) { return [o[0], o[2]]; }),
      key: q.key.map(function (own) { return shownLetter[own]; }).sort(),
      why: {}
    });
    shown.forEach(function (o) { asShown.why[o[0]] = q.why[o[1]]; });
    var item = reviewItem({ q: asShown, answer: answer.map(function (own) { return shownLetter[own]; }), right: right },
                          state.index);
    item.querySelector("h3").remove();
    item.appendChild(text("p", "Letters as shown in this attempt. The proof and the question page use the question's own letters: " +
      shown.map(function (o) { return o[0] + " is " + o[1]; }).join(", ") + ".", "hint"));
    var list = document.createElement("ul");
    list.className = "review";
    list.appendChild(item);
    body.appendChild(list);
    $("feedback-heading").textContent = right ? "Right." : "Not quite.";
    $("exam-question").hidden = true;
    $("exam-feedback").hidden = false;
    $("feedback-heading").focus();
    loadProof(q.id);
  }

  $("exam-continue").addEventListener("click", goOn);

  function goOn() {
    if (state.index === state.ids.length - 1) { finish(); return; }
    state.index += 1;
    Proofbank.save(CURRENT, state);
    ask();
  }

  $("feedback-heading").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); goOn(); }
  });

  $("resume-button").addEventListener("click", function () {
    state = Proofbank.load(CURRENT, null);
    if (state) ask();
  });
  $("retake-button").addEventListener("click", function () {
    start(shuffled(state.ids), state.minutes, state.practice);
  });
  $("retake-wrong-button").addEventListener("click", function () {
    start(shuffled(wrongIds), state.minutes, state.practice);
  });
  $("new-exam-button").addEventListener("click", function () {
    showSetup();
    $("exam-heading").focus();
  });
  Proofbank.letterKeys($("exam-question"));
  showSetup();
})();
