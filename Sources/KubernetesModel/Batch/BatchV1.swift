/// The `batch/v1` API group: `Job` and `CronJob`.
public enum BatchV1 {}
