// swift-tools-version:6.2
import PackageDescription

// The dependency direction between our modules is fixed here (see ../shared/STYLE.md):
// model <- client <- runtime <- controller <- services <- operator (the composition root); CronSchedule depends on nothing of ours.
let package = Package(
    name: "cronmonitor-operator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cronmonitor-operator", targets: ["cronmonitor-operator"]),
        .executable(name: "kubesim", targets: ["kubesim"]),
        .library(name: "KubeSim", targets: ["KubeSim"]),
        .executable(name: "cronmonitor-bench", targets: ["cronmonitor-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.20.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
        // Already in the graph through Hummingbird: the operator's services run as one ServiceGroup.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // C boundary: system libraries with typed static-inline shims.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // Kubernetes API values. No IO.
        .target(name: "KubernetesModel"),

        // Requests, errors, framing, libcurl transport, cluster configuration.
        .target(
            name: "KubernetesClient",
            dependencies: [
                "KubernetesModel",
                "CCurl",
                "CYaml",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Watchers, caches, work queue, event recorder, leader election.
        .target(
            name: "KubernetesRuntime",
            dependencies: [
                "KubernetesModel",
                "KubernetesClient",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The CronMonitor custom resource's Swift types.
        .target(name: "CronMonitorAPI", dependencies: ["KubernetesModel"]),

        // The CronMonitor controller: the pure planner and the reconciler that applies its plans.
        .target(
            name: "CronMonitorController",
            dependencies: ["CronMonitorAPI", "CronSchedule", "KubernetesModel", "KubernetesRuntime"]
        ),

        // Cron expressions with the Kubernetes CronJob controller's semantics.
        .target(name: "CronSchedule"),

        // Self-signed certificate authority for loopback TLS (KubeSim and transport tests).
        .target(
            name: "SelfSignedPKI",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // The Kubernetes API simulator.
        .target(
            name: "KubeSim",
            dependencies: [
                "KubernetesModel",
                "CronSchedule",
                "SelfSignedPKI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test doubles and loopback servers shared by the test targets.
        .target(
            name: "KubernetesTestSupport",
            dependencies: [
                "KubernetesClient",
                "KubernetesModel",
                "SelfSignedPKI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The executable's services: metrics, probes, logging, the instrumented transport.
        .target(
            name: "OperatorServices",
            dependencies: [
                "CronMonitorAPI",
                "CronMonitorController",
                "KubernetesClient",
                "KubernetesModel",
                "KubernetesRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The composition root: the whole operator as one ServiceGroup.
        .target(
            name: "CronMonitorOperator",
            dependencies: [
                "CronMonitorAPI",
                "CronMonitorController",
                "KubernetesClient",
                "KubernetesModel",
                "KubernetesRuntime",
                "OperatorServices",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The read-only web dashboard: pages, JSON API, badges and live updates from the caches.
        .target(
            name: "CronMonitorDashboard",
            dependencies: [
                "CronMonitorAPI",
                "CronMonitorController",
                "CronSchedule",
                "KubernetesModel",
                "KubernetesRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Every asset is compiled into the binary: the dashboard works air-gapped, from one file.
            resources: [
                .embedInCode("Resources/index.html"), .embedInCode("Resources/style.css"),
                .embedInCode("Resources/favicon.svg"), .embedInCode("Resources/app.js"),
                .embedInCode("Resources/common.js"), .embedInCode("Resources/overview.js"),
                .embedInCode("Resources/monitor.js"), .embedInCode("Resources/charts.js"),
            ]
        ),

        .executableTarget(
            name: "cronmonitor-operator",
            dependencies: [
                "CronSchedule",
                "CronMonitorController",
                "CronMonitorDashboard",
                "CronMonitorOperator",
                "KubernetesClient",
                "OperatorServices",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "kubesim",
            dependencies: [
                "KubeSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks for the non-functional targets (release builds only; see Benchmarks.md).
        .executableTarget(
            name: "cronmonitor-bench",
            dependencies: [
                "KubeSim",
                "KubernetesClient",
                "KubernetesModel",
                "KubernetesRuntime",
                "CronMonitorAPI",
                "CronMonitorController",
                "CronMonitorOperator",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "KubernetesModelTests",
            dependencies: ["KubernetesModel"]
        ),
        .testTarget(
            name: "KubernetesClientTests",
            dependencies: ["KubernetesClient", "KubernetesModel", "KubernetesTestSupport"]
        ),
        .testTarget(
            name: "KubernetesRuntimeTests",
            dependencies: ["KubernetesRuntime", "KubernetesModel", "KubernetesClient", "KubernetesTestSupport", "KubeSim"]
        ),
        .testTarget(
            name: "CronMonitorAPITests",
            dependencies: ["CronMonitorAPI", "KubernetesModel", "KubernetesClient"]
        ),
        .testTarget(
            name: "CronMonitorControllerTests",
            dependencies: [
                "CronMonitorController", "CronMonitorAPI", "KubernetesModel", "KubernetesClient", "KubernetesRuntime",
                "KubeSim", "OperatorServices", "CronMonitorOperator", "KubernetesTestSupport", "CronMonitorDashboard",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "OperatorServicesTests",
            dependencies: [
                "OperatorServices",
                "CronMonitorAPI",
                "CronMonitorController",
                "KubernetesClient",
                "KubernetesModel",
                "KubernetesRuntime",
                "KubernetesTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CronMonitorDashboardTests",
            dependencies: [
                "CronMonitorDashboard",
                "CronMonitorAPI",
                "CronMonitorController",
                "KubernetesClient",
                "KubernetesModel",
                "KubernetesRuntime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CronScheduleTests",
            dependencies: ["CronSchedule"]
        ),
        .testTarget(
            name: "SelfSignedPKITests",
            dependencies: [
                "SelfSignedPKI",
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "KubeSimTests",
            dependencies: ["KubeSim", "KubernetesModel", "KubernetesClient"]
        ),
    ]
)

// libFuzzer targets (Fuzz/, README "Fuzzing"), declared only when `make fuzz` sets
// CRONMONITOR_FUZZ=1 and built with sanitizer flags in .build-fuzz: the normal build and
// `swift build --build-tests` never see them.
if Context.environment["CRONMONITOR_FUZZ"] == "1" {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
        .executableTarget(
            name: "fuzz-watch",
            dependencies: ["FuzzSupport", "KubernetesClient", "KubernetesModel"],
            path: "Fuzz/fuzz-watch"
        ),
        .executableTarget(
            name: "fuzz-kubeconfig",
            dependencies: ["FuzzSupport", "KubernetesClient", "KubernetesModel"],
            path: "Fuzz/fuzz-kubeconfig"
        ),
        .executableTarget(name: "fuzz-cron", dependencies: ["FuzzSupport", "CronSchedule"], path: "Fuzz/fuzz-cron"),
        .executableTarget(
            name: "fuzz-patch",
            dependencies: ["FuzzSupport", "KubeSim", "KubernetesModel"],
            path: "Fuzz/fuzz-patch"
        ),
        .executableTarget(
            name: "fuzz-projection",
            dependencies: ["FuzzSupport", "CronMonitorController", "KubernetesModel"],
            path: "Fuzz/fuzz-projection"
        ),
    ]
}
