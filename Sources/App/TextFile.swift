import CompressNIO
import Foundation
import NIOCore

/// Reads a text file shipped or given as `name` or, gzip-compressed, `name.gz`.
enum TextFile {
    enum Failure: Error, CustomStringConvertible {
        case missingFile(String)
        case unreadable(String)

        var description: String {
            switch self {
            case .missingFile(let path): "missing \(path) (or \(path).gz)"
            case .unreadable(let path): "\(path) is not readable UTF-8 text"
            }
        }
    }

    /// The text of `name` or `name.gz` in `directory`.
    static func read(_ name: String, in directory: URL, required: Bool) throws -> String? {
        let plain = directory.appendingPathComponent(name)
        let compressed = directory.appendingPathComponent(name + ".gz")
        if let data = FileManager.default.contents(atPath: plain.path) {
            guard let text = String(data: data, encoding: .utf8) else { throw Failure.unreadable(plain.path) }
            return text
        }
        if let data = FileManager.default.contents(atPath: compressed.path) {
            var buffer = ByteBuffer(bytes: data)
            guard var inflated = try? buffer.decompress(with: .gzip()),
                  let text = inflated.readString(length: inflated.readableBytes)
            else { throw Failure.unreadable(compressed.path) }
            return text
        }
        if required { throw Failure.missingFile(plain.path) }
        return nil
    }
}
