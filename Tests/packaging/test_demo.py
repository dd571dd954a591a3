"""`make demo`, run non-interactively for a bounded time: every alert of the product shows up.

Runs demo/demo.sh (what `make demo` runs after building) against the binaries `make test` built,
with DEMO_DURATION so it stops by itself, and checks its output: the kubeconfig hint, the
monitors' table with its columns filled in, and each Event reason the workload is built to raise.
"""

import os
import re
import subprocess
import unittest

from support import ROOT, MissingTool

BIN = os.path.join(ROOT, ".build", "debug")
DURATION_SECONDS = 170


class DemoTest(unittest.TestCase):
    output = ""

    @classmethod
    def setUpClass(cls):
        for binary in ("kubesim", "cronmonitor-operator"):
            if not os.access(os.path.join(BIN, binary), os.X_OK):
                raise MissingTool(f"{BIN}/{binary} is not built: run `swift build` first (make test does)")
        environment = dict(os.environ, DEMO_DURATION=str(DURATION_SECONDS), DEMO_BIN=BIN)
        result = subprocess.run(
            ["bash", os.path.join(ROOT, "demo", "demo.sh")], env=environment, cwd=ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=DURATION_SECONDS + 120)
        cls.output = result.stdout
        cls.returncode = result.returncode

    def test_the_demo_stops_cleanly(self):
        self.assertEqual(self.returncode, 0, self.output[-3000:])
        self.assertIn("stopped.", self.output)

    def test_it_prints_how_to_use_kubectl_against_it(self):
        self.assertRegex(self.output, r"export KUBECONFIG=\S+/kubeconfig")
        self.assertIn("kubectl get cronmonitors -n demo", self.output)

    def test_it_prints_the_dashboard_url(self):
        self.assertRegex(self.output, r"Dashboard: http://127\.0\.0\.1:\d+/")

    def test_it_prints_where_its_logs_are_and_a_short_metrics_command(self):
        self.assertRegex(self.output, r"Logs: \S+/operator\.log")
        self.assertIn("grep -E '^cronmonitor_(health|runs_total", self.output)

    def test_the_event_stream_is_in_aligned_columns(self):
        lines = [line for line in self.output.splitlines() if line.startswith(("TYPE ", "Warning ", "Normal "))]
        self.assertGreater(len(lines), 5, self.output[-3000:])
        # Every line's NOTE starts in the same column as the header's.
        note_column = lines[0].index("NOTE")
        for line in lines[1:]:
            with self.subTest(line=line):
                self.assertEqual(line[note_column - 1], " ")
                self.assertNotEqual(line[note_column], " ")
                self.assertEqual(line[:note_column].rstrip().split()[0], line.split()[0])
                self.assertEqual(len(line[:note_column].split()), 4, line)

    def test_every_alert_is_shown(self):
        events = [line.split() for line in self.output.splitlines() if line.startswith(("Warning ", "Normal "))]
        reasons = {fields[1] for fields in events if len(fields) > 1}
        for reason in ("RunFailed", "Recovered", "RunStuck", "RunTerminated", "OverlappingRuns",
                       "DuplicateRun", "ScheduleMissed", "JobsPurged"):
            self.assertIn(reason, reasons, f"no {reason} Event in the demo's output:\n{self.output[-4000:]}")
        self.assertTrue(all(fields[0] in ("Warning", "Normal") for fields in events))
        warnings = {fields[1] for fields in events if fields[0] == "Warning"}
        self.assertLessEqual({"RunFailed", "RunStuck", "ScheduleMissed", "OverlappingRuns", "DuplicateRun"}, warnings)

    def test_the_monitor_table_has_its_columns_filled_in(self):
        self.assertRegex(
            self.output,
            r"NAME\s+TARGET\s+SCHEDULE\s+READY\s+HEALTHY\s+REASON\s+ACTIVE\s+LAST RESULT\s+LAST SUCCESS\s+FAILURES\s+AGE")
        hello = [line for line in self.output.splitlines() if line.startswith("hello ")]
        self.assertTrue(hello, "no row for the hello monitor")
        # A snapshot can fall inside a run (LAST RESULT Running); at least one shows the success.
        filled = (r"^hello\s+CronJob/hello\s+\* \* \* \* \*\s+True\s+True\s+Succeeded\s+\d+\s+Succeeded\s+\S+"
                  r"\s+0\s+\S+$")
        self.assertTrue(any(re.match(filled, line) for line in hello), hello)
        wedged = [line for line in self.output.splitlines() if line.startswith("wedged ")]
        self.assertTrue(any(re.search(r"\sStuck\s", line) for line in wedged), wedged)


if __name__ == "__main__":
    unittest.main()
