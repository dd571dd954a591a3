import Foundation
import KubernetesModel
import Logging

/// Records core v1 Events about objects for the simulated controllers. An Event repeating the
/// type, reason and message of an earlier one about the same object is not recorded again (the
/// real recorder would bump its count; the simulator ticks far more often than it syncs).
struct EventRecorder: Sendable {
    let store: ObjectStore
    let component: String
    let logger: Logger

    func record(_ event: ControllerEvent, about object: JSONValue, now: Date) {
        let metadata = object["metadata"] ?? .object([:])
        guard let name = metadata["name"]?.stringValue, let namespace = metadata["namespace"]?.stringValue else { return }
        let uid = metadata["uid"]?.stringValue ?? ""
        let eventName = "\(name).\(Self.digest("\(uid)|\(event.type.rawValue)|\(event.reason)|\(event.message)"))"
        let time = JSONValue.string(Timestamps.rfc3339(now))
        let body: JSONValue = .object([
            "apiVersion": .string("v1"), "kind": .string("Event"),
            "metadata": .object(["name": .string(eventName), "namespace": .string(namespace)]),
            "involvedObject": .object([
                "kind": object["kind"] ?? .string(""), "apiVersion": object["apiVersion"] ?? .string(""),
                "namespace": .string(namespace), "name": .string(name), "uid": .string(uid),
                "resourceVersion": metadata["resourceVersion"] ?? .string(""),
            ]),
            "reason": .string(event.reason), "message": .string(event.message), "type": .string(event.type.rawValue),
            "source": .object(["component": .string(component)]),
            "reportingComponent": .string(component), "reportingInstance": .string(component),
            "firstTimestamp": time, "lastTimestamp": time, "count": .int(1),
        ])
        do {
            _ = try store.create(.coreEvents, namespace: namespace, object: body)
        } catch where error.reason != "AlreadyExists" {
            logger.debug("event not recorded", metadata: ["k8s.event.reason": "\(event.reason)", "error": "\(error)"])
        } catch {
            // Recorded before.
        }
    }

    /// FNV-1a of `text` as 16 hex digits: a stable name suffix.
    static func digest(_ text: String) -> String {
        let hex = String(fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The 64-bit FNV-1a hash of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
