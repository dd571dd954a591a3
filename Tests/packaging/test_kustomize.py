"""config/: `kubectl kustomize` renders it, every object is valid for Kubernetes 1.30 (strict),
the Deployment meets Pod Security "restricted", and the RBAC is exactly what the code declares."""

import os
import subprocess
import sys
import tempfile
import unittest

import support
from support import find, only

NAMESPACE = "cronmonitor-system"
SERVICE_ACCOUNT = "cronmonitor-controller-manager"


class KustomizeDefaultTests(support.OperatorDeploymentChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.documents = support.kustomize(os.path.join(support.CONFIG, "default"))

    def test_renders_every_object_in_the_operator_namespace(self):
        rendered = sorted((d["kind"], d["metadata"]["name"], d["metadata"].get("namespace"))
                          for d in self.documents)
        self.assertEqual(rendered, sorted([
            ("Namespace", NAMESPACE, None),
            ("CustomResourceDefinition", "cronmonitors.cronmonitor.io", None),
            ("ServiceAccount", SERVICE_ACCOUNT, NAMESPACE),
            ("ClusterRole", "cronmonitor-manager-role", None),
            ("ClusterRoleBinding", "cronmonitor-manager-rolebinding", None),
            ("Role", "cronmonitor-leader-election-role", NAMESPACE),
            ("RoleBinding", "cronmonitor-leader-election-rolebinding", NAMESPACE),
            ("ClusterRole", "cronmonitor-viewer", None),
            ("ClusterRole", "cronmonitor-editor", None),
            ("Deployment", "cronmonitor-controller-manager", NAMESPACE),
            ("Service", "cronmonitor-controller-manager-metrics", NAMESPACE),
        ]))

    def test_every_document_passes_kubernetes_validate_strict(self):
        validated = support.validate_strict(self, self.documents, "kubectl kustomize config/default")
        self.assertEqual(len(validated), len(self.documents), "config/default renders no CRD-based kinds")

    def test_kubernetes_validate_command_line_accepts_the_rendered_file(self):
        # The same check through the tool's own command line, as a user would run it.
        command = os.path.join(os.path.dirname(sys.executable), "kubernetes-validate")
        if not os.access(command, os.X_OK):
            raise support.MissingTool(f"{command} is missing; {support.INSTALL_HINT}")
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8") as rendered:
            support.yaml.safe_dump_all(self.documents, rendered)
            rendered.flush()
            result = subprocess.run([command, "-k", support.KUBERNETES_VERSION, "--strict", "--quiet", rendered.name],
                                    capture_output=True, text=True, timeout=300, check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn("WARN", result.stdout, "a kind without a schema would only be warned about")

    def test_namespace_enforces_pod_security_restricted(self):
        namespace = only(self, self.documents, "Namespace", NAMESPACE)
        self.assertEqual(namespace["metadata"]["labels"].get("pod-security.kubernetes.io/enforce"), "restricted")

    def test_deployment_is_restricted_and_leader_elected(self):
        deployment = only(self, self.documents, "Deployment", "cronmonitor-controller-manager", NAMESPACE)
        container = self.assert_operator_deployment(deployment, SERVICE_ACCOUNT)
        self.assertIn("--leader-elect", container["args"])
        self.assertEqual(container["image"], "ghcr.io/cronmonitor-io/cronmonitor-operator:0.1.0")

    def test_metrics_service_selects_the_operator_pods(self):
        deployment = only(self, self.documents, "Deployment", "cronmonitor-controller-manager", NAMESPACE)
        service = only(self, self.documents, "Service", "cronmonitor-controller-manager-metrics", NAMESPACE)
        pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in service["spec"]["selector"].items():
            self.assertEqual(pod_labels.get(key), value)
        self.assertEqual([(p["name"], p["port"], p["targetPort"]) for p in service["spec"]["ports"]],
                         [("metrics", 8080, "metrics")])

    def test_cluster_role_is_exactly_the_declared_permissions(self):
        cluster, _ = support.declared_permissions()
        role = only(self, self.documents, "ClusterRole", "cronmonitor-manager-role")
        self.assertEqual(support.normalized_rules(role["rules"]), cluster)

    def test_leader_election_role_is_exactly_the_declared_namespaced_permissions(self):
        _, namespaced = support.declared_permissions()
        role = only(self, self.documents, "Role", "cronmonitor-leader-election-role", NAMESPACE)
        self.assertEqual(support.normalized_rules(role["rules"]), namespaced)

    def test_no_wildcards_and_no_secrets_anywhere(self):
        for document in find(self.documents, "ClusterRole") + find(self.documents, "Role"):
            for rule in document["rules"]:
                with self.subTest(role=document["metadata"]["name"], rule=rule):
                    for field in ("apiGroups", "resources", "verbs"):
                        self.assertNotIn("*", rule.get(field, []))
                    self.assertNotIn("secrets", rule.get("resources", []))

    def test_bindings_grant_their_role_to_the_operator_service_account(self):
        pairs = [("ClusterRoleBinding", "cronmonitor-manager-rolebinding", "ClusterRole", "cronmonitor-manager-role"),
                 ("RoleBinding", "cronmonitor-leader-election-rolebinding", "Role", "cronmonitor-leader-election-role")]
        for binding_kind, binding_name, role_kind, role_name in pairs:
            with self.subTest(binding=binding_name):
                binding = only(self, self.documents, binding_kind, binding_name)
                self.assertEqual(binding["roleRef"], {
                    "apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name})
                self.assertEqual(binding["subjects"], [
                    {"kind": "ServiceAccount", "name": SERVICE_ACCOUNT, "namespace": NAMESPACE}])
                only(self, self.documents, role_kind, role_name)

    def test_aggregated_roles_extend_view_edit_and_admin(self):
        expectations = {
            "cronmonitor-viewer": ({"aggregate-to-view"}, {"get", "list", "watch"}),
            "cronmonitor-editor": ({"aggregate-to-edit", "aggregate-to-admin"},
                                   {"create", "delete", "get", "list", "patch", "update", "watch"}),
        }
        for name, (aggregations, verbs) in expectations.items():
            with self.subTest(role=name):
                role = only(self, self.documents, "ClusterRole", name)
                labels = role["metadata"]["labels"]
                for aggregation in aggregations:
                    self.assertEqual(labels.get(f"rbac.authorization.k8s.io/{aggregation}"), "true")
                rules = support.normalized_rules(role["rules"])
                self.assertIn(("cronmonitor.io", "cronmonitors", tuple(sorted(verbs))), rules)
                self.assertTrue(all(group == "cronmonitor.io" for group, _, _ in rules))

    def test_crd_is_the_one_in_config_crd_bases(self):
        rendered = only(self, self.documents, "CustomResourceDefinition")
        source = support.load_file(support.CONFIG_CRD)[0]
        self.assertEqual(rendered["spec"], source["spec"])


class ConfigRoleFileTests(unittest.TestCase):
    """config/rbac/role.yaml keeps the plain shape the Swift permission test reads."""

    def test_role_yaml_is_one_rule_per_group_and_resource(self):
        documents = support.load_file(support.CONFIG_ROLE)
        self.assertEqual(len(documents), 1)
        role = documents[0]
        self.assertEqual((role["kind"], role["metadata"]["name"]), ("ClusterRole", "manager-role"))
        for rule in role["rules"]:
            self.assertEqual((len(rule["apiGroups"]), len(rule["resources"])), (1, 1), rule)
            self.assertEqual(set(rule), {"apiGroups", "resources", "verbs"}, rule)
        cluster, _ = support.declared_permissions()
        self.assertEqual(support.normalized_rules(role["rules"]), cluster)


class SampleTests(unittest.TestCase):
    """config/samples: five valid CronMonitors, each showing one feature."""

    EXPECTED = {
        "nightly-backup": "cronJobName",
        "report-export": "jobSelector",
        "hourly-sync": "onStuck",
        "invoice-run": "onOverlap",
        "log-rotate": "retention",
    }

    @classmethod
    def setUpClass(cls):
        cls.samples = support.kustomize(os.path.join(support.CONFIG, "samples"))
        crd = support.load_file(support.CONFIG_CRD)[0]
        version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1")
        cls.schema = version["schema"]["openAPIV3Schema"]

    def test_samples_are_the_five_cronmonitors(self):
        self.assertEqual(sorted(s["metadata"]["name"] for s in self.samples), sorted(self.EXPECTED))
        for sample in self.samples:
            self.assertEqual((sample["apiVersion"], sample["kind"]), ("cronmonitor.io/v1alpha1", "CronMonitor"))
            self.assertIn(self.EXPECTED[sample["metadata"]["name"]], sample["spec"])

    def test_samples_match_the_crd_schema(self):
        jsonschema = support.require_module("jsonschema", "jsonschema (a kubernetes-validate dependency)")
        validator = jsonschema.Draft7Validator(self.schema)
        for sample in self.samples:
            with self.subTest(sample=sample["metadata"]["name"]):
                errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(sample)]
                self.assertEqual(errors, [])
                spec = sample["spec"]
                # The CRD's CEL rules, which JSON Schema cannot express.
                self.assertNotEqual("cronJobName" in spec, "jobSelector" in spec)
                if "jobSelector" in spec:
                    self.assertIn("schedule", spec)

    def test_schema_check_rejects_a_wrong_sample(self):
        jsonschema = support.require_module("jsonschema", "jsonschema (a kubernetes-validate dependency)")
        validator = jsonschema.Draft7Validator(self.schema)
        wrong = {"apiVersion": "cronmonitor.io/v1alpha1", "kind": "CronMonitor", "metadata": {"name": "x"},
                 "spec": {"cronJobName": "x", "onStuck": "Explode", "historyLimit": 0}}
        self.assertEqual(len(list(validator.iter_errors(wrong))), 2)


if __name__ == "__main__":
    unittest.main()
