/// A file of the front end, compiled into the binary (`Resources/`, embedded by SwiftPM): the
/// dashboard needs nothing from the network or the file system.
public struct Asset: Sendable {
    public var bytes: [UInt8]
    public var contentType: String

    /// The pages.
    static let overviewPage = Asset(bytes: PackageResources.index_html, contentType: "text/html; charset=utf-8")
    static let monitorPage = Asset(bytes: PackageResources.monitor_html, contentType: "text/html; charset=utf-8")

    /// The files under `/assets/`.
    static let files: [String: Asset] = [
        "style.css": Asset(bytes: PackageResources.style_css, contentType: "text/css; charset=utf-8"),
        "common.js": Asset(bytes: PackageResources.common_js, contentType: "text/javascript; charset=utf-8"),
        "overview.js": Asset(bytes: PackageResources.overview_js, contentType: "text/javascript; charset=utf-8"),
        "monitor.js": Asset(bytes: PackageResources.monitor_js, contentType: "text/javascript; charset=utf-8"),
        "charts.js": Asset(bytes: PackageResources.charts_js, contentType: "text/javascript; charset=utf-8"),
        "favicon.svg": Asset(bytes: PackageResources.favicon_svg, contentType: "image/svg+xml"),
    ]

    /// The asset served at `/assets/<name>`, if any.
    public static func named(_ name: String) -> Asset? { files[name] }

    /// Bytes of a page with every asset it loads (the size of a first visit before compression).
    public static var pageWeight: (overview: Int, monitor: Int) {
        let shared = ["style.css", "common.js", "favicon.svg"].reduce(0) { $0 + (files[$1]?.bytes.count ?? 0) }
        let overview = overviewPage.bytes.count + shared + (files["overview.js"]?.bytes.count ?? 0)
        let monitor = monitorPage.bytes.count + shared + ["monitor.js", "charts.js"].reduce(0) { $0 + (files[$1]?.bytes.count ?? 0) }
        return (overview, monitor)
    }
}
