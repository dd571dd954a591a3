import Foundation
import KubernetesModel

/// What the simulated CronJob controller does to one CronJob at one instant, decided purely by
/// `CronJobPlanner` and carried out by `CronJobSimulator`.
public struct CronJobPlan: Sendable, Equatable {
    /// Active Jobs to delete (Background) before a new one is created: `concurrencyPolicy: Replace`.
    public var replace: [String]
    /// The Job to create for a due slot, with its scheduled time.
    public var create: JobToCreate?
    /// Finished Jobs beyond the history limits, oldest first, to delete (Background).
    public var cleanup: [String]
    /// The CronJob's status after reconciling its Jobs (before the new Job is added).
    public var status: JSONValue
    /// `status` differs from the stored status.
    public var statusChanged: Bool
    /// Events about the CronJob, in order.
    public var events: [ControllerEvent]

    public init(replace: [String] = [], create: JobToCreate? = nil, cleanup: [String] = [], status: JSONValue,
                statusChanged: Bool = false, events: [ControllerEvent] = []) {
        self.replace = replace
        self.create = create
        self.cleanup = cleanup
        self.status = status
        self.statusChanged = statusChanged
        self.events = events
    }

    /// A Job built from the CronJob's `spec.jobTemplate` for one slot.
    public struct JobToCreate: Sendable, Equatable {
        public var job: JSONValue
        public var scheduledTime: Date
    }
}

/// An Event the simulated controllers record about an object (core v1 shape).
public struct ControllerEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case normal = "Normal"
        case warning = "Warning"
    }

    public var type: Kind
    public var reason: String
    public var message: String

    public init(_ type: Kind, reason: String, message: String) {
        self.type = type
        self.reason = reason
        self.message = message
    }
}
