"""Shared helpers of the packaging tests: paths, required tools, rendering and validation.

A missing tool is a test failure with a message saying how to get it, never a skip.
"""

import importlib
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CONFIG = os.path.join(ROOT, "config")
CHART = os.path.join(ROOT, "charts", "cronmonitor-operator")
CONFIG_CRD = os.path.join(CONFIG, "crd", "bases", "cronmonitor.io_cronmonitors.yaml")
CHART_CRD = os.path.join(CHART, "crds", "cronmonitor.io_cronmonitors.yaml")
CONFIG_ROLE = os.path.join(CONFIG, "rbac", "role.yaml")
PERMISSIONS_SWIFT = os.path.join(
    ROOT, "Sources", "CronMonitorController", "Operator", "OperatorPermissions.swift")

KUBERNETES_VERSION = "1.30.0"
# Kinds defined by CustomResourceDefinitions: kubernetes-validate has no schema for them, so
# exactly these are not validated by it (CronMonitors are checked against our CRD instead).
CRD_KINDS = frozenset({"ServiceMonitor", "PrometheusRule", "CronMonitor"})

INSTALL_HINT = "run `make venv` (it installs the pinned PIP_PACKAGES into .venv)"


class MissingTool(AssertionError):
    """A tool the packaging tests need is not installed."""


def require_module(module, distribution):
    """Imports a Python module, or fails saying which distribution provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingTool(
            f"the Python module {module!r} (PyPI: {distribution}) is missing: {error}; {INSTALL_HINT}"
        ) from error


yaml = require_module("yaml", "PyYAML")


def load_documents(text):
    """The non-empty YAML documents of a multi-document string."""
    return [document for document in yaml.safe_load_all(text) if document]


def load_file(path):
    with open(path, encoding="utf-8") as handle:
        return load_documents(handle.read())


# --- kubectl kustomize -------------------------------------------------------------------------

# /usr/bin/kubectl on the dev machines is a dispatcher that first sends GET /version to the
# cluster of the current kubeconfig to pick a versioned kubectl; against an unreachable server
# that costs a 5 s timeout, and against a stray local server a wrong answer. `kubectl kustomize`
# needs no cluster, so it runs with a kubeconfig whose server refuses connections at once
# (127.0.0.1:1): the dispatcher falls back to its default kubectl immediately. A plain kubectl
# ignores the kubeconfig for `kustomize`.
_NO_CLUSTER_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
  - name: none
    cluster:
      server: https://127.0.0.1:1
contexts:
  - name: none
    context:
      cluster: none
current-context: none
users: []
"""


def kubectl_path():
    """kubectl from $KUBECTL, else from PATH; fails when there is none."""
    path = os.environ.get("KUBECTL") or shutil.which("kubectl")
    if not path or not os.access(path, os.X_OK):
        raise MissingTool(f"kubectl is not installed or not executable ({path or 'not on PATH'}); "
                          "set $KUBECTL or put kubectl on PATH: `kubectl kustomize` renders config/")
    return path


def kustomize(directory):
    """`kubectl kustomize <directory>` as a list of documents; fails with kubectl's stderr."""
    with tempfile.TemporaryDirectory() as scratch:
        kubeconfig = os.path.join(scratch, "kubeconfig")
        with open(kubeconfig, "w", encoding="utf-8") as handle:
            handle.write(_NO_CLUSTER_KUBECONFIG)
        environment = dict(os.environ, KUBECONFIG=kubeconfig)
        result = subprocess.run(
            [kubectl_path(), "kustomize", directory],
            capture_output=True, text=True, env=environment, timeout=120, check=False)
    if result.returncode != 0:
        raise AssertionError(
            f"kubectl kustomize {directory} failed ({result.returncode}): {result.stderr.strip()}")
    return load_documents(result.stdout)


# --- kubernetes-validate -----------------------------------------------------------------------

def validate_strict(test, documents, origin):
    """Every document passes kubernetes-validate --strict for KUBERNETES_VERSION, except the
    CRD_KINDS; returns the kinds that were validated."""
    utils = require_module("kubernetes_validate.utils", "kubernetes-validate")
    validated = []
    for document in documents:
        kind = document.get("kind")
        name = document.get("metadata", {}).get("name")
        if kind in CRD_KINDS:
            continue
        with test.subTest(origin=origin, kind=kind, name=name):
            try:
                utils.validate(document, KUBERNETES_VERSION, strict=True)
            except utils.ValidationError as error:
                path = ".".join(str(item) for item in error.path)
                test.fail(f"{origin}: {kind}/{name} is invalid for Kubernetes "
                          f"{KUBERNETES_VERSION} (strict) at {path or '<root>'}: {error.message}")
            except utils.SchemaNotFoundError as error:
                test.fail(f"{origin}: {kind}/{name} has no schema in Kubernetes "
                          f"{KUBERNETES_VERSION}: {error.message}")
            validated.append(kind)
    return validated


# --- objects -----------------------------------------------------------------------------------

def find(documents, kind, name=None, namespace=None):
    """The documents of one kind, optionally with a name and namespace."""
    return [
        document for document in documents
        if document.get("kind") == kind
        and (name is None or document["metadata"].get("name") == name)
        and (namespace is None or document["metadata"].get("namespace") == namespace)
    ]


def only(test, documents, kind, name=None, namespace=None):
    """The single document of a kind (and name); fails unless there is exactly one."""
    found = find(documents, kind, name, namespace)
    test.assertEqual(len(found), 1, f"expected one {kind} {name or ''} in {namespace or 'any namespace'}, "
                                    f"found {[d['metadata'].get('name') for d in found]}")
    return found[0]


def normalized_rules(rules):
    """RBAC rules as a sorted list of (apiGroup, resource, sorted verbs) per group and resource."""
    flat = []
    for rule in rules:
        for group in rule.get("apiGroups", []):
            for resource in rule.get("resources", []):
                flat.append((group, resource, tuple(sorted(rule.get("verbs", [])))))
    return sorted(flat)


_PERMISSION = re.compile(
    r'PermissionRule\(\s*apiGroup:\s*"(?P<group>[^"]*)",\s*resource:\s*"(?P<resource>[^"]+)",\s*'
    r'verbs:\s*\[(?P<verbs>[^\]]*)\](?:,\s*namespaced:\s*(?P<namespaced>true|false))?\s*\)')


def declared_permissions():
    """OperatorPermissions.rules, read from the Swift source: (cluster-wide, namespaced) lists in
    normalized_rules' form. Fails when the source cannot be read in the expected shape."""
    with open(PERMISSIONS_SWIFT, encoding="utf-8") as handle:
        source = handle.read()
    cluster, namespaced = [], []
    for match in _PERMISSION.finditer(source):
        verbs = tuple(sorted(re.findall(r'"([^"]+)"', match["verbs"])))
        entry = (match["group"], match["resource"], verbs)
        (namespaced if match["namespaced"] == "true" else cluster).append(entry)
    declared = len(re.findall(r"\bPermissionRule\(", source))
    if not cluster or len(cluster) + len(namespaced) != declared:
        raise AssertionError(
            f"could not read every PermissionRule in {PERMISSIONS_SWIFT} "
            f"({len(cluster) + len(namespaced)} parsed of {declared}); update support.declared_permissions")
    return sorted(cluster), sorted(namespaced)


def pod_security_restricted_violations(deployment):
    """What in a Deployment's pod template breaks Pod Security Standard "restricted" (empty when
    it complies). Checks the fields explicitly, as the admission controller does."""
    problems = []
    pod = deployment["spec"]["template"]["spec"]
    pod_context = pod.get("securityContext", {})
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.get(field):
            problems.append(f"pod {field} is true")
    for volume in pod.get("volumes", []):
        allowed = {"name", "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                   "persistentVolumeClaim", "projected", "secret"}
        if set(volume) - allowed:
            problems.append(f"volume {volume.get('name')} has a restricted type {sorted(set(volume) - allowed)}")
    containers = pod.get("containers", []) + pod.get("initContainers", [])
    if not containers:
        problems.append("no containers")
    for container in containers:
        name = container.get("name")
        context = container.get("securityContext", {})

        def effective(field):
            return context.get(field, pod_context.get(field))

        if effective("runAsNonRoot") is not True:
            problems.append(f"{name}: runAsNonRoot is not true")
        if effective("runAsUser") == 0:
            problems.append(f"{name}: runAsUser is 0")
        if context.get("privileged"):
            problems.append(f"{name}: privileged")
        if context.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{name}: allowPrivilegeEscalation is not false")
        capabilities = context.get("capabilities", {})
        if "ALL" not in capabilities.get("drop", []):
            problems.append(f"{name}: capabilities do not drop ALL")
        if set(capabilities.get("add", [])) - {"NET_BIND_SERVICE"}:
            problems.append(f"{name}: adds capabilities {capabilities.get('add')}")
        seccomp = (context.get("seccompProfile") or pod_context.get("seccompProfile") or {}).get("type")
        if seccomp not in ("RuntimeDefault", "Localhost"):
            problems.append(f"{name}: seccompProfile is {seccomp!r}, not RuntimeDefault")
        if context.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{name}: readOnlyRootFilesystem is not true (the project's own rule)")
        for port in container.get("ports", []):
            if port.get("hostPort"):
                problems.append(f"{name}: hostPort {port['hostPort']}")
    return problems


class OperatorDeploymentChecks:
    """Assertions every operator Deployment (kustomize or Helm) must meet; mix into a TestCase."""

    def assert_operator_deployment(self, deployment, service_account):
        self.assertEqual(pod_security_restricted_violations(deployment), [])
        pod = deployment["spec"]["template"]["spec"]
        self.assertEqual(pod.get("serviceAccountName"), service_account)
        self.assertIs(pod.get("automountServiceAccountToken"), True)
        self.assertEqual(pod["securityContext"].get("runAsUser"), 65532)
        containers = pod["containers"]
        self.assertEqual(len(containers), 1)
        container = containers[0]
        self.assertEqual(container["securityContext"].get("runAsUser"), 65532)
        self.assertEqual(
            container["image"].rsplit(":", 1)[0], "ghcr.io/cronmonitor-io/cronmonitor-operator")
        args = container.get("args", [])
        self.assertIn("--metrics-bind-address=:8080", args)
        self.assertIn("--health-probe-bind-address=:8081", args)
        ports = {port["name"]: port["containerPort"] for port in container["ports"]}
        # The dashboard is optional (the chart serves it by default, kustomize does not).
        if "--dashboard-bind-address=:8082" in args:
            self.assertEqual(ports, {"metrics": 8080, "probes": 8081, "dashboard": 8082})
        else:
            self.assertEqual(ports, {"metrics": 8080, "probes": 8081})
        self.assertEqual(container["livenessProbe"]["httpGet"], {"path": "/healthz", "port": "probes"})
        self.assertEqual(container["readinessProbe"]["httpGet"], {"path": "/readyz", "port": "probes"})
        environment = {entry["name"]: entry.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
                       for entry in container.get("env", [])}
        self.assertEqual(environment.get("POD_NAME"), "metadata.name")
        self.assertEqual(environment.get("POD_NAMESPACE"), "metadata.namespace")
        for bound in ("requests", "limits"):
            self.assertEqual(set(container["resources"].get(bound, {})), {"cpu", "memory"}, bound)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        for key, value in deployment["spec"]["selector"]["matchLabels"].items():
            self.assertEqual(labels.get(key), value, f"pod template lacks selector label {key}")
        return container
