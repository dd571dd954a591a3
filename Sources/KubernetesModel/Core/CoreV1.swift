/// The core `v1` API group: `Event` and a minimal `Pod`.
public enum CoreV1 {}
