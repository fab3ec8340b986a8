import Crypto
import Foundation

/// Turns a member's id into the pseudonym that analytics stores instead of it: HMAC-SHA256
/// under a platform secret of the id and a random per-member salt. The salt lives in a row that
/// goes with the account, so once the account is deleted nobody (not even with the key) can tell
/// which events were that member's: the pseudonym is unlinked for good.
public struct Pseudonymizer: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    public func pseudonym(for memberID: UUID, salt: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data((memberID.uuidString.lowercased() + ":" + salt).utf8), using: key)
        return mac.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// A new member's salt: 128 random bits as hex.
    public static func newSalt() -> String {
        SymmetricKey(size: .bits128).withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }
}
