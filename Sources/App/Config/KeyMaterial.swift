import Crypto
import Foundation
import Identity
import Storage

/// The secrets behind sealed fields, blind indexes and analytics pseudonyms, resolved from the
/// configuration. In development the first start writes fresh keys to `data/keys.env` (mode
/// 0600) and later starts read them back, so sealed data stays readable across restarts.
public struct KeyMaterial: Sendable {
    let cipher: FieldCipher
    let pseudonymKey: SymmetricKey
    let jwtKeys: [TokenIssuer.SigningKey]

    /// A new set of keys as environment lines (`careerops keys` prints them for production).
    public static func fresh(id: String) -> String {
        """
        CAREEROPS_DATA_KEYS=\(id):\(FieldCipher.generateKey())
        CAREEROPS_HMAC_KEY=\(FieldCipher.generateKey())
        CAREEROPS_JWT_KEYS=\(id):\(TokenIssuer.generateKey())

        """
    }

    static func resolve(_ source: AppConfig.KeySource) throws -> KeyMaterial {
        switch source {
        case .configured(let dataKeys, let hmacKey, let jwtKeys):
            return try make(dataKeys: dataKeys, hmacKey: hmacKey, jwtKeys: jwtKeys)
        case .generatedFile(let path):
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let contents = "# Development keys, generated on first start. Never use them in production.\n" + fresh(id: "dev1")
                guard FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw ConfigError("CAREEROPS_DATA_DIR", "cannot write the development key file \(path)")
                }
            }
            var values = try read(path)
            if values["CAREEROPS_JWT_KEYS"] == nil {
                // A key file from before token signing existed: add a signing key to it.
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("CAREEROPS_JWT_KEYS=dev1:\(TokenIssuer.generateKey())\n".utf8))
                try handle.close()
                values = try read(path)
            }
            guard case .configured(let dataKeys, let hmacKey, let jwtKeys) = try AppConfig.parseKeys(values, production: true, dataDirectory: "") else {
                throw ConfigError("CAREEROPS_DATA_KEYS", "the key file \(path) is unreadable")
            }
            return try make(dataKeys: dataKeys, hmacKey: hmacKey, jwtKeys: jwtKeys)
        }
    }

    private static func read(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    private static func make(dataKeys: [FieldCipher.Key], hmacKey: Data, jwtKeys: [TokenIssuer.SigningKey]) throws -> KeyMaterial {
        let root = SymmetricKey(data: hmacKey)
        return KeyMaterial(
            cipher: try FieldCipher(dataKeys: dataKeys, hmacKey: root),
            pseudonymKey: FieldCipher.derive(from: root, purpose: "careerops analytics pseudonym v1"),
            jwtKeys: jwtKeys
        )
    }
}
