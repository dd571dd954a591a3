import Foundation
import KubernetesModel

extension KubernetesClient {
    /// The most of an error body read when a watch is refused.
    static let maxErrorBodyBytes = 1 << 20

    /// Opens a watch. Returns once the server answered with a success status; a refusal (e.g.
    /// 410 for a too-old resourceVersion, 403) is thrown as its `KubernetesError`.
    public func watch<T: KubernetesResource & Decodable>(
        _ type: T.Type, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) async throws(KubernetesError) -> WatchEventStream<T> {
        try await watch(resource: T.resource, namespace: namespace, options: options, as: T.self)
    }

    public func watch<T: Decodable>(
        resource: ResourceDescriptor, namespace: String?, options: WatchOptions = WatchOptions(), as type: T.Type
    ) async throws(KubernetesError) -> WatchEventStream<T> {
        WatchEventStream(body: try await openWatch(resource: resource, namespace: namespace, options: options))
    }

    /// Opens a watch whose lines are read undecoded (see `WatchLineStream`).
    public func watchLines(
        resource: ResourceDescriptor, namespace: String?, options: WatchOptions = WatchOptions()
    ) async throws(KubernetesError) -> WatchLineStream {
        WatchLineStream(body: try await openWatch(resource: resource, namespace: namespace, options: options))
    }

    private func openWatch(
        resource: ResourceDescriptor, namespace: String?, options: WatchOptions
    ) async throws(KubernetesError) -> HTTPBodyStream {
        let request = try APIRequest.watch(resource, namespace: namespace, options: options)
        let response: HTTPStreamingResponse
        do {
            response = try await transport.stream(request)
        } catch {
            throw .transport(error)
        }
        guard (200..<300).contains(response.status) else {
            let body = try await Self.collect(response.body, limit: Self.maxErrorBodyBytes)
            throw KubernetesError(response: HTTPResponse(status: response.status, headers: response.headers, body: body))
        }
        return response.body
    }

    /// Reads a (short) streamed body whole, up to `limit` bytes.
    static func collect(_ body: HTTPBodyStream, limit: Int) async throws(KubernetesError) -> Data {
        var data = Data()
        do {
            for try await chunk in body {
                data.append(contentsOf: chunk.prefix(limit - data.count))
                if data.count >= limit { break }
            }
        } catch let error as TransportError {
            throw .transport(error)
        } catch {
            throw .transport(TransportError(.other, "reading error body: \(error)"))
        }
        return data
    }
}
