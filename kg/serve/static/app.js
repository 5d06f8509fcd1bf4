// The query page: examples, run, results table with links, downloads, shareable URL.
"use strict";

const BASE = document.querySelector('meta[name="kg-base"]').content;
const RESULT_FORMATS = [["json", "JSON"], ["xml", "XML"], ["csv", "CSV"], ["tsv", "TSV"]];
const GRAPH_FORMATS = [["turtle", "Turtle"], ["ntriples", "N-Triples"], ["jsonld", "JSON-LD"],
  ["rdfxml", "RDF/XML"], ["trig", "TriG"], ["nquads", "N-Quads"]];

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

function localHref(iri) {
  if (iri.startsWith(BASE) && iri.length > BASE.length) return "/" + iri.slice(BASE.length);
  return iri;
}

function shortName(iri) {
  return iri.startsWith(BASE) ? "kg:" + iri.slice(BASE.length) : iri;
}

function cell(term) {
  if (!term) return "";
  if (term.type === "uri") {
    const local = term.value.startsWith(BASE);
    return el("a", { href: localHref(term.value), class: local ? "local" : "external",
                     title: term.value }, shortName(term.value));
  }
  if (term.type === "literal") {
    const span = el("span", { class: "literal" }, term.value);
    if (term["xml:lang"]) span.append(el("span", { class: "lang" }, "@" + term["xml:lang"]));
    return span;
  }
  if (term.type === "triple") {
    const v = term.value;
    return el("span", { class: "triple" }, "<< ", cell(v.subject), " ", cell(v.predicate), " ",
              cell(v.object), " >>");
  }
  return el("code", {}, "_:" + term.value);
}

function table(data) {
  const vars = data.head.vars;
  const head = el("tr", {}, ...vars.map((v) => el("th", {}, "?" + v)));
  const rows = data.results.bindings.map((b) =>
    el("tr", {}, ...vars.map((v) => el("td", {}, cell(b[v])))));
  return el("table", { class: "results", id: "results-table" },
            el("thead", {}, head), el("tbody", {}, ...rows));
}

function downloads(query, graph) {
  const links = (graph ? GRAPH_FORMATS : RESULT_FORMATS).map(([name, text]) =>
    el("a", { href: "/sparql?query=" + encodeURIComponent(query) + "&format=" + name,
              class: "download", download: "result." + name }, text));
  $("download-links").replaceChildren(...links.flatMap((a) => [a, " "]));
  $("downloads").hidden = false;
}

function share(query) {
  const url = "/?query=" + encodeURIComponent(query);
  $("share").href = url;
  history.replaceState(null, "", url);
}

async function run(query) {
  share(query);
  $("status").textContent = "running…";
  $("results").replaceChildren();
  $("downloads").hidden = true;
  const started = performance.now();
  let response;
  try {
    response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query }),
    });
  } catch (err) {
    $("status").textContent = "The server cannot be reached: " + err;
    return;
  }
  const ms = Math.round(performance.now() - started);
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    const text = await response.text();
    let message = text;
    try { const e = JSON.parse(text).error; message = `${e.status} ${e.type}: ${e.message}`; }
    catch (_) { /* plain text already */ }
    $("status").replaceChildren(el("span", { class: "error" }, message));
    return;
  }
  const truncated = response.headers.get("X-KG-Truncated") === "true";
  const note = truncated ? ` — truncated at ${response.headers.get("X-KG-Row-Limit")} rows` : "";
  if (type.startsWith("application/sparql-results+json")) {
    const data = await response.json();
    if ("boolean" in data) {
      $("status").textContent = `${ms} ms`;
      $("results").replaceChildren(el("p", { class: "boolean" }, String(data.boolean)));
    } else {
      const n = data.results.bindings.length;
      $("status").textContent = `${n} row${n === 1 ? "" : "s"} in ${ms} ms${note}`;
      $("results").replaceChildren(table(data));
    }
    downloads(query, false);
  } else {
    const text = await response.text();
    $("status").textContent = `${ms} ms${note}`;
    $("results").replaceChildren(el("pre", { class: "graph" }, text));
    downloads(query, true);
  }
}

async function loadExamples() {
  const list = $("examples");
  let examples = [];
  try { examples = await (await fetch("/examples.json")).json(); } catch (_) { /* none */ }
  if (!examples.length) { list.replaceChildren(el("li", {}, "No example queries.")); return; }
  list.replaceChildren(...examples.map((ex) => {
    const button = el("button", { type: "button", class: "example", "data-name": ex.name },
                      ex.title);
    button.addEventListener("click", () => { $("query").value = ex.query; run(ex.query); });
    return el("li", {}, button, el("p", { class: "description" }, ex.description));
  }));
}

document.addEventListener("DOMContentLoaded", () => {
  $("query-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run($("query").value);
  });
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run($("query").value);
  });
  loadExamples();
  const shared = new URLSearchParams(location.search).get("query");
  if (shared) { $("query").value = shared; run(shared); }
});
