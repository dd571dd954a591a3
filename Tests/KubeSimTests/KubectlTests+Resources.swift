import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// kubectl describe with Events, create job --from=cronjob, and the built-in kinds a Helm chart uses.
extension KubectlTests {
    static let chartManifest = """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: cronmonitor}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: cronmonitor}
        rules:
        - {apiGroups: [batch], resources: [jobs, cronjobs], verbs: [get, list, watch]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: cronmonitor}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cronmonitor}
        subjects: [{kind: ServiceAccount, name: cronmonitor, namespace: default}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: cronmonitor-leader}
        rules:
        - {apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, create, update]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: cronmonitor-leader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cronmonitor-leader}
        subjects: [{kind: ServiceAccount, name: cronmonitor, namespace: default}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cronmonitor-config}
        data: {logLevel: info}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cronmonitor, labels: {app: cronmonitor}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: cronmonitor}}
          template:
            metadata: {labels: {app: cronmonitor}}
            spec:
              serviceAccountName: cronmonitor
              containers: [{name: operator, image: "cronmonitor:dev", ports: [{containerPort: 8080, name: metrics}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: cronmonitor-metrics}
        spec:
          selector: {app: cronmonitor}
          ports: [{name: metrics, port: 8080, targetPort: metrics}]
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: cronmonitor}
        spec:
          minAvailable: 1
          selector: {matchLabels: {app: cronmonitor}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: sh.helm.release.v1.cronmonitor.v1, labels: {owner: helm, name: cronmonitor, version: "1"}}
        type: helm.sh/release.v1
        stringData: {release: H4sI}
        """

    @Test func applyHelmChartKindsThenGetThem() async throws {
        try await withKubectl { store, kubectl, directory in
            let file = directory.appendingPathComponent("chart.yaml")
            try Self.chartManifest.write(to: file, atomically: true, encoding: .utf8)
            let applied = try await kubectl.run(["apply", "-f", file.path])
            #expect(applied.status == 0, "\(applied.error)")
            for created in ["serviceaccount/cronmonitor", "clusterrole.rbac.authorization.k8s.io/cronmonitor",
                            "clusterrolebinding.rbac.authorization.k8s.io/cronmonitor", "role.rbac.authorization.k8s.io/cronmonitor-leader",
                            "rolebinding.rbac.authorization.k8s.io/cronmonitor-leader", "configmap/cronmonitor-config",
                            "deployment.apps/cronmonitor", "service/cronmonitor-metrics", "poddisruptionbudget.policy/cronmonitor",
                            "secret/sh.helm.release.v1.cronmonitor.v1"] {
                #expect(applied.output.contains("\(created) created"), "\(created) in \(applied.output)")
            }
            let listed = try await kubectl.run([
                "get", "serviceaccounts,clusterroles,clusterrolebindings,roles,rolebindings,configmaps,deployments,services,pdb,secrets",
                "-o", "name",
            ])
            #expect(listed.status == 0, "\(listed.error)")
            #expect(listed.output.contains("deployment.apps/cronmonitor"))
            #expect(listed.output.contains("clusterrole.rbac.authorization.k8s.io/cronmonitor"))
            #expect(listed.output.contains("poddisruptionbudget.policy/cronmonitor"))
            let helmSecrets = try await kubectl.run(["get", "secrets", "-l", "owner=helm,name=cronmonitor", "-o", "name"])
            #expect(helmSecrets.output.split(separator: "\n") == ["secret/sh.helm.release.v1.cronmonitor.v1"])
            // Scope and stored shape.
            let clusterRole = try store.get(.clusterRoles, namespace: nil, name: "cronmonitor")
            #expect(clusterRole["metadata"]?["namespace"] == nil)
            #expect(clusterRole["apiVersion"] == .string("rbac.authorization.k8s.io/v1"))
            let deployment = try store.get(.deployments, namespace: "default", name: "cronmonitor")
            #expect(deployment["kind"] == .string("Deployment"))
            #expect(deployment.at("spec.replicas") == .int(1))
            #expect(deployment.at("metadata.generation") == .int(1))
            // Re-applying a changed Deployment goes through strategic merge patch.
            try Self.chartManifest.replacingOccurrences(of: "replicas: 1", with: "replicas: 2")
                .write(to: file, atomically: true, encoding: .utf8)
            let reapplied = try await kubectl.run(["apply", "-f", file.path])
            #expect(reapplied.status == 0, "\(reapplied.error)")
            #expect(try store.get(.deployments, namespace: "default", name: "cronmonitor").at("spec.replicas") == .int(2))
        }
    }

    @Test func describeCustomResourceListsEventsOfBothAPIs() async throws {
        try await withKubectl { store, kubectl, directory in
            let crdFile = directory.appendingPathComponent("crd.yaml")
            try Self.crd.write(to: crdFile, atomically: true, encoding: .utf8)
            #expect(try await kubectl.run(["apply", "-f", crdFile.path]).status == 0)
            let widgets = try #require(store.resourceType(group: "example.com", version: "v1", plural: "widgets"))
            let widget = try store.create(widgets, namespace: "default", object: try json(
                #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"blue-one"},"spec":{"color":"blue"}}"#))
            let uid = widget.metadataString("uid") ?? ""
            let now = Timestamps.rfc3339(Date())
            _ = try store.create(.events, namespace: "default", object: try json("""
                {"metadata":{"name":"blue-one.new"},"eventTime":"\(now.replacingOccurrences(of: "Z", with: ".000000Z"))",
                 "reportingController":"cronmonitor.io/operator","reportingInstance":"op-1","action":"Judge",
                 "type":"Warning","reason":"RunFailedNewApi","note":"backup failed",
                 "regarding":{"apiVersion":"example.com/v1","kind":"Widget","namespace":"default","name":"blue-one","uid":"\(uid)"}}
                """))
            _ = try store.create(.coreEvents, namespace: "default", object: try json("""
                {"metadata":{"name":"blue-one.old"},"firstTimestamp":"\(now)","lastTimestamp":"\(now)","count":1,
                 "type":"Normal","reason":"ResolvedCoreApi","message":"target found","source":{"component":"test"},
                 "involvedObject":{"apiVersion":"example.com/v1","kind":"Widget","namespace":"default","name":"blue-one","uid":"\(uid)"}}
                """))
            let described = try await kubectl.run(["describe", "widget", "blue-one"])
            #expect(described.status == 0, "\(described.error)")
            #expect(described.output.contains("Events:"))
            #expect(described.output.contains("RunFailedNewApi"), "\(described.output)")
            #expect(described.output.contains("backup failed"))
            #expect(described.output.contains("ResolvedCoreApi"))
        }
    }

    @Test func createJobFromCronJobIsManualAndOwned() async throws {
        try await withKubectl { store, kubectl, _ in
            let cronJob = try store.create(.cronJobs, namespace: "default", object: try json("""
                {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"},
                 "spec":{"schedule":"0 3 * * *","jobTemplate":{"metadata":{"labels":{"app":"nightly"}},
                  "spec":{"template":{"spec":{"containers":[{"name":"c","image":"busybox"}],"restartPolicy":"Never"}}}}}}
                """))
            let created = try await kubectl.run(["create", "job", "nightly-manual", "--from=cronjob/nightly"])
            #expect(created.status == 0, "\(created.error)")
            let job = try store.get(.jobs, namespace: "default", name: "nightly-manual")
            #expect(job["metadata"]?["annotations"]?["cronjob.kubernetes.io/instantiate"] == .string("manual"))
            #expect(job.at("metadata.ownerReferences.0.uid") == cronJob.at("metadata.uid"))
            #expect(job.at("metadata.labels.app") == .string("nightly"))
            let cronJobs = try await kubectl.run(["get", "cronjobs"])
            #expect(cronJobs.status == 0, "\(cronJobs.error)")
            let rows = cronJobs.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.first == ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST", "SCHEDULE", "AGE"])
            #expect(rows.dropFirst().first?.prefix(10) == ["nightly", "0", "3", "*", "*", "*", "<none>", "False", "0", "<none>"])
        }
    }
}
