import Foundation
import KubernetesModel
import Logging

/// An Event a controller wants to record, before the recorder turns it into an API object.
public struct EventDraft: Sendable, Equatable {
    public enum EventType: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    /// The longest note the API accepts, in bytes.
    public static let maxNoteBytes = 1024

    public var regarding: ObjectReference
    public var related: ObjectReference?
    public var type: EventType
    public var reason: String
    public var action: String
    /// Truncated to 1024 bytes (on a UTF-8 character boundary).
    public var note: String
    /// The Event object's name, for a caller that records the event until it is written and so
    /// needs a repeated create to be harmless: a create that finds the name taken (409) counts
    /// as written, a repeat is not a new occurrence, and a failed write is not retried by the
    /// recorder (the caller tries again). Nil: the recorder names the object and owns retries.
    public var name: String?

    public init(
        regarding: ObjectReference,
        related: ObjectReference? = nil,
        type: EventType,
        reason: String,
        action: String,
        note: String
    ) {
        self.regarding = regarding
        self.related = related
        self.type = type
        self.reason = reason
        self.action = action
        self.note = Self.truncated(note)
    }

    static func truncated(_ note: String) -> String {
        guard note.utf8.count > maxNoteBytes else { return note }
        var result = ""
        var bytes = 0
        for character in note {
            let size = character.utf8.count
            if bytes + size > maxNoteBytes { break }
            result.append(character)
            bytes += size
        }
        return result
    }

    var identity: EventIdentity {
        EventIdentity(
            regardingKey: Self.key(regarding) ?? "",
            relatedKey: related.flatMap(Self.key),
            type: type.rawValue,
            reason: reason,
            action: action,
            note: note)
    }

    private static func key(_ reference: ObjectReference) -> String? {
        "\(reference.kind ?? "")/\(reference.namespace ?? "")/\(reference.name ?? "")/\(reference.uid ?? "")"
    }

    var logMetadata: Logger.Metadata {
        [
            "k8s.namespace": "\(regarding.namespace ?? "")",
            "k8s.name": "\(regarding.name ?? "")",
            "k8s.event.reason": "\(reason)",
            "k8s.event.note": "\(note)",
        ]
    }

    /// The events.k8s.io/v1 object for a write accounting for `count` occurrences (a series when
    /// at least 2: the API rejects a series below 2).
    func eventsV1(name: String, namespace: String, time: Date, count: Int, lastObserved: Date, recorder: EventRecorder)
        -> EventsV1.Event
    {
        EventsV1.Event(
            metadata: ObjectMeta(name: name, namespace: namespace),
            eventTime: MicroTime(time),
            series: count >= 2 ? EventsV1.EventSeries(count: count, lastObservedTime: MicroTime(lastObserved)) : nil,
            reportingController: recorder.reportingController,
            reportingInstance: recorder.reportingInstance,
            action: action,
            reason: reason,
            regarding: regarding,
            related: related,
            note: note,
            type: type.rawValue)
    }

    /// The core v1 object for the same write.
    func coreV1(name: String, namespace: String, time: Date, count: Int, lastObserved: Date, recorder: EventRecorder)
        -> CoreV1.Event
    {
        CoreV1.Event(
            metadata: ObjectMeta(name: name, namespace: namespace),
            involvedObject: regarding,
            reason: reason,
            message: note,
            type: type.rawValue,
            count: count,
            firstTimestamp: Time(time),
            lastTimestamp: Time(max(time, lastObserved)),
            source: EventSource(component: recorder.reportingController),
            eventTime: MicroTime(time),
            series: count >= 2 ? CoreV1.Event.Series(count: count, lastObservedTime: MicroTime(lastObserved)) : nil,
            action: action,
            related: related,
            reportingComponent: recorder.reportingController,
            reportingInstance: recorder.reportingInstance)
    }
}
