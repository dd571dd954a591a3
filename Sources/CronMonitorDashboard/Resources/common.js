// Shared helpers of the dashboard's pages. Text from the cluster enters the DOM only as text
// nodes (textContent), never as markup.

const SVG_NS = "http://www.w3.org/2000/svg";

/** An HTML element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

/** An SVG element, likewise. */
export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

function setAttributes(node, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The JSON at `url`, or null for a 404. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// --- Themes -------------------------------------------------------------------------------------

const THEME_KEY = "cronmonitor-theme";

function effectiveTheme() {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Applies the saved theme (else the system's) and wires the toggle button. */
export function initTheme() {
  let saved = null;
  try { saved = localStorage.getItem(THEME_KEY); } catch { /* storage disabled */ }
  if (saved === "light" || saved === "dark") document.documentElement.dataset.theme = saved;
  const button = document.getElementById("theme");
  const label = () => {
    const dark = effectiveTheme() === "dark";
    button.setAttribute("aria-pressed", String(dark));
    button.textContent = dark ? "☀ Light theme" : "☾ Dark theme";
  };
  button.addEventListener("click", () => {
    const next = effectiveTheme() === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    try { localStorage.setItem(THEME_KEY, next); } catch { /* storage disabled */ }
    label();
  });
  label();
}

// --- Live updates -------------------------------------------------------------------------------

/**
 * One server-sent event stream per tab: `onChange(monitors)` gets the `namespace/name` of the
 * monitors that changed (or null after a (re)connect, when anything may have). The browser
 * reconnects by itself when the server ends the stream.
 */
export function live(onChange) {
  const status = document.getElementById("live");
  const show = (on, text) => { status.textContent = text; status.className = `live ${on ? "on" : "off"}`; };
  const connect = () => {
    const source = new EventSource("/api/v1/stream");
    source.addEventListener("hello", () => { show(true, "live"); onChange(null); });
    source.addEventListener("changed", (event) => {
      let monitors = null;
      try { monitors = JSON.parse(event.data).monitors; } catch { monitors = null; }
      onChange(monitors);
    });
    source.addEventListener("error", () => {
      // Refused (e.g. 503: too many live dashboards open): the browser gives up, so try again later.
      if (source.readyState === EventSource.CLOSED) {
        show(false, "not live: retrying in 30 s");
        setTimeout(connect, 30000);
      } else {
        show(false, "reconnecting…");
      }
    });
  };
  connect();
}

/** Calls `load` now and whenever it is asked again, never twice at once (the last ask wins). */
export function serialized(load) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) { again = true; return; }
    running = true;
    try {
      do { again = false; await load(); } while (again);
    } catch (error) {
      const status = document.getElementById("live");
      status.textContent = `error: ${error.message}`;
      status.className = "live off";
    } finally {
      running = false;
    }
  };
  return run;
}

// --- Words --------------------------------------------------------------------------------------

export const HEALTH = {
  Healthy: { symbol: "✔", text: "Healthy" },
  Unhealthy: { symbol: "✖", text: "Unhealthy" },
  NotReady: { symbol: "!", text: "Not ready" },
  Unknown: { symbol: "?", text: "Unknown" },
};

/** One letter per result: colour is never the only signal. */
export const RESULT_LETTER = {
  Succeeded: "S", Failed: "F", Stuck: "K", Terminated: "T", Missed: "M", Duplicate: "D", Running: "R", Pending: "P",
};

export function healthLabel(health) {
  const entry = HEALTH[health] ?? HEALTH.Unknown;
  return el("span", { class: `health ${health in HEALTH ? health : "Unknown"}` }, `${entry.symbol} ${entry.text}`);
}

export function resultLabel(result) {
  if (!result) return el("span", { class: "sub" }, "—");
  const letter = RESULT_LETTER[result] ?? "?";
  return el("span", { class: `result ${letter === "?" ? "" : result}` }, `${letter} · ${result}`);
}

/** "3 h 4 min", "42 s". */
export function duration(seconds) {
  if (seconds === undefined || seconds === null) return "—";
  let s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const parts = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m && !d) parts.push(`${m} min`);
  if ((s && !h && !d) || parts.length === 0) parts.push(`${s} s`);
  return parts.join(" ");
}

/** "5 min ago", "in 40 s" relative to now. */
export function relative(time, now = Date.now()) {
  if (!time) return "—";
  const seconds = (Date.parse(time) - now) / 1000;
  if (Number.isNaN(seconds)) return "—";
  return seconds >= 0 ? `in ${duration(seconds)}` : `${duration(-seconds)} ago`;
}

/** Local date and time, e.g. "2026-03-28 14:05:00". */
export function absolute(time) {
  if (!time) return "—";
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return "—";
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A <time> element showing relative time, refreshed by `tickTimes`. */
export function timeAgo(time) {
  if (!time) return el("span", { class: "sub" }, "—");
  return el("time", { datetime: time, title: absolute(time), "data-relative": "" }, relative(time));
}

/** A <time> element counting the time elapsed since `time`. */
export function elapsed(time) {
  if (!time) return el("span", {}, "—");
  return el("time", { datetime: time, title: absolute(time), "data-elapsed": "" }, duration((Date.now() - Date.parse(time)) / 1000));
}

/** Refreshes every relative and elapsed time once a second (no network). */
export function tickTimes() {
  setInterval(() => {
    const now = Date.now();
    for (const node of document.querySelectorAll("time[data-relative]")) node.textContent = relative(node.getAttribute("datetime"), now);
    for (const node of document.querySelectorAll("time[data-elapsed]")) {
      node.textContent = duration((now - Date.parse(node.getAttribute("datetime"))) / 1000);
    }
  }, 1000);
}

/** The legend of result letters and marks. */
export function renderLegend() {
  const legend = document.getElementById("legend");
  if (!legend) return;
  legend.replaceChildren(...Object.entries(RESULT_LETTER).map(([result, letter]) => {
    const icon = svg("svg", { width: 12, height: 12, viewBox: "0 0 12 12", "aria-hidden": "true" },
      svg("rect", { class: `mark ${result}`, x: 1, y: 1, width: 10, height: 10, rx: 2 }));
    return el("span", {}, icon, `${letter} ${result}`);
  }));
}

export function monitorPath(namespace, name) {
  return `/monitors/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}
