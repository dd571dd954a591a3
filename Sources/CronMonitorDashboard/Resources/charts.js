// Charts drawn as SVG by our own code: the run history (one bar per run) and the 90-day heatmap.
// Both are keyboard-operable (focus the chart, then the arrow keys) and say in text what the
// colours say (a letter per run, a mark per bad day, and the detail line).
import { svg, el, duration, absolute, RESULT_LETTER } from "./common.js";

/** Arrow-key selection over `count` items of a focusable chart; `select(index)` shows one. */
function navigable(chart, count, select, step = { ArrowLeft: -1, ArrowRight: 1 }) {
  let current = count - 1;
  chart.addEventListener("keydown", (event) => {
    if (!(event.key in step) && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    if (event.key === "Home") current = 0;
    else if (event.key === "End") current = count - 1;
    else current = Math.min(count - 1, Math.max(0, current + step[event.key]));
    select(current);
  });
  chart.addEventListener("focus", () => select(current));
  return (index) => { current = index; select(index); };
}

/** The detail line of one run: its Job, slot, times, result, and what explains it. */
export function runDetail(run) {
  const parts = [
    el("strong", {}, `${RESULT_LETTER[run.result] ?? "?"} · ${run.result}`),
    ` · Job ${run.jobName ?? "(none: missed slot)"}`,
    ` · slot ${absolute(run.scheduledTime)}`,
    ` · started ${absolute(run.startTime)}`,
    ` · finished ${absolute(run.finishTime)}`,
    ` · ${duration(run.durationSeconds)}`,
  ];
  if (run.reason) parts.push(` · reason ${run.reason}`);
  if (run.cause) parts.push(` · cause ${run.cause}`);
  if (run.exitCode !== undefined && run.exitCode !== null) parts.push(` · exit ${run.exitCode}`);
  if (run.node) parts.push(` · node ${run.node}`);
  const lines = [el("span", {}, ...parts)];
  if (run.message) lines.push(el("span", { class: "sub message" }, run.message));
  if (run.hint) lines.push(el("span", { class: "sub" }, `Hint: ${run.hint}`));
  return lines;
}

/** The run history: one bar per run (oldest left), height by duration, result letter below. */
export function historyChart(container, detail, runs) {
  const ordered = [...runs].reverse();
  const barWidth = Math.round(Math.min(36, Math.max(12, 480 / Math.max(ordered.length, 1))));
  const plotHeight = 110;
  const width = Math.max(ordered.length * barWidth + 40, 200);
  const height = plotHeight + 30;
  const now = Date.now();
  const seconds = (run) => run.durationSeconds ?? (run.startTime && (run.result === "Running" || run.result === "Pending")
    ? Math.max(0, (now - Date.parse(run.startTime)) / 1000) : null);
  const longest = Math.max(1, ...ordered.map((run) => seconds(run) ?? 0));
  const chart = svg("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, tabindex: ordered.length ? 0 : null, role: "img",
    "aria-label": ordered.length ? `Run history: ${ordered.length} runs, longest ${duration(longest)}. Use the arrow keys for each run.`
      : "No runs yet",
  });
  chart.append(svg("line", { class: "axis", x1: 30, y1: plotHeight + 2, x2: width, y2: plotHeight + 2 }));
  chart.append(svg("text", { class: "axis-label", x: 0, y: 10 }, duration(longest)));
  chart.append(svg("text", { class: "axis-label", x: 0, y: plotHeight }, "0 s"));
  const bars = ordered.map((run, index) => {
    const value = seconds(run);
    const h = value === null ? 10 : Math.max(4, (plotHeight - 8) * value / longest);
    const x = 34 + index * barWidth;
    const bar = svg("rect", {
      class: `bar-mark mark ${run.result}`, x, y: plotHeight + 1 - h, width: barWidth - 5, height: h, rx: 2,
      "data-job": run.jobName ?? "",
    }, svg("title", {}, `${run.jobName ?? "missed slot"}: ${run.result}, ${duration(value)}`));
    chart.append(bar, svg("text", { class: "letter", x: x + (barWidth - 5) / 2, y: plotHeight + 16 }, RESULT_LETTER[run.result] ?? "?"));
    return bar;
  });
  const show = (index) => {
    bars.forEach((bar, i) => bar.classList.toggle("selected", i === index));
    detail.replaceChildren(...runDetail(ordered[index]));
  };
  const select = navigable(chart, ordered.length, show);
  bars.forEach((bar, index) => bar.addEventListener("mouseenter", () => select(index)));
  container.replaceChildren(chart);
  detail.replaceChildren(ordered.length ? "Select a run for its details." : "No runs yet.");
}

const DAY_MS = 86400000;

function utcDay(text) { return Date.parse(`${text}T00:00:00Z`); }

function dayText(time) { return new Date(time).toISOString().slice(0, 10); }

/** What a day of `status.daily` looks like: its class, a mark and a sentence. */
function describeDay(date, day) {
  if (!day || day.runs + day.missed === 0) return { kind: "empty", mark: "", text: `${date}: no runs` };
  const bad = day.failed + day.stuck;
  const parts = [`${day.runs} runs`, `${day.succeeded} succeeded`];
  if (day.failed) parts.push(`${day.failed} failed`);
  if (day.stuck) parts.push(`${day.stuck} stuck`);
  if (day.missed) parts.push(`${day.missed} missed`);
  if (day.p95Seconds !== undefined && day.p95Seconds !== null) parts.push(`p95 ${duration(day.p95Seconds)}`);
  const kind = bad ? "failed" : day.missed ? "missed" : "clean";
  return { kind, mark: bad ? "×" : day.missed ? "–" : "", text: `${date}: ${parts.join(", ")}` };
}

/** The 90-day heatmap: a column per week, a cell per day, newest at the bottom right. */
export function dailyChart(container, detail, daily) {
  const byDate = new Map(daily.map((day) => [day.date, day]));
  const now = new Date();
  let last = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  for (const day of daily) last = Math.max(last, utcDay(day.date));
  const first = last - 89 * DAY_MS;
  const offset = new Date(first).getUTCDay();
  const cell = 14;
  const width = (Math.ceil((90 + offset) / 7)) * (cell + 2) + 30;
  const height = 7 * (cell + 2) + 4;
  const counts = { clean: 0, failed: 0, missed: 0, empty: 0 };
  const days = [];
  for (let i = 0; i < 90; i++) {
    const date = dayText(first + i * DAY_MS);
    const look = describeDay(date, byDate.get(date));
    counts[look.kind] += 1;
    days.push(look);
  }
  const chart = svg("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, tabindex: 0, role: "img",
    "aria-label": `Last 90 days: ${counts.clean} clean, ${counts.failed} with failures, ${counts.missed} with missed runs, ${counts.empty} without runs. Use the arrow keys for each day.`,
  });
  ["Sun", "", "Tue", "", "Thu", "", "Sat"].forEach((name, row) => {
    if (name) chart.append(svg("text", { class: "axis-label", x: 0, y: row * (cell + 2) + cell - 2 }, name));
  });
  const cells = days.map((look, i) => {
    const column = Math.floor((i + offset) / 7);
    const row = (i + offset) % 7;
    const x = 30 + column * (cell + 2);
    const y = row * (cell + 2);
    const rect = svg("rect", { class: `day ${look.kind}`, x, y, width: cell, height: cell, rx: 2 }, svg("title", {}, look.text));
    chart.append(rect);
    if (look.mark) chart.append(svg("text", { class: "day-mark", x: x + cell / 2, y: y + cell - 3 }, look.mark));
    return rect;
  });
  const show = (index) => {
    cells.forEach((rect, i) => rect.classList.toggle("selected", i === index));
    detail.textContent = days[index].text;
  };
  const select = navigable(chart, days.length, show, { ArrowLeft: -7, ArrowRight: 7, ArrowUp: -1, ArrowDown: 1 });
  cells.forEach((rect, index) => rect.addEventListener("mouseenter", () => select(index)));
  container.replaceChildren(chart);
  detail.textContent = `${counts.clean} clean days, ${counts.failed} with failures (×), ${counts.missed} with missed runs (–), ${counts.empty} without runs.`;
}
