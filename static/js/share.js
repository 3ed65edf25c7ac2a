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
