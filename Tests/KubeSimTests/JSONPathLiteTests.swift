@testable import KubeSim
import KubernetesModel
import Testing

/// The JSONPath subset printer columns use, including the condition filter that CRDs (ours
/// among them) use for a `Ready`/`Healthy` column.
@Suite struct JSONPathLiteTests {
    static let object: JSONValue = [
        "status": [
            "target": "CronJob/backup",
            "conditions": [
                ["type": "Ready", "status": "True", "reason": "Resolved"],
                ["type": "Healthy", "status": "False", "reason": "RunFailed"],
            ],
            "runs": [["jobName": "a"], ["jobName": "b"]],
        ],
    ]

    @Test(arguments: [
        (".status.target", "CronJob/backup"),
        ("{.status.target}", "CronJob/backup"),
        (".status.runs[1].jobName", "b"),
        (#".status.conditions[?(@.type=="Healthy")].status"#, "False"),
        (".status.conditions[?(@.type=='Ready')].reason", "Resolved"),
        (#"{.status.conditions[?(@.type=="Healthy")].reason}"#, "RunFailed"),
    ])
    func readsThePath(path: String, expected: String) {
        #expect(JSONPathLite.evaluate(path, in: Self.object)?.stringValue == expected)
    }

    @Test(arguments: [
        #".status.conditions[?(@.type=="Missing")].status"#,
        ".status.runs[5].jobName",
        ".status.conditions[?(@.type)].status",
        ".status.absent",
    ])
    func absentPathsReadAsAbsent(path: String) {
        #expect(JSONPathLite.evaluate(path, in: Self.object) == nil)
    }
}
