// Network of people and bodies (vis-network, bundled in /static/vendor/vis.min.js).
"use strict";

const COLOURS = { person: "#f3d9a4", body: "#c9d8ef" };
const EDGES = { membership: "#7a1d1d", appointment: "#1d4f7a", "part-of": "#999" };

document.addEventListener("DOMContentLoaded", async () => {
  const container = document.getElementById("network");
  const focus = new URLSearchParams(window.location.search).get("focus");
  const graph = await (await fetch(container.dataset.source)).json();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const list = document.createElement("ul");
  for (const e of graph.edges) {
    const li = document.createElement("li");
    const from = document.createElement("a");
    from.href = byId.get(e.from).href;
    from.textContent = byId.get(e.from).label;
    const to = document.createElement("a");
    to.href = byId.get(e.to).href;
    to.textContent = byId.get(e.to).label;
    const how = e.kind === "part-of" ? " is part of " : e.kind === "appointment" ? " appointed to " : " member of ";
    li.append(from, how + (e.roles.length ? "(" + e.roles.join(", ") + ") " : ""), to);
    list.append(li);
  }
  document.getElementById("network-list").replaceChildren(list);
  const { DataSet, Network } = window.kgVis;
  const nodes = new DataSet(graph.nodes.map((n) => ({
    id: n.id, label: n.label, group: n.group, shape: n.group === "body" ? "box" : "ellipse",
    color: { background: COLOURS[n.group], border: "#555" }, borderWidth: n.id === focus ? 3 : 1,
  })));
  const edges = new DataSet(graph.edges.map((e, i) => ({
    id: i, from: e.from, to: e.to, color: EDGES[e.kind], dashes: e.kind === "part-of",
    title: e.kind + (e.roles.length ? ": " + e.roles.join(", ") : ""),
  })));
  const network = new Network(container, { nodes, edges }, {
    nodes: { font: { size: 20, face: "system-ui, sans-serif" }, margin: 6 },
    physics: { stabilization: { iterations: 200 },
      barnesHut: { gravitationalConstant: -2500, centralGravity: 0.9, springLength: 90, avoidOverlap: 0.2 } },
    interaction: { keyboard: { enabled: true, bindToWindow: false }, navigationButtons: false },
  });
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: false });
    if (focus && byId.has(focus)) network.focus(focus, { scale: 1.2 });
    container.dataset.ready = String(graph.nodes.length);
  });
  network.on("doubleClick", ({ nodes: chosen }) => {
    if (chosen.length) window.location.href = byId.get(chosen[0]).href;
  });
  network.on("selectNode", ({ nodes: chosen }) => {
    const n = byId.get(chosen[0]);
    document.getElementById("network-selected").replaceChildren(
      "Selected: ", Object.assign(document.createElement("a"), { href: n.href, textContent: n.label }),
      " (double-click the node to open it)");
  });
});
