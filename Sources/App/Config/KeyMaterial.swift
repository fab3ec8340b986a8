import Crypto
import Foundation
import Storage

/// The secrets behind sealed fields, blind indexes and analytics pseudonyms, resolved from the
/// configuration. In development the first start writes fresh keys to `data/keys.env` (mode
/// 0600) and later starts read them back, so sealed data stays readable across restarts.
struct KeyMaterial: Sendable {
    let cipher: FieldCipher
    let pseudonymKey: SymmetricKey

    static func resolve(_ source: AppConfig.KeySource) throws -> KeyMaterial {
        switch source {
        case .configured(let dataKeys, let hmacKey):
            return try make(dataKeys: dataKeys, hmacKey: hmacKey)
        case .generatedFile(let path):
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let contents = """
                    # Development keys, generated on first start. Never use them in production.
                    CAREEROPS_DATA_KEYS=dev1:\(FieldCipher.generateKey())
                    CAREEROPS_HMAC_KEY=\(FieldCipher.generateKey())

                    """
                guard FileManager.default.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw ConfigError("CAREEROPS_DATA_DIR", "cannot write the development key file \(path)")
                }
            }
            var values: [String: String] = [:]
            for line in try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { values[parts[0]] = parts[1] }
            }
            guard case .configured(let dataKeys, let hmacKey) = try AppConfig.parseKeys(values, production: true, dataDirectory: "") else {
                throw ConfigError("CAREEROPS_DATA_KEYS", "the key file \(path) is unreadable")
            }
            return try make(dataKeys: dataKeys, hmacKey: hmacKey)
        }
    }

    private static func make(dataKeys: [FieldCipher.Key], hmacKey: Data) throws -> KeyMaterial {
        let root = SymmetricKey(data: hmacKey)
        return KeyMaterial(
            cipher: try FieldCipher(dataKeys: dataKeys, hmacKey: root),
            pseudonymKey: FieldCipher.derive(from: root, purpose: "careerops analytics pseudonym v1")
        )
    }
}
