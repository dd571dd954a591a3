/// `corev1.EventSource`: the component (and host) that reported an event.
public struct EventSource: Sendable, Codable, Equatable {
    public var component: String?
    public var host: String?

    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
}
