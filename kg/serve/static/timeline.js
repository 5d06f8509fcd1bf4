// Timeline of meetings and dated events (vis-timeline, bundled in /static/vendor/vis.min.js).
"use strict";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function day(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return d + " " + MONTHS[m - 1] + " " + y;
}

function dates(item) {
  // The calendar the text states is plain; a computed one is marked ≈.
  const mark = (cal) => (item.inferred === cal || item.inferred === "both" ? "≈" : "");
  return mark("gregorian") + day(item.gregorian) + " N.S. / " + mark("julian") + day(item.julian) + " O.S.";
}

document.addEventListener("DOMContentLoaded", async () => {
  const container = document.getElementById("timeline");
  const items = await (await fetch(container.dataset.source)).json();
  const list = document.createElement("ol");
  for (const item of items) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = item.href;
    a.textContent = item.name;
    li.append(dates(item) + " — ", a, " (" + item.kind + ")");
    list.append(li);
  }
  document.getElementById("timeline-list").replaceChildren(list);
  const { DataSet, Timeline } = window.kgVis;
  const data = new DataSet(items.map((item, n) => {
    const content = document.createElement("span");
    const old = document.createElement("small");
    old.className = "os";
    old.textContent = (item.inferred === "julian" || item.inferred === "both" ? "≈" : "") +
      day(item.julian).replace(/ \d+$/, "") + " O.S. ";
    content.append(old, item.name.length > 60 ? item.name.slice(0, 58) + "…" : item.name);
    return {
      id: n, start: item.gregorian, content, title: item.name + " — " + dates(item),
      className: "kind-" + item.kind + (item.inferred ? " inferred" : ""),
    };
  }));
  const timeline = new Timeline(container, data, {
    stack: true, zoomKey: "ctrlKey", maxHeight: 520, orientation: "top",
    min: "1917-09-01", max: "1918-03-31",
    start: items.length ? items[0].gregorian : "1917-10-01",
    end: items.length ? items[items.length - 1].gregorian : "1917-12-01",
  });
  timeline.on("select", ({ items: chosen }) => {
    if (chosen.length) window.location.href = items[chosen[0]].href;
  });
  timeline.once("changed", () => { container.dataset.ready = String(items.length); });
});
