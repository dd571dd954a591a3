"""`helm install` of the chart with the real Helm engine against KubeSim; the release is listed.

Starts the `kubesim` executable (built by `make test`) with a fresh kubeconfig, installs
charts/cronmonitor-operator into a new namespace with helm-python-sdk, then lists the release
and reads back what it created with kubectl.

Helm keeps its release records with client-go's typed clients, which send protobuf bodies;
KubeSim speaks JSON only, so the release records stay in Helm's memory storage driver. Every
object of the chart (CRD by server-side apply, RBAC, Deployment, Service, ...) goes to KubeSim.
"""

import json
import os
import subprocess
import tempfile
import time
import unittest

import support
from support import ROOT, MissingTool

helm = support.require_module("helm_python", "helm-python-sdk")

KUBESIM = os.path.join(ROOT, ".build", "debug", "kubesim")
NAMESPACE = "cronmonitor-system"


class HelmInstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(KUBESIM, os.X_OK):
            raise MissingTool(f"{KUBESIM} is not built: run `swift build` first (make test does)")
        cls.workdir = tempfile.TemporaryDirectory()
        cls.kubeconfig = os.path.join(cls.workdir.name, "kubeconfig")
        cls.server = subprocess.Popen(
            [KUBESIM, "--kubeconfig-out", cls.kubeconfig, "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not (os.path.exists(cls.kubeconfig) and os.path.getsize(cls.kubeconfig) > 0):
            if time.monotonic() > deadline or cls.server.poll() is not None:
                cls.server.kill()
                raise AssertionError("kubesim did not write its kubeconfig")
            time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.workdir.cleanup()

    def kubectl(self, *arguments):
        command = [support.kubectl_path(), "--kubeconfig", self.kubeconfig,
                   "--cache-dir", os.path.join(self.workdir.name, "cache"), *arguments]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    def test_the_chart_installs_and_the_release_is_listed(self):
        with helm.Config(kubeconfig_path=self.kubeconfig, namespace=NAMESPACE, storage_driver="memory") as config:
            release = config.install(support.CHART, "cronmonitor", {"replicaCount": 2}, namespace=NAMESPACE,
                                     create_namespace=True, timeout=120)
            self.assertEqual(release["name"], "cronmonitor")
            listed = config.list()
            self.assertEqual([(item["name"], item["status"]) for item in listed], [("cronmonitor", "deployed")])
            status = config.status("cronmonitor")
            self.assertEqual((status["status"], status["revision"]), ("deployed", 1))

        deployments = json.loads(self.kubectl("get", "deployments", "-n", NAMESPACE, "-o", "json"))["items"]
        self.assertEqual([d["metadata"]["name"] for d in deployments], ["cronmonitor-cronmonitor-operator"])
        self.assertEqual(deployments[0]["spec"]["replicas"], 2)
        self.assertIn("--leader-elect", deployments[0]["spec"]["template"]["spec"]["containers"][0]["args"])
        crds = self.kubectl("get", "customresourcedefinitions", "-o", "name")
        self.assertIn("cronmonitors.cronmonitor.io", crds)
        roles = self.kubectl("get", "clusterroles", "-o", "name")
        self.assertTrue(any(line.endswith("-manager") or "cronmonitor" in line for line in roles.splitlines()), roles)


if __name__ == "__main__":
    unittest.main()
