// The quiz in the browser: statement pages drawn from one cached set document, answers kept
// in the address (the same URLs the server understands), so answering costs the server
// nothing. The result is still computed on the server: the last answer, "Visa resultat nu"
// and answers changed from the result page leave through the server's own forms and links.
// Without JavaScript the same pages work as plain GET forms; nothing here is required.
(function () {
  "use strict";

  const script = document.currentScript;
  const docUrl = script && script.dataset.set;
  if (!docUrl || !window.fetch || !window.history.pushState) return;

  const OWN = ["s", "lattlast", "nr", "svar", "vikt"];  // parameters this script writes
  const ALPHABETS = { "1": "abcde", "2": "ABCDE", "0.5": "vwxyz" };

  let set = null;       // the set document
  let startMain = null; // the start page's content, to come back to

  function loadSet() {
    if (!loadSet.promise) {
      loadSet.promise = fetch(docUrl, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        return r.json();
      }).then(function (data) { set = data; return data; });
    }
    return loadSet.promise;
  }

  // ---- answer codes: one character per statement (see compass/answers.py)

  function half() { return (set.levels - 1) / 2; }

  function decode(code, index) {
    const c = code.charAt(index);
    if (c === "." || c === "") return null;
    if (c === "-") return { value: null, weight: "1" };
    for (const weight in ALPHABETS) {
      const i = ALPHABETS[weight].indexOf(c);
      if (i >= 0 && i < set.levels) return { value: i - half(), weight: weight };
    }
    return null;
  }

  function encodeOne(value, weight) {
    return value === null ? "-" : ALPHABETS[weight].charAt(value + half());
  }

  function withChar(code, index, c) {
    return code.slice(0, index) + c + code.slice(index + 1);
  }

  function answeredCount(code) { return code.replace(/[.-]/g, "").length; }

  // ---- state: { s, easy, number, carry } where carry holds parameters set by the server

  // In the server's canonical order (compass/quiz/state.py), so equal states share a URL.
  function query(state) {
    const params = new URLSearchParams();
    if (state.s.replace(/\./g, "")) params.set("s", state.s);
    new URLSearchParams(state.carry).forEach(function (value, key) { params.append(key, value); });
    if (state.easy) params.set("lattlast", "1");
    const text = params.toString();
    return text ? "?" + text : "";
  }

  function statementUrl(state, number) {
    return set.urls.statement + number + query(state);
  }

  function stateFromPage(form, number) {
    const carry = new URLSearchParams();
    let s = "", easy = false;
    for (const input of form.querySelectorAll("input[type=hidden]")) {
      if (input.name === "s") s = input.value;
      else if (input.name === "lattlast") easy = input.value === "1";
      else if (OWN.indexOf(input.name) < 0) carry.append(input.name, input.value);
    }
    return { s: s || ".".repeat(set.statements.length), easy: easy, number: number,
             carry: carry.toString() };
  }

  // ---- drawing: the same markup as templates/quiz/_statement_body.html

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const key in attrs || {}) {
      if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) {
        node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
      }
    }
    for (const child of children || []) {
      if (child !== null) node.append(child);
    }
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  function answerLabel(value) {
    for (const pair of set.ui.answers) if (pair[0] === value) return pair[1];
    return "";
  }

  function drawStatement(state) {
    const ui = set.ui, total = set.statements.length, n = state.number;
    const st = set.statements[n - 1];
    const current = decode(state.s, n - 1);
    const sv = st.onlySwedish ? "sv" : null;
    const parts = [];

    const before = n > 1 ? decode(state.s, n - 2) : null;
    if (before && before.value !== null) {
      const choices = ui.weights.map(function (pair) {
        const s = withChar(state.s, n - 2, encodeOne(before.value, pair[0]));
        const link = el("a", { href: statementUrl(Object.assign({}, state, { s: s }), n),
                               "data-weight": pair[0],
                               "aria-current": before.weight === pair[0] ? "true" : null },
                        [pair[1]]);
        return el("li", {}, [link]);
      });
      parts.push(el("div", { class: "reweigh" }, [
        el("p", {}, [fill(ui.reweigh, { n: n - 1, answer: answerLabel(before.value) })]),
        el("ul", { class: "weight-choices" }, choices)]));
    }
    const progress = fill(ui.progress, { n: n, total: total });
    parts.push(el("p", { class: "progress-text", id: "progress" }, [progress]));
    parts.push(el("progress", { max: total, value: n, "aria-labelledby": "progress" }));
    parts.push(el("p", { class: "theme" }, [st.theme]));
    parts.push(el("h1", { class: "statement", id: "statement-text", lang: sv },
                  [state.easy && st.easy ? st.easy : st.text]));
    if (st.onlySwedish) parts.push(el("p", { class: "note" }, [ui.onlySwedish]));
    const toggled = Object.assign({}, state, { easy: !state.easy });
    parts.push(el("p", { class: "easy-switch" }, [
      el("a", { href: statementUrl(toggled, n), "data-easy": "" },
         [state.easy ? ui.easyOff : ui.easyOn])]));
    // Easy-read, background and direction are optional in a set: drawn only where given.
    if (st.easy) {
      parts.push(el("details", {}, [el("summary", {}, [state.easy ? ui.plain : ui.easy]),
                                    el("p", {}, [state.easy ? st.text : st.easy])]));
    }
    if (st.background || st.direction) {
      const about = [el("summary", {}, [ui.background])];
      if (st.background) about.push(el("p", {}, [st.background]));
      if (st.direction) about.push(el("p", { class: "meta" }, [st.direction]));
      parts.push(el("details", {}, about));
    }

    const last = n === total;
    const hidden = new URLSearchParams(query(state).slice(1));
    const inputs = [];
    hidden.forEach(function (value, name) {
      inputs.push(el("input", { type: "hidden", name: name, value: value }));
    });
    inputs.push(el("input", { type: "hidden", name: "nr", value: n }));
    const weight = current && current.value !== null ? current.weight : "1";
    const radios = ui.weights.map(function (pair) {
      return el("label", {}, [el("input", { type: "radio", name: "vikt", value: pair[0],
                                            checked: pair[0] === weight }), " " + pair[1]]);
    });
    const mine = function () { return el("span", { class: "visually-hidden" }, [" " + ui.yours]); };
    const buttons = ui.answers.map(function (pair) {
      const on = current !== null && current.value === pair[0];
      return el("button", { type: "submit", name: "svar", value: String(pair[0]),
                            class: "answer answer-" + pair[0] + (on ? " current" : "") },
                [pair[1], on ? mine() : null]);
    });
    const skipped = current !== null && current.value === null;
    buttons.push(el("button", { type: "submit", name: "svar", value: "hoppa",
                                class: "answer skip" + (skipped ? " current" : "") },
                    [ui.skip, skipped ? mine() : null]));
    parts.push(el("form", { class: "answer-form", method: "get",
                            action: last ? set.urls.parties : set.urls.statement + (n + 1),
                            "data-next": last ? null : n + 1 }, [
      ...inputs,
      el("fieldset", { class: "weights" }, [el("legend", {}, [ui.weightLegend]), ...radios]),
      el("fieldset", { class: "answers" }, [el("legend", {}, [ui.answerLegend]), ...buttons])]));

    const links = [];
    if (n > 1) {
      links.push(el("a", { href: statementUrl(state, n - 1), rel: "prev" }, ["← " + ui.prev]));
    }
    if (current !== null && !last) {
      links.push(el("a", { href: statementUrl(state, n + 1), rel: "next" }, [ui.next + " →"]));
    }
    const reachedAll = state.s.indexOf(".") < 0;
    if (reachedAll || answeredCount(state.s) >= set.minAnswers) {
      links.push(el("a", { href: set.urls.result + query(state), class: "to-result" },
                    [reachedAll ? ui.toResult : ui.resultNow]));
    }
    parts.push(el("nav", { class: "pager", "aria-label": ui.pager }, links));

    const main = document.querySelector("main");
    main.replaceChildren(...parts);
    document.title = progress + ui.title;
    afterDraw();
  }

  function afterDraw() {
    // The language link carries the current address; keep it in step.
    const lang = document.querySelector("nav.lang a");
    if (lang) {
      const url = new URL(lang.href);
      url.searchParams.set("next", location.pathname + location.search);
      lang.href = url.pathname + url.search;
    }
    // Move focus to the new content so screen readers announce the next statement.
    const heading = document.querySelector("main h1") || document.querySelector("main");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  function show(state, how) {
    const url = statementUrl(state, state.number);
    const here = location.pathname + location.search;
    if (how === "push" && url !== here) history.pushState({ quiz: state }, "", url);
    else if (how === "replace") history.replaceState({ quiz: state }, "", url);
    drawStatement(state);
  }

  function current() { return history.state && history.state.quiz; }

  // ---- events

  document.addEventListener("submit", function (event) {
    const form = event.target;
    const state = current();
    if (!form.matches("form.answer-form[data-next]") || !state || !set) return;
    const button = event.submitter;  // without it (old browsers) the form submits as usual
    if (!button || button.name !== "svar") return;
    event.preventDefault();
    const choice = button.value;
    const value = choice === "hoppa" ? null : Number(choice);
    const checked = form.querySelector("input[name=vikt]:checked");
    const weight = checked ? checked.value : "1";
    const s = withChar(state.s, state.number - 1, encodeOne(value, weight));
    show(Object.assign({}, state, { s: s, number: Number(form.dataset.next) }), "push");
  });

  // The second click of a fast double tap (click count 2) would land on the next page's
  // button or link: it is dropped, so one tap gives one answer and one history entry.
  document.addEventListener("click", function (event) {
    if (event.detail > 1 && event.target.closest && event.target.closest("main") && current()) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("main a");
    const state = current();
    if (!link || !state || !set || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) return;
    if (link.hasAttribute("data-easy")) {
      event.preventDefault();
      show(Object.assign({}, state, { easy: !state.easy }), "replace");
    } else if (link.hasAttribute("data-weight")) {
      event.preventDefault();
      const before = decode(state.s, state.number - 2);
      const s = withChar(state.s, state.number - 2, encodeOne(before.value, link.dataset.weight));
      show(Object.assign({}, state, { s: s }), "replace");
    } else if (link.rel === "prev" || link.rel === "next") {
      event.preventDefault();
      const step = link.rel === "prev" ? -1 : 1;
      show(Object.assign({}, state, { number: state.number + step }), "push");
    }
  });

  window.addEventListener("popstate", function (event) {
    const state = event.state && event.state.quiz;
    if (state && set) {
      drawStatement(state);
    } else if (event.state && event.state.start && startMain) {
      document.querySelector("main").replaceWith(startMain.cloneNode(true));
      document.title = event.state.start;
      afterDraw();
    } else {
      location.reload();
    }
  });

  // ---- start: on a statement page take over its state; on the start page, its start link

  function init() {
    const form = document.querySelector("form.answer-form[method=get]");
    const start = document.querySelector("a[data-quiz-start]");
    if (form) {
      loadSet().then(function () {
        if (history.state && history.state.quiz) return drawStatement(history.state.quiz);
        const number = Number(form.querySelector("input[name=nr]").value);
        const state = stateFromPage(form, number);
        // Statements answered from the result page go back there through the server.
        if (new URLSearchParams(state.carry).has("sedan")) return;
        history.replaceState({ quiz: state }, "", statementUrl(state, number));
      }).catch(function () { /* the plain pages keep working */ });
    } else if (start) {
      startMain = document.querySelector("main").cloneNode(true);
      history.replaceState({ start: document.title }, "", location.href);
      loadSet().catch(function () {});
      start.addEventListener("click", function (event) {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        loadSet().then(function () {
          show({ s: ".".repeat(set.statements.length), easy: false, number: 1, carry: "" },
               "push");
        }).catch(function () { location.href = start.href; });  // the server's page
      });
    }
  }

  init();
})();
