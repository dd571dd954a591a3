// A monitor's page: schedule, active runs, run history, 90 days, durations, runs, alerts, spec.
import { el, getJSON, live, serialized, healthLabel, resultLabel, timeAgo, elapsed, absolute, duration } from "./common.js";
import { historyChart, dailyChart } from "./charts.js";

// The monitor the path names (set by startMonitor).
let apiPath = "";

function facts(node, pairs) {
  node.replaceChildren(...pairs.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value ?? "—")]));
}

function render(detail) {
  const summary = detail.summary;
  document.title = `${summary.name} · CronMonitor`;
  const headline = document.getElementById("health");
  headline.replaceChildren(healthLabel(summary.health),
    summary.healthReason ? ` · ${summary.healthReason}` : "",
    summary.healthMessage ? el("span", { class: "sub" }, summary.healthMessage) : "");
  facts(document.getElementById("schedule"), [
    ["Target", summary.target],
    ["Schedule", summary.schedule ? `${summary.schedule}` : null],
    ["In words", detail.scheduleDescription ? `${detail.scheduleDescription} (${summary.timeZone ?? "UTC"})` : null],
    ["Suspended", summary.suspended ? "yes" : "no"],
    ["Last scheduled", timeAgo(summary.lastScheduleTime)],
    ["Last success", timeAgo(summary.lastSuccessTime)],
    ["Next runs", detail.nextRuns.length ? el("span", {}, ...detail.nextRuns.map((time, i) =>
      el("span", { class: i ? "sub" : "" }, absolute(time), " (", timeAgo(time), ")"))) : "none"],
    ["Consecutive failures", String(summary.consecutiveFailures)],
  ]);
  const active = document.getElementById("active");
  active.replaceChildren(...(summary.activeRuns.length === 0 ? [el("li", { class: "empty" }, "No run is active.")]
    : summary.activeRuns.map((run) => el("li", { "data-job": run.jobName },
      resultLabel(run.result), ` · Job ${run.jobName} · for `, elapsed(run.startTime ?? run.scheduledTime),
      run.scheduledTime ? ` · slot ${absolute(run.scheduledTime)}` : "",
      run.cause ? el("span", { class: "sub" }, `Cause: ${run.cause}`) : null,
      run.hint ? el("span", { class: "sub" }, `Hint: ${run.hint}`) : null))));
  // A live update redraws the charts: a chart that had the keyboard focus keeps it.
  const focused = ["history", "daily"].find((id) => document.getElementById(id).contains(document.activeElement));
  historyChart(document.getElementById("history"), document.getElementById("history-detail"), detail.runs);
  dailyChart(document.getElementById("daily"), document.getElementById("daily-detail"), detail.daily);
  if (focused) document.querySelector(`#${focused} svg`)?.focus();
  const totals = detail.totals ?? {};
  const durations = detail.durations ?? {};
  facts(document.getElementById("durations"), [
    ["Duration p50", duration(durations.p50Seconds)],
    ["Duration p95", duration(durations.p95Seconds)],
    ["Duration max", duration(durations.maxSeconds)],
    ["Runs (total)", String(totals.runs ?? 0)],
    ["Succeeded / failed", `${totals.succeeded ?? 0} / ${totals.failed ?? 0}`],
    ["Missed / stuck", `${totals.missed ?? 0} / ${totals.stuck ?? 0}`],
    ["Overlaps / duplicates", `${totals.overlaps ?? 0} / ${totals.duplicates ?? 0}`],
    ["Not started / too short", `${totals.notStarted ?? 0} / ${totals.tooShort ?? 0}`],
    ["Jobs purged", String(totals.purged ?? 0)],
  ]);
  const head = el("thead", {}, el("tr", {}, ...["Result", "Job", "Slot", "Started", "Duration", "Why"].map((title) =>
    el("th", { scope: "col" }, title))));
  const rows = detail.runs.map((run) => el("tr", { "data-job": run.jobName ?? "" },
    el("td", {}, resultLabel(run.result)),
    el("td", {}, run.jobName ?? "—"),
    el("td", {}, absolute(run.scheduledTime)),
    el("td", {}, absolute(run.startTime)),
    el("td", {}, duration(run.durationSeconds)),
    el("td", { class: "why" }, [run.reason, run.cause].filter(Boolean).join(" · "),
      run.message ? el("span", { class: "sub message" }, run.message) : null,
      run.hint ? el("span", { class: "sub" }, `Hint: ${run.hint}`) : null)));
  document.getElementById("runs").replaceChildren(head, el("tbody", {}, ...rows));
  const events = document.getElementById("events");
  events.replaceChildren(...(detail.events.length === 0 ? [el("li", { class: "empty" }, "No Events.")]
    : detail.events.map((event) => el("li", { "data-reason": event.reason },
      el("span", { class: `type ${event.type === "Normal" ? "Normal" : "Warning"}` }, `${event.type === "Normal" ? "ℹ" : "⚠"} ${event.type}`),
      el("strong", {}, event.reason), event.count > 1 ? ` ×${event.count}` : "", " · ", timeAgo(event.time),
      event.written ? "" : " · not yet written",
      el("span", { class: "sub note" }, event.note)))));
  const unavailable = document.getElementById("events-unavailable");
  unavailable.hidden = !detail.eventsUnavailable;
  unavailable.textContent = detail.eventsUnavailable ? `Events unavailable: ${detail.eventsUnavailable}` : "";
  const spec = detail.spec;
  facts(document.getElementById("spec"), [
    ["Start grace", duration(spec.startGraceSeconds)],
    ["Max duration", spec.maxDurationSeconds ? duration(spec.maxDurationSeconds) : "no limit"],
    ["Min duration", spec.minDurationSeconds ? duration(spec.minDurationSeconds) : "none"],
    ["On stuck", spec.onStuck],
    ["On overlap", spec.onOverlap],
    ["Failure threshold", String(spec.failureThreshold)],
    ["History limit", String(spec.historyLimit)],
    ["Retention", spec.retention ? Object.entries(spec.retention).map(([k, v]) => `${k} ${v}`).join(", ") : "keep all"],
  ]);
  document.getElementById("conditions").replaceChildren(...detail.conditions.map((condition) => el("li", {},
    el("strong", {}, `${condition.type}=${condition.status}`), ` · ${condition.reason} · since `, timeAgo(condition.lastTransitionTime),
    condition.message ? el("span", { class: "sub" }, condition.message) : null)));
}

const load = serialized(async () => {
  const detail = await getJSON(apiPath);
  document.getElementById("missing").hidden = detail !== null;
  document.getElementById("content").hidden = detail === null;
  if (detail) render(detail);
});

/** Shows the monitor named by the path and keeps it live. */
export function startMonitor() {
  // The server serves this page only for valid names: nothing to decode.
  const [, , namespace, name] = location.pathname.split("/");
  const key = `${namespace}/${name}`;
  apiPath = `/api/v1/namespaces/${namespace}/monitors/${name}`;
  document.getElementById("title").textContent = name ?? "";
  document.getElementById("crumb-ns").textContent = `namespace ${namespace ?? ""}`;
  document.getElementById("json-link").setAttribute("href", apiPath);
  load();
  live((changed) => { if (changed === null || changed.includes(key)) load(); });
}
