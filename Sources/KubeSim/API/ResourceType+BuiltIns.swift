/// The built-in resources the simulator serves from the start.
extension ResourceType {
    public static let namespaces = ResourceType(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace",
        namespaced: false, shortNames: ["ns"], hasStatusSubresource: true,
        selectableFields: ["status.phase": ["status", "phase"]])

    public static let pods = ResourceType(
        group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod",
        namespaced: true, shortNames: ["po"], categories: ["all"], hasStatusSubresource: true,
        selectableFields: ["spec.nodeName": ["spec", "nodeName"], "status.phase": ["status", "phase"]],
        printerColumns: podColumns)

    public static let coreEvents = ResourceType(
        group: "", version: "v1", kind: "Event", plural: "events", singular: "event",
        namespaced: true, shortNames: ["ev"],
        selectableFields: [
            "involvedObject.kind": ["involvedObject", "kind"],
            "involvedObject.namespace": ["involvedObject", "namespace"],
            "involvedObject.name": ["involvedObject", "name"],
            "involvedObject.uid": ["involvedObject", "uid"],
            "involvedObject.apiVersion": ["involvedObject", "apiVersion"],
            "involvedObject.resourceVersion": ["involvedObject", "resourceVersion"],
            "involvedObject.fieldPath": ["involvedObject", "fieldPath"],
            "reason": ["reason"],
            "reportingComponent": ["reportingComponent"],
            "source": ["source", "component"],
            "type": ["type"],
        ],
        printerColumns: eventColumns(
            lastSeen: ".lastTimestamp", fallbacks: [".series.lastObservedTime", ".eventTime", ".metadata.creationTimestamp"],
            object: ".involvedObject", message: ".message"))

    public static let events = ResourceType(
        group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", singular: "event",
        namespaced: true,
        selectableFields: [
            "regarding.kind": ["regarding", "kind"],
            "regarding.namespace": ["regarding", "namespace"],
            "regarding.name": ["regarding", "name"],
            "regarding.uid": ["regarding", "uid"],
            "regarding.apiVersion": ["regarding", "apiVersion"],
            "reason": ["reason"],
            "reportingController": ["reportingController"],
            "type": ["type"],
        ],
        printerColumns: eventColumns(
            lastSeen: ".series.lastObservedTime",
            fallbacks: [".deprecatedLastTimestamp", ".eventTime", ".metadata.creationTimestamp"],
            object: ".regarding", message: ".note"),
        form: .eventsV1)

    /// The columns of `kubectl get events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.
    static func eventColumns(lastSeen: String, fallbacks: [String], object: String, message: String) -> [PrinterColumn] {
        [
            PrinterColumn(name: "Last Seen", type: "date", jsonPath: lastSeen, fallbackPaths: fallbacks),
            PrinterColumn(name: "Type", type: "string", jsonPath: ".type"),
            PrinterColumn(name: "Reason", type: "string", jsonPath: ".reason"),
            PrinterColumn(name: "Object", type: "string", jsonPath: object, rendering: .reference),
            PrinterColumn(name: "Message", type: "string", jsonPath: message),
            PrinterColumn(name: "Name", type: "string", format: "name", priority: 1, jsonPath: ".metadata.name"),
        ]
    }

    public static let jobs = ResourceType(
        group: "batch", version: "v1", kind: "Job", plural: "jobs", singular: "job",
        namespaced: true, categories: ["all"], hasStatusSubresource: true, tracksGeneration: true,
        defaultPropagation: .orphan,
        selectableFields: ["status.successful": ["status", "succeeded"]],
        printerColumns: [
            PrinterColumn(name: "Name", type: "string", format: "name", jsonPath: ".metadata.name"),
            PrinterColumn(name: "Status", type: "string", jsonPath: ".status", rendering: .computed(.jobStatus)),
            PrinterColumn(name: "Completions", type: "string", jsonPath: ".status.succeeded", rendering: .computed(.jobCompletions)),
            PrinterColumn(name: "Duration", type: "string", jsonPath: ".status.completionTime", rendering: .computed(.jobDuration)),
            PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
        ])

    public static let cronJobs = ResourceType(
        group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", singular: "cronjob",
        namespaced: true, shortNames: ["cj"], categories: ["all"], hasStatusSubresource: true,
        tracksGeneration: true,
        printerColumns: [
            PrinterColumn(name: "Name", type: "string", format: "name", jsonPath: ".metadata.name"),
            PrinterColumn(name: "Schedule", type: "string", jsonPath: ".spec.schedule"),
            PrinterColumn(name: "Timezone", type: "string", jsonPath: ".spec.timeZone", absent: .string("<none>")),
            PrinterColumn(name: "Suspend", type: "boolean", jsonPath: ".spec.suspend", rendering: .titledBool),
            PrinterColumn(name: "Active", type: "integer", jsonPath: ".status.active", rendering: .count),
            PrinterColumn(name: "Last Schedule", type: "date", jsonPath: ".status.lastScheduleTime", absent: .string("<none>")),
            PrinterColumn(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
        ])

    public static let leases = ResourceType(
        group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", singular: "lease",
        namespaced: true)

    public static let customResourceDefinitions = ResourceType(
        group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition",
        plural: "customresourcedefinitions", singular: "customresourcedefinition",
        namespaced: false, shortNames: ["crd", "crds"], categories: ["api-extensions"],
        hasStatusSubresource: true, tracksGeneration: true)

    /// Served from the start, in discovery order.
    public static let builtIns: [ResourceType] = [
        .namespaces, .pods, .coreEvents, .jobs, .cronJobs, .events, .leases, .customResourceDefinitions,
    ] + helmKinds
}
