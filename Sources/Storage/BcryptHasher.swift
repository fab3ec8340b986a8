import HummingbirdBcrypt
import Identity
import NIOPosix

/// bcrypt for `PasswordHasher`, run on the thread pool: a hash at cost 12 takes a quarter of a
/// second, which must never block an event loop.
public struct BcryptHasher: PasswordHasher {
    public let cost: UInt8

    public init(cost: UInt8) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
