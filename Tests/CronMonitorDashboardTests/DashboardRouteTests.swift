import CronMonitorDashboard
import KubernetesRuntime
import Testing

@Suite struct DashboardRouteTests {
    @Test(arguments: [
        ("/", DashboardRoute.overviewPage),
        ("/monitors/ns/name", .monitorPage(ObjectKey(namespace: "ns", name: "name"))),
        ("/assets/style.css", .asset("style.css")),
        ("/api/v1/monitors", .monitorList),
        ("/api/v1/stream", .stream),
        ("/api/v1/namespaces/a-b/monitors/c.d", .monitor(ObjectKey(namespace: "a-b", name: "c.d"))),
        ("/badge/ns/nightly.svg", .badge(ObjectKey(namespace: "ns", name: "nightly"))),
    ])
    func routes(path: String, route: DashboardRoute) {
        #expect(DashboardRoute(path: path) == route)
    }

    @Test(arguments: [
        "", "/index.html", "/monitors/ns", "/monitors/ns/name/x", "/monitors/NS/name", "/monitors/ns/-x", "/assets/x.js",
        "/assets/", "/api/v1/monitors/", "/api/v1/namespaces/ns/monitors", "/api/v1/namespaces/ns/jobs/x",
        "/badge/ns/.svg", "/badge/ns/x.png", "/monitors/ns/%3Cimg%3E", "//", "/api//v1/monitors",
    ])
    func rejects(path: String) {
        #expect(DashboardRoute(path: path) == nil)
    }
}
