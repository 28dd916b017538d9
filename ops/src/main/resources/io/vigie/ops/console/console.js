// Vigie console: incidents from /api/incidents, then live from the /api/events stream; volume of a
// subject from /api/volume; health from /api/health. Post text is attacker-controlled: every piece
// of text goes into the page through textContent, never as markup.
"use strict";

const token = new URLSearchParams(location.search).get("token");
const withToken = (path) => token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
const incidents = new Map();

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "";
}

function card(alert, fresh) {
  const item = el("li", "incident " + alert.severity + (fresh ? " fresh" : ""));
  item.dataset.id = alert.id;
  const title = el("div", "title");
  title.append(el("span", "badge", alert.severity), el("span", "badge", alert.kind), el("span", "text", alert.title));
  item.append(title);
  item.append(el("div", "meta", when(alert.first_seen) + " · " + alert.status + " · v" + alert.version + " · " + alert.id));
  item.append(el("div", "summary", alert.summary));
  for (const sample of (alert.sample_posts || []).slice(0, 3)) {
    item.append(el("blockquote", "sample", (sample.author_handle ? "@" + sample.author_handle + ": " : "") + sample.text_excerpt));
  }
  return item;
}

function render() {
  const all = [...incidents.values()].sort((a, b) => (b.updated_at || "").localeCompare(a.updated_at || ""));
  const main = all.filter((a) => a.kind !== "WEAK_SIGNAL");
  const weak = all.filter((a) => a.kind === "WEAK_SIGNAL");
  for (const [list, shown, count] of [["incidents", main, "incident-count"], ["weak-signals", weak, "weak-count"]]) {
    const node = document.getElementById(list);
    node.replaceChildren(...shown.slice(0, 100).map((a) => card(a, a._fresh)));
    document.getElementById(count).textContent = shown.length;
  }
  all.forEach((a) => delete a._fresh);
}

function take(alert, fresh) {
  const known = incidents.get(alert.id);
  if (!known || known.version < alert.version) {
    alert._fresh = fresh;
    incidents.set(alert.id, alert);
  }
}

async function getJson(path) {
  const response = await fetch(withToken(path), { cache: "no-store" });
  if (!response.ok) throw new Error(path + ": " + response.status);
  return response.json();
}

async function loadIncidents() {
  (await getJson("/api/incidents")).forEach((a) => take(a, false));
  render();
}

function follow() {
  const stream = new EventSource(withToken("/api/events"));
  const pill = document.getElementById("stream");
  stream.onopen = () => { pill.textContent = "live"; pill.className = "pill up"; };
  stream.onerror = () => { pill.textContent = "reconnecting…"; pill.className = "pill down"; };
  stream.addEventListener("incident", (event) => { take(JSON.parse(event.data), true); render(); });
}

async function loadHealth() {
  const pill = document.getElementById("health");
  try {
    const report = await getJson("/api/health");
    pill.textContent = report.status === "UP" ? "pipeline healthy" : "pipeline degraded";
    pill.className = "pill " + (report.status === "UP" ? "up" : "down");
    document.getElementById("checks").replaceChildren(...report.checks.map((c) => {
      const item = el("li", "check " + c.status);
      item.append(el("span", "state", c.status), el("span", "name", c.name + " "), el("span", "detail", c.detail));
      return item;
    }));
  } catch (e) {
    pill.textContent = "health unknown"; pill.className = "pill down";
  }
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

function draw(series) {
  const chart = document.getElementById("volume");
  chart.replaceChildren();
  const points = series.points || [];
  chart.dataset.points = points.length;
  if (points.length < 2) {
    chart.append(svg("text", { x: 20, y: 130, class: "axis" }));
    chart.lastChild.textContent = "No posts for this subject yet.";
    return;
  }
  const width = 800, height = 225, top = 10;
  const peak = Math.max(1, ...points.map((p) => Math.max(p.observed, p.high)));
  const x = (i) => (i / (points.length - 1)) * width;
  const y = (v) => top + height - (v / peak) * height;
  const step = width / (points.length - 1);
  points.forEach((p, i) => {
    if (p.episode) chart.append(svg("rect", { class: "episode", x: x(i) - step / 2, y: top, width: step, height }));
  });
  const upper = points.map((p, i) => x(i) + "," + y(p.high));
  const lower = points.map((p, i) => x(i) + "," + y(p.low)).reverse();
  chart.append(svg("polygon", { class: "band", points: upper.concat(lower).join(" ") }));
  chart.append(svg("polyline", { class: "expected", points: points.map((p, i) => x(i) + "," + y(p.expected)).join(" ") }));
  chart.append(svg("polyline", { class: "observed", points: points.map((p, i) => x(i) + "," + y(p.observed)).join(" ") }));
  const label = svg("text", { x: 4, y: 20, class: "axis" });
  label.textContent = "peak " + peak + " posts / " + Math.round(series.width_s / 60) + " min";
  const range = svg("text", { x: 4, y: 254, class: "axis" });
  range.textContent = when(points[0].at) + " → " + when(points[points.length - 1].at);
  chart.append(label, range);
}

async function loadVolume() {
  const subject = document.getElementById("subject").value || "global";
  try { draw(await getJson("/api/volume?subject=" + encodeURIComponent(subject))); } catch (e) { draw({ points: [] }); }
}

async function loadSubjects() {
  const select = document.getElementById("subject");
  const chosen = select.value;
  const subjects = await getJson("/api/subjects");
  select.replaceChildren(...subjects.map((s) => { const o = el("option", null, s.label); o.value = s.key; return o; }));
  // A watch rule when there is one (what a team watches), else the crisis vocabulary.
  const rule = subjects.find((s) => s.key.startsWith("rule:"));
  select.value = chosen || (rule ? rule.key : "crisis");
}

document.getElementById("subject").addEventListener("change", loadVolume);
loadIncidents().then(follow).catch(() => follow());
loadHealth(); setInterval(loadHealth, 10000);
loadSubjects().then(loadVolume).catch(() => draw({ points: [] }));
setInterval(loadVolume, 30000);
