/// The `events.k8s.io/v1` API group: `Event`.
public enum EventsV1 {}
