/* The coding screen, enhancement only (without it the matrix is a table of links and the
   quote is pasted by hand):
   - the matrix is a WAI-ARIA grid: one cell in the tab order (roving tabindex), the arrow
     keys, Home/End (with Ctrl: first/last row) and PageUp/PageDown move, Enter opens a cell;
   - on a cell, a selection in the party's source text fills the quote and the source. */
(function () {
  "use strict";

  function matrixGrid(table) {
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
      return Array.prototype.map.call(tr.querySelectorAll("td.cell"), function (td) {
        return td.querySelector("a") || td;
      });
    }).filter(function (row) { return row.length; });
    if (!rows.length) return;
    table.setAttribute("role", "grid");
    var keys = document.getElementById("matrix-keys");
    if (keys) {
      keys.hidden = false;
      table.setAttribute("aria-describedby", "matrix-keys");
    }
    var target = location.hash && document.getElementById(location.hash.slice(1));
    var current = rows[0][0];
    rows.forEach(function (row) {
      row.forEach(function (el) {
        el.tabIndex = -1;
        if (target && (el === target || el.parentNode === target)) current = el;
      });
    });
    current.tabIndex = 0;

    function at(el) {
      for (var r = 0; r < rows.length; r++) {
        var c = rows[r].indexOf(el);
        if (c >= 0) return [r, c];
      }
      return null;
    }
    function focus(el) {
      current.tabIndex = -1;
      el.tabIndex = 0;
      current = el;
      el.focus();
    }
    table.addEventListener("keydown", function (event) {
      var here = at(event.target);
      if (!here || event.altKey || event.metaKey) return;
      var r = here[0], c = here[1];
      switch (event.key) {
        case "ArrowRight": c += 1; break;
        case "ArrowLeft": c -= 1; break;
        case "ArrowDown": r += 1; break;
        case "ArrowUp": r -= 1; break;
        case "PageDown": r += 5; break;
        case "PageUp": r -= 5; break;
        case "Home": c = 0; if (event.ctrlKey) r = 0; break;
        case "End": c = Infinity; if (event.ctrlKey) r = Infinity; break;
        default: return;
      }
      event.preventDefault();
      r = Math.max(0, Math.min(rows.length - 1, r));
      c = Math.max(0, Math.min(rows[r].length - 1, c));
      focus(rows[r][c]);
    });
    table.addEventListener("focusin", function (event) {
      if (at(event.target)) {
        current.tabIndex = -1;
        current = event.target;
        current.tabIndex = 0;
      }
    });
    // Coming back to a cell (#c-…): focus it once the browser has scrolled to the fragment,
    // which would otherwise leave the focus on the body.
    if (target) {
      window.addEventListener("load", function () { setTimeout(function () { current.focus(); }); });
    }
  }

  function offsetIn(seg, node, offset) {
    var range = document.createRange();
    range.setStart(seg, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  /* The selected source text as a quote: only the .seg slices of one document, so page
     numbers and headings never get in; null when nothing in the text is selected. */
  function selectedQuote(scroll, range) {
    var segs = scroll.querySelectorAll(".seg"), parts = [], pane = null, passage = null;
    for (var i = 0; i < segs.length; i++) {
      var seg = segs[i];
      if (!range.intersectsNode(seg)) {
        if (parts.length) break;
        continue;
      }
      var own = seg.closest(".source-pane");
      if (pane && own !== pane) return {pane: null};
      pane = own;
      var text = seg.textContent, from = 0, to = text.length;
      if (seg.contains(range.startContainer)) from = offsetIn(seg, range.startContainer, range.startOffset);
      if (seg.contains(range.endContainer)) to = offsetIn(seg, range.endContainer, range.endOffset);
      if (passage && seg.parentNode !== passage) parts.push(" ");
      passage = seg.parentNode;
      parts.push(text.slice(from, to));
    }
    var quote = parts.join("").replace(/\s+/g, " ").trim();
    return quote ? {pane: pane, quote: quote} : null;
  }

  function codingScreen(section) {
    var scroll = section.querySelector(".source-scroll");
    var quote = document.getElementById("quote"), source = document.getElementById("source");
    var status = document.getElementById("source-status");
    if (!scroll || !quote) return;
    var hint = document.getElementById("source-hint");
    if (hint) hint.textContent = hint.getAttribute("data-js");
    var mark = document.getElementById("citat-i-kallan");
    if (mark) {
      scroll.scrollTop += mark.getBoundingClientRect().top - scroll.getBoundingClientRect().top
        - scroll.clientHeight / 3;
    }
    var highlights = window.CSS && CSS.highlights && window.Highlight ? CSS.highlights : null;
    document.addEventListener("selectionchange", function () {
      var selection = document.getSelection();
      if (!selection || !selection.rangeCount || selection.isCollapsed) return;
      var range = selection.getRangeAt(0);
      // A triple click on a last paragraph ends the range after the text: one end is enough.
      if (!scroll.contains(range.startContainer) && !scroll.contains(range.endContainer)) return;
      var found = selectedQuote(scroll, range);
      if (!found) return;
      if (!found.pane) {
        status.textContent = section.getAttribute("data-too-wide");
        return;
      }
      quote.value = found.quote;
      quote.dispatchEvent(new Event("input", {bubbles: true}));
      var key = found.pane.getAttribute("data-source");
      if (source && source.querySelector('option[value="' + key + '"]')) source.value = key;
      status.textContent = section.getAttribute("data-filled");
      scroll.classList.add("reselected");
      if (highlights) highlights.set("chosen-quote", new Highlight(range.cloneRange()));
    });
  }

  /* Leaving a cell with unsaved changes ("Nästa ruta", the matrix) asks first. */
  function guardUnsaved(form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
  }

  document.querySelectorAll("table[data-grid]").forEach(matrixGrid);
  var cellForm = document.getElementById("cell-form");
  if (cellForm) guardUnsaved(cellForm);
  document.querySelectorAll(".coding-source").forEach(codingScreen);
})();
