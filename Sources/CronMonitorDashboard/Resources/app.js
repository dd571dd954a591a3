// The dashboard's entry point: one page shell for every path; the path picks the page.
import { initTheme, renderLegend, tickTimes } from "./common.js";
import { startOverview } from "./overview.js";
import { startMonitor } from "./monitor.js";

const monitorPage = location.pathname.startsWith("/monitors/");
const template = document.getElementById(monitorPage ? "monitor-page" : "overview-page");
document.getElementById("main").replaceChildren(template.content.cloneNode(true));
initTheme();
renderLegend();
tickTimes();
if (monitorPage) startMonitor(); else startOverview();
