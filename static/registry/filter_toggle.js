// A list's filter panel folds away, so the list gets the width of a 1280 px screen; each browser remembers the choice.
"use strict";
(function () {
  const panel = document.getElementById("changelist-filter");
  const list = document.querySelector("#changelist .changelist-form-container");
  if (!panel || !list) {
    return;
  }
  const labels = document.currentScript.dataset;
  const key = "registry.filterPanel";
  const filtered = panel.querySelector("#changelist-filter-extra-actions a:not(.viewlink):not(.hidelink)") !== null;
  const button = document.createElement("button");
  button.type = "button";
  button.id = "filter-toggle";
  button.className = "button";
  button.setAttribute("aria-controls", "changelist-filter");
  function show(shown) {
    document.body.classList.toggle("filter-folded", !shown);
    button.setAttribute("aria-expanded", String(shown));
    button.textContent = shown ? labels.hide : (filtered ? labels.showFiltered : labels.show);
  }
  const stored = window.localStorage.getItem(key);
  show(stored ? stored === "shown" : window.innerWidth >= Number(labels.wideFrom));
  button.addEventListener("click", function () {
    const shown = document.body.classList.contains("filter-folded");
    window.localStorage.setItem(key, shown ? "shown" : "hidden");
    show(shown);
  });
  list.prepend(button);
})();
