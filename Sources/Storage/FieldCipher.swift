import Core
import Crypto
import Foundation

/// Seals personal fields (names, e-mail, phone, free text) with AES-256-GCM and builds the
/// HMAC blind index used to find a row by an exact value without storing it in the clear.
///
/// A sealed value reads `kid:base64(nonce‖ciphertext‖tag)`; the key id is also bound in as
/// authenticated data, so a value cannot be moved under another key. Rotation is adding a key:
/// new values are sealed with the newest key, old ones still open with theirs.
public struct FieldCipher: SecretBox {
    public struct Key: Sendable {
        public let id: String
        public let key: SymmetricKey
        public init(id: String, key: SymmetricKey) {
            self.id = id
            self.key = key
        }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownKey(String)
        case corrupt
        case badKeyList(String)

        public var description: String {
            switch self {
            case .unknownKey(let id): "sealed with key '\(id)', which is not configured"
            case .corrupt: "sealed value is damaged or was sealed under other keys"
            case .badKeyList(let reason): reason
            }
        }
    }

    private let keys: [String: SymmetricKey]
    public let currentKeyID: String
    private let indexKey: SymmetricKey

    /// `dataKeys` in order of age: the last one seals. `hmacKey` is the root of the blind index.
    public init(dataKeys: [Key], hmacKey: SymmetricKey) throws(Failure) {
        guard let current = dataKeys.last else { throw .badKeyList("no data key given") }
        var keys: [String: SymmetricKey] = [:]
        for key in dataKeys {
            guard key.key.bitCount == 256 else { throw .badKeyList("key '\(key.id)' must be 32 bytes") }
            guard keys.updateValue(key.key, forKey: key.id) == nil else { throw .badKeyList("key id '\(key.id)' appears twice") }
        }
        guard hmacKey.bitCount >= 256 else { throw .badKeyList("the HMAC key must be at least 32 bytes") }
        self.keys = keys
        self.currentKeyID = current.id
        self.indexKey = Self.derive(from: hmacKey, purpose: "careerops blind index v1")
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: keys[currentKeyID]!, authenticating: Data(currentKeyID.utf8))
        return currentKeyID + ":" + box.combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard let colon = sealed.firstIndex(of: ":") else { throw Failure.corrupt }
        let keyID = String(sealed[..<colon])
        guard let key = keys[keyID] else { throw Failure.unknownKey(keyID) }
        guard let combined = Data(base64Encoded: String(sealed[sealed.index(after: colon)...])),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key, authenticating: Data(keyID.utf8))
        else { throw Failure.corrupt }
        return String(decoding: plain, as: UTF8.self)
    }

    /// Bytes sealed the same way: the key id, a colon, then the AES-GCM box.
    public func seal(data: Data) throws -> Data {
        let box = try AES.GCM.seal(data, using: keys[currentKeyID]!, authenticating: Data(currentKeyID.utf8))
        return Data((currentKeyID + ":").utf8) + box.combined!
    }

    public func open(data sealed: Data) throws -> Data {
        guard let colon = sealed.firstIndex(of: UInt8(ascii: ":")) else { throw Failure.corrupt }
        let keyID = String(decoding: sealed[sealed.startIndex..<colon], as: UTF8.self)
        guard let key = keys[keyID] else { throw Failure.unknownKey(keyID) }
        guard let box = try? AES.GCM.SealedBox(combined: sealed[sealed.index(after: colon)...]),
              let plain = try? AES.GCM.open(box, using: key, authenticating: Data(keyID.utf8))
        else { throw Failure.corrupt }
        return plain
    }

    public func sealIfPresent(_ plaintext: String?) throws -> String? {
        try plaintext.map(seal)
    }

    /// The blind index of a value: deterministic under one key, meaningless without it.
    public func blindIndex(_ value: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: indexKey)).base64EncodedString()
    }

    /// A key for another purpose, derived from the configured HMAC key with HKDF.
    public static func derive(from root: SymmetricKey, purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: root, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// Reads a key list `id:base64,id:base64` (oldest first), as configured.
    public static func parseKeyList(_ text: String) throws(Failure) -> [Key] {
        var keys: [Key] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty,
                  parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { throw .badKeyList("each entry must read id:base64-key") }
            guard let bytes = Data(base64Encoded: parts[1]), bytes.count == 32 else {
                throw .badKeyList("key '\(parts[0])' must be 32 bytes, base64-encoded")
            }
            keys.append(Key(id: parts[0], key: SymmetricKey(data: bytes)))
        }
        guard !keys.isEmpty else { throw .badKeyList("no key given") }
        return keys
    }

    /// A fresh random key, base64-encoded, for generating development keys.
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
