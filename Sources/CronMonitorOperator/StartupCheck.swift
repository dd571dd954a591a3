import CronMonitorController
import KubernetesClient
import KubernetesModel
import KubernetesRuntime
import Logging

/// What the operator checks once, before its first watch, so that a broken install says what is
/// wrong in its first lines instead of failing silently later:
///
/// - each watched resource is listed once (one item) in each watched namespace; a failure is
///   reported exactly as the watcher reports it (a missing CRD, a forbidden list: the same
///   warning and hint, and the reason on `/readyz`), and the watcher's own first failure is
///   then not logged a second time;
/// - every other permission in `OperatorPermissions` is asked of the API server with a
///   `SelfSubjectAccessReview`; each one denied is a warning naming the verb, the resource, the
///   namespace and what will not work without it.
///
/// Nothing here stops the operator: it starts anyway and recovers once the cluster is fixed.
struct StartupCheck: Sendable {
    let client: KubernetesClient
    let options: OperatorOptions
    let board: WatchBoard
    let logger: Logger

    /// Every request of the check is bounded by this (an unreachable API server cannot hold it).
    static let requestTimeout: Duration = .seconds(5)

    init(client: KubernetesClient, options: OperatorOptions, board: WatchBoard, logger: Logger) {
        self.client = client.boundingEachRequest(by: Self.requestTimeout)
        self.options = options
        self.board = board
        self.logger = logger
    }

    /// One permission to ask about.
    struct Question: Sendable, Hashable {
        var rule: PermissionRule
        var verb: String
        /// nil: cluster-wide (all namespaces).
        var namespace: String?
    }

    func run() async {
        let listed = await listEachWatchedResource()
        let denied = await askForWritePermissions()
        if listed && denied == 0 {
            logger.info(
                "Startup check passed: the CronMonitor CRD is served and every permission the operator uses is granted")
        }
    }

    /// Lists each watched resource once; true when every list worked.
    private func listEachWatchedResource() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            for (target, report) in board.targets {
                group.addTask {
                    var options = ListOptions()
                    options.limit = 1
                    do {
                        _ = try await client.list(
                            resource: target.resource, namespace: target.namespace, options: options, as: JSONValue.self)
                        return true
                    } catch {
                        report.failed(error, .list)
                        return false
                    }
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
    }

    /// The permissions beyond reading the watched resources, by access review; the number denied.
    private func askForWritePermissions() async -> Int {
        let questions = Self.questions(options: options)
        let answers = await withTaskGroup(of: (Question, Bool?).self) { group in
            for question in questions {
                group.addTask { (question, await allowed(question)) }
            }
            var answers: [Question: Bool?] = [:]
            for await (question, answer) in group { answers[question] = answer }
            return answers
        }
        if answers.values.contains(where: { $0 == nil }) {
            logger.debug("the API server did not answer every access review; their permissions were not checked")
        }
        var denied = 0
        for question in questions where answers[question] == .some(false) {
            // Events go through events.k8s.io, else core v1: one of the two granted is enough.
            if question.rule.resource == "events",
                let other = OperatorPermissions.rules.first(where: { $0.resource == "events" && $0 != question.rule }),
                answers[Question(rule: other, verb: question.verb, namespace: question.namespace)] == .some(true)
            {
                continue
            }
            denied += 1
            logger.warning(
                "RBAC forbids \(question.verb) on \(Self.qualified(question.rule)): \(Self.consequence(of: question))",
                metadata: [
                    "k8s.verb": "\(question.verb)", "k8s.resource": "\(Self.qualified(question.rule))",
                    "k8s.namespace": "\(question.namespace ?? "")",
                    "hint": "grant it to the operator's service account (the Helm chart and config/rbac do)",
                ])
        }
        return denied
    }

    /// nil when the review itself failed (an old server, a transport error).
    private func allowed(_ question: Question) async -> Bool? {
        let parts = question.rule.resource.split(separator: "/", maxSplits: 1).map(String.init)
        var attributes: [String: JSONValue] = [
            "group": .string(question.rule.apiGroup), "resource": .string(parts[0]), "verb": .string(question.verb),
        ]
        if parts.count > 1 { attributes["subresource"] = .string(parts[1]) }
        if let namespace = question.namespace { attributes["namespace"] = .string(namespace) }
        let review: JSONValue = [
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": ["resourceAttributes": .object(attributes)],
        ]
        do {
            let answer = try await client.create(
                resource: Self.accessReviews, namespace: nil, object: review, as: JSONValue.self)
            return answer["status"]?["allowed"]?.boolValue ?? false
        } catch {
            return nil
        }
    }

    static let accessReviews = ResourceDescriptor(
        group: "authorization.k8s.io", version: "v1", kind: "SelfSubjectAccessReview",
        plural: "selfsubjectaccessreviews", isNamespaced: false)

    /// Every verb of every rule except list and watch (which the list above covers), in each
    /// watched namespace (or cluster-wide); the Lease's only with leader election, in its namespace.
    static func questions(options: OperatorOptions) -> [Question] {
        let scopes: [String?] = options.namespaces.isEmpty ? [nil] : options.namespaces
        var questions: [Question] = []
        for rule in OperatorPermissions.rules where rule.resource != accessReviews.plural {
            let verbs = rule.verbs.filter { $0 != "list" && $0 != "watch" }
            if rule.namespaced {
                guard options.leaderElect else { continue }
                questions += verbs.map { Question(rule: rule, verb: $0, namespace: options.leaderElectionNamespace) }
            } else {
                for scope in scopes {
                    questions += verbs.map { Question(rule: rule, verb: $0, namespace: scope) }
                }
            }
        }
        return questions
    }

    static func qualified(_ rule: PermissionRule) -> String {
        rule.apiGroup.isEmpty ? rule.resource : "\(rule.apiGroup)/\(rule.resource)"
    }

    static func consequence(of question: Question) -> String {
        let scope = question.namespace.map { " in namespace \($0)" } ?? " cluster-wide"
        let what: String
        switch (question.rule.resource, question.verb) {
        case ("cronmonitors", _): what = "a monitor cannot be read again after a conflicting status write"
        case ("cronmonitors/status", _): what = "no status is written: runs are not recorded and no alert is sent"
        case ("jobs", "delete"): what = "retention cannot delete finished Jobs"
        case ("jobs", "patch"): what = "stuck and overlapping runs cannot be ended"
        case ("events", _): what = "alerts (Kubernetes Events) cannot be written"
        case ("pods", _): what = "runs are not explained (cause, exit code, node) and runs that never start are not detected"
        case ("leases", _): what = "leader election cannot work: this replica never leads"
        default: what = "the operator needs it"
        }
        return what + scope
    }
}
