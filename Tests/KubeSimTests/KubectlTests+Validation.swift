import Foundation
import KubernetesModel
import Testing
@testable import KubeSim

/// The project's CRD through real kubectl: `kubectl explain` reads the published schema, and
/// `kubectl apply` meets the API server's refusals and pruning.
extension KubectlTests {
    /// Applies the project's CRD, then runs `body` with a helper that writes a monitor manifest.
    func withCronMonitorCRD(_ body: @escaping (ObjectStore, Kubectl, (String, String) throws -> String) async throws -> Void) async throws {
        try await withKubectl { store, kubectl, directory in
            let installed = try await kubectl.run(["apply", "-f", ProjectManifests.crdPath])
            #expect(installed.status == 0, "\(installed.error)")
            let write = { (name: String, spec: String) throws -> String in
                let file = directory.appendingPathComponent("\(name).yaml")
                try """
                    apiVersion: cronmonitor.io/v1alpha1
                    kind: CronMonitor
                    metadata:
                      name: \(name)
                    spec:
                    \(spec)
                    """.write(to: file, atomically: true, encoding: .utf8)
                return file.path
            }
            try await body(store, kubectl, write)
        }
    }

    @Test func applyOfAMonitorTheRulesForbidFailsWithTheServersMessage() async throws {
        try await withCronMonitorCRD { _, kubectl, write in
            let both = try await kubectl.run(["apply", "-f", try write("both", """
                  cronJobName: backup
                  jobSelector: {matchLabels: {app: backup}}
                  schedule: "0 3 * * *"
                """)])
            #expect(both.status != 0)
            #expect(both.error.contains(
                #"The CronMonitor "both" is invalid: spec: Invalid value: "object": exactly one of cronJobName and jobSelector must be set"#),
                "\(both.error)")
            let kill = try await kubectl.run(["apply", "-f", try write("kill", """
                  cronJobName: backup
                  onStuck: Kill
                """)])
            #expect(kill.status != 0)
            #expect(kill.error.contains(#"spec.onStuck: Unsupported value: "Kill": supported values: "Alert", "Terminate""#),
                    "\(kill.error)")
            let listed = try await kubectl.run(["get", "cronmonitors", "-o", "name"])
            #expect(listed.status == 0 && listed.output.isEmpty, "\(listed.output)\(listed.error)")
        }
    }

    @Test func unknownFieldsAreRefusedByDefaultAndPrunedWithoutValidation() async throws {
        try await withCronMonitorCRD { store, kubectl, write in
            let file = try write("unknown", """
                  cronJobName: backup
                  maxDuration: 10
                """)
            let strict = try await kubectl.run(["apply", "-f", file])
            #expect(strict.status != 0)
            #expect(strict.error.contains(#"strict decoding error: unknown field "spec.maxDuration""#), "\(strict.error)")
            let warned = try await kubectl.run(["apply", "--validate=warn", "-f", file])
            #expect(warned.status == 0, "\(warned.error)")
            #expect(warned.error.contains(#"Warning: unknown field "spec.maxDuration""#), "\(warned.error)")
            // Re-applied (a merge patch now) with the default validation: refused on the field `patch`.
            let patched = try await kubectl.run(["apply", "-f", file])
            #expect(patched.status != 0)
            #expect(patched.error.contains(#"strict decoding error: unknown field "spec.maxDuration""#), "\(patched.error)")
            let ignored = try await kubectl.run(["apply", "--validate=false", "-f", try write("ignored", """
                  cronJobName: backup
                  maxDuration: 10
                """)])
            #expect(ignored.status == 0, "\(ignored.error)")
            #expect(!ignored.error.contains("Warning"), "\(ignored.error)")
            let shown = try await kubectl.run(["get", "cronmonitor", "ignored", "-o", "yaml"])
            #expect(shown.status == 0, "\(shown.error)")
            #expect(shown.output.contains("cronJobName: backup"))
            #expect(!shown.output.contains("maxDuration: 10"), "\(shown.output)")
            let monitors = try #require(store.resourceType(group: "cronmonitor.io", version: "v1alpha1", plural: "cronmonitors"))
            #expect(try store.get(monitors, namespace: "default", name: "ignored").at("spec.maxDuration") == nil)
        }
    }

    @Test func explainPrintsTheSchemaDescriptions() async throws {
        try await withCronMonitorCRD { _, kubectl, _ in
            let spec = try await kubectl.run(["explain", "cronmonitor.spec"])
            #expect(spec.status == 0, "\(spec.error)")
            #expect(spec.output.contains("KIND:       CronMonitor"), "\(spec.output)")
            #expect(spec.output.contains("What to monitor and how to judge it."))
            #expect(spec.output.contains("cronJobName\t<string>"), "\(spec.output)")
            #expect(spec.output.contains("Monitor the Jobs owned by the CronJob of this name"))
            #expect(spec.output.contains("onStuck\t<string>"))
            #expect(spec.output.contains(#"enum: Alert, Terminate"#), "\(spec.output)")
            let schedule = try await kubectl.run(["explain", "cronmonitors.spec.schedule"])
            #expect(schedule.status == 0, "\(schedule.error)")
            #expect(schedule.output.contains("FIELD: schedule <string>"), "\(schedule.output)")
            #expect(schedule.output.contains("Cron expression in Kubernetes CronJob syntax."))
            let recursive = try await kubectl.run(["explain", "cmon.status.runs", "--recursive"])
            #expect(recursive.status == 0, "\(recursive.error)")
            #expect(recursive.output.contains("result\t<string> -required-"), "\(recursive.output)")
        }
    }
}
