// Document page: a highlighted span (click, or Enter/Space on it) shows its facts and entities.
"use strict";

function showFacts(mark, facts) {
  const panel = document.getElementById("fact-panel");
  for (const m of document.querySelectorAll("mark.fact.selected")) m.classList.remove("selected");
  mark.classList.add("selected");
  const items = mark.dataset.facts.split(" ").map((i) => facts[Number(i)]).filter(Boolean);
  const heading = document.createElement("h2");
  heading.textContent = "« " + mark.textContent + " »";
  const list = document.createElement("ul");
  for (const fact of items) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = fact.href;
    a.className = "fact-link";
    a.textContent = fact.label;
    li.append(a);
    if (fact.kind) {
      const kind = document.createElement("small");
      kind.textContent = " (" + fact.kind + ")";
      li.append(kind);
    }
    if (fact.about.length) {
      const about = document.createElement("p");
      about.className = "about";
      about.append("about ");
      fact.about.forEach((e, n) => {
        if (n) about.append(", ");
        const link = document.createElement("a");
        link.href = e.href;
        link.className = "entity-link";
        link.textContent = e.label;
        about.append(link);
      });
      li.append(about);
    }
    list.append(li);
  }
  panel.replaceChildren(heading, list);
  panel.focus({ preventScroll: window.innerWidth > 800 });
}

document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("facts-data");
  if (!data) return;
  const facts = JSON.parse(data.textContent);
  const text = document.querySelector("article.text");
  text.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.fact");
    if (mark) showFacts(mark, facts);
  });
  text.addEventListener("keydown", (event) => {
    const mark = event.target.closest("mark.fact");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      showFacts(mark, facts);
    }
  });
  const target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.matches("mark.fact")) showFacts(target, facts);
});
