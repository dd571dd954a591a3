internal import CCurl

/// `curl_global_init` runs exactly once per process: Swift initialises a `static let` lazily
/// and thread-safely, before the first transfer is configured.
enum CurlGlobal {
    private static let initResult: CURLcode = ccurl_global_init_default()

    static func ensureInitialized() throws(TransportError) {
        guard initResult == CURLE_OK else {
            throw TransportError(.other, "libcurl global initialisation failed (code \(initResult.rawValue))")
        }
    }
}
