"""Release basics: the version in one place (Swift constant = chart appVersion = newest release in
CHANGELOG.md), the LICENSE, a chart README that documents every value of values.yaml, and the
kubernetes-event-exporter recipes in config/alerting (parsed, routed like the exporter routes,
and their receivers checked)."""

import json
import os
import re
import unittest

import support

CHART_README = os.path.join(support.CHART, "README.md")
CHART_VALUES = os.path.join(support.CHART, "values.yaml")
CHART_YAML = os.path.join(support.CHART, "Chart.yaml")
CHANGELOG = os.path.join(support.ROOT, "CHANGELOG.md")
LICENSE = os.path.join(support.ROOT, "LICENSE")
README = os.path.join(support.ROOT, "README.md")
KUSTOMIZE_MANAGER = os.path.join(support.CONFIG, "manager", "kustomization.yaml")
VERSION_SWIFT = os.path.join(support.ROOT, "Sources", "OperatorServices", "OperatorVersion.swift")
ALERTING = os.path.join(support.CONFIG, "alerting")
SLACK_RECIPE = os.path.join(ALERTING, "event-exporter-slack.yaml")
PAGERDUTY_RECIPE = os.path.join(ALERTING, "event-exporter-pagerduty.yaml")


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# --- version -----------------------------------------------------------------------------------

def swift_version():
    match = re.search(r'public static let current = "([^"]+)"', read(VERSION_SWIFT))
    if not match:
        raise AssertionError(f"no `public static let current = \"…\"` in {VERSION_SWIFT}")
    return match[1]


_RELEASE_HEADING = re.compile(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$", re.MULTILINE)


def changelog_headings(text):
    """(name, date or None) of every `## [name]` heading, in order."""
    return [(match[1], match[2]) for match in _RELEASE_HEADING.finditer(text)]


class VersionTests(unittest.TestCase):
    def test_the_swift_constant_the_chart_and_the_changelog_agree(self):
        version = swift_version()
        self.assertRegex(version, r"^\d+\.\d+\.\d+$")
        chart = support.yaml.safe_load(read(CHART_YAML))
        self.assertEqual(str(chart["appVersion"]), version, "Chart.yaml appVersion")
        released = [name for name, _ in changelog_headings(read(CHANGELOG)) if name != "Unreleased"]
        self.assertTrue(released, "CHANGELOG.md has no released version")
        self.assertEqual(released[0], version, "the newest release in CHANGELOG.md")
        images = support.yaml.safe_load(read(KUSTOMIZE_MANAGER))["images"]
        self.assertEqual([str(image.get("newTag")) for image in images], [version],
                         "the image tag in config/manager/kustomization.yaml")

    def test_the_changelog_keeps_a_changelog(self):
        text = read(CHANGELOG)
        headings = changelog_headings(text)
        self.assertEqual(headings[0], ("Unreleased", None), "the first section is [Unreleased]")
        versions = []
        for name, date in headings[1:]:
            with self.subTest(release=name):
                self.assertRegex(name, r"^\d+\.\d+\.\d+$")
                self.assertIsNotNone(date, f"## [{name}] has no date (YYYY-MM-DD)")
                versions.append(tuple(int(part) for part in name.split(".")))
        self.assertEqual(versions, sorted(versions, reverse=True), "releases newest first")
        sections = set(re.findall(r"(?m)^### (.+?)\s*$", text))
        allowed = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security", "Known gaps"}
        self.assertLessEqual(sections, allowed)

    def test_the_readers_find_what_they_look_for(self):
        sample = "## [Unreleased]\n### Added\n## [1.2.0] - 2026-01-02\n## [1.1.0] - 2025-12-01\n"
        self.assertEqual(changelog_headings(sample),
                         [("Unreleased", None), ("1.2.0", "2026-01-02"), ("1.1.0", "2025-12-01")])
        self.assertEqual(changelog_headings("# Changelog\n"), [])


class LicenseTests(unittest.TestCase):
    def test_apache_2_0_in_full(self):
        text = read(LICENSE)
        self.assertIn("Apache License", text[:200])
        self.assertIn("Version 2.0, January 2004", text[:200])
        for section in range(1, 10):
            self.assertRegex(text, rf"(?m)^\s+{section}\. [A-Z]", f"section {section} is missing")
        self.assertIn("END OF TERMS AND CONDITIONS", text)
        self.assertIn("APPENDIX: How to apply the Apache License to your work.", text)

    def test_the_readme_names_the_license(self):
        readme = read(README)
        self.assertRegex(readme, r"(?m)^## License\s*$")
        self.assertIn("Apache License, Version 2.0", readme)
        self.assertIn("Copyright 2026 The cronmonitor-operator authors", readme)


# --- chart README ------------------------------------------------------------------------------

def flatten(values, prefix=""):
    """Dotted keys of every leaf of values.yaml with its value; an empty map or a list is a leaf."""
    flat = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


_VALUE_ROW = re.compile(r"^\|\s*`(?P<key>[^`]+)`\s*\|\s*`(?P<default>[^`]*)`\s*\|\s*(?P<description>[^|]*\S)\s*\|\s*$")


def documented_values(readme):
    """{dotted key: (default as written, description)} of the table under "## Values"."""
    section = readme.split("\n## Values\n", 1)
    if len(section) != 2:
        raise AssertionError("the chart README has no `## Values` section")
    body = section[1].split("\n## ", 1)[0]
    rows = {}
    for line in body.splitlines():
        match = _VALUE_ROW.match(line)
        if match:
            if match["key"] in rows:
                raise AssertionError(f"`{match['key']}` is documented twice")
            rows[match["key"]] = (match["default"], match["description"])
    return rows


class ChartReadmeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.readme = read(CHART_README)
        cls.values = flatten(support.yaml.safe_load(read(CHART_VALUES)))
        cls.rows = documented_values(cls.readme)

    def test_every_value_is_documented(self):
        missing = sorted(set(self.values) - set(self.rows))
        self.assertEqual(missing, [], f"values.yaml keys missing from {CHART_README}'s Values table")

    def test_no_documented_value_is_stale(self):
        stale = sorted(set(self.rows) - set(self.values))
        self.assertEqual(stale, [], "documented in the chart README but not in values.yaml")

    def test_each_default_is_the_one_in_values_yaml(self):
        for key, value in self.values.items():
            if key in self.rows:
                with self.subTest(value=key):
                    self.assertEqual(self.rows[key][0], json.dumps(value), f"default of `{key}`")

    def test_install_upgrade_and_uninstall(self):
        for command in ("helm install cronmonitor-operator charts/cronmonitor-operator",
                        "helm upgrade cronmonitor-operator charts/cronmonitor-operator",
                        "helm uninstall cronmonitor-operator",
                        "kubectl apply -f charts/cronmonitor-operator/crds/cronmonitor.io_cronmonitors.yaml",
                        "docker build", "--set image.repository=", "--set image.tag="):
            self.assertIn(command, self.readme)
        self.assertTrue(os.path.exists(os.path.join(support.CHART, "crds", "cronmonitor.io_cronmonitors.yaml")))
        self.assertIn("not published yet", self.readme)

    def test_the_versions_it_names_are_the_charts(self):
        chart = support.yaml.safe_load(read(CHART_YAML))
        self.assertIn(f"Chart {chart['version']}, operator {chart['appVersion']} (`appVersion`)", self.readme)

    def test_the_flattening_and_the_table_reader(self):
        self.assertEqual(flatten({"a": {"b": 1, "c": {}}, "d": [], "e": {"f": {"g": ""}}}),
                         {"a.b": 1, "a.c": {}, "d": [], "e.f.g": ""})
        table = "x\n## Values\n| value | default | description |\n| --- | --- | --- |\n" \
                "| `a.b` | `1` | one |\n| `d` | `[]` | a list |\n## Next\n| `z` | `0` | not here |\n"
        self.assertEqual(documented_values(table), {"a.b": ("1", "one"), "d": ("[]", "a list")})


# --- kubernetes-event-exporter recipes ---------------------------------------------------------

# The fields of the exporter's match/drop rules (pkg/exporter/rule.go). Unknown keys are ignored
# by its YAML decoder, so a rule on e.g. `reportingController` would silently match everything.
RULE_FIELDS = {"labels", "annotations", "message", "apiVersion", "kind", "namespace", "reason", "type",
               "minCount", "component", "host", "receiver", "name"}
# The fields the exporter compares as regular expressions, and where each is read from an Event.
_RULE_VALUES = {
    "message": lambda event: event["message"],
    "apiVersion": lambda event: event["involvedObject"]["apiVersion"],
    "kind": lambda event: event["involvedObject"]["kind"],
    "namespace": lambda event: event["metadata"]["namespace"],
    "reason": lambda event: event["reason"],
    "type": lambda event: event["type"],
    "component": lambda event: event.get("source", {}).get("component", ""),
    "host": lambda event: event.get("source", {}).get("host", ""),
}
OPERATOR_WARNINGS = ["RunFailed", "RunStuck", "ScheduleMissed", "OverlappingRuns", "DuplicateRun",
                     "InvalidSpec", "CronJobNotFound"]
OPERATOR_NORMALS = ["Recovered", "RunTerminated", "JobsPurged"]
PAGERDUTY_SEVERITIES = {"critical", "error", "warning", "info"}


def core_event(reason, event_type, kind="CronMonitor", api_version="cronmonitor.io/v1alpha1",
               controller="cronmonitor.io/operator"):
    """A core/v1 Event as the exporter watches it (an events.k8s.io/v1 Event's core view: no source)."""
    return {
        "metadata": {"name": "backup.abc123", "namespace": "team-a"},
        "involvedObject": {"kind": kind, "apiVersion": api_version, "name": "backup", "namespace": "team-a"},
        "reason": reason, "type": event_type, "message": f"{reason}: note", "count": 1,
        "reportingComponent": controller, "reportingInstance": "cronmonitor-operator-0",
    }


def rule_matches(rule, event):
    """The exporter's Rule.MatchesEvent for the fields used here (Go regexp.MatchString is a search)."""
    for field, value_of in _RULE_VALUES.items():
        pattern = rule.get(field)
        if pattern and not re.search(pattern, value_of(event)):
            return False
    return event.get("count", 1) >= rule.get("minCount", 0)


def route_event(route, event):
    """The receivers a route sends an event to, as the exporter's Route.ProcessEvent does."""
    if any(rule_matches(rule, event) for rule in route.get("drop") or []):
        return []
    receivers, matches_all = [], True
    for rule in route.get("match") or []:
        if rule_matches(rule, event):
            if rule.get("receiver"):
                receivers.append(rule["receiver"])
        else:
            matches_all = False
    if matches_all:
        for sub in route.get("routes") or []:
            receivers += route_event(sub, event)
    return receivers


def all_rules(route):
    rules = list(route.get("match") or []) + list(route.get("drop") or [])
    for sub in route.get("routes") or []:
        rules += all_rules(sub)
    return rules


def leaves(value, path=""):
    """(dotted path, leaf) of every scalar in a nested map/list."""
    if isinstance(value, dict):
        return [item for key, sub in value.items() for item in leaves(sub, f"{path}.{key}" if path else key)]
    if isinstance(value, list):
        return [item for index, sub in enumerate(value) for item in leaves(sub, f"{path}[{index}]")]
    return [(path, value)]


class RecipeChecks:
    """Checks both recipes share; mix into a TestCase with `path` and `receiver_kind`."""

    def setUp(self):
        self.text = read(self.path)
        self.config = support.yaml.safe_load(self.text)

    def receivers(self):
        return {receiver["name"]: receiver for receiver in self.config["receivers"]}

    def test_routes_name_existing_receivers_and_every_receiver_is_used(self):
        rules = all_rules(self.config["route"])
        self.assertTrue(rules, "the route has no rules")
        used = {rule["receiver"] for rule in rules if rule.get("receiver")}
        self.assertLessEqual(used, set(self.receivers()), "a route names a receiver that does not exist")
        self.assertEqual(set(self.receivers()), used, "a receiver no route uses")
        self.assertEqual(len(self.receivers()), len(self.config["receivers"]), "duplicate receiver names")

    def test_rules_use_only_the_exporters_fields_and_select_the_operators_events(self):
        for rule in all_rules(self.config["route"]):
            with self.subTest(rule=rule):
                self.assertLessEqual(set(rule), RULE_FIELDS, "a key the exporter's rules do not have")
                for field in set(rule) & set(_RULE_VALUES):
                    re.compile(rule[field])
                if rule.get("receiver"):
                    # Events about CronMonitors: only the operator writes them (reportingController
                    # cannot be matched; see the recipe's header).
                    self.assertEqual(rule.get("kind"), "^CronMonitor$")
                    self.assertTrue(re.search(rule.get("apiVersion", ""), "cronmonitor.io/v1alpha1"))
                    self.assertFalse(re.search(rule.get("apiVersion", ""), "v1"))
                    self.assertIn(rule.get("type"), ("^Warning$", "^Normal$"))

    def test_every_operator_warning_is_routed_and_nothing_else_alerts(self):
        expected = self.expected_receivers
        for reason in OPERATOR_WARNINGS:
            with self.subTest(reason=reason):
                self.assertEqual(route_event(self.config["route"], core_event(reason, "Warning")),
                                 expected["Warning"])
        for reason in OPERATOR_NORMALS:
            with self.subTest(reason=reason):
                self.assertEqual(route_event(self.config["route"], core_event(reason, "Normal")),
                                 expected.get(reason, []))
        others = [core_event("BackOff", "Warning", kind="Pod", api_version="v1", controller="kubelet"),
                  core_event("DeadlineExceeded", "Warning", kind="Job", api_version="batch/v1",
                             controller="job-controller"),
                  core_event("RunFailed", "Warning", kind="CronMonitorX", api_version="example.com/v1")]
        for event in others:
            with self.subTest(kind=event["involvedObject"]["kind"]):
                self.assertEqual(route_event(self.config["route"], event), [])

    def test_receivers_are_of_the_expected_kind(self):
        for name, receiver in self.receivers().items():
            with self.subTest(receiver=name):
                self.assertEqual(set(receiver) - {"name"}, {self.receiver_kind})

    def test_templates_are_balanced_and_only_intended_variables_are_expanded(self):
        for path, value in leaves(self.config):
            if isinstance(value, str):
                with self.subTest(path=path):
                    self.assertEqual(value.count("{{"), value.count("}}"))
        # The exporter runs os.ExpandEnv over the whole file: `$NAME` or `${NAME}` anywhere outside
        # a comment is replaced, so only the recipe's secrets may look like that.
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        expanded = re.findall(r"\$(\{[^}]*\}|[A-Za-z0-9_]+|[*#$@!?\-])", body)
        self.assertEqual(sorted(set(expanded)), sorted(self.secrets))

    def test_the_readme_links_the_recipe(self):
        self.assertIn(os.path.relpath(self.path, support.ROOT), read(README))


class SlackRecipeTests(RecipeChecks, unittest.TestCase):
    path = SLACK_RECIPE
    receiver_kind = "slack"
    secrets = ["{SLACK_BOT_TOKEN}"]
    expected_receivers = {"Warning": ["cronmonitor-slack-warning"], "Recovered": ["cronmonitor-slack-recovered"]}

    def test_each_message_has_a_channel_a_token_and_text(self):
        for name, receiver in self.receivers().items():
            with self.subTest(receiver=name):
                slack = receiver["slack"]
                self.assertEqual(slack["token"], "${SLACK_BOT_TOKEN}")
                self.assertTrue(slack["channel"])
                self.assertIn("{{ .InvolvedObject.Name }}", slack["message"])
                self.assertIn(".Message", slack["title"])
                self.assertIn(".ReportingController", slack["footer"])
                # The exporter's Slack sink attaches title, colour and footer only with fields.
                self.assertTrue(slack.get("fields"))
                self.assertTrue(all(isinstance(value, str) for _, value in leaves(slack)))


class PagerDutyRecipeTests(RecipeChecks, unittest.TestCase):
    path = PAGERDUTY_RECIPE
    receiver_kind = "webhook"
    secrets = ["{PAGERDUTY_ROUTING_KEY}"]
    expected_receivers = {"Warning": ["cronmonitor-pagerduty"]}

    def test_the_body_is_an_events_api_v2_trigger(self):
        for name, receiver in self.receivers().items():
            with self.subTest(receiver=name):
                webhook = receiver["webhook"]
                self.assertEqual(webhook["endpoint"], "https://events.pagerduty.com/v2/enqueue")
                body = webhook["layout"]
                self.assertEqual(body["routing_key"], "${PAGERDUTY_ROUTING_KEY}")
                self.assertEqual(body["event_action"], "trigger")
                self.assertTrue(body.get("dedup_key"))
                payload = body["payload"]
                for field in ("summary", "source", "severity"):
                    self.assertTrue(payload.get(field), f"payload.{field} is required by the Events API v2")
                self.assertIn(payload["severity"], PAGERDUTY_SEVERITIES)
                self.assertIn(".Reason", payload["summary"])
                self.assertIn(".ReportingController", json.dumps(payload.get("custom_details", {})))
                # The exporter renders only strings; any other scalar would be posted as null.
                for path, value in leaves(body):
                    self.assertIsInstance(value, str, f"layout.{path}")


if __name__ == "__main__":
    unittest.main()
