"""charts/cronmonitor-operator through the real Helm engine (helm-python-sdk): strict lint,
rendering with the default values and each documented variation, values.schema.json, every
rendered object valid for Kubernetes 1.30 (strict), Pod Security "restricted", and the chart
agreeing with config/ (CRD byte for byte, RBAC rules)."""

import unittest

import support
from support import find, only

helm = support.require_module("helm_python", "helm-python-sdk")

RELEASE = "cronmonitor"
NAMESPACE = "cronmonitor-system"
FULLNAME = "cronmonitor-cronmonitor-operator"

# The documented variations (README "Install with Helm"); each must lint and render validly.
VARIATIONS = {
    "defaults": {},
    "replicas-2": {"replicaCount": 2},
    "leader-election-1-replica": {"leaderElection": {"enabled": True}},
    "namespaced": {"watchNamespaces": ["a", "b"]},
    "monitoring": {"serviceMonitor": {"enabled": True}, "prometheusRule": {"enabled": True}},
    "pdb": {"podDisruptionBudget": {"enabled": True}},
    "api-rate-limit": {"kubeApi": {"qps": 200, "burst": 400}},
    "no-dashboard": {"dashboard": {"enabled": False}},
    "everything": {
        "replicaCount": 3, "watchNamespaces": ["team-a"], "serviceMonitor": {"enabled": True},
        "prometheusRule": {"enabled": True, "alertLabels": {"team": "platform"}},
        "podDisruptionBudget": {"enabled": True, "maxUnavailable": "50%"},
        "imagePullSecrets": [{"name": "regcred"}], "priorityClassName": "system-cluster-critical",
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "tolerations": [{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}],
        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
            "nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/arch", "operator": "In", "values": ["amd64", "arm64"]}]}]}}},
        "podAnnotations": {"example.com/team": "platform"}, "extraArgs": ["--log-level=debug"],
        "serviceAccount": {"create": True, "name": "cronmonitor", "annotations": {"a": "b"}},
        "image": {"tag": "0.1.1", "pullPolicy": "Always"}, "logFormat": "text",
    },
}

# Values of the wrong type (or out of their enumeration); values.schema.json must reject each.
WRONG_VALUES = {
    "replicaCount as a word": {"replicaCount": "two"},
    "replicaCount negative": {"replicaCount": -1},
    "watchNamespaces as a string": {"watchNamespaces": "a,b"},
    "logFormat unknown": {"logFormat": "xml"},
    "logLevel unknown": {"logLevel": "verbose"},
    "serviceMonitor.enabled as a string": {"serviceMonitor": {"enabled": "yes"}},
    "image.pullPolicy unknown": {"image": {"pullPolicy": "Sometimes"}},
    "maxConcurrentReconciles zero": {"maxConcurrentReconciles": 0},
    "kubeApi.qps as a word": {"kubeApi": {"qps": "fast"}},
    "kubeApi.qps as a numeric string": {"kubeApi": {"qps": "50"}},
    "kubeApi.qps negative": {"kubeApi": {"qps": -1}},
    "kubeApi.qps below 0.01": {"kubeApi": {"qps": 0.001}},
    "kubeApi.burst zero": {"kubeApi": {"burst": 0}},
    "kubeApi.burst fractional": {"kubeApi": {"burst": 2.5}},
    "kubeApi.burst as a string": {"kubeApi": {"burst": "100"}},
    "kubeApi unknown key": {"kubeApi": {"qpsLimit": 10}},
    "kubeApi as a number": {"kubeApi": 50},
    "extraArgs as a string": {"extraArgs": "--foo"},
    "unknown top-level value": {"replicas": 2},
    "resources as a list": {"resources": ["cpu"]},
    "alert duration empty": {"prometheusRule": {"unhealthyFor": ""}},
    "pdb maxUnavailable as a word": {"podDisruptionBudget": {"maxUnavailable": "half"}},
}


def render(values=None):
    """The chart rendered as an install would: template path -> documents (NOTES.txt as text)."""
    with helm.Chart.load(support.CHART) as chart:
        manifests = chart.render(values or {}, name=RELEASE, namespace=NAMESPACE, is_install=True)
    rendered = {}
    for path, text in manifests.items():
        rendered[path] = text if path.endswith("NOTES.txt") else support.load_documents(text)
    return rendered


def objects(rendered):
    return [document for path, documents in sorted(rendered.items())
            if not path.endswith("NOTES.txt") for document in documents]


def container_args(test, documents):
    deployment = only(test, documents, "Deployment", FULLNAME, NAMESPACE)
    return deployment["spec"]["template"]["spec"]["containers"][0]["args"]


class ChartLintTests(unittest.TestCase):
    def test_strict_lint_passes_for_every_variation(self):
        for variation, values in VARIATIONS.items():
            with self.subTest(variation=variation):
                report = helm.lint(support.CHART, values, strict=True, namespace=NAMESPACE,
                                   kube_version="v1.30.0")
                self.assertEqual(report["total_charts_linted"], 1)
                self.assertEqual(report["errors"], [])
                serious = [m for m in report["messages"] if m["severity"] >= 2]
                self.assertEqual(serious, [], "lint warnings or errors (strict)")

    def test_chart_metadata(self):
        with helm.Chart.load(support.CHART) as chart:
            metadata = chart.metadata
            crds = [crd["name"] for crd in chart.crds]
        self.assertEqual(metadata.get("apiVersion"), "v2")
        self.assertEqual(metadata.get("name"), "cronmonitor-operator")
        self.assertEqual(metadata.get("version"), "0.1.0")
        self.assertEqual(metadata.get("appVersion"), "0.1.0")
        self.assertEqual(metadata.get("kubeVersion"), ">=1.27.0-0")
        self.assertEqual(crds, ["crds/cronmonitor.io_cronmonitors.yaml"])


class ChartSchemaTests(unittest.TestCase):
    def test_default_and_documented_values_pass_the_schema(self):
        with helm.Chart.load(support.CHART) as chart:
            for variation, values in VARIATIONS.items():
                with self.subTest(variation=variation):
                    chart.validate_schema(chart.merge_values(values))

    def test_wrong_values_are_rejected(self):
        with helm.Chart.load(support.CHART) as chart:
            for case, values in WRONG_VALUES.items():
                with self.subTest(case=case):
                    with self.assertRaises(helm.HelmValuesError):
                        chart.validate_schema(chart.merge_values(values))

    def test_render_refuses_a_wrong_typed_value(self):
        with self.assertRaises(helm.HelmValuesError) as raised:
            render({"replicaCount": "two"})
        self.assertIn("replicaCount", str(raised.exception))

    def test_schema_types_every_value(self):
        with helm.Chart.load(support.CHART) as chart:
            values, schema = chart.values, chart.schema
        self.assertIsNotNone(schema)

        def leaves(node, prefix=()):
            if isinstance(node, dict) and node:
                for key, child in node.items():
                    yield from leaves(child, prefix + (key,))
            else:
                yield prefix

        for path in leaves(values):
            with self.subTest(value=".".join(path)):
                node = schema
                for key in path:
                    properties = node.get("properties", {})
                    if key in properties:
                        node = properties[key]
                    else:
                        self.assertIsInstance(node.get("additionalProperties"), dict,
                                              f"{key} is not described by the schema")
                        node = node["additionalProperties"]
                self.assertTrue("type" in node or "anyOf" in node, f"no type for {'.'.join(path)}")


class ChartRenderTests(support.OperatorDeploymentChecks, unittest.TestCase):
    def test_every_variation_renders_valid_kubernetes_1_30_objects(self):
        for variation, values in VARIATIONS.items():
            with self.subTest(variation=variation):
                documents = objects(render(values))
                self.assertTrue(documents)
                validated = support.validate_strict(self, documents, f"helm template ({variation})")
                self.assertEqual(len(validated), len([d for d in documents if d["kind"] not in support.CRD_KINDS]))
                self.assertIn("Deployment", validated)
                for document in documents:
                    labels = document["metadata"].get("labels", {})
                    self.assertEqual(labels.get("app.kubernetes.io/managed-by"), "Helm", document["metadata"])
                    self.assertEqual(labels.get("app.kubernetes.io/instance"), RELEASE)
                    self.assertEqual(labels.get("app.kubernetes.io/name"), "cronmonitor-operator")
                    self.assertEqual(labels.get("helm.sh/chart"), "cronmonitor-operator-0.1.0")

    def test_every_variation_deployment_is_restricted(self):
        for variation, values in VARIATIONS.items():
            with self.subTest(variation=variation):
                documents = objects(render(values))
                deployment = only(self, documents, "Deployment", FULLNAME, NAMESPACE)
                account = (values.get("serviceAccount") or {}).get("name") or FULLNAME
                self.assert_operator_deployment(deployment, account)

    def test_defaults(self):
        documents = objects(render())
        deployment = only(self, documents, "Deployment", FULLNAME, NAMESPACE)
        self.assertEqual(deployment["spec"]["replicas"], 1)
        self.assertEqual(deployment["spec"]["strategy"], {"type": "Recreate"})
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(container["image"], "ghcr.io/cronmonitor-io/cronmonitor-operator:0.1.0")
        self.assertEqual(container["args"], [
            "--metrics-bind-address=:8080", "--health-probe-bind-address=:8081", "--dashboard-bind-address=:8082",
            "--log-level=info", "--log-format=json", "--max-concurrent-reconciles=4", "--kube-api-qps=50",
            "--kube-api-burst=100"])
        only(self, documents, "ServiceAccount", FULLNAME, NAMESPACE)
        only(self, documents, "ClusterRoleBinding", f"{FULLNAME}-manager")
        self.assertEqual(find(documents, "Role"), [])
        self.assertEqual(find(documents, "RoleBinding"), [])
        for kind in ("ServiceMonitor", "PrometheusRule", "PodDisruptionBudget"):
            self.assertEqual(find(documents, kind), [], kind)
        service = only(self, documents, "Service", f"{FULLNAME}-metrics", NAMESPACE)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in service["spec"]["selector"].items():
            self.assertEqual(pod_labels.get(key), value)

    def test_the_dashboard_is_served_behind_a_cluster_ip_service_unless_disabled(self):
        documents = objects(render())
        service = only(self, documents, "Service", f"{FULLNAME}-dashboard", NAMESPACE)
        self.assertEqual(service["spec"]["type"], "ClusterIP")
        self.assertEqual(service["spec"]["ports"], [
            {"name": "dashboard", "port": 8082, "targetPort": "dashboard", "protocol": "TCP"}])
        deployment = only(self, documents, "Deployment", FULLNAME, NAMESPACE)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in service["spec"]["selector"].items():
            self.assertEqual(pod_labels.get(key), value)
        disabled = objects(render(VARIATIONS["no-dashboard"]))
        self.assertEqual([d for d in find(disabled, "Service") if d["metadata"]["name"].endswith("-dashboard")], [])
        self.assertNotIn("--dashboard-bind-address=:8082", container_args(self, disabled))

    def test_replicas_2_turns_leader_election_on(self):
        for variation in ("replicas-2", "leader-election-1-replica"):
            with self.subTest(variation=variation):
                documents = objects(render(VARIATIONS[variation]))
                args = container_args(self, documents)
                self.assertIn("--leader-elect", args)
                self.assertIn(f"--leader-election-id={FULLNAME}", args)
                deployment = only(self, documents, "Deployment", FULLNAME, NAMESPACE)
                self.assertNotIn("strategy", deployment["spec"])
                role = only(self, documents, "Role", f"{FULLNAME}-leader-election", NAMESPACE)
                _, namespaced = support.declared_permissions()
                self.assertEqual(support.normalized_rules(role["rules"]), namespaced)
                binding = only(self, documents, "RoleBinding", f"{FULLNAME}-leader-election", NAMESPACE)
                self.assertEqual(binding["roleRef"]["name"], role["metadata"]["name"])
                self.assertEqual(binding["subjects"], [
                    {"kind": "ServiceAccount", "name": FULLNAME, "namespace": NAMESPACE}])

    def test_namespaced_mode_has_a_role_per_namespace_and_no_cluster_role(self):
        documents = objects(render(VARIATIONS["namespaced"]))
        self.assertEqual(find(documents, "ClusterRole", f"{FULLNAME}-manager"), [])
        self.assertEqual(find(documents, "ClusterRoleBinding"), [])
        cluster, _ = support.declared_permissions()
        for namespace in ("a", "b"):
            with self.subTest(namespace=namespace):
                role = only(self, documents, "Role", f"{FULLNAME}-manager", namespace)
                self.assertEqual(support.normalized_rules(role["rules"]), cluster)
                binding = only(self, documents, "RoleBinding", f"{FULLNAME}-manager", namespace)
                self.assertEqual(binding["roleRef"],
                                 {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": f"{FULLNAME}-manager"})
                self.assertEqual(binding["subjects"], [
                    {"kind": "ServiceAccount", "name": FULLNAME, "namespace": NAMESPACE}])
        args = container_args(self, documents)
        self.assertEqual([a for a in args if a.startswith("--namespace")], ["--namespace=a", "--namespace=b"])

    def test_monitoring_objects(self):
        documents = objects(render(VARIATIONS["monitoring"]))
        service = only(self, documents, "Service", f"{FULLNAME}-metrics", NAMESPACE)
        monitor = only(self, documents, "ServiceMonitor", FULLNAME, NAMESPACE)
        self.assertEqual(monitor["apiVersion"], "monitoring.coreos.com/v1")
        for key, value in monitor["spec"]["selector"]["matchLabels"].items():
            self.assertEqual(service["metadata"]["labels"].get(key), value)
        self.assertEqual([e["port"] for e in monitor["spec"]["endpoints"]], [p["name"] for p in service["spec"]["ports"]])
        self.assertEqual(monitor["spec"]["endpoints"][0]["path"], "/metrics")
        rule = only(self, documents, "PrometheusRule", FULLNAME, NAMESPACE)
        self.assertEqual(rule["apiVersion"], "monitoring.coreos.com/v1")
        alerts = {r["alert"]: r for group in rule["spec"]["groups"] for r in group["rules"]}
        self.assertEqual(set(alerts), {"CronMonitorUnhealthy", "CronMonitorOperatorReconcileErrors",
                                       "CronMonitorOperatorDown", "CronMonitorOperatorNoLeader"})
        # Only a monitor judged unhealthy fires: health Unknown (no runs yet, suspended) never does.
        self.assertEqual(alerts["CronMonitorUnhealthy"]["expr"], 'cronmonitor_health{status="False"} == 1')
        self.assertIn("{{ $labels.reason }}", alerts["CronMonitorUnhealthy"]["annotations"]["description"])
        self.assertIn("cronmonitor_reconcile_total", alerts["CronMonitorOperatorReconcileErrors"]["expr"])
        self.assertIn(f'job="{FULLNAME}-metrics"', alerts["CronMonitorOperatorDown"]["expr"])
        self.assertIn("cronmonitor_leader", alerts["CronMonitorOperatorNoLeader"]["expr"])
        for name, alert in alerts.items():
            with self.subTest(alert=name):
                self.assertIn(alert["labels"]["severity"], ("warning", "critical"))
                self.assertTrue(alert["annotations"]["summary"])
        # Prometheus templating survives Helm's: the alert text still carries $labels.
        self.assertIn("{{ $labels.monitor }}", alerts["CronMonitorUnhealthy"]["annotations"]["summary"])

    def test_service_monitor_without_metrics_service_fails_clearly(self):
        with self.assertRaises(helm.HelmError) as raised:
            render({"serviceMonitor": {"enabled": True}, "metrics": {"service": {"enabled": False}}})
        self.assertIn("metrics.service.enabled", str(raised.exception))

    def test_api_rate_limit_args_come_from_the_values(self):
        cases = [({"qps": 200, "burst": 400}, "200", "400"),
                 ({"qps": 2.5, "burst": 1}, "2.5", "1"),
                 ({"qps": 0, "burst": 1000000}, "0", "1000000"),  # an integer, never 1e+06
                 ({"qps": 0.01}, "0.01", "100")]
        for values, qps, burst in cases:
            with self.subTest(values=values):
                args = container_args(self, objects(render({"kubeApi": values})))
                self.assertEqual([a for a in args if a.startswith("--kube-api-")],
                                 [f"--kube-api-qps={qps}", f"--kube-api-burst={burst}"])

    def test_pdb_selects_the_operator_pods(self):
        documents = objects(render(VARIATIONS["pdb"]))
        budget = only(self, documents, "PodDisruptionBudget", FULLNAME, NAMESPACE)
        deployment = only(self, documents, "Deployment", FULLNAME, NAMESPACE)
        self.assertEqual(budget["apiVersion"], "policy/v1")
        self.assertEqual(budget["spec"]["selector"], deployment["spec"]["selector"])
        self.assertEqual(budget["spec"]["maxUnavailable"], 1)

    def test_everything_variation_passes_values_through(self):
        values = VARIATIONS["everything"]
        documents = objects(render(values))
        deployment = only(self, documents, "Deployment", FULLNAME, NAMESPACE)
        pod = deployment["spec"]["template"]["spec"]
        container = pod["containers"][0]
        self.assertEqual(container["image"], "ghcr.io/cronmonitor-io/cronmonitor-operator:0.1.1")
        self.assertEqual(container["imagePullPolicy"], "Always")
        self.assertEqual(pod["imagePullSecrets"], values["imagePullSecrets"])
        self.assertEqual(pod["priorityClassName"], values["priorityClassName"])
        self.assertEqual(pod["nodeSelector"], values["nodeSelector"])
        self.assertEqual(pod["tolerations"], values["tolerations"])
        self.assertEqual(pod["affinity"], values["affinity"])
        self.assertEqual(pod["serviceAccountName"], "cronmonitor")
        self.assertEqual(deployment["spec"]["template"]["metadata"]["annotations"], values["podAnnotations"])
        self.assertEqual(container["args"][-1], "--log-level=debug")
        self.assertIn("--log-format=text", container["args"])
        self.assertIn("--leader-elect", container["args"])
        self.assertEqual(only(self, documents, "PodDisruptionBudget")["spec"]["maxUnavailable"], "50%")
        rule = only(self, documents, "PrometheusRule")
        for group in rule["spec"]["groups"]:
            for alert in group["rules"]:
                self.assertEqual(alert["labels"].get("team"), "platform")

    def test_resource_names_follow_the_release(self):
        cases = [("cronmonitor-operator", {}, "cronmonitor-operator"),
                 ("ops", {}, "ops-cronmonitor-operator"),
                 ("ops", {"fullnameOverride": "cm"}, "cm")]
        for release, values, fullname in cases:
            with self.subTest(release=release, values=values):
                with helm.Chart.load(support.CHART) as chart:
                    manifests = chart.render(values, name=release, namespace=NAMESPACE, is_install=True)
                documents = [d for path, text in manifests.items() if not path.endswith("NOTES.txt")
                             for d in support.load_documents(text)]
                only(self, documents, "Deployment", fullname, NAMESPACE)
                only(self, documents, "ClusterRole", f"{fullname}-viewer")

    def test_notes_tell_what_to_do_next(self):
        notes = render()["cronmonitor-operator/templates/NOTES.txt"]
        self.assertIn(f"kubectl -n {NAMESPACE} get deployment {FULLNAME}", notes)
        self.assertIn("kubectl get cronmonitors", notes)
        self.assertIn("It watches every namespace.", notes)
        namespaced = render(VARIATIONS["namespaced"])["cronmonitor-operator/templates/NOTES.txt"]
        self.assertIn("It watches the namespaces: a, b.", namespaced)
        self.assertIn(f"kubectl -n {NAMESPACE} port-forward service/{FULLNAME}-dashboard 8082:8082", notes)
        without = render(VARIATIONS["no-dashboard"])["cronmonitor-operator/templates/NOTES.txt"]
        self.assertNotIn("port-forward", without)


class ChartAgreesWithConfigTests(unittest.TestCase):
    def test_chart_crd_equals_config_crd_byte_for_byte(self):
        with open(support.CONFIG_CRD, "rb") as config, open(support.CHART_CRD, "rb") as chart:
            self.assertEqual(chart.read(), config.read(),
                             "copy config/crd/bases/cronmonitor.io_cronmonitors.yaml to the chart's crds/")

    def test_chart_cluster_role_rules_equal_config_role(self):
        config_role = support.load_file(support.CONFIG_ROLE)[0]
        chart_role = only(self, objects(render()), "ClusterRole", f"{FULLNAME}-manager")
        self.assertEqual(support.normalized_rules(chart_role["rules"]),
                         support.normalized_rules(config_role["rules"]))
        self.assertEqual(chart_role["rules"], config_role["rules"])

    def test_chart_aggregated_roles_equal_config(self):
        for suffix, path in (("viewer", "cronmonitor_viewer_role.yaml"), ("editor", "cronmonitor_editor_role.yaml")):
            with self.subTest(role=suffix):
                config_role = support.load_file(f"{support.CONFIG}/rbac/{path}")[0]
                chart_role = only(self, objects(render()), "ClusterRole", f"{FULLNAME}-{suffix}")
                self.assertEqual(chart_role["rules"], config_role["rules"])
                for key, value in config_role["metadata"]["labels"].items():
                    self.assertEqual(chart_role["metadata"]["labels"].get(key), value)


if __name__ == "__main__":
    unittest.main()
