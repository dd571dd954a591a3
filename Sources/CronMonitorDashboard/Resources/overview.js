// The overview: every monitor, grouped by namespace, those needing attention first.
import {
  el, svg, getJSON, live, serialized, healthLabel, resultLabel, timeAgo, elapsed, monitorPath, HEALTH, RESULT_LETTER,
  duration,
} from "./common.js";

const ATTENTION = new Set(["Unhealthy", "NotReady"]);
let list = { monitors: [], counts: {} };

function matches(monitor, text, health) {
  if (health === "attention" && !ATTENTION.has(monitor.health)) return false;
  if (health && health !== "attention" && monitor.health !== health) return false;
  if (!text) return true;
  const haystack = [monitor.namespace, monitor.name, monitor.target, monitor.schedule, monitor.healthReason, monitor.lastResult]
    .filter(Boolean).join(" ").toLowerCase();
  return text.toLowerCase().split(/\s+/).every((word) => haystack.includes(word));
}

function byAttention(a, b) {
  const rank = (m) => (ATTENTION.has(m.health) ? 0 : m.health === "Unknown" ? 1 : 2);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

/** The last runs as a strip of marks, oldest left, each with its result letter. */
function runStrip(runs) {
  const ordered = [...runs].reverse();
  const width = Math.max(ordered.length, 1) * 10;
  const counts = {};
  for (const run of ordered) counts[run.result] = (counts[run.result] ?? 0) + 1;
  const summary = ordered.length === 0 ? "no runs yet"
    : `${ordered.length} recent runs: ` + Object.entries(counts).map(([result, n]) => `${n} ${result}`).join(", ");
  const strip = svg("svg", { class: "strip", width, height: 26, viewBox: `0 0 ${width} 26`, role: "img", "aria-label": summary });
  ordered.forEach((run, index) => {
    const x = index * 10;
    const detail = `${run.jobName ?? "no Job"}: ${run.result}` + (run.durationSeconds != null ? `, ${duration(run.durationSeconds)}` : "");
    strip.append(svg("g", {},
      svg("title", {}, detail),
      svg("rect", { class: `mark ${run.result}`, x: x + 1, y: 1, width: 8, height: 12, rx: 1.5 }),
      svg("text", { class: "letter", x: x + 5, y: 24 }, RESULT_LETTER[run.result] ?? "?")));
  });
  return strip;
}

function row(monitor) {
  const link = el("a", { href: monitorPath(monitor.namespace, monitor.name) }, monitor.name);
  const reason = monitor.healthReason ? el("span", { class: "sub" }, monitor.healthReason) : null;
  const active = monitor.activeRuns.length === 0 ? el("span", { class: "sub" }, "none")
    : el("span", {}, ...monitor.activeRuns.map((run, i) => el("span", { class: "sub" },
      i ? " " : "", `${run.result === "Pending" ? "pending" : "running"} `, elapsed(run.startTime ?? run.scheduledTime),
      run.cause ? ` (${run.cause})` : "")));
  return el("tr", { "data-monitor": `${monitor.namespace}/${monitor.name}`, "data-health": monitor.health },
    el("td", { "data-label": "Health" }, healthLabel(monitor.health), reason),
    el("td", { "data-label": "Monitor" }, link, el("span", { class: "sub" }, monitor.target)),
    el("td", { "data-label": "Schedule" }, monitor.schedule ?? "—", monitor.suspended ? el("span", { class: "sub" }, "suspended") : null),
    el("td", { "data-label": "Last result" }, resultLabel(monitor.lastResult)),
    el("td", { "data-label": "Last success" }, timeAgo(monitor.lastSuccessTime)),
    el("td", { "data-label": "Next run" }, timeAgo(monitor.nextScheduleTime)),
    el("td", { "data-label": "Active" }, active),
    el("td", { "data-label": "Failures" }, String(monitor.consecutiveFailures)),
    el("td", { "data-label": "Recent runs" }, runStrip(monitor.recentRuns)));
}

function render() {
  const text = document.getElementById("filter-text").value.trim();
  const health = document.getElementById("filter-health").value;
  const counts = document.getElementById("counts");
  counts.replaceChildren(...Object.keys(HEALTH).map((key) =>
    el("div", { class: `count ${key}`, "data-count": key },
      el("strong", {}, String(list.counts[key] ?? 0)), `${HEALTH[key].symbol} ${HEALTH[key].text}`)));
  const groups = new Map();
  for (const monitor of list.monitors.filter((m) => matches(m, text, health))) {
    if (!groups.has(monitor.namespace)) groups.set(monitor.namespace, []);
    groups.get(monitor.namespace).push(monitor);
  }
  const namespaces = [...groups.keys()].sort((a, b) => {
    const attention = (ns) => (groups.get(ns).some((m) => ATTENTION.has(m.health)) ? 0 : 1);
    return attention(a) - attention(b) || a.localeCompare(b);
  });
  const sections = namespaces.map((namespace) => {
    const monitors = groups.get(namespace).sort(byAttention);
    const head = el("thead", {}, el("tr", {}, ...["Health", "Monitor", "Schedule", "Last result", "Last success", "Next run",
      "Active", "Failures", "Recent runs"].map((title) => el("th", { scope: "col" }, title))));
    return el("section", { class: "namespace", "aria-label": `Namespace ${namespace}` },
      el("h2", {}, `Namespace ${namespace}`),
      el("div", { class: "scroll" }, el("table", { class: "table overview" }, head, el("tbody", {}, ...monitors.map(row)))));
  });
  document.getElementById("monitors").replaceChildren(...sections);
  document.getElementById("empty").hidden = sections.length > 0;
}

const load = serialized(async () => {
  list = (await getJSON("/api/v1/monitors")) ?? { monitors: [], counts: {} };
  render();
});

/** Shows the overview and keeps it live. */
export function startOverview() {
  document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
  document.getElementById("filter-text").addEventListener("input", render);
  document.getElementById("filter-health").addEventListener("change", render);
  load();
  live(() => load());
}
