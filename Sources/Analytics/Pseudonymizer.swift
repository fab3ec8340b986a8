import Crypto
import Foundation

/// Turns a member's id into the pseudonym that analytics stores instead of it.
/// HMAC-SHA256 under a secret key: stable for one member, unlinkable without the key, and
/// unlinked for good when the member's row (and so the mapping) is deleted.
public struct Pseudonymizer: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    public func pseudonym(for memberID: UUID) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(memberID.uuidString.lowercased().utf8), using: key)
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
