"""The dashboard in a real browser: headless Chromium (Debian's chromium and chromium-driver,
driven with Selenium) against the operator running on KubeSim with sample monitors.

Checks that the overview lists every monitor with its health, that a monitor's page draws its
runs, that a Job finishing shows up without a reload, and that a Job condition message holding
markup is shown as text and runs nothing. Screenshots of both pages, light and dark, are written
to Tests/dashboard/artifacts/ (gitignored; DASHBOARD_ARTIFACTS overrides the directory).
"""

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("DASHBOARD_BIN", os.path.join(ROOT, ".build", "debug"))
ARTIFACTS = os.environ.get("DASHBOARD_ARTIFACTS", os.path.join(os.path.dirname(__file__), "artifacts"))
CRD = os.path.join(ROOT, "config", "crd", "bases", "cronmonitor.io_cronmonitors.yaml")
MARKUP = "<img src=x onerror=alert(1)>"
TIMEOUT = 45

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as error:  # a failure that says how to fix it, never a skip
    raise AssertionError(f"selenium is missing ({error}): run `make venv` (PIP_PACKAGES pins it)") from error


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def required(path, hint):
    if not (path and os.access(path, os.X_OK)):
        raise AssertionError(f"{path or 'a tool'} is missing: {hint}")
    return path


def slot(days_ago=0, minutes_ago=0, hour=None):
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    moment = now - datetime.timedelta(days=days_ago, minutes=minutes_ago)
    if hour is not None:
        moment = moment.replace(hour=hour, minute=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def job(namespace, name, app, scheduled, outcome="succeed", seconds=1):
    return {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": {
            "name": name, "namespace": namespace, "labels": {"app": app},
            "annotations": {
                "batch.kubernetes.io/cronjob-scheduled-timestamp": scheduled,
                "kubesim.cronmonitor.io/outcome": outcome,
                "kubesim.cronmonitor.io/run-seconds": str(seconds),
            },
        },
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}}},
    }


def monitor(namespace, name, spec):
    return {"apiVersion": "cronmonitor.io/v1alpha1", "kind": "CronMonitor",
            "metadata": {"name": name, "namespace": namespace}, "spec": spec}


class DashboardInBrowserTest(unittest.TestCase):
    processes = []

    @classmethod
    def setUpClass(cls):
        for binary in ("kubesim", "cronmonitor-operator"):
            required(os.path.join(BIN, binary), "run `swift build` first (make test does)")
        cls.chromium = required(shutil.which("chromium"), "install Debian's chromium (make browser-deps)")
        cls.chromedriver = required(shutil.which("chromedriver"), "install Debian's chromium-driver (make browser-deps)")
        cls.kubectl_binary = required(os.environ.get("KUBECTL") or shutil.which("kubectl"), "put kubectl on PATH")
        os.makedirs(ARTIFACTS, exist_ok=True)
        cls.work = tempfile.mkdtemp(prefix="cronmonitor-dashboard-")
        cls.kubeconfig = os.path.join(cls.work, "kubeconfig")
        try:
            cls.start_cluster()
            cls.start_browser()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def start_cluster(cls):
        cls.spawn("kubesim", [os.path.join(BIN, "kubesim"), "--kubeconfig-out", cls.kubeconfig, "--log-level", "warning"])
        deadline = time.monotonic() + 20
        while not (os.path.exists(cls.kubeconfig) and os.path.getsize(cls.kubeconfig) > 0):
            if time.monotonic() > deadline:
                raise AssertionError("KubeSim did not write its kubeconfig")
            time.sleep(0.1)
        cls.kubectl("apply", "-f", CRD)
        cls.apply([
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "web"}},
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ops"}},
            monitor("web", "nightly", {"jobSelector": {"matchLabels": {"app": "nightly"}}, "schedule": "0 3 * * *"}),
            monitor("web", "xss", {"jobSelector": {"matchLabels": {"app": "xss"}}, "schedule": "* * * * *",
                                   "startGraceSeconds": 3600}),
            monitor("ops", "report", {"jobSelector": {"matchLabels": {"app": "report"}}, "schedule": "0 6 * * *"}),
            monitor("ops", "broken", {"cronJobName": "does-not-exist"}),
            # (its run's cause is recorded once the start grace is over)
            monitor("web", "puller", {"jobSelector": {"matchLabels": {"app": "puller"}}, "schedule": "0 4 * * *",
                                      "startGraceSeconds": 1}),
            job("web", "nightly-1", "nightly", slot(days_ago=3, hour=3)),
            # (the failing run, the newest, also finishes last)
            job("web", "nightly-2", "nightly", slot(days_ago=2, hour=3)),
            job("web", "nightly-3", "nightly", slot(days_ago=1, hour=3), outcome="oom-killed", seconds=2),
            job("ops", "report-1", "report", slot(days_ago=1, hour=6)),
            job("web", "xss-run", "xss", slot(), outcome="hang"),
            job("web", "puller-run", "puller", slot(days_ago=1, hour=4), outcome="image-pull-backoff"),
        ])
        cls.port = free_port()
        cls.spawn("operator", cls.operator_command(cls.port))
        cls.base = f"http://127.0.0.1:{cls.port}"
        expected = {"web/nightly": "Unhealthy", "ops/report": "Healthy", "ops/broken": "NotReady", "web/puller": "Unhealthy"}
        cls.wait_for_api(lambda monitors: len(monitors) == 5 and all(
            expected.get(f"{m['namespace']}/{m['name']}", m["health"]) == m["health"] for m in monitors)
            and all(not m["activeRuns"] for m in monitors if m["name"] == "nightly")
            and all(m["activeRuns"] and m["activeRuns"][0].get("cause") for m in monitors if m["name"] == "puller"))

    @classmethod
    def operator_command(cls, dashboard_port, metrics_port=0):
        metrics = f"127.0.0.1:{metrics_port}" if metrics_port else "0"
        return [os.path.join(BIN, "cronmonitor-operator"), "--kubeconfig", cls.kubeconfig, "--log-format", "text",
                "--leader-elect", "--leader-election-namespace", "default", "--metrics-bind-address", metrics,
                "--health-probe-bind-address", "0", "--dashboard-bind-address", f"127.0.0.1:{dashboard_port}"]

    @classmethod
    def start_browser(cls):
        options = webdriver.ChromeOptions()
        options.binary_location = cls.chromium
        for argument in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                         "--hide-scrollbars", "--force-color-profile=srgb"):
            options.add_argument(argument)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(executable_path=cls.chromedriver), options=options)
        cls.driver.set_page_load_timeout(30)

    @classmethod
    def tearDownClass(cls):
        driver = getattr(cls, "driver", None)
        if driver is not None:
            driver.quit()
        for name, process in reversed(cls.processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        cls.processes = []

    # --- helpers ---------------------------------------------------------------------------------

    @classmethod
    def spawn(cls, name, command):
        with open(os.path.join(cls.work, f"{name}.log"), "w", encoding="utf-8") as log:
            cls.processes.append((name, subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)))

    @classmethod
    def kubectl(cls, *arguments, stdin=None):
        command = [cls.kubectl_binary, "--kubeconfig", cls.kubeconfig, "--cache-dir", os.path.join(cls.work, "kube-cache"),
                   *arguments]
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            raise AssertionError(f"kubectl {' '.join(arguments)} failed: {result.stderr.strip()}")
        return result.stdout

    @classmethod
    def apply(cls, objects):
        cls.kubectl("apply", "-f", "-", stdin="\n".join(json.dumps(item) for item in objects))

    @classmethod
    def api(cls, path, base=None):
        with urllib.request.urlopen((base or cls.base) + path, timeout=10) as response:
            return json.load(response)

    @classmethod
    def wait_for_api(cls, ready, base=None):
        deadline = time.monotonic() + TIMEOUT
        last = None
        while time.monotonic() < deadline:
            try:
                last = cls.api("/api/v1/monitors", base)["monitors"]
                if ready(last):
                    return last
            except OSError:
                pass
            time.sleep(0.25)
        raise AssertionError(f"the dashboard's API never showed the expected monitors: {json.dumps(last)[:2000]}\n"
                             + cls.log_tail("operator"))

    @classmethod
    def log_tail(cls, name):
        with open(os.path.join(cls.work, f"{name}.log"), encoding="utf-8", errors="replace") as handle:
            return f"--- {name} log ---\n" + handle.read()[-3000:]

    def wait(self, condition, what):
        try:
            # A live update replaces elements: a lookup that meets a replaced one is tried again.
            return WebDriverWait(self.driver, TIMEOUT, poll_frequency=0.1,
                                 ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
                                 ).until(lambda driver: condition(driver))
        except Exception as error:
            self.fail(f"timed out waiting for {what}: {error}\n{self.log_tail('operator')}")

    # Reads go through one script each, so a live update cannot swap an element between the
    # lookup and the read.
    def texts(self, selector):
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => (e.innerText ?? e.textContent).trim())",
            selector)

    def text(self, selector):
        found = self.texts(selector)
        self.assertTrue(found, f"nothing matches {selector}")
        return found[0]

    def attributes(self, selector, name):
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))", selector, name)

    def set_theme(self, theme):
        """Clicks the toggle until the page is in `theme`; returns the body's background colour."""
        for _ in range(2):
            if self.driver.execute_script("return document.documentElement.dataset.theme") == theme:
                break
            self.driver.find_element(By.ID, "theme").click()
        self.assertEqual(self.driver.execute_script("return document.documentElement.dataset.theme"), theme)
        return self.driver.execute_script("return getComputedStyle(document.body).backgroundColor")

    def screenshots(self, page):
        backgrounds = {}
        self.driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
        for theme in ("light", "dark"):
            backgrounds[theme] = self.set_theme(theme)
            self.driver.execute_script("document.activeElement && document.activeElement.blur();")
            self.driver.save_screenshot(os.path.join(ARTIFACTS, f"dashboard-{page}-{theme}.png"))
        self.assertNotEqual(backgrounds["light"], backgrounds["dark"])
        self.set_theme("light")
        # On a phone: nothing wider than the screen (the overview's rows become cards).
        self.driver.set_window_size(390, 844)
        try:
            self.wait(lambda d: d.execute_script("return window.innerWidth") <= 390, "the phone-sized window")
            overflow = self.driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.driver.save_screenshot(os.path.join(ARTIFACTS, f"dashboard-{page}-phone.png"))
            self.assertLessEqual(overflow, 0, f"the {page} page is wider than a phone's screen")
        finally:
            self.driver.set_window_size(1280, 900)

    def assert_no_script_errors(self):
        errors = [entry for entry in self.driver.get_log("browser") if entry.get("level") == "SEVERE"
                  and "favicon.ico" not in entry.get("message", "")]
        self.assertEqual(errors, [], "the page logged errors")

    # --- tests -----------------------------------------------------------------------------------

    def test_1_the_overview_lists_every_monitor_with_its_health(self):
        self.driver.get(self.base + "/")
        rows = "tr[data-monitor]"
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) == 5, "five monitor rows")
        health = dict(self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(r => [r.dataset.monitor,"
            " r.querySelector('.health').innerText])", rows))
        self.assertEqual(health["ops/report"], "✔ Healthy")
        self.assertEqual(health["web/nightly"], "✖ Unhealthy")
        self.assertEqual(health["ops/broken"], "! Not ready")
        self.assertIn("web/xss", health)
        # A run whose Pod cannot start: pending, with its cause.
        puller = self.text("tr[data-monitor='web/puller'] td[data-label=Active]")
        self.assertIn("pending", puller)
        self.assertIn("ImagePullBackOff", puller)
        # Those needing attention come first in each namespace.
        order = self.attributes(rows, "data-monitor")
        self.assertLess(order.index("ops/broken"), order.index("ops/report"))
        self.assertEqual(self.text("[data-count=Healthy] strong"), "1")
        self.assertEqual(self.text("[data-count=NotReady] strong"), "1")
        # The strip of recent runs: one mark and one letter per run.
        self.assertEqual(self.texts("tr[data-monitor='web/nightly'] svg.strip text"), ["S", "S", "F"])
        # Filtering by text and by health.
        self.driver.find_element(By.ID, "filter-text").send_keys("report")
        self.wait(lambda d: [r.get_attribute("data-monitor") for r in d.find_elements(By.CSS_SELECTOR, rows)] == ["ops/report"],
                  "the text filter")
        self.driver.find_element(By.ID, "filter-text").clear()
        self.driver.find_element(By.ID, "filter-text").send_keys(Keys.BACKSPACE)
        Select(self.driver.find_element(By.ID, "filter-health")).select_by_value("attention")
        self.wait(lambda d: sorted(r.get_attribute("data-monitor") for r in d.find_elements(By.CSS_SELECTOR, rows))
                  == ["ops/broken", "web/nightly", "web/puller"], "the health filter")
        Select(self.driver.find_element(By.ID, "filter-health")).select_by_value("")
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, rows)) == 5, "all rows again")
        self.wait(lambda d: "live" == d.find_element(By.ID, "live").text, "the live stream")
        self.screenshots("overview")
        self.assert_no_script_errors()

    def test_2_the_monitor_page_draws_its_runs(self):
        self.driver.get(self.base + "/monitors/web/nightly")
        bars = "#history svg rect.bar-mark"
        self.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, bars)) == 3, "three bars in the run history")
        self.assertEqual(self.texts("#history svg text.letter"), ["S", "S", "F"])
        classes = self.attributes(bars, "class")
        self.assertEqual([c.split()[-1] for c in classes], ["Succeeded", "Succeeded", "Failed"])
        self.assertEqual(self.text("#schedule dd:nth-of-type(3)"), "At 03:00 (UTC)")
        # The heatmap: three days with runs, one of them failed (marked ×, not only red).
        self.assertEqual(len(self.texts("#daily rect.day")), 90)
        self.assertEqual(len(self.texts("#daily rect.day.clean")), 2)
        self.assertEqual(len(self.texts("#daily rect.day.failed")), 1)
        self.assertEqual(self.texts("#daily text.day-mark"), ["×"])
        # Keyboard: focus the chart, arrow to the oldest run; the detail line names it.
        chart = self.driver.find_element(By.CSS_SELECTOR, "#history svg")
        chart.send_keys(Keys.HOME)
        self.wait(lambda d: "nightly-1" in d.find_element(By.ID, "history-detail").text, "the keyboard-selected run")
        chart.send_keys(Keys.END)
        self.wait(lambda d: "nightly-3" in d.find_element(By.ID, "history-detail").text, "the newest run")
        # What explains the failed run: its cause and the hint.
        self.assertIn("cause OOMKilled", self.text("#history-detail"))
        self.assertIn("Hint: ", self.text("#history-detail"))
        self.assertIn("RunFailed", self.text("#events"))
        self.screenshots("monitor")
        self.assert_no_script_errors()

    def test_3_a_job_finishing_shows_live_and_its_markup_is_only_text(self):
        self.driver.get(self.base + "/monitors/web/xss")
        self.wait(lambda d: "xss-run" in d.find_element(By.ID, "active").text, "the running Job in the active runs")
        self.wait(lambda d: "live" == d.find_element(By.ID, "live").text, "the live stream")
        self.driver.execute_script("window.__sameDocument = true; window.alert = () => { window.__alerted = true; };")
        finished = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        condition = {"status": "True", "reason": "BackoffLimitExceeded", "message": MARKUP,
                     "lastProbeTime": finished, "lastTransitionTime": finished}
        status = {"status": {"active": 0, "failed": 1, "conditions": [
            dict(condition, type="FailureTarget"), dict(condition, type="Failed")]}}
        self.kubectl("patch", "job", "xss-run", "-n", "web", "--subresource=status", "--type=merge", "-p", json.dumps(status))
        self.wait(lambda d: "Failed" in d.find_element(By.CSS_SELECTOR, "#runs tbody tr").text, "the failed run, without reload")
        self.assertTrue(self.driver.execute_script("return window.__sameDocument === true"), "the page was reloaded")
        messages = self.texts("#runs .message")
        self.assertIn(MARKUP, messages)
        self.assertEqual(self.driver.execute_script("return document.querySelectorAll('img[src=x], img:not([src])').length"), 0)
        self.assertIsNone(self.driver.execute_script("return window.__alerted"))
        self.assertIn("No run is active.", self.text("#active"))
        self.driver.execute_script("document.getElementById('h-runs').scrollIntoView()")
        self.driver.save_screenshot(os.path.join(ARTIFACTS, "dashboard-markup-as-text.png"))
        self.assert_no_script_errors()

    def test_4_the_server_stays_read_only_and_strict(self):
        request = urllib.request.Request(self.base + "/api/v1/monitors", method="DELETE")
        with self.assertRaises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        self.assertEqual(refused.exception.code, 405)
        with urllib.request.urlopen(self.base + "/", timeout=10) as page:
            policy = page.headers["Content-Security-Policy"]
            self.assertIn("script-src 'self'", policy)
            self.assertNotIn("unsafe-inline", policy)
            self.assertEqual(page.headers["X-Content-Type-Options"], "nosniff")

    def test_5_a_follower_serves_the_same_dashboard(self):
        port, metrics_port = free_port(), free_port()
        self.spawn("follower", self.operator_command(port, metrics_port))
        follower = f"http://127.0.0.1:{port}"
        def view(monitors):
            return {m["name"]: (m["health"], m.get("lastResult"), len(m["recentRuns"])) for m in monitors}
        self.wait_for_api(lambda monitors: len(monitors) == 5
                          and view(monitors) == view(self.api("/api/v1/monitors")["monitors"]), follower)
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as response:
            metrics = response.read().decode()
        self.assertIn("\ncronmonitor_leader 0", metrics, "the second replica should be a follower")

    def test_6_the_monitor_page_lists_the_events_themselves_live(self):
        # (a monitor of its own, created last: the other tests count five)
        self.apply([
            monitor("ops", "flaky", {"jobSelector": {"matchLabels": {"app": "flaky"}}, "schedule": "* * * * *",
                                     "startGraceSeconds": 3600}),
            job("ops", "flaky-1", "flaky", slot(minutes_ago=2), outcome="fail"),
        ])
        self.driver.get(self.base + "/monitors/ops/flaky")
        self.wait(lambda d: "RunFailed" in d.find_element(By.ID, "events").text, "the Warning Event")
        self.wait(lambda d: "live" == d.find_element(By.ID, "live").text, "the live stream")
        self.driver.execute_script("window.__sameDocument = true;")
        self.apply([job("ops", "flaky-2", "flaky", slot(minutes_ago=1))])
        self.wait(lambda d: "Recovered" in d.find_element(By.ID, "events").text, "the Normal Event, without reload")
        self.assertTrue(self.driver.execute_script("return window.__sameDocument === true"), "the page was reloaded")
        # The notes shown are the Events' own (core v1 `message` is the events.k8s.io `note`).
        written = json.loads(self.kubectl("get", "events", "-n", "ops", "--field-selector",
                                          "involvedObject.kind=CronMonitor,involvedObject.name=flaky", "-o", "json"))
        notes = {event["reason"]: event["message"] for event in written["items"]}
        self.assertEqual(set(notes), {"RunFailed", "Recovered"})
        shown = self.driver.execute_script(
            "return [...document.querySelectorAll('#events li')].map(li =>"
            " [li.dataset.reason, li.querySelector('.type').innerText.trim(), li.querySelector('.note').textContent])")
        self.assertEqual(shown, [["Recovered", "ℹ Normal", notes["Recovered"]], ["RunFailed", "⚠ Warning", notes["RunFailed"]]])
        self.assertTrue(self.driver.find_element(By.ID, "events-unavailable").get_attribute("hidden") is not None)
        self.driver.execute_script("document.getElementById('h-events').scrollIntoView()")
        self.driver.find_element(By.CSS_SELECTOR, "section[aria-labelledby=h-events]").screenshot(
            os.path.join(ARTIFACTS, "dashboard-events.png"))
        self.assert_no_script_errors()


if __name__ == "__main__":
    unittest.main()
