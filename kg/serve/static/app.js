// The query page on YASGUI's editor (Yasqe) and result views (Yasr), served locally
// from /static/vendor: highlighting, live syntax errors, our prefixes, an examples
// dialog, sortable/filterable/paged tables, downloads by POST, the query in the URL,
// and result IRIs of this graph opening our pages with their labels beside them.
"use strict";

const BASE = document.querySelector('meta[name="kg-base"]').content;
const PREFIXES = JSON.parse(document.querySelector('meta[name="kg-prefixes"]').content);
const RESULT_FORMATS = [["csv", "CSV", "text/csv"], ["tsv", "TSV", "text/tab-separated-values"],
  ["json", "JSON", "application/sparql-results+json"], ["xml", "XML", "application/sparql-results+xml"]];
const GRAPH_FORMATS = [["ttl", "Turtle", "text/turtle"], ["nt", "N-Triples", "application/n-triples"],
  ["jsonld", "JSON-LD", "application/ld+json"], ["rdf", "RDF/XML", "application/rdf+xml"]];
const DEFAULT_QUERY = "SELECT ?person ?name WHERE {\n  ?person a foaf:Person ; skos:prefLabel ?name .\n" +
  '  FILTER(LANG(?name) = "fr")\n}\nORDER BY ?name\nLIMIT 50';
const LABEL_QUERY = (iris) => "SELECT ?s ?l WHERE { VALUES ?s { " + iris.map((i) => "<" + i + ">").join(" ") +
  " } { ?s skos:prefLabel ?l } UNION { ?s rdfs:label ?l } UNION { ?s schema:name ?l } }";

const $ = (id) => document.getElementById(id);
const labels = new Map();
let yasqe, yasr, lastQuery = "";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function localPath(iri) {
  return iri.startsWith(BASE) && iri.length > BASE.length ? "/" + iri.slice(BASE.length) : null;
}

function status(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function post(query, accept) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) {
    let reason = response.status + " " + response.statusText;
    try { const e = (await response.json()).error; reason = response.status + " " + e.type + ": " + e.message; } catch (_) { /* not JSON */ }
    throw new Error(reason);
  }
  return response;
}

// ------------------------------------------------------------------ downloads (by POST)

async function download(ext, mediaType) {
  status("Preparing the " + ext.toUpperCase() + " download…");
  try {
    const blob = await (await post(lastQuery, mediaType)).blob();
    const a = el("a", { href: URL.createObjectURL(blob), download: "result." + ext });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    status("Downloaded result." + ext);
  } catch (err) {
    status(String(err.message || err), true);
  }
}

function showDownloads(graph) {
  const buttons = (graph ? GRAPH_FORMATS : RESULT_FORMATS).map(([ext, text, type]) => {
    const b = el("button", { type: "button", class: "download secondary", "data-format": ext }, text);
    b.addEventListener("click", () => download(ext, type));
    return b;
  });
  $("download-buttons").replaceChildren(...buttons);
  $("downloads").hidden = false;
}

// ------------------------------------------------------------------ our IRIs and labels

function rewriteLinks(root) {
  const wanted = [];
  for (const a of root.querySelectorAll("a[href]:not([data-kg])")) {
    a.dataset.kg = "1";
    const iri = a.getAttribute("href");
    const path = localPath(iri);
    if (!path) continue;
    a.href = path;
    a.removeAttribute("target");
    a.classList.add("local");
    a.title = iri;
    if (labels.has(iri)) addLabel(a, labels.get(iri));
    else wanted.push([a, iri]);
  }
  if (wanted.length) fetchLabels(wanted);
}

function addLabel(a, text) {
  if (!text || a.nextSibling?.classList?.contains("kg-label")) return;
  a.after(el("span", { class: "kg-label" }, text));
}

async function fetchLabels(wanted) {
  const iris = [...new Set(wanted.map(([, iri]) => iri))].slice(0, 200);
  try {
    const data = await (await post(LABEL_QUERY(iris), "application/sparql-results+json")).json();
    const found = new Map();
    for (const b of data.results.bindings) {
      const lang = b.l["xml:lang"] || "";
      const rank = lang === "en" ? 0 : lang === "fr" ? 1 : 2;
      const old = found.get(b.s.value);
      if (!old || rank < old[0]) found.set(b.s.value, [rank, b.l.value]);
    }
    for (const iri of iris) labels.set(iri, found.get(iri)?.[1] || "");
  } catch (_) { return; }
  for (const [a, iri] of wanted) addLabel(a, labels.get(iri));
}

// ------------------------------------------------------------------ running

function run(query) {
  if (query !== undefined) yasqe.setValue(query);
  yasqe.query();
}

function onQueryResponse(_instance, response, duration) {
  lastQuery = yasqe.getValue();
  const url = new URL(window.location.href);
  url.searchParams.set("query", lastQuery);
  window.history.replaceState(null, "", url.pathname + url.search);
  yasr.setResponse(response, duration);
  const rows = response?.body?.results?.bindings?.length ?? response?.data?.results?.bindings?.length;
  const truncated = response?.headers?.["x-kg-truncated"] || response?.header?.["x-kg-truncated"];
  const ok = response && (response.ok ?? (response.status < 400));
  if (!ok) { status("The query failed (see below)", true); $("downloads").hidden = true; return; }
  status(rows === undefined ? "Done in " + duration + " ms" :
    rows + (rows === 1 ? " row" : " rows") + " in " + duration + " ms" + (truncated ? " (truncated by the server)" : ""));
  showDownloads(["CONSTRUCT", "DESCRIBE"].includes(yasqe.getQueryType()));
}

// ------------------------------------------------------------------ examples dialog

async function loadExamples() {
  const list = $("examples");
  let examples = [];
  try { examples = await (await fetch("/examples.json")).json(); } catch (_) { /* none */ }
  if (!examples.length) { list.replaceChildren(el("li", {}, "No example queries on this server.")); return; }
  list.replaceChildren(...examples.map((ex) => {
    const federated = /\bSERVICE\s*</i.test(ex.query.replace(/^#.*$/gm, ""));
    const button = el("button", { type: "button", class: "example" }, ex.title);
    button.addEventListener("click", () => { $("examples-dialog").close(); run(ex.query); });
    const item = el("li", { "data-name": ex.name }, button);
    if (federated) item.append(el("span", { class: "badge", title: "runs only on a server started with --allow-service" }, "needs --allow-service"));
    item.append(el("p", { class: "description" }, ex.description));
    return item;
  }));
}

function filterExamples() {
  const words = $("examples-filter").value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const li of $("examples").children) {
    li.hidden = !words.every((w) => li.textContent.toLowerCase().includes(w));
  }
}

// ------------------------------------------------------------------ set-up

function setUp() {
  const { Yasqe, Yasr } = window.Yasgui;
  const prefixLines = Object.entries(PREFIXES).map(([p, ns]) => p + ": <" + ns + ">");
  Yasqe.forkAutocompleter("prefixes", {
    name: "kgPrefixes", persistenceId: null, get: () => prefixLines,
  });
  yasqe = new Yasqe($("yasqe"), {
    value: DEFAULT_QUERY,
    persistenceId: null,
    autocompleters: ["kgPrefixes", "variables"],
    editorHeight: "16em",
    resizeable: true,
    requestConfig: { endpoint: "/sparql", method: "POST", acceptHeaderGraph: "text/turtle",
      acceptHeaderSelect: "application/sparql-results+json" },
    createShareableLink: null,
  });
  yasr = new Yasr($("yasr"), {
    persistenceId: null,
    prefixes: PREFIXES,
    pluginOrder: ["table", "response"],
    defaultPlugin: "table",
  });
  yasqe.on("queryResponse", onQueryResponse);
  yasqe.on("query", () => status("Running…"));
  new MutationObserver(() => rewriteLinks($("yasr"))).observe($("yasr"), { childList: true, subtree: true });
  // YASR's long cells take the first click to expand themselves; our links open at once
  $("yasr").addEventListener("click", (event) => {
    if (event.target.closest?.("a.local")) event.stopPropagation();
  }, true);
  $("open-examples").addEventListener("click", () => $("examples-dialog").showModal());
  $("examples-filter").addEventListener("input", filterExamples);
  loadExamples();
  const shared = new URLSearchParams(window.location.search).get("query");
  if (shared) run(shared);
}

document.addEventListener("DOMContentLoaded", setUp);
