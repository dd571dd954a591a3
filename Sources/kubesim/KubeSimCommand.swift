import ArgumentParser
import Foundation
import KubeSim
import Logging

/// `kubesim`: serves the Kubernetes API simulator on loopback and writes a kubeconfig for it.
@main
struct KubeSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubesim",
        abstract: "An in-memory Kubernetes API server simulator for tests and demos.")

    @Option(help: "Address to listen on.")
    var address = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free port).")
    var port = 0

    @Flag(inversion: .prefixedNo, help: "Serve HTTPS with a fresh self-signed CA (kubectl sends bearer tokens only over HTTPS).")
    var tls = true

    @Option(help: "Bearer token clients must present (default: a random token with TLS, none without).")
    var token: String?

    @Option(name: .customLong("kubeconfig-out"), help: "Write a kubeconfig for the server to this path.")
    var kubeconfigOut: String?

    @Option(help: "Seconds between watch BOOKMARK events.")
    var bookmarkIntervalSeconds = 60

    @Option(help: "Changes kept for watch resumption; older resourceVersions answer 410.")
    var historySize = 10_000

    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).")
    var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("unknown log level \(logLevel)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "kubesim")
        // kubectl sends bearer tokens only over HTTPS: without TLS, authentication is off unless
        // a token is given explicitly (then only clients that send it over HTTP get in).
        let token: String? = self.token ?? (tls ? UUID().uuidString.lowercased() : nil)
        let material = tls ? try TLSMaterial.generate(host: address, now: Date()) : nil
        let store = try ObjectStore(configuration: ObjectStore.Configuration(historyCapacity: historySize))
        let server = KubeSimServer(
            store: store,
            configuration: KubeSimServer.Configuration(
                host: address, port: port, token: token, bookmarkInterval: .seconds(bookmarkIntervalSeconds), tls: material),
            logger: logger)
        let host = address
        let kubeconfigPath = kubeconfigOut
        let jobs = JobSimulator(store: store, logger: logger)
        let jobTask = Task { try await jobs.run() }
        defer { jobTask.cancel() }
        let cronJobs = CronJobSimulator(store: store, logger: logger)
        let cronJobTask = Task { try await cronJobs.run() }
        defer { cronJobTask.cancel() }
        try await server.run(handleSignals: true) { boundPort in
            let scheme = material == nil ? "http" : "https"
            let url = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)"
            logger.notice("listening", metadata: ["kubesim.url": "\(url)"])
            guard let kubeconfigPath else { return }
            let kubeconfig = Kubeconfig(server: url, token: token, certificateAuthorityPEM: material?.certificateAuthorityPEM)
            do {
                try kubeconfig.yaml.write(toFile: kubeconfigPath, atomically: true, encoding: .utf8)
                logger.notice("kubeconfig written", metadata: ["kubesim.kubeconfig": "\(kubeconfigPath)"])
            } catch {
                logger.error("cannot write kubeconfig", metadata: ["kubesim.kubeconfig": "\(kubeconfigPath)", "error": "\(error)"])
            }
        }
    }
}
