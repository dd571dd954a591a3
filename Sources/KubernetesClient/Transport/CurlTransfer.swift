internal import CCurl
import Foundation

/// One easy handle and the state of its response. Lives on the curl thread only (not Sendable);
/// libcurl's callbacks reach it through an unretained pointer while the loop holds it.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let sink: any TransferSink
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var status = 0
    private var headers: [String: String] = [:]
    private(set) var headDelivered = false

    init(spec: CurlTransferSpec, share: UnsafeMutableRawPointer?, sink: any TransferSink) throws(TransportError) {
        guard let handle = curl_easy_init() else {
            throw TransportError(.other, "curl_easy_init failed")
        }
        self.handle = handle
        self.sink = sink
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
        try configure(spec, share: share)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    /// The detail libcurl wrote for the last failure (host names and TLS reasons, never secrets).
    var errorDetail: String {
        String(cString: errorBuffer)
    }

    // MARK: callbacks (curl thread)

    func handleHeaderLine(_ line: UnsafeRawBufferPointer) {
        guard !headDelivered else { return }  // trailers
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = [:]
        } else if text.isEmpty {
            if status >= 200 { deliverHead() }
        } else if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].lowercased()
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let existing = headers[name] {
                headers[name] = existing + ", " + value
            } else {
                headers[name] = value
            }
        }
    }

    func handleBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if !headDelivered { deliverHead() }
        switch sink.receiveBody(bytes) {
        case .accepted: return bytes.count
        case .pause: return ccurl_writefunc_pause()
        case .abort: return 0
        }
    }

    /// Delivers the head now if the response had no body (or no final blank header line).
    func deliverHead() {
        guard !headDelivered else { return }
        headDelivered = true
        if status == 0 {
            var code = 0
            _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
            status = code
        }
        sink.receiveHead(ResponseHead(status: status, headers: headers))
    }

    // MARK: configuration

    private func configure(_ spec: CurlTransferSpec, share: UnsafeMutableRawPointer?) throws(TransportError) {
        try check(ccurl_easy_setopt_string(handle, CURLOPT_URL, spec.url), "URL")
        try check(ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS_STR")
        try check(ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
        try check(ccurl_easy_setopt_string(handle, CURLOPT_USERAGENT, spec.userAgent), "USERAGENT")
        try check(ccurl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""), "ACCEPT_ENCODING")
        try check(ccurl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1), "TCP_KEEPALIVE")
        try check(
            ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, spec.connectTimeoutMilliseconds),
            "CONNECTTIMEOUT_MS")
        if let total = spec.totalTimeoutMilliseconds {
            try check(ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, total), "TIMEOUT_MS")
        }
        if spec.isStreaming {
            try check(ccurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)), "HTTP_VERSION")
        }
        if let idle = spec.idleTimeoutSeconds {
            // Below 1 byte/s for `idle` seconds: the connection is dead (CURLE_OPERATION_TIMEDOUT).
            try check(ccurl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1), "LOW_SPEED_LIMIT")
            try check(ccurl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, idle), "LOW_SPEED_TIME")
        }
        if let share {
            try check(ccurl_easy_setopt_share(handle, share), "SHARE")
        }
        try configureMethod(spec)
        try configureHeaders(spec)
        try configureTLS(spec)
        try configureCallbacks()
    }

    private func configureMethod(_ spec: CurlTransferSpec) throws(TransportError) {
        switch spec.method {
        case .get:
            try check(ccurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "HTTPGET")
        case .post, .put, .patch, .delete:
            try check(ccurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, spec.method.rawValue), "CUSTOMREQUEST")
        }
        guard spec.body != nil || spec.method == .post else { return }
        let body = spec.body ?? Data()
        try check(ccurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "POSTFIELDSIZE")
        let code = body.isEmpty
            ? ccurl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, "")
            : body.withUnsafeBytes { bytes in
                ccurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        try check(code, "COPYPOSTFIELDS")
    }

    private func configureHeaders(_ spec: CurlTransferSpec) throws(TransportError) {
        // An empty `Expect:` stops curl from waiting for `100 Continue` before sending large bodies.
        for line in spec.headerLines + ["Expect:"] {
            guard let appended = curl_slist_append(headerList, line) else {
                throw TransportError(.other, "could not build the request header list")
            }
            headerList = appended
        }
        try check(ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "HTTPHEADER")
    }

    private func configureTLS(_ spec: CurlTransferSpec) throws(TransportError) {
        let verify = !spec.tls.insecureSkipVerify
        try check(ccurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, verify ? 1 : 0), "SSL_VERIFYPEER")
        try check(ccurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, verify ? 2 : 0), "SSL_VERIFYHOST")
        if let authority = spec.tls.certificateAuthorityPEM {
            try setBlob(CURLOPT_CAINFO_BLOB, authority, "CAINFO_BLOB")
        }
        if let certificate = spec.clientCertificatePEM {
            try check(ccurl_easy_setopt_string(handle, CURLOPT_SSLCERTTYPE, "PEM"), "SSLCERTTYPE")
            try setBlob(CURLOPT_SSLCERT_BLOB, certificate, "SSLCERT_BLOB")
        }
        if let key = spec.clientKeyPEM {
            try check(ccurl_easy_setopt_string(handle, CURLOPT_SSLKEYTYPE, "PEM"), "SSLKEYTYPE")
            try setBlob(CURLOPT_SSLKEY_BLOB, key, "SSLKEY_BLOB")
        }
        if let connectTo = spec.connectTo {
            connectToList = curl_slist_append(nil, connectTo)
            try check(ccurl_easy_setopt_slist(handle, CURLOPT_CONNECT_TO, connectToList), "CONNECT_TO")
        }
    }

    private func setBlob(_ option: CURLoption, _ data: Data, _ name: String) throws(TransportError) {
        let code = data.withUnsafeBytes { bytes in
            ccurl_easy_setopt_blob(handle, option, bytes.baseAddress, bytes.count)
        }
        try check(code, name)
    }

    private func configureCallbacks() throws(TransportError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context), "HEADERDATA")
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try check(
            ccurl_easy_setopt_header_callback(handle) { buffer, size, count, context in
                let length = size * count
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                transfer.handleHeaderLine(UnsafeRawBufferPointer(start: buffer, count: length))
                return length
            }, "HEADERFUNCTION")
        try check(
            ccurl_easy_setopt_write_callback(handle) { buffer, size, count, context in
                guard let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.handleBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
            }, "WRITEFUNCTION")
    }

    private func check(_ code: CURLcode, _ option: String) throws(TransportError) {
        guard code == CURLE_OK else {
            let reason = String(cString: curl_easy_strerror(code))
            throw TransportError(.other, "libcurl rejected option \(option): \(reason)")
        }
    }
}
