import Foundation
import KubernetesModel

/// Creating objects.
extension ObjectStore {
    /// Creates `object` (POST). `generateName` is honoured; the namespace must exist; a taken
    /// name is 409 AlreadyExists. Returns the stored object.
    public func create(_ resource: ResourceType, namespace: String?, object: JSONValue) throws(APIError) -> JSONValue {
        try create(resource, namespace: namespace, object: object, fieldValidation: .warn).object
    }

    /// Creates `object` with the unknown (and `duplicateFields`) fields of a custom resource
    /// treated as `fieldValidation` says; the result carries the warnings to answer with.
    func create(_ resource: ResourceType, namespace: String?, object: JSONValue,
                fieldValidation: ObjectStore.FieldValidation, duplicateFields: [String] = []) throws(APIError) -> Written {
        try create(resource, namespace: namespace, object: object, createdAt: nil, keepingStatus: false,
                   fieldValidation: fieldValidation, duplicateFields: duplicateFields)
    }

    /// Creates `object` as an object that has existed for a while: `creationTimestamp` is
    /// `createdAt`, and the body's `status` is kept even where a status subresource would drop it
    /// on create. One ADDED change, like `create`. For tests and benchmarks that need a history
    /// (finished Jobs from past days); the HTTP API has nothing like it.
    public func seed(_ resource: ResourceType, namespace: String?, object: JSONValue, createdAt: Date) throws(APIError) -> JSONValue {
        try create(resource, namespace: namespace, object: object, createdAt: createdAt, keepingStatus: true, fieldValidation: .warn).object
    }

    private func create(_ resource: ResourceType, namespace: String?, object: JSONValue, createdAt: Date?,
                        keepingStatus: Bool, fieldValidation: ObjectStore.FieldValidation,
                        duplicateFields: [String] = []) throws(APIError) -> Written {
        var object = try checkedBody(object, resource: resource, namespace: namespace)
        if resource.hasStatusSubresource, !keepingStatus { object.set("status", nil) }
        let admitted = try resource.admit(object, old: nil, subresource: .main,
                                          fieldValidation: fieldValidation, kind: .body, duplicateFields: duplicateFields)
        object = admitted.object
        if object.metadataString("name").map(\.isEmpty) ?? true {
            guard let prefix = object.metadataString("generateName"), !prefix.isEmpty else {
                throw .invalid(resource, name: "", causes: [
                    .init(reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name"),
                ])
            }
            object.setMetadata("name", .string(prefix + ObjectStore.randomSuffix()))
        }
        let name = object.metadataString("name") ?? ""
        try ObjectStore.validateName(name, resource: resource)
        try ObjectValidation.validateMetadata(object, resource: resource)
        let key = try objectKey(resource, namespace: namespace, name: name)
        let timestamp = Timestamps.rfc3339(createdAt ?? now())
        object.setMetadata("uid", .string(makeUID()))
        object.setMetadata("creationTimestamp", .string(timestamp))
        object.setMetadata("deletionTimestamp", nil)
        object.setMetadata("deletionGracePeriodSeconds", nil)
        object.setMetadata("managedFields", nil)
        if resource.tracksGeneration { object.setMetadata("generation", .int(1)) }
        var newTypes: [ResourceType] = []
        try ObjectStore.applyCreateDefaults(resource, object: &object, name: name, now: now(), newTypes: &newTypes)
        let prepared = resource.form.toStorage(object)
        return try state.withLock { (state) throws(APIError) -> Written in
            if resource.namespaced {
                guard state.objects[ResourceType.namespaces.storageKey]?[ObjectStore.ObjectKey(namespace: "", name: key.namespace)] != nil else {
                    throw .namespaceNotFound(key.namespace)
                }
            }
            guard state.objects[resource.storageKey]?[key] == nil else { throw .alreadyExists(resource, name: name) }
            if resource == .customResourceDefinitions {
                try state.serve(newTypes, forDefinition: name)
            }
            let stored = try state.commit(.added, resource: resource.storageResource, key: key, object: prepared).object
            return Written(object: resource.form.fromStorage(stored), warnings: admitted.warnings)
        }
    }

    /// Defaults the real server fills in for some built-in kinds.
    static func applyCreateDefaults(_ resource: ResourceType, object: inout JSONValue, name: String, now: Date,
                                    newTypes: inout [ResourceType]) throws(APIError) {
        if resource == .namespaces {
            var labels = object["metadata"]?["labels"] ?? .object([:])
            labels.set("kubernetes.io/metadata.name", .string(name))
            object.setMetadata("labels", labels)
            object.set("spec", .object(["finalizers": .array([.string("kubernetes")])]))
            object.set("status", .object(["phase": .string("Active")]))
        } else if resource == .pods, object["status"] == nil {
            object.set("status", ["phase": "Pending", "qosClass": .string(PodQOSClass.of(object["spec"]))])
        } else if resource == .secrets, object["type"] == nil {
            object.set("type", .string("Opaque"))
        } else if resource == .cronJobs {
            object.set("spec", ObjectStore.cronJobSpecDefaults(object["spec"]))
        } else if resource == .jobs {
            ObjectStore.generateJobSelector(&object, name: name)
        } else if resource == .customResourceDefinitions {
            newTypes = try ResourceType.fromCustomResourceDefinition(object)
            object.set("status", ObjectStore.establishedStatus(of: object, now: now))
        }
    }

    /// What the API server does to a Job created without `spec.manualSelector: true`: the pod
    /// template's labels gain the Job's name (`batch.kubernetes.io/job-name`, `job-name`) and UID
    /// (`batch.kubernetes.io/controller-uid`, `controller-uid`) where they lack them, the selector
    /// matches the UID, and a Job without labels of its own shows the template's (the defaulting
    /// of batch/v1 Jobs). Labels the client set are kept.
    static func generateJobSelector(_ job: inout JSONValue, name: String) {
        guard job["spec"]?["manualSelector"]?.boolValue != true, let uid = job.metadataString("uid") else { return }
        var spec = job["spec"] ?? .object([:])
        var template = spec["template"] ?? .object([:])
        var templateMetadata = template["metadata"] ?? .object([:])
        var labels = templateMetadata["labels"] ?? .object([:])
        for key in ["batch.kubernetes.io/job-name", "job-name"] where labels[key] == nil { labels.set(key, .string(name)) }
        for key in ["batch.kubernetes.io/controller-uid", "controller-uid"] where labels[key] == nil {
            labels.set(key, .string(uid))
        }
        templateMetadata.set("labels", labels)
        template.set("metadata", templateMetadata)
        spec.set("template", template)
        var selector = spec["selector"] ?? .object([:])
        var matchLabels = selector["matchLabels"] ?? .object([:])
        if matchLabels["batch.kubernetes.io/controller-uid"] == nil {
            matchLabels.set("batch.kubernetes.io/controller-uid", .string(uid))
        }
        selector.set("matchLabels", matchLabels)
        spec.set("selector", selector)
        job.set("spec", spec)
        if job["metadata"]?["labels"]?.objectValue?.isEmpty ?? true { job.setMetadata("labels", labels) }
    }

    /// The API server's CronJob defaults: Allow, not suspended, history limits 3 and 1.
    static func cronJobSpecDefaults(_ spec: JSONValue?) -> JSONValue {
        var spec = spec ?? .object([:])
        let defaults: [(String, JSONValue)] = [
            ("concurrencyPolicy", .string("Allow")), ("suspend", .bool(false)),
            ("successfulJobsHistoryLimit", .int(3)), ("failedJobsHistoryLimit", .int(1)),
        ]
        for (field, value) in defaults where spec[field] == nil { spec.set(field, value) }
        return spec
    }

    static func establishedStatus(of crd: JSONValue, now: Date) -> JSONValue {
        let condition = { (type: String, reason: String, message: String) -> JSONValue in
            .object([
                "type": .string(type), "status": .string("True"), "reason": .string(reason),
                "message": .string(message), "lastTransitionTime": .string(Timestamps.rfc3339(now)),
            ])
        }
        return .object([
            "acceptedNames": crd["spec"]?["names"] ?? .object([:]),
            "conditions": .array([
                condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
            ]),
            "storedVersions": .array((crd["spec"]?["versions"]?.arrayValue ?? [])
                .filter { $0["storage"]?.boolValue ?? false }.compactMap { $0["name"] }),
        ])
    }

    /// Checks kind/apiVersion/namespace of a request body against the request, filling them in
    /// when absent.
    func checkedBody(_ object: JSONValue, resource: ResourceType, namespace: String?) throws(APIError) -> JSONValue {
        guard object.objectValue != nil else { throw .badRequest("the request body must be a JSON object") }
        var object = object
        if let apiVersion = object["apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != resource.apiVersion {
            throw .badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion))")
        }
        if let kind = object["kind"]?.stringValue, !kind.isEmpty, kind != resource.kind {
            throw .badRequest("the kind in the data (\(kind)) does not match the expected kind (\(resource.kind))")
        }
        object.set("apiVersion", .string(resource.apiVersion))
        object.set("kind", .string(resource.kind))
        if resource.namespaced {
            if let bodyNamespace = object.metadataString("namespace"), !bodyNamespace.isEmpty, bodyNamespace != namespace {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            object.setMetadata("namespace", namespace.map(JSONValue.string))
        } else {
            object.setMetadata("namespace", nil)
        }
        return object
    }

    static func validateName(_ name: String, resource: ResourceType) throws(APIError) {
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
        let edges = name.first.map { $0.isLetter || $0.isNumber } ?? false && (name.last.map { $0.isLetter || $0.isNumber } ?? false)
        guard allowed, edges, name.count <= 253 else {
            throw .invalid(resource, name: name, causes: [.init(
                reason: "FieldValueInvalid",
                message: "Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    + "characters, '-' or '.', and must start and end with an alphanumeric character",
                field: "metadata.name")])
        }
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).compactMap { _ in alphabet.randomElement() })
    }
}
