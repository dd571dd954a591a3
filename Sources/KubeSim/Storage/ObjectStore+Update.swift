import Foundation
import KubernetesModel

/// Replacing and patching objects.
extension ObjectStore {
    /// Replaces an object (PUT) or its status (PUT …/status). A non-empty
    /// `metadata.resourceVersion` in the body must equal the stored one, else 409 Conflict.
    public func update(_ resource: ResourceType, namespace: String?, name: String, object: JSONValue,
                       subresource: ObjectStore.Subresource = .main) throws(APIError) -> JSONValue {
        try update(resource, namespace: namespace, name: name, object: object, subresource: subresource, fieldValidation: .warn).object
    }

    /// Replaces an object with the unknown (and `duplicateFields`) fields of a custom resource
    /// treated as `fieldValidation` says; the result carries the warnings to answer with.
    func update(_ resource: ResourceType, namespace: String?, name: String, object: JSONValue,
                subresource: ObjectStore.Subresource, fieldValidation: ObjectStore.FieldValidation,
                duplicateFields: [String] = []) throws(APIError) -> Written {
        var checked = try checkedBody(object, resource: resource, namespace: namespace)
        if resource == .cronJobs, subresource == .main { checked.set("spec", ObjectStore.cronJobSpecDefaults(checked["spec"])) }
        let body = resource.form.toStorage(checked)
        if let bodyName = body.metadataString("name"), !bodyName.isEmpty, bodyName != name {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        let key = try objectKey(resource, namespace: namespace, name: name)
        let now = self.now()
        return try state.withLock { (state) throws(APIError) -> Written in
            guard let stored = state.objects[resource.storageKey]?[key] else { throw .notFound(resource, name: name) }
            try ObjectStore.checkPreconditions(body, stored: stored, resource: resource, name: name)
            let current = try stored.decoded()
            let admitted = try resource.admit(body, old: current, subresource: subresource, fieldValidation: fieldValidation,
                                              kind: .body, duplicateFields: duplicateFields)
            let replaced = try state.replace(resource.storageResource, key: key, current: current, proposed: admitted.object,
                                             subresource: subresource, now: now)
            return Written(object: resource.form.fromStorage(replaced), warnings: admitted.warnings)
        }
    }

    /// Patches an object or its status. Strategic merge patch is accepted for built-in kinds and
    /// applied like a JSON merge patch with `$`-directives removed (lists are replaced, not merged
    /// by key: a simplification). Server-side apply (JSON bodies, as Helm and client-go send them)
    /// creates a missing object and otherwise merges the applied configuration into it; field
    /// ownership is not tracked, so fields a manager stops applying are kept (a simplification).
    public func patch(_ resource: ResourceType, namespace: String?, name: String, type: ObjectStore.PatchType, body: [UInt8],
                      subresource: ObjectStore.Subresource = .main) throws(APIError) -> JSONValue {
        try patch(resource, namespace: namespace, name: name, type: type, body: body, subresource: subresource, fieldValidation: .warn).object
    }

    /// Patches an object with the unknown fields of a custom resource treated as
    /// `fieldValidation` says; the result carries the warnings to answer with.
    func patch(_ resource: ResourceType, namespace: String?, name: String, type: ObjectStore.PatchType, body: [UInt8],
               subresource: ObjectStore.Subresource, fieldValidation: ObjectStore.FieldValidation) throws(APIError) -> Written {
        let accepted = [ObjectStore.PatchType.json, .merge] + (resource.acceptsStrategicMergePatch ? [.strategicMerge] : [])
        switch type {
        case .apply:
            guard let applied = try? JSONCoding.decode(body) else {
                throw .unsupportedMediaType(type.rawValue + " with a YAML body (KubeSim accepts apply configurations as JSON)",
                                            accepted: accepted.map(\.rawValue) + [type.rawValue])
            }
            if subresource == .main, (try? get(resource, namespace: namespace, name: name)) == nil {
                var object = applied
                if resource.namespaced, let namespace { object.setMetadata("namespace", .string(namespace)) }
                return try create(resource, namespace: namespace, object: object, fieldValidation: fieldValidation)
            }
        case .strategicMerge where !resource.acceptsStrategicMergePatch:
            throw .unsupportedMediaType(type.rawValue, accepted: accepted.map(\.rawValue))
        case .json, .merge, .strategicMerge:
            break
        }
        let document = try JSONCoding.decode(body)
        let key = try objectKey(resource, namespace: namespace, name: name)
        let now = self.now()
        return try state.withLock { (state) throws(APIError) -> Written in
            guard let stored = state.objects[resource.storageKey]?[key] else { throw .notFound(resource, name: name) }
            let storedCurrent = try stored.decoded()
            let current = resource.form.fromStorage(storedCurrent)
            var patched: JSONValue
            switch type {
            case .json: patched = try JSONPatch.apply(document, to: current)
            case .merge: patched = MergePatch.apply(document, to: current)
            case .strategicMerge: patched = MergePatch.apply(MergePatch.removingDirectives(document), to: current)
            case .apply: patched = MergePatch.apply(document, to: current)
            }
            if patched["apiVersion"] != current["apiVersion"] || patched["kind"] != current["kind"]
                || patched.metadataString("name") != name {
                throw .badRequest("a patch cannot change the apiVersion, kind or name of an object")
            }
            let admitted = try resource.admit(patched, old: current, subresource: subresource,
                                              fieldValidation: fieldValidation, kind: .patch(document))
            patched = admitted.object
            if resource == .cronJobs, subresource == .main { patched.set("spec", ObjectStore.cronJobSpecDefaults(patched["spec"])) }
            try ObjectStore.checkPreconditions(patched, stored: stored, resource: resource, name: name)
            let replaced = try state.replace(resource.storageResource, key: key, current: storedCurrent,
                                             proposed: resource.form.toStorage(patched), subresource: subresource, now: now)
            return Written(object: resource.form.fromStorage(replaced), warnings: admitted.warnings)
        }
    }

    static func checkPreconditions(_ proposed: JSONValue, stored: StoredObject, resource: ResourceType, name: String) throws(APIError) {
        if let version = proposed.metadataString("resourceVersion"), !version.isEmpty, version != String(stored.resourceVersion) {
            throw .staleUpdate(resource, name: name)
        }
        if let uid = proposed.metadataString("uid"), !uid.isEmpty, uid != stored.uid {
            throw .conflict(resource, name: name,
                            why: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(stored.uid)")
        }
    }
}

extension StoreState {
    /// Computes and commits the next state of an existing object: status subresource
    /// separation, immutable metadata, generation, no-op detection, and deletion once the last
    /// finalizer of a deleting object is gone.
    mutating func replace(_ resource: ResourceType, key: ObjectStore.ObjectKey, current: JSONValue, proposed: JSONValue,
                          subresource: ObjectStore.Subresource, now: Date) throws(APIError) -> JSONValue {
        var next: JSONValue
        switch subresource {
        case .main:
            next = proposed
            if resource.hasStatusSubresource { next.set("status", current["status"]) }
        case .status:
            guard resource.hasStatusSubresource else {
                throw .resourceNotFound(path: "\(resource.groupResource)/status")
            }
            next = current
            next.set("status", proposed["status"])
        }
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation",
                      "namespace", "name", "resourceVersion"] {
            next.setMetadata(field, current["metadata"]?[field])
        }
        next.setMetadata("managedFields", nil)
        if resource.tracksGeneration,
           next.desiredState(excludingStatus: resource.hasStatusSubresource)
            != current.desiredState(excludingStatus: resource.hasStatusSubresource) {
            next.setMetadata("generation", .int((current["metadata"]?["generation"]?.intValue ?? 0) + 1))
        }
        guard next != current else { return current }
        try ObjectValidation.validateMetadata(next, resource: resource)
        let name = key.name
        if resource == .customResourceDefinitions, subresource == .main {
            try serve(try ResourceType.fromCustomResourceDefinition(next), forDefinition: name)
        }
        let finalizers = next["metadata"]?["finalizers"]?.arrayValue ?? []
        if next["metadata"]?["deletionTimestamp"] != nil, finalizers.isEmpty {
            return try remove(resource, key: key, object: next, policy: resource.defaultPropagation, now: now)
        }
        return try commit(.modified, resource: resource, key: key, object: next).object
    }
}
