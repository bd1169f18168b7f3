// The studio's one script: when the project's files change, the leaflet page fetches its
// preview again (the last good one stays until the new one arrives) and other pages reload.
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
