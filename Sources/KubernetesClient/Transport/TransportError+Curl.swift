internal import CCurl

extension TransportError {
    /// Classifies a failed transfer. `detail` is libcurl's error buffer (no secrets in it).
    init(curlCode code: CURLcode, detail: String, headReceived: Bool) {
        let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        var kind = Self.kind(of: code, headReceived: headReceived)
        // With TLS 1.3 a refused client certificate surfaces as a failed read after the handshake.
        if kind == .connect, code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR,
            detail.contains("SSL") || detail.contains("alert")
        {
            kind = .tls
        }
        self.init(kind, reason)
    }

    private static func kind(of code: CURLcode, headReceived: Bool) -> Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .connect
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_USE_SSL_FAILED,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_CLIENTCERT:
            return .tls
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
            CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return headReceived ? .bodyTruncated : .connect
        case CURLE_ABORTED_BY_CALLBACK:
            return .cancelled
        default:
            return .other
        }
    }
}
