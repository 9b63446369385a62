// The page's one script: runs queries against this server and shows the rows; nothing else is loaded.
"use strict";

const FORMATS = ["csv", "tsv", "json", "xml"];
const $ = (id) => document.getElementById(id);

function text(term) {
  if (!term) return "";
  return term.value;
}

function cell(term) {
  const td = document.createElement("td");
  if (term && term.type === "uri") {
    const a = document.createElement("a");
    const local = term.value.startsWith("https://w3id.org/nj-graph/id/")
      ? "/id/" + term.value.slice("https://w3id.org/nj-graph/id/".length) : term.value;
    a.href = local;
    a.textContent = term.value;
    td.appendChild(a);
  } else {
    td.textContent = text(term);
  }
  return td;
}

function showTable(data) {
  const box = $("table");
  box.replaceChildren();
  $("timeline").replaceChildren();
  if (data.boolean !== undefined) {
    box.textContent = data.boolean ? "yes (true)" : "no (false)";
    return 1;
  }
  const vars = data.head.vars;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of data.results.bindings) {
    const tr = body.insertRow();
    for (const v of vars) tr.appendChild(cell(row[v]));
  }
  box.appendChild(table);
  return data.results.bindings.length;
}

function showDownloads(base) {
  const p = $("downloads");
  p.replaceChildren(document.createTextNode("Download: "));
  for (const fmt of FORMATS) {
    const a = document.createElement("a");
    a.href = base + (base.includes("?") ? "&" : "?") + "format=" + fmt + "&download=1";
    a.textContent = fmt.toUpperCase();
    a.className = "download";
    p.appendChild(a);
    p.appendChild(document.createTextNode(" "));
  }
}

async function fetchJSON(url, options) {
  const response = await fetch(url, options);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return [body, response];
}

function report(rows, response, started) {
  const cut = response.headers.get("X-Result-Truncated") ? " (cut off at the row limit)" : "";
  $("status").className = "";
  $("status").textContent = `${rows} row(s) in ${Date.now() - started} ms${cut}`;
}

function failed(error) {
  $("status").className = "error";
  $("status").textContent = error.message;
  $("table").replaceChildren();
}

async function runStored(name) {
  const started = Date.now();
  $("results-title").textContent = "Results: " + name;
  $("status").textContent = "running…";
  try {
    const url = "/api/queries/" + encodeURIComponent(name);
    const [data, response] = await fetchJSON(url, {headers: {Accept: "application/sparql-results+json"}});
    report(showTable(data), response, started);
    showDownloads(url);
  } catch (error) { failed(error); }
}

async function runQuery(event) {
  event.preventDefault();
  const started = Date.now();
  const query = $("query").value;
  $("results-title").textContent = "Results";
  $("status").textContent = "running…";
  try {
    const [data, response] = await fetchJSON("/sparql", {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", Accept: "application/sparql-results+json"},
      body: query,
    });
    report(showTable(data), response, started);
    showDownloads("/sparql?query=" + encodeURIComponent(query));
  } catch (error) { failed(error); }
}

async function showTimeline(event) {
  event.preventDefault();
  $("results-title").textContent = "Timeline";
  $("status").textContent = "running…";
  try {
    const [data] = await fetchJSON("/api/queries/timeline", {headers: {Accept: "application/sparql-results+json"}});
    $("table").replaceChildren();
    const list = $("timeline");
    list.replaceChildren();
    for (const row of data.results.bindings) {
      const li = document.createElement("li");
      const when = document.createElement("span");
      when.className = "when";
      when.textContent = text(row.when) || "undated";
      const what = document.createElement("a");
      what.href = row.event ? "/id/" + row.event.value.split("/id/")[1] : "#";
      what.textContent = text(row.label);
      li.append(when, what, document.createTextNode(
        [row.kind && " (" + text(row.kind) + ")", row.place && ", " + text(row.place),
         row.participants && ": " + text(row.participants)].filter(Boolean).join("")));
      list.appendChild(li);
    }
    $("status").textContent = `${data.results.bindings.length} event(s)`;
    showDownloads("/api/queries/timeline");
  } catch (error) { failed(error); }
}

async function validate(event) {
  event.preventDefault();
  const form = event.target;
  $("report").textContent = "validating…";
  const response = await fetch(form.action, {method: "POST", body: new FormData(form)});
  const body = await response.text();
  try { $("report").textContent = response.ok ? body : JSON.parse(body).error.message; }
  catch (_) { $("report").textContent = body; }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".run-stored")) {
    button.addEventListener("click", () => runStored(button.dataset.name));
  }
  for (const button of document.querySelectorAll(".edit-stored")) {
    button.addEventListener("click", () => {
      // Parameters stay unbound here: the editor runs the text as it is.
      $("query").value = button.parentElement.dataset.query.split("\n").filter((l) => !l.startsWith("#+")).join("\n").trim();
      $("query").focus();
    });
  }
  $("sparql-form").addEventListener("submit", runQuery);
  $("show-timeline").addEventListener("click", showTimeline);
  $("validate-form").addEventListener("submit", validate);
});
