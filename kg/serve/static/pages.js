// Reading pages: sortable and filterable lists, and evidence that opens when linked to.
"use strict";

function sortTable(table, column, button) {
  const body = table.tBodies[0];
  const numeric = table.tHead.rows[0].cells[column].dataset.type === "num";
  const th = button.closest("th");
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const key = (row) => {
    const text = row.cells[column]?.textContent.trim() ?? "";
    return numeric ? Number(text) || 0 : text.toLocaleLowerCase("fr");
  };
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    const order = numeric ? x - y : x.localeCompare(y, "fr");
    return ascending ? order : -order;
  });
  body.append(...rows);
}

function filterRows(input) {
  const table = input.closest("main").querySelector("table.sortable");
  const words = input.value.toLocaleLowerCase("fr").split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    row.hidden = !words.every((w) => row.textContent.toLocaleLowerCase("fr").includes(w));
    if (!row.hidden) shown++;
  }
  table.caption.textContent = shown + " items";
}

function openTarget() {
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  for (let d = target.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
  target.closest("li")?.classList.add("targeted");
  target.scrollIntoView({ block: "center" });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.sortable")) {
    table.tHead.rows[0].querySelectorAll("button.sort").forEach((button, column) =>
      button.addEventListener("click", () => sortTable(table, column, button)));
  }
  for (const input of document.querySelectorAll("input.filter-rows")) {
    input.addEventListener("input", () => filterRows(input));
  }
  openTarget();
  window.addEventListener("hashchange", openTarget);
});
