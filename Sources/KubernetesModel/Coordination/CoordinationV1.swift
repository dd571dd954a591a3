/// The `coordination.k8s.io/v1` API group: `Lease`.
public enum CoordinationV1 {}
