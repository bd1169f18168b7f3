// The studio's one script: when the project's files change, the leaflet page fetches its
// preview again (the last good one stays until the new one arrives) and other pages reload.
(function () {
  // A card whose leaflet was not rendered yet: once its thumbnail (which renders it) has
  // loaded, say how many pages it has.
  document.querySelectorAll("[data-pages]").forEach(function (count) {
    const thumb = count.closest(".card").querySelector("img");
    if (!thumb) return;
    const fill = async function () {
      const response = await fetch(count.dataset.pages, { cache: "no-store" });
      if (response.ok) count.textContent = await response.text();
    };
    if (thumb.complete && thumb.naturalWidth) fill(); else thumb.addEventListener("load", fill);
  });
})();

(function () {
  const live = document.querySelector("[data-live]");
  const reload = document.querySelector("[data-reload]");
  const said = document.querySelector("[data-live-status]");
  if (!live && !reload) return;
  let seen = null;
  let busy = Promise.resolve();
  const source = new EventSource("/events");
  source.onmessage = function (event) {
    const generation = event.data;
    if (seen === null) { seen = generation; return; }
    if (generation === seen) return;
    seen = generation;
    if (!live) { window.location.reload(); return; }
    busy = busy.then(async function () {
      if (said) said.textContent = "Files changed: rendering…";
      const response = await fetch(live.dataset.live, { cache: "no-store" });
      live.innerHTML = await response.text();
      if (said) said.textContent = "Preview updated.";
      live.dispatchEvent(new CustomEvent("previewed", { bubbles: true }));
    });
  };
})();
