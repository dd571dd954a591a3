import KubernetesClient
import KubernetesModel

/// Which request of a watcher failed.
public enum WatchVerb: String, Sendable, Equatable {
    case list
    case watch
}

/// A failed list or watch, classified for people: a short code for metrics and logs, the
/// error, and what to do about it.
public struct WatchFault: Sendable, Equatable {
    /// `401`, `403`, `404`, `410`, `429`, `5xx` codes as numbers (`503`), `transport`,
    /// `decoding` or `other`: the `code` label of `cronmonitor_watch_errors_total`.
    public var code: String
    /// The error as reported.
    public var error: String
    /// What to do about it.
    public var hint: String
    /// Routine (410 Expired: the watcher relists on its own), so not worth a warning.
    public var isRoutine: Bool

    public init(code: String, error: String, hint: String, isRoutine: Bool = false) {
        self.code = code
        self.error = error
        self.hint = hint
        self.isRoutine = isRoutine
    }
}

/// Where a watcher reads from, for the messages of its faults.
public struct WatchTarget: Sendable, Equatable {
    public var resource: ResourceDescriptor
    /// `nil`: all namespaces.
    public var namespace: String?
    /// What to say on a 404 (e.g. how to install a CRD); a generic line when `nil`.
    public var notFoundHint: String?
    /// The watch's label selector, when it watches only some objects.
    public var labelSelector: String?
    /// Said after the generic line on a 403 (e.g. the RBAC rule to add, and what works without it).
    public var forbiddenHint: String?

    public init(
        resource: ResourceDescriptor, namespace: String?, notFoundHint: String? = nil, labelSelector: String? = nil,
        forbiddenHint: String? = nil
    ) {
        self.resource = resource
        self.namespace = namespace
        self.notFoundHint = notFoundHint
        self.labelSelector = labelSelector
        self.forbiddenHint = forbiddenHint
    }

    /// `batch/jobs`, or `pods` for the core group.
    public var qualifiedResource: String {
        resource.group.isEmpty ? resource.plural : "\(resource.group)/\(resource.plural)"
    }

    /// `in namespace X` or `in all namespaces`.
    public var scope: String {
        (namespace.map { "in namespace \($0)" } ?? "in all namespaces")
            + (labelSelector.map { " (labels \($0))" } ?? "")
    }

    /// Classifies `error` thrown by `verb`.
    public func fault(_ error: any Error, verb: WatchVerb) -> WatchFault {
        guard let error = error as? KubernetesError else {
            return WatchFault(code: "other", error: "\(error)", hint: "retrying with backoff")
        }
        let description = error.description
        switch error {
        case .unauthorized:
            return WatchFault(
                code: "401", error: description,
                hint: "the API server rejected the credentials: check the token, or the kubeconfig's user")
        case .forbidden:
            let grant = namespace == nil ? "the ClusterRole" : "the ClusterRole (or a Role in \(namespace ?? ""))"
            let hint = "RBAC does not allow \(verb.rawValue) \(qualifiedResource) \(scope): grant it in \(grant)"
            return WatchFault(code: "403", error: description, hint: forbiddenHint.map { "\(hint); \($0)" } ?? hint)
        case .notFound:
            return WatchFault(
                code: "404", error: description,
                hint: notFoundHint
                    ?? "the API server does not serve \(resource.plural) in \(resource.apiVersion): is it installed?")
        case .gone:
            return WatchFault(
                code: "410", error: description, hint: "the resourceVersion expired; relisting", isRoutine: true)
        case .tooManyRequests:
            return WatchFault(code: "429", error: description, hint: "the API server is throttling; backing off")
        case .serverError(let status, _), .unexpectedStatus(let status):
            return WatchFault(
                code: status.code.map { "\($0)" } ?? "5xx", error: description,
                hint: "the API server failed to answer; retrying with backoff")
        case .transport:
            return WatchFault(
                code: "transport", error: description,
                hint: "the API server is unreachable: check its address, the network and TLS settings")
        case .decoding:
            return WatchFault(code: "decoding", error: description, hint: "the answer could not be read; retrying")
        case .badRequest, .methodNotAllowed, .alreadyExists, .conflict, .unsupportedMediaType, .invalid,
            .invalidRequest:
            return WatchFault(
                code: error.code.map { "\($0)" } ?? "other", error: description, hint: "retrying with backoff")
        }
    }
}
