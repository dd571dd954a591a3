import Foundation
import KubernetesClient
import KubernetesModel
import Testing

@Suite struct KubernetesErrorTests {
    enum Expected: Sendable, Equatable {
        case badRequest, unauthorized, forbidden, notFound, methodNotAllowed, alreadyExists, conflict, gone
        case unsupportedMediaType, invalid, tooManyRequests, serverError, unexpectedStatus
    }

    static func kind(_ error: KubernetesError) -> Expected? {
        switch error {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .alreadyExists: .alreadyExists
        case .conflict: .conflict
        case .gone: .gone
        case .unsupportedMediaType: .unsupportedMediaType
        case .invalid: .invalid
        case .tooManyRequests: .tooManyRequests
        case .serverError: .serverError
        case .unexpectedStatus: .unexpectedStatus
        case .transport, .decoding, .invalidRequest: nil
        }
    }

    /// (HTTP code, body, expected error, retryable, reason)
    static let table: [(Int, String, Expected, Bool, String)] = [
        (400, StatusBodies.badRequest, .badRequest, false, "BadRequest"),
        (401, StatusBodies.unauthorized, .unauthorized, true, "Unauthorized"),
        (403, StatusBodies.forbidden, .forbidden, false, "Forbidden"),
        (404, StatusBodies.notFound, .notFound, false, "NotFound"),
        (405, StatusBodies.methodNotAllowed, .methodNotAllowed, false, "MethodNotAllowed"),
        (409, StatusBodies.alreadyExists, .alreadyExists, false, "AlreadyExists"),
        (409, StatusBodies.conflict, .conflict, true, "Conflict"),
        (409, StatusBodies.preconditionFailed, .conflict, true, "Conflict"),
        (410, StatusBodies.expiredContinue, .gone, true, "Expired"),
        (410, StatusBodies.goneWatch, .gone, true, "Gone"),
        (415, StatusBodies.unsupportedMediaType, .unsupportedMediaType, false, "UnsupportedMediaType"),
        (422, StatusBodies.invalid, .invalid, false, "Invalid"),
        (429, StatusBodies.tooManyRequests, .tooManyRequests, true, "TooManyRequests"),
        (500, StatusBodies.internalError, .serverError, true, "InternalError"),
        (504, StatusBodies.timeout, .serverError, true, "Timeout"),
    ]

    @Test(arguments: table)
    func mapsRealStatusBodies(code: Int, body: String, expected: Expected, retryable: Bool, reason: String) {
        let error = KubernetesError(response: HTTPResponse(status: code, body: Data(body.utf8)))
        #expect(Self.kind(error) == expected)
        #expect(error.isRetryable == retryable)
        #expect(error.code == code)
        #expect(error.status?.reason == reason)
        #expect(error.status?.message?.isEmpty == false)
    }

    @Test func invalidCarriesItsFieldCauses() {
        let error = KubernetesError(response: HTTPResponse(status: 422, body: Data(StatusBodies.invalid.utf8)))
        guard case .invalid(let status, let causes) = error else {
            Issue.record("expected .invalid, got \(error)")
            return
        }
        #expect(causes.map(\.field) == ["spec.historyLimit", "spec"])
        #expect(causes.allSatisfy { $0.reason == "FieldValueInvalid" })
        #expect(status.details?.name == "backup")
    }

    @Test func retryAfterPrefersTheHeaderThenTheDetails() {
        let body = Data(StatusBodies.tooManyRequests.utf8)
        let withHeader = KubernetesError(response: HTTPResponse(status: 429, headers: ["retry-after": "7"], body: body))
        #expect(withHeader.retryAfterSeconds == 7)
        let withoutHeader = KubernetesError(response: HTTPResponse(status: 429, body: body))
        #expect(withoutHeader.retryAfterSeconds == 1)
        let httpDate = KubernetesError(
            response: HTTPResponse(status: 503, headers: ["retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"], body: Data()))
        #expect(httpDate.retryAfterSeconds == nil)
        let serviceUnavailable = KubernetesError(response: HTTPResponse(status: 503, headers: ["retry-after": "3"]))
        #expect(serviceUnavailable.retryAfterSeconds == 3)
    }

    @Test func nonStatusBodiesKeepTheCodeAndText() {
        let error = KubernetesError(response: HTTPResponse(status: 502, body: Data("upstream connect error or disconnect/reset before headers".utf8)))
        guard case .serverError(let status, nil) = error else {
            Issue.record("expected .serverError, got \(error)")
            return
        }
        #expect(status.code == 502)
        #expect(status.message == "upstream connect error or disconnect/reset before headers")
        #expect(error.isRetryable)
        let empty = KubernetesError(response: HTTPResponse(status: 418))
        #expect(Self.kind(empty) == .unexpectedStatus)
        #expect(empty.status?.message == "HTTP 418 without a body")
        #expect(!empty.isRetryable)
    }

    @Test func watchStatusWithoutCodeIsClassifiedByReason() {
        #expect(Self.kind(KubernetesError(status: Status(reason: "Expired"))) == .gone)
        #expect(Self.kind(KubernetesError(status: Status(reason: "Gone"))) == .gone)
        #expect(Self.kind(KubernetesError(status: Status(reason: "Forbidden"))) == .forbidden)
        #expect(Self.kind(KubernetesError(status: Status(reason: "SomethingNew"))) == .serverError)
        #expect(Self.kind(KubernetesError(status: Status(reason: "NotFound", code: 410))) == .gone)
    }

    @Test func transportAndLocalErrors() {
        #expect(KubernetesError.transport(TransportError(.connect, "refused")).isRetryable)
        #expect(!KubernetesError.transport(TransportError(.cancelled, "cancelled")).isRetryable)
        #expect(!KubernetesError.decoding("bad").isRetryable)
        #expect(!KubernetesError.invalidRequest("bad").isRetryable)
        #expect(KubernetesError.decoding("x").status == nil)
        #expect(KubernetesError(response: HTTPResponse(status: 404, body: Data(StatusBodies.notFound.utf8))).description
            == #"API error 404 NotFound: jobs.batch "nightly-28999" not found"#)
    }
}
