/// The metadata of an embedded template (a Job's pod template, a CronJob's job template): only
/// labels and annotations, which is all the project reads.
public struct TemplateMetadata: Sendable, Codable, Equatable {
    public var labels: [String: String]?
    public var annotations: [String: String]?

    public init(labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.labels = labels
        self.annotations = annotations
    }
}
