// Progressive enhancement for the statement pages: answer without a full page reload.
// Without JavaScript the same GET form simply navigates; nothing here is required.
(function () {
  "use strict";

  async function go(url, push) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const next = doc.querySelector("main");
    if (!next) throw new Error("no main");
    document.querySelector("main").replaceWith(next);
    // The language link carries the current address; keep it in step.
    const lang = doc.querySelector("nav.lang");
    const current = document.querySelector("nav.lang");
    if (lang && current) current.replaceWith(lang);
    document.title = doc.title;
    if (push) history.pushState({ enhanced: true }, "", response.url);
    // Move focus to the new content so screen readers announce the next statement.
    const heading = next.querySelector("h1") || next;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("form.answer-form") || form.method.toLowerCase() !== "get") return;
    event.preventDefault();
    const url = new URL(form.action, location.href);
    url.search = new URLSearchParams(new FormData(form, event.submitter)).toString();
    go(url.href, true).catch(function () { location.href = url.href; });
  });

  window.addEventListener("popstate", function () {
    go(location.href, false).catch(function () { location.reload(); });
  });
})();
