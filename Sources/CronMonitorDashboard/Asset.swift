/// A file of the front end, compiled into the binary (`Resources/`, embedded by SwiftPM): the
/// dashboard needs nothing from the network or the file system.
public struct Asset: Sendable {
    public var bytes: [UInt8]
    public var contentType: String

    /// The page shell of every page (its script draws the page the path names).
    static let page = Asset(bytes: PackageResources.index_html, contentType: "text/html; charset=utf-8")

    /// The files under `/assets/`.
    static let files: [String: Asset] = [
        "style.css": Asset(bytes: PackageResources.style_css, contentType: "text/css; charset=utf-8"),
        "app.js": Asset(bytes: PackageResources.app_js, contentType: "text/javascript; charset=utf-8"),
        "common.js": Asset(bytes: PackageResources.common_js, contentType: "text/javascript; charset=utf-8"),
        "overview.js": Asset(bytes: PackageResources.overview_js, contentType: "text/javascript; charset=utf-8"),
        "monitor.js": Asset(bytes: PackageResources.monitor_js, contentType: "text/javascript; charset=utf-8"),
        "charts.js": Asset(bytes: PackageResources.charts_js, contentType: "text/javascript; charset=utf-8"),
        "favicon.svg": Asset(bytes: PackageResources.favicon_svg, contentType: "image/svg+xml"),
    ]

    /// The asset served at `/assets/<name>`, if any.
    public static func named(_ name: String) -> Asset? { files[name] }

    /// Bytes of a first visit: the page and every asset it loads, before compression.
    public static var pageWeight: Int {
        files.values.reduce(page.bytes.count) { $0 + $1.bytes.count }
    }
}
