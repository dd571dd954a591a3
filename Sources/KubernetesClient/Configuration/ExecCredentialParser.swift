import Foundation
import KubernetesModel

/// Reads the `ExecCredential` object an exec plugin prints on stdout.
enum ExecCredentialParser {
    enum Outcome: Equatable {
        case credential(ExecCredential)
        /// What is wrong, without any secret.
        case problem(String)
    }

    struct Parsed {
        var outcome: Outcome
        /// Secret strings found in the output, to be hidden from any message (stderr excerpts).
        var secrets: [String]
    }

    static func parse(_ data: Data, expectedAPIVersion: String) -> Parsed {
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return Parsed(outcome: .problem("stdout is not a JSON object"), secrets: [])
        }
        let status = document["status"]
        let token = status?["token"]?.stringValue
        let key = status?["clientKeyData"]?.stringValue
        let secrets = [token, key].compactMap { $0 }
        return Parsed(outcome: outcome(document, expectedAPIVersion: expectedAPIVersion), secrets: secrets)
    }

    private static func outcome(_ document: JSONValue, expectedAPIVersion: String) -> Outcome {
        guard case .object = document else { return .problem("stdout is not a JSON object") }
        guard document["kind"]?.stringValue == "ExecCredential" else {
            return .problem("kind is not 'ExecCredential'")
        }
        let apiVersion = document["apiVersion"]?.stringValue ?? ""
        guard apiVersion == expectedAPIVersion else {
            return .problem("apiVersion '\(apiVersion)' does not match the configured '\(expectedAPIVersion)'")
        }
        guard let status = document["status"], case .object = status else {
            return .problem("status is missing")
        }
        var credential = ExecCredential()
        if let text = status["expirationTimestamp"]?.stringValue {
            guard let date = parseTimestamp(text) else {
                return .problem("status.expirationTimestamp '\(text)' is not an RFC 3339 time")
            }
            credential.expiration = date
        }
        if let token = status["token"]?.stringValue, !token.isEmpty {
            credential.token = token
        }
        let certificate = status["clientCertificateData"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let key = status["clientKeyData"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        switch (certificate, key) {
        case (.some(let certificate), .some(let key)):
            credential.clientCertificatePEM = Data(certificate.utf8)
            credential.clientKeyPEM = Data(key.utf8)
        case (.some, .none):
            return .problem("status.clientCertificateData is set without status.clientKeyData")
        case (.none, .some):
            return .problem("status.clientKeyData is set without status.clientCertificateData")
        case (.none, .none):
            guard credential.token != nil else {
                return .problem("status has neither token nor clientCertificateData/clientKeyData")
            }
        }
        return .credential(credential)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
