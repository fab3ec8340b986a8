import Crypto
import Foundation

/// Opaque bearer secrets (refresh tokens, session cookies, mail links, personal tokens): 32
/// random bytes, base64url. Only their SHA-256 is stored, so a database leak yields nothing usable.
public enum SecretToken {
    public static func generate(prefix: String = "") -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix + base64URL(bytes)
    }

    public static func hash(_ token: String) -> String {
        base64URL(Data(SHA256.hash(data: Data(token.utf8))))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
