import Foundation
import KubernetesModel

/// What a delete request did.
public enum DeleteOutcome: Sendable, Equatable {
    /// The object is gone; this is its last state.
    case deleted(JSONValue)
    /// The object has finalizers: it now carries a deletionTimestamp and stays until they are removed.
    case pending(JSONValue)
}

/// Deleting objects.
extension ObjectStore {
    /// Deletes an object. Preconditions (uid, resourceVersion) that do not hold are 409 Conflict.
    /// With finalizers the object is only marked; otherwise it is removed and its dependents are
    /// handled by the propagation policy. Background: dependents whose owners are all gone are
    /// deleted right after the owner. Foreground: the owner is marked with the
    /// `foregroundDeletion` finalizer, its dependents are deleted, and the owner goes once none is
    /// left (every dependent blocks, whatever its `blockOwnerDeletion`). Orphan: the owner
    /// reference is removed from the dependents. The garbage collector runs synchronously within
    /// the delete, so watchers see the owner's event before its dependents'.
    public func delete(_ resource: ResourceType, namespace: String?, name: String,
                       options: ObjectStore.DeleteOptions = ObjectStore.DeleteOptions()) throws(APIError) -> DeleteOutcome {
        let key = try objectKey(resource, namespace: namespace, name: name)
        if resource == .namespaces, ["default", "kube-system", "kube-public"].contains(name) {
            throw .forbidden(resource, name: name, why: "this namespace may not be deleted")
        }
        let now = self.now()
        return try state.withLock { (state) throws(APIError) -> DeleteOutcome in
            guard let stored = state.objects[resource.storageKey]?[key] else { throw .notFound(resource, name: name) }
            if let uid = options.preconditionUID, uid != stored.uid {
                throw .conflict(resource, name: name,
                                why: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(stored.uid)")
            }
            if let version = options.preconditionResourceVersion, version != String(stored.resourceVersion) {
                throw .conflict(resource, name: name,
                                why: "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(stored.resourceVersion)")
            }
            var current = try stored.decoded()
            let storage = resource.storageResource
            if !stored.finalizers.isEmpty {
                guard !stored.isDeleting else { return .pending(resource.form.fromStorage(current)) }
                current.setMetadata("deletionTimestamp", .string(Timestamps.rfc3339(now)))
                current.setMetadata("deletionGracePeriodSeconds", .int(0))
                let marked = try state.commit(.modified, resource: storage, key: key, object: current).object
                return .pending(resource.form.fromStorage(marked))
            }
            let policy = options.propagationPolicy ?? resource.defaultPropagation
            let last = resource.form.fromStorage(try state.remove(storage, key: key, object: current, policy: policy, now: now))
            return state.objects[resource.storageKey]?[key] == nil ? .deleted(last) : .pending(last)
        }
    }
}

extension StoreState {
    /// The resource type that stores objects under `storage` (any served version).
    func resourceType(for storage: StorageKey) -> ResourceType? {
        served.values.first { $0.storageKey == storage && $0.form == .native }
    }

    /// Removes an object now, then what depends on it: namespace contents, a CRD's custom
    /// resources, and ownerReference dependents per `policy`.
    mutating func remove(_ resource: ResourceType, key: ObjectStore.ObjectKey, object: JSONValue,
                         policy: ObjectStore.PropagationPolicy, now: Date) throws(APIError) -> JSONValue {
        let uid = object.metadataString("uid") ?? ""
        if policy == .foreground {
            let blocking = (dependents[uid] ?? []).filter { stored($0) != nil }
            if !blocking.isEmpty {
                var marked = object
                if marked["metadata"]?["deletionTimestamp"] == nil {
                    marked.setMetadata("deletionTimestamp", .string(Timestamps.rfc3339(now)))
                    marked.setMetadata("deletionGracePeriodSeconds", .int(0))
                }
                let finalizers = (marked["metadata"]?["finalizers"]?.arrayValue ?? []) + [.string(Self.foregroundFinalizer)]
                marked.setMetadata("finalizers", .array(finalizers))
                let pending = try commit(.modified, resource: resource, key: key, object: marked).object
                for ref in blocking { try removeCascading(ref, now: now) }
                return try finishForegroundDeletion(of: uid, now: now) ?? pending
            }
        }
        let removed = try commit(.deleted, resource: resource, key: key, object: object).object
        for reference in object["metadata"]?["ownerReferences"]?.arrayValue ?? [] {
            if let owner = reference["uid"]?.stringValue { _ = try finishForegroundDeletion(of: owner, now: now) }
        }
        if resource == .namespaces {
            for storage in Array(objects.keys) {
                for (member, _) in objects[storage] ?? [:] where member.namespace == key.name {
                    try removeCascading(ObjectRef(storage: storage, key: member), now: now)
                }
            }
        } else if resource == .customResourceDefinitions {
            let types = crdResources[key.name] ?? []
            if let type = types.first {
                for (member, stored) in objects[type.storageKey] ?? [:] {
                    _ = try remove(type, key: member, object: try stored.decoded(), policy: .background, now: now)
                }
            }
            _ = retire(definition: key.name)
        }
        switch policy {
        case .background, .foreground: try collectDependents(of: uid, now: now)
        case .orphan: try orphanDependents(of: uid)
        }
        return removed
    }

    static let foregroundFinalizer = "foregroundDeletion"

    /// Completes a foreground deletion whose last dependent is gone: drops the
    /// `foregroundDeletion` finalizer, removing the owner when no other finalizer remains.
    /// Returns the owner's last state, or nil when nothing was to be done.
    mutating func finishForegroundDeletion(of uid: String, now: Date) throws(APIError) -> JSONValue? {
        guard let ref = uidIndex[uid], let owner = stored(ref), owner.finalizers.contains(Self.foregroundFinalizer),
              (dependents[uid] ?? []).allSatisfy({ stored($0) == nil }),
              let resource = resourceType(for: ref.storage) else { return nil }
        var object = try owner.decoded()
        let remaining = owner.finalizers.filter { $0 != Self.foregroundFinalizer }
        object.setMetadata("finalizers", remaining.isEmpty ? nil : .array(remaining.map(JSONValue.string)))
        if remaining.isEmpty {
            return try remove(resource, key: ref.key, object: object, policy: .background, now: now)
        }
        return try commit(.modified, resource: resource, key: ref.key, object: object).object
    }

    /// Deletes (or, with finalizers, marks) an object on behalf of the garbage collector.
    mutating func removeCascading(_ ref: ObjectRef, now: Date) throws(APIError) {
        guard let stored = stored(ref), let resource = resourceType(for: ref.storage) else { return }
        var object = try stored.decoded()
        if !stored.finalizers.isEmpty {
            guard !stored.isDeleting else { return }
            object.setMetadata("deletionTimestamp", .string(Timestamps.rfc3339(now)))
            object.setMetadata("deletionGracePeriodSeconds", .int(0))
            try commit(.modified, resource: resource, key: ref.key, object: object)
            return
        }
        _ = try remove(resource, key: ref.key, object: object, policy: .background, now: now)
    }

    /// Background garbage collection: dependents none of whose owners still exist are deleted.
    mutating func collectDependents(of uid: String, now: Date) throws(APIError) {
        for ref in dependents[uid] ?? [] {
            guard let dependent = stored(ref) else { continue }
            if dependent.ownerUIDs.allSatisfy({ uidIndex[$0] == nil || $0 == uid }) {
                try removeCascading(ref, now: now)
            }
        }
    }

    /// Orphan propagation: the owner's reference is removed from each dependent.
    mutating func orphanDependents(of uid: String) throws(APIError) {
        for ref in dependents[uid] ?? [] {
            guard let dependent = stored(ref), let resource = resourceType(for: ref.storage) else { continue }
            var object = try dependent.decoded()
            let references = (object["metadata"]?["ownerReferences"]?.arrayValue ?? []).filter { $0["uid"]?.stringValue != uid }
            object.setMetadata("ownerReferences", references.isEmpty ? nil : .array(references))
            try commit(.modified, resource: resource, key: ref.key, object: object)
        }
        dependents[uid] = nil
    }
}
