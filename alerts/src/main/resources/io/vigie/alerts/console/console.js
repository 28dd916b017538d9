// Vigie console: incidents from /api/incidents, then live from the /api/events stream; volume of a
// subject from /api/volume; health from /api/health; an incident's history from
// /api/incidents/{id}/history; a responder's actions POSTed to /api/alerts/{id}/{action}, which
// the server forwards to the alert API. Post text is attacker-controlled: every piece of text goes
// into the page through textContent, never as markup.
//
// The token lives in this tab's sessionStorage and travels in the Authorization header, never in
// a cookie: a page on another site cannot make the browser send it, so it cannot act for a
// responder. Only the event stream carries it as ?token= (an EventSource cannot send headers), and
// the server accepts that for reads only. A link with ?token= still signs in; the token is then
// taken out of the address bar and the history.
"use strict";

const KEY = "vigie.token";
const linked = new URLSearchParams(location.search).get("token");
if (linked) {
  sessionStorage.setItem(KEY, linked);
  history.replaceState(null, "", location.pathname);
}
const token = sessionStorage.getItem(KEY);
const withToken = (path) => token ? path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : path;
const headers = () => token ? { Authorization: "Bearer " + token } : {};
const incidents = new Map();
let session = { actions: false };
let selected = null;

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function when(iso) {
  return iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "";
}

const STATES = { OPEN: "open", ACKNOWLEDGED: "acknowledged", RESOLVED: "resolved", FALSE_POSITIVE: "false positive" };

// The whole incident's organic/coordinated split (IncidentSplit's keys in the alert's evidence). The
// plain posts/organic_posts keys beside them are the main signal's alone, so they are not shown as
// the incident's; a figure the alert lacks (operational alerts, versions older than the split)
// shows as "–".
function split(alert) {
  const details = (alert.explanation && alert.explanation.evidence && alert.explanation.evidence.details) || {};
  const figure = (key) => details[key] === undefined ? "–" : details[key];
  const share = details.incident_posts === undefined || details.coordinated_share === undefined
    ? "–" : Math.round(100 * Number(details.coordinated_share)) + "%";
  return "posts " + figure("incident_posts") + " · organic " + figure("incident_organic_posts") + " · coordinated " +
    figure("incident_coordinated_posts") + " (" + share + ")";
}

function card(alert, fresh) {
  const item = el("li", "incident " + alert.severity + (fresh ? " fresh" : "") + (alert.id === selected ? " selected" : ""));
  item.dataset.id = alert.id;
  item.tabIndex = 0;
  const title = el("div", "title");
  title.append(el("span", "badge", alert.severity), el("span", "badge", alert.kind),
    el("span", "badge state " + alert.status, STATES[alert.status] || alert.status), el("span", "text", alert.title));
  item.append(title);
  item.append(el("div", "meta", when(alert.first_seen) + " · " + (alert.assignee ? "assigned to " + alert.assignee : "unassigned") +
    " · v" + alert.version + " · " + alert.id));
  item.append(el("div", "meta split", split(alert)));
  item.append(el("div", "summary", alert.summary));
  for (const sample of (alert.sample_posts || []).slice(0, 3)) {
    item.append(el("blockquote", "sample", (sample.author_handle ? "@" + sample.author_handle + ": " : "") + sample.text_excerpt));
  }
  item.addEventListener("click", () => focusIncident(alert.id));
  item.addEventListener("keydown", (event) => { if (event.key === "Enter") focusIncident(alert.id); });
  return item;
}

function fact(term, value) {
  const row = el("div", "fact");
  row.append(el("dt", null, term), el("dd", null, value));
  return row;
}

// The chosen incident's facts; the action form is static markup, so that what a responder is
// typing survives the new versions that arrive meanwhile.
function showDetail() {
  const alert = incidents.get(selected);
  const panel = document.getElementById("detail-panel");
  panel.hidden = !alert;
  if (!alert) return;
  const status = document.getElementById("detail-status");
  status.textContent = STATES[alert.status] || alert.status;
  status.className = "badge state " + alert.status;
  document.getElementById("detail-title").textContent = alert.title;
  document.getElementById("detail-facts").replaceChildren(
    fact("Incident", alert.id + " · v" + alert.version),
    fact("Assignee", alert.assignee || "unassigned"),
    fact("Last action by", alert.last_action_by || "–"),
    fact("Split", split(alert)),
    fact("Seen", when(alert.first_seen) + " → " + when(alert.last_seen)));
  document.getElementById("actions").hidden = !session.actions;
}

async function loadHistory() {
  if (!selected) return;
  const id = selected;
  try {
    const actions = await getJson("/api/incidents/" + encodeURIComponent(id) + "/history");
    if (id !== selected) return;
    const list = document.getElementById("history");
    list.replaceChildren(...actions.map((a) => {
      const item = el("li", "action " + a.action);
      item.append(el("span", "when", when(a.acted_at) + " "), el("strong", null, a.action.replace("_", " ").toLowerCase()),
        el("span", null, " by " + a.actor + (a.assignee ? " → " + a.assignee : "")));
      if (a.comment) item.append(el("q", "comment", a.comment));
      return item;
    }));
    if (!actions.length) list.replaceChildren(el("li", "legend", "No action yet."));
  } catch (e) {
    document.getElementById("history").replaceChildren(el("li", "legend", "History unavailable: " + e.message));
  }
}

function focusIncident(id) {
  selected = id;
  document.getElementById("action-message").textContent = "";
  render();
  loadHistory();
}

async function act(action) {
  const message = document.getElementById("action-message");
  const body = {};
  const comment = document.getElementById("comment").value.trim();
  if (comment) body.comment = comment;
  if (action === "assign") body.assignee = document.getElementById("assignee").value.trim();
  message.className = "message";
  message.textContent = "Sending…";
  try {
    const response = await fetch("/api/alerts/" + encodeURIComponent(selected) + "/" + action, {
      method: "POST", cache: "no-store",
      headers: { ...headers(), "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      message.className = "message ok";
      message.textContent = "Recorded: " + action.replace("-", " ") + " by " + answer.actor + "; the incident's next version follows.";
      document.getElementById("comment").value = "";
      // The audit trail reaches Elasticsearch through the indexer, a second or two later.
      for (const delay of [1000, 4000]) setTimeout(loadHistory, delay);
    } else {
      message.className = "message error";
      message.textContent = "Refused (" + response.status + "): " + (answer.error || response.statusText);
    }
  } catch (e) {
    message.className = "message error";
    message.textContent = "Not sent: " + e.message;
  }
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
  showDetail();
}

function take(alert, fresh) {
  const known = incidents.get(alert.id);
  if (!known || known.version < alert.version) {
    alert._fresh = fresh;
    incidents.set(alert.id, alert);
  }
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store", headers: headers() });
  if (response.status === 401) showLogin();
  if (!response.ok) throw new Error(path + ": " + response.status);
  return response.json();
}

function showLogin() {
  document.getElementById("login").hidden = false;
  document.getElementById("who").textContent = "signed out";
}

async function loadSession() {
  session = await getJson("/api/session");
  const who = document.getElementById("who");
  who.textContent = session.user
    ? session.user + " (" + session.role.toLowerCase() + (session.actions ? "" : ", read-only") + ")"
    : "open, read-only";
  who.className = "pill " + (session.actions ? "up" : "unknown");
  document.getElementById("sign-out").hidden = !token;
  showDetail();
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
  stream.addEventListener("incident", (event) => {
    const alert = JSON.parse(event.data);
    take(alert, true);
    render();
    if (alert.id === selected) loadHistory();
  });
}

async function loadHealth() {
  const pill = document.getElementById("health");
  try {
    const report = await getJson("/api/health");
    pill.textContent = report.status === "UP" ? "healthy" : "degraded";
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
document.getElementById("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, document.getElementById("token").value.trim());
  location.reload();
});
document.getElementById("sign-out").addEventListener("click", () => { sessionStorage.removeItem(KEY); location.reload(); });
for (const button of document.querySelectorAll("#actions button[data-action]")) {
  button.addEventListener("click", () => act(button.dataset.action));
}
loadSession().catch(() => {});
loadIncidents().then(follow).catch(() => follow());
loadHealth(); setInterval(loadHealth, 10000);
loadSubjects().then(loadVolume).catch(() => draw({ points: [] }));
setInterval(loadVolume, 30000);
setInterval(loadHistory, 15000);
