// The quiz in the browser: statement pages and the party choice drawn from one cached set
// document, answers kept in the address (the same URLs the server understands), so answering
// and choosing parties cost the server nothing. The result is still computed on the server:
// the party choice, "Visa resultat nu" and answers changed from the result page lead to the
// server's result URL.
// Without JavaScript the same pages work as plain GET forms; nothing here is required.
// The result page loads this file too (cached from the quiz's pages, so a voter's result costs
// no script request): there only the share box below does anything.

// Share the result link: the Web Share API on phones that have it, else copy to clipboard.
// Without JavaScript the link stays readable (and selectable) in its box.
(function () {
  "use strict";

  function setup() {
    const box = document.getElementById("share-link");
    if (!box) return;
    const status = document.querySelector(".share-status");
    const share = document.querySelector(".share-button");
    const copy = document.querySelector(".copy-button");

    function say(text) { if (status) status.textContent = text; }

    async function copyLink(button) {
      try {
        await navigator.clipboard.writeText(box.value);
        say(button.dataset.copied);
      } catch (error) {
        box.select();
        say(button.dataset.failed);
      }
    }

    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener("click", async function () {
        try {
          await navigator.share({ title: share.dataset.shareTitle, url: box.value });
        } catch (error) {
          if (error && error.name !== "AbortError") copyLink(share);
        }
      });
    }
    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () { copyLink(copy); });
    }
    box.addEventListener("focus", function () { box.select(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();

(function () {
  "use strict";

  const script = document.currentScript;
  const docUrl = script && script.dataset.set;
  if (!docUrl || !window.fetch || !window.history.pushState) return;

  const OWN = ["s", "lattlast", "nr", "svar", "vikt"];  // parameters this script writes
  const ALPHABETS = { "1": "abcde", "2": "ABCDE", "0.5": "vwxyz" };

  let set = null;       // the set document
  let startMain = null; // the start page's content, to come back to
  let choice = null;    // the state of the party choice this script drew (null: none drawn)

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
    choice = null;
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

  // ---- the party choice: the same markup as templates/quiz/parties.html

  function partyCode(chosen) {
    const digits = [];
    for (let i = 0; i < set.parties.length; i += 4) {
      let digit = 0;
      set.parties.slice(i, i + 4).forEach(function (p, bit) {
        if (chosen.indexOf(p.key) >= 0) digit |= 1 << bit;
      });
      digits.push(digit.toString(16));
    }
    return digits.join("") || "0";
  }

  function chosenKeys(state) {
    const code = new URLSearchParams(state.carry).get("p");
    if (code === null) return set.parties.map(function (p) { return p.key; });
    return set.parties.filter(function (p, i) {
      return parseInt(code.charAt(i >> 2) || "0", 16) >> (i % 4) & 1;
    }).map(function (p) { return p.key; });
  }

  // The state's address with the party code `p` replaced (null: all parties, left out).
  function withParties(state, code) {
    const carry = new URLSearchParams();
    new URLSearchParams(state.carry).forEach(function (value, key) {
      if (key === "p") {
        if (code !== null) carry.append("p", code);
      } else {
        carry.append(key, value);
      }
    });
    if (code !== null && !carry.has("p")) {  // canonical order: s, p, m, lattlast
      const ordered = new URLSearchParams({ p: code });
      carry.forEach(function (value, key) { ordered.append(key, value); });
      return Object.assign({}, state, { carry: ordered.toString() });
    }
    return Object.assign({}, state, { carry: carry.toString() });
  }

  function swatch(colour) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const attrs = { class: "swatch", width: "14", height: "14", viewBox: "0 0 14 14",
                    "aria-hidden": "true", focusable: "false" };
    for (const key in attrs) svg.setAttribute(key, attrs[key]);
    const rect = document.createElementNS(ns, "rect");
    const box = { x: ".5", y: ".5", width: "13", height: "13", rx: "3", fill: colour,
                  stroke: "#3b3b3b" };
    for (const key in box) rect.setAttribute(key, box[key]);
    svg.append(rect);
    return svg;
  }

  function drawParties(state) {
    const ui = set.choice, total = set.parties.length;
    const chosen = chosenKeys(state);
    const parts = [el("h1", {}, [ui.heading])];
    if (ui.framing) {
      parts.push(el("p", { class: "framing", role: "note" },
                    [el("strong", {}, [ui.framingLabel]), " " + ui.framing]));
    }
    const partiesUrl = function (code) {
      const target = withParties(state, code);
      return set.urls.parties + query(Object.assign({}, target, { easy: state.easy }));
    };
    parts.push(el("p", { class: "choice-tools" }, [
      el("a", { class: "button small", "data-choose": "all", href: partiesUrl(null) }, [ui.all]),
      " ",
      el("a", { class: "button small", "data-choose": "none", href: partiesUrl(partyCode([])) },
         [ui.none])]));
    const hidden = [];
    if (state.s.replace(/\./g, "")) {
      hidden.push(el("input", { type: "hidden", name: "s", value: state.s }));
    }
    const metric = new URLSearchParams(state.carry).get("m");
    if (metric) hidden.push(el("input", { type: "hidden", name: "m", value: metric }));
    hidden.push(el("input", { type: "hidden", name: "valda", value: "" }));
    const boxes = set.parties.map(function (p) {
      const names = [el("span", { class: "short" }, [p.short])];
      if (p.name !== p.short) names.push(" ", el("small", {}, [p.name]));
      return el("label", { class: "party-choice" }, [
        el("input", { type: "checkbox", name: "valda", value: p.key,
                      checked: chosen.indexOf(p.key) >= 0 }),
        " ", swatch(p.colour), " ", el("span", {}, names)]);
    });
    const search = el("p", { class: "party-search", hidden: total <= 8 }, [
      el("label", { for: "party-filter" }, [ui.search]), " ",
      el("input", { id: "party-filter", type: "search", autocomplete: "off" })]);
    parts.push(el("form", { method: "get", action: set.urls.result, class: "party-form" }, [
      ...hidden, search,
      el("fieldset", {}, [
        el("legend", {}, [ui.legend]),
        el("p", { class: "meta choice-count", role: "status", "data-template": ui.count },
           [ui.count.replace("{n}", String(chosen.length))]),
        el("div", { class: "party-grid" }, boxes)]),
      el("p", {}, [el("button", { type: "submit", class: "button primary" }, [ui.submit])])]));
    parts.push(el("p", {}, [el("a", { href: statementUrl(state, set.statements.length) },
                                ["← " + ui.back])]));
    document.querySelector("main").replaceChildren(...parts);
    document.title = ui.title + set.ui.title;
    choice = state;
    afterDraw();
  }

  function choiceBoxes(form) {
    return Array.from(form.querySelectorAll("input[type=checkbox][name=valda]"));
  }

  function recount(form) {
    const count = form.querySelector(".choice-count");
    const chosen = choiceBoxes(form).filter(function (box) { return box.checked; }).length;
    count.textContent = count.dataset.template.replace("{n}", String(chosen));
  }

  // Straight to the result's compact address, as the server's party choice page would send.
  function submitParties(form, state) {
    const boxes = choiceBoxes(form);
    const chosen = boxes.filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    if (chosen.length === 0) {
      if (!document.querySelector("main p.error")) {
        const error = el("p", { class: "error", role: "alert" }, [set.choice.error]);
        document.querySelector("main p.choice-tools").before(error);
      }
      return;
    }
    const target = withParties(Object.assign({}, state, { easy: false }),
                               chosen.length === boxes.length ? null : partyCode(chosen));
    location.href = set.urls.result + query(target);
  }

  function showParties(state) {
    const url = set.urls.parties + query(state);
    history.pushState({ choice: state }, "", url);
    drawParties(state);
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

  // Only the party choice drawn here: the server's own page has static/js/parties.js.
  function choosing() { return choice; }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.matches("form.party-form") && choosing() && set) {
      event.preventDefault();
      submitParties(form, choosing());
      return;
    }
    const state = current();
    const last = set !== null && form.matches("form.answer-form:not([data-next])") &&
      form.getAttribute("action") === set.urls.parties;
    if (!(form.matches("form.answer-form[data-next]") || last) || !state || !set) return;
    const button = event.submitter;  // without it (old browsers) the form submits as usual
    if (!button || button.name !== "svar") return;
    event.preventDefault();
    const choice = button.value;
    const value = choice === "hoppa" ? null : Number(choice);
    const checked = form.querySelector("input[name=vikt]:checked");
    const weight = checked ? checked.value : "1";
    const s = withChar(state.s, state.number - 1, encodeOne(value, weight));
    if (last) showParties(Object.assign({}, state, { s: s }));
    else show(Object.assign({}, state, { s: s, number: Number(form.dataset.next) }), "push");
  });

  // The party choice's helpers (as static/js/parties.js does on the server's page).
  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("main a[data-choose]");
    if (!link || !choosing()) return;
    event.preventDefault();
    const form = document.querySelector("form.party-form");
    choiceBoxes(form).forEach(function (box) {
      if (!box.closest("label").hidden) box.checked = link.dataset.choose === "all";
    });
    recount(form);
  });

  document.addEventListener("change", function (event) {
    const form = event.target.closest && event.target.closest("form.party-form");
    if (form && choosing()) recount(form);
  });

  document.addEventListener("input", function (event) {
    if (event.target.id !== "party-filter" || !choosing()) return;
    const wanted = event.target.value.trim().toLowerCase();
    choiceBoxes(event.target.form).forEach(function (box) {
      const label = box.closest("label");
      label.hidden = wanted !== "" && !label.textContent.toLowerCase().includes(wanted);
    });
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
    } else if (event.state && event.state.choice && set) {
      drawParties(event.state.choice);
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
    if (document.querySelector("form.party-form")) {
      // The server's party choice (reloaded, or without a drawn one before): parties.js
      // runs it; here only going back to a statement drawn by this script is handled.
      loadSet().catch(function () {});
    } else if (form) {
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
