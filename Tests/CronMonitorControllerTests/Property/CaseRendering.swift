import CronMonitorAPI
import CronMonitorController
import Foundation
import KubernetesModel

/// A `PropertyCase` as Swift source that builds it again, times relative to the first pass, so a
/// counterexample can be pasted into a table test and run with `PassDriver.run(_:)`.
struct CaseRendering {
    let origin: Date

    static func swift(_ testCase: PropertyCase) -> String {
        let origin = testCase.passes.first?.now ?? testCase.monitorCreated
        let rendering = CaseRendering(origin: origin)
        var lines = [
            "let origin = Date(timeIntervalSince1970: \(Int64(origin.timeIntervalSince1970)))  // \(Time(origin))",
            "let testCase = PropertyCase(",
            "    spec: \(rendering.spec(testCase.spec)),",
            "    monitorCreated: \(rendering.time(testCase.monitorCreated)),",
            "    cronJob: \(testCase.cronJob.map(rendering.cronJob) ?? "nil"),",
            "    passes: [",
        ]
        for pass in testCase.passes {
            lines += rendering.pass(pass).map { "        " + $0 }
        }
        if let plans = testCase.podPlans {
            lines.append("    ],")
            lines.append("    podPlans: [")
            for (uid, plan) in plans.sorted(by: { $0.key < $1.key }) {
                let blocker = plan.blocker.map(Self.quoted) ?? "nil"
                let start = plan.startsAfter.map(String.init) ?? "nil"
                lines.append(
                    "        \(Self.quoted(uid)): PodPlan(blocker: \(blocker), startsAfter: \(start), failure: \(Self.quoted(plan.failure))),")
            }
            lines.append("    ])")
        } else {
            lines.append("    ])")
        }
        return lines.joined(separator: "\n")
    }

    func time(_ date: Date) -> String {
        let offset = Int64(date.timeIntervalSince(origin).rounded(.down))
        return offset < 0 ? "origin - \(-offset)" : "origin + \(offset)"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func labels(_ labels: [String: String]) -> String {
        labels.isEmpty ? "[:]" : "[" + labels.sorted { $0.key < $1.key }.map { "\(quoted($0.key)): \(quoted($0.value))" }
            .joined(separator: ", ") + "]"
    }

    static func call(_ name: String, _ arguments: [String?]) -> String {
        "\(name)(" + arguments.compactMap { $0 }.joined(separator: ", ") + ")"
    }

    func spec(_ spec: CronMonitorSpec) -> String {
        Self.call(
            "CronMonitorSpec",
            [
                spec.cronJobName.map { "cronJobName: \(Self.quoted($0))" },
                spec.jobSelector.map { "jobSelector: LabelSelector(matchLabels: \(Self.labels($0.matchLabels ?? [:])))" },
                spec.schedule.map { "schedule: \(Self.quoted($0))" },
                spec.timeZone.map { "timeZone: \(Self.quoted($0))" },
                spec.startGraceSeconds.map { "startGraceSeconds: \($0)" },
                spec.maxDurationSeconds.map { "maxDurationSeconds: \($0)" },
                spec.minDurationSeconds.map { "minDurationSeconds: \($0)" },
                spec.onStuck.map { "onStuck: .\($0)" },
                spec.onOverlap.map { "onOverlap: .\($0)" },
                spec.failureThreshold.map { "failureThreshold: \($0)" },
                spec.retention.map {
                    Self.call(
                        "retention: RetentionPolicy",
                        [
                            $0.keepSucceeded.map { "keepSucceeded: \($0)" }, $0.keepFailed.map { "keepFailed: \($0)" },
                            $0.maxAgeSeconds.map { "maxAgeSeconds: \($0)" },
                        ])
                },
                spec.historyLimit.map { "historyLimit: \($0)" },
                spec.suspend.map { "suspend: \($0)" },
            ])
    }

    func cronJob(_ cronJob: CronJobProjection) -> String {
        Self.call(
            "CronJobProjection",
            [
                "key: ObjectKey(namespace: \(Self.quoted(cronJob.key.namespace)), name: \(Self.quoted(cronJob.key.name)))",
                "uid: \(Self.quoted(cronJob.uid))", "created: \(time(cronJob.created))",
                "schedule: \(Self.quoted(cronJob.schedule))", cronJob.timeZone.map { "timeZone: \(Self.quoted($0))" },
                cronJob.suspend ? "suspend: true" : nil, cronJob.forbidsConcurrency ? "forbidsConcurrency: true" : nil,
            ])
    }

    func outcome(_ outcome: JobOutcome) -> String {
        Self.call(
            "JobOutcome",
            [
                "result: .\(outcome.result)", outcome.reason.map { "reason: \(Self.quoted($0))" },
                outcome.message.map { "message: \(Self.quoted($0))" }, outcome.finishTime.map { "finishTime: \(time($0))" },
            ])
    }

    func job(_ job: JobProjection) -> String {
        Self.call(
            "JobProjection",
            [
                "key: ObjectKey(namespace: \(Self.quoted(job.key.namespace)), name: \(Self.quoted(job.key.name)))",
                "uid: \(Self.quoted(job.uid))", job.labels.isEmpty ? nil : "labels: \(Self.labels(job.labels))",
                job.cronJobOwner.map {
                    "cronJobOwner: JobProjection.Owner(name: \(Self.quoted($0.name)), uid: \(Self.quoted($0.uid)))"
                },
                "created: \(time(job.created))", job.scheduledTime.map { "scheduledTime: \(time($0))" },
                job.isManual ? "isManual: true" : nil, job.startTime.map { "startTime: \(time($0))" },
                job.outcome.map { "outcome: \(outcome($0))" },
                job.activeDeadlineSeconds.map { "activeDeadlineSeconds: \($0)" },
                job.isBeingDeleted ? "isBeingDeleted: true" : nil,
                job.reportsActivePods ? "reportsActivePods: true" : nil,
            ])
    }

    func pass(_ pass: PassScript) -> [String] {
        var lines = ["PassScript("]
        lines.append("    now: \(time(pass.now)),")
        if !pass.added.isEmpty {
            lines.append("    added: [")
            lines += pass.added.map { "        \(job($0))," }
            lines.append("    ],")
        }
        if !pass.finished.isEmpty {
            lines.append("    finished: [")
            lines += pass.finished.map { "        JobFinish(uid: \(Self.quoted($0.uid)), outcome: \(outcome($0.outcome)))," }
            lines.append("    ],")
        }
        for (label, uids) in [("deleted", pass.deleted), ("hidden", pass.hidden), ("beingDeleted", pass.beingDeleted)]
        where !uids.isEmpty {
            lines.append("    \(label): [" + uids.map(Self.quoted).joined(separator: ", ") + "],")
        }
        if let spec = pass.spec { lines.append("    spec: \(self.spec(spec)),") }
        if let suspend = pass.cronJobSuspend { lines.append("    cronJobSuspend: \(suspend),") }
        if pass.eventsFail { lines.append("    eventsFail: true,") }
        if pass.podsUnknown { lines.append("    podsUnknown: true,") }
        // No trailing comma after the last argument.
        if let last = lines.popLast() { lines.append(last.hasSuffix(",") ? String(last.dropLast()) : last) }
        lines.append("),")
        return lines
    }
}
