import ArgumentParser
import OperatorServices

/// The `cronmonitor-operator` binary: `run` (the operator, the default) and tools around it.
@main
struct CronMonitorOperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cronmonitor-operator",
        abstract: "Watches Kubernetes CronJobs and Jobs and turns their runs into history, alerts and actions.",
        version: OperatorVersion.current,
        subcommands: [RunCommand.self, ScheduleCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
