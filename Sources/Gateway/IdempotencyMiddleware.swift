import Core
import Crypto
import Foundation
import HTTPEdge
import HTTPTypes
import Hummingbird

/// `Idempotency-Key` on POST: the first request with a key runs and its answer is kept for a
/// day; a retry with the same key and the same request gets that answer again (marked
/// `Idempotent-Replayed: true`) instead of doing the work twice. The same key with a different
/// request is refused (422); a retry while the first is still running gets 409. Keys belong to
/// the caller, so nobody can replay someone else's answer. Unexpected failures release the key.
public struct IdempotencyMiddleware<Context: EdgeContext>: RouterMiddleware {
    let store: any IdempotencyStore
    let clock: any WallClock

    public init(store: any IdempotencyStore, clock: any WallClock) {
        self.store = store
        self.clock = clock
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else { return try await next(request, context) }
        // Checked for every caller; kept and replayed for signed-in ones (keys are per caller).
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw DomainError.invalid(field: "Idempotency-Key", reason: "must be 1 to 200 visible ASCII characters")
        }
        guard let owner = context.principal?.userID else { return try await next(request, context) }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        var hash = SHA256()
        hash.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hash.update(data: Data(body.readableBytesView))
        let fingerprint = hash.finalize().map { String(format: "%02x", $0) }.joined()

        if let record = try await store.claim(owner: owner, key: key, fingerprint: fingerprint, at: clock.now()) {
            guard record.fingerprint == fingerprint else {
                throw DomainError.invalid(field: "Idempotency-Key", reason: "was used for a different request")
            }
            guard let stored = record.response else { throw DomainError.conflict("a request with this Idempotency-Key is still running") }
            var headers: HTTPFields = [.idempotentReplayed: "true"]
            if let type = stored.contentType { headers[.contentType] = type }
            return Response(status: .init(code: stored.status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: stored.body)))
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.release(owner: owner, key: key)
            throw error
        }
        guard response.status.code < 500 else {
            try? await store.release(owner: owner, key: key)
            return response
        }
        let collector = BodyCollector()
        var kept = response
        try await response.body.write(collector)
        kept.body = .init(byteBuffer: collector.buffer)
        try await store.complete(owner: owner, key: key, response: StoredResponse(
            status: response.status.code, contentType: response.headers[.contentType], body: Data(collector.buffer.readableBytesView)))
        return kept
    }
}

/// Gathers a response body so that it can be kept and sent.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}
