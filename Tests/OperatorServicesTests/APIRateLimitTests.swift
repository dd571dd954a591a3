import Testing

@testable import OperatorServices

@Suite struct APIRateLimitTests {
    @Test func defaultsAreControllerRuntimesFlagsWithOurValues() throws {
        let limit = try APIRateLimit()
        #expect(limit.qps == 50)
        #expect(limit.burst == 100)
        #expect(!limit.isUnlimited)
    }

    @Test(arguments: [(0.0, 1), (0.01, 1), (2.5, 3), (50, 100), (10_000, 20_000)])
    func accepts(qps: Double, burst: Int) throws {
        let limit = try APIRateLimit(qps: qps, burst: burst)
        #expect(limit.qps == qps)
        #expect(limit.burst == burst)
        #expect(limit.isUnlimited == (qps == 0))
    }

    @Test(arguments: [-1, 0.005, 1e-300, .nan, .infinity, -.infinity] as [Double])
    func rejectsAQPSOutOfRange(qps: Double) {
        #expect {
            try APIRateLimit(qps: qps, burst: 100)
        } throws: { error in
            guard let error = error as? APIRateLimitError, case .qps = error else { return false }
            return error.description.hasPrefix("--kube-api-qps must be 0 (no limit) or")
        }
    }

    @Test(arguments: [0, -1, Int.min])
    func rejectsABurstBelowOne(burst: Int) {
        #expect(throws: APIRateLimitError.burst(burst)) { try APIRateLimit(qps: 50, burst: burst) }
        #expect(APIRateLimitError.burst(burst).description == "--kube-api-burst must be at least 1, got \(burst)")
    }
}
