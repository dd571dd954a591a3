import ArgumentParser

/// The `cronmonitor-operator` binary. Subcommands are tools around the operator; the operator
/// itself arrives as the `run` subcommand, which will become `defaultSubcommand` here.
@main
struct CronMonitorOperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cronmonitor-operator",
        abstract: "Watches Kubernetes CronJobs and Jobs and turns their runs into history, alerts and actions.",
        subcommands: [ScheduleCommand.self]
    )
}
