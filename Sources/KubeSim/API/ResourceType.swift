import KubernetesModel

/// Everything the simulator knows about one served resource (one group/version/plural): how it is
/// named in paths and discovery, how it is scoped, and which semantics apply to it.
public struct ResourceType: Sendable, Equatable {
    public var group: String
    public var version: String
    public var kind: String
    public var plural: String
    public var singular: String
    public var namespaced: Bool
    public var shortNames: [String]
    public var categories: [String]
    /// The object has a `status` written only through the `/status` subresource.
    public var hasStatusSubresource: Bool
    /// `metadata.generation` is kept and bumped when the object's desired state changes.
    public var tracksGeneration: Bool
    /// Built-in kinds accept strategic merge patch; custom resources do not.
    public var acceptsStrategicMergePatch: Bool
    /// The deletion propagation used when the client does not choose one.
    public var defaultPropagation: ObjectStore.PropagationPolicy
    /// Columns of the Table form besides NAME (AGE is added when no column is given).
    public var printerColumns: [PrinterColumn]
    /// Field selector names besides metadata.name/metadata.namespace, with the path they read.
    public var selectableFields: [String: [String]]
    /// How served objects map to stored ones.
    public var form: ObjectForm
    /// The `default:` values of a CRD version's schema, applied on every write (nil: none).
    public var defaults: StructuralDefaults?
    /// A CRD version's structural schema and rules, checked on every write (nil: not checked).
    public var schema: CustomResourceSchema?

    public init(
        group: String, version: String, kind: String, plural: String, singular: String,
        namespaced: Bool, shortNames: [String] = [], categories: [String] = [],
        hasStatusSubresource: Bool = false, tracksGeneration: Bool = false,
        acceptsStrategicMergePatch: Bool = true, defaultPropagation: ObjectStore.PropagationPolicy = .background,
        selectableFields: [String: [String]] = [:], printerColumns: [PrinterColumn] = [], form: ObjectForm = .native,
        defaults: StructuralDefaults? = nil, schema: CustomResourceSchema? = nil
    ) {
        self.schema = schema
        self.form = form
        self.defaults = defaults
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatusSubresource = hasStatusSubresource
        self.tracksGeneration = tracksGeneration
        self.acceptsStrategicMergePatch = acceptsStrategicMergePatch
        self.defaultPropagation = defaultPropagation
        self.printerColumns = printerColumns
        self.selectableFields = selectableFields
    }

    /// `jobs.batch`, or `pods` for the core group: how the real server names a resource in messages.
    public var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `batch/v1`, or `v1` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The resource whose semantics and field index apply to the stored objects.
    var storageResource: ResourceType {
        switch form {
        case .native: self
        case .eventsV1: .coreEvents
        }
    }

    /// The storage identity: every version of one group/plural shares its objects, and
    /// events.k8s.io Events share the core Events'.
    var storageKey: StorageKey {
        switch form {
        case .native: StorageKey(group: group, plural: plural)
        case .eventsV1: StorageKey(group: "", plural: "events")
        }
    }

    public var verbs: [String] {
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
    }
}

/// Identifies the set of stored objects of one resource across its versions.
struct StorageKey: Hashable, Sendable {
    var group: String
    var plural: String
}

extension ObjectStore {
    /// How dependents of a deleted owner are treated.
    public enum PropagationPolicy: String, Sendable, Equatable {
        case background = "Background"
        case foreground = "Foreground"
        case orphan = "Orphan"
    }
}

/// Cells of built-in tables that are computed rather than read from one path.
public enum TableComputation: Sendable, Equatable {
    /// Job STATUS: Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet or Running.
    case jobStatus
    /// Job COMPLETIONS: `succeeded/completions`.
    case jobCompletions
    /// Job DURATION: start to completion (or to now while running).
    case jobDuration
    /// Pod READY: ready containers / containers.
    case podReady
    /// Pod STATUS: the phase, or the reason that explains it (as kubectl prints it).
    case podStatus
    /// Pod RESTARTS: the containers' restart counts summed.
    case podRestarts
}

/// A column of the Table form (CRD `additionalPrinterColumns` shape).
public struct PrinterColumn: Sendable, Equatable {
    public var name: String
    public var type: String
    public var format: String
    public var description: String
    public var priority: Int
    public var jsonPath: String
    /// Paths read in order when `jsonPath` is absent (built-in tables only).
    public var fallbackPaths: [String]
    public var rendering: Rendering
    /// The cell of an absent value (built-in tables print `<none>`; CRD columns leave it empty).
    public var absent: JSONValue

    /// How a built-in column shows its value.
    public enum Rendering: Sendable, Equatable {
        case value
        /// An object reference as `kind/name` (lower-cased kind), like kubectl's OBJECT column.
        case reference
        /// The length of a list (0 when absent), like the CronJob ACTIVE column.
        case count
        /// A boolean as `True`/`False`, like the real server's built-in tables.
        case titledBool
        /// A cell the real server computes from the whole object.
        case computed(TableComputation)
    }

    public init(name: String, type: String, format: String = "", description: String = "", priority: Int = 0, jsonPath: String,
                fallbackPaths: [String] = [], rendering: Rendering = .value, absent: JSONValue = .null) {
        self.fallbackPaths = fallbackPaths
        self.absent = absent
        self.rendering = rendering
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.jsonPath = jsonPath
    }
}
