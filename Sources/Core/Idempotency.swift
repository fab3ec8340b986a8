import Foundation

/// A response kept for replay under an `Idempotency-Key`.
public struct StoredResponse: Sendable, Equatable {
    public let status: Int
    public let contentType: String?
    public let body: Data

    public init(status: Int, contentType: String?, body: Data) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What was already there when a key was claimed: the request's fingerprint, and its response
/// once the first request finished.
public struct IdempotencyRecord: Sendable, Equatable {
    public let fingerprint: String
    public let response: StoredResponse?

    public init(fingerprint: String, response: StoredResponse?) {
        self.fingerprint = fingerprint
        self.response = response
    }
}

/// Keys of idempotent POSTs, per caller, kept for a day; Storage implements it.
public protocol IdempotencyStore: Sendable {
    /// Claims `key` for a request; nil when the claim is new, else what the key already holds.
    func claim(owner: UUID, key: String, fingerprint: String, at: Date) async throws -> IdempotencyRecord?
    func complete(owner: UUID, key: String, response: StoredResponse) async throws
    /// Gives the key up (the request failed unexpectedly), so that a retry runs again.
    func release(owner: UUID, key: String) async throws
    /// Forgets keys claimed before `date`; answers how many.
    func purge(before date: Date) async throws -> Int
}
