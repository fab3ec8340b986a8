import CompressNIO
import Core
import Foundation
import NIOCore

/// Reads the files of a ZIP archive held in memory: stored and deflated entries, sizes
/// checked against the directory before and after inflating, so a crafted archive is an
/// error rather than a hang or a memory blow-up. (ZIP64 and encryption are refused.)
struct ZipReader {
    static let maximumEntrySize = 5 << 20

    let data: Data

    /// The entries whose file names (without folders) are in `names`, by that name.
    func files(named names: Set<String>) throws -> [String: Data] {
        let directory = try centralDirectory()
        var result: [String: Data] = [:]
        var offset = directory.offset
        for _ in 0..<directory.count {
            guard u32(offset) == 0x0201_4b50 else { throw Self.broken("its central directory is damaged") }
            let flags = u16(offset + 8)
            let method = u16(offset + 10)
            let compressedSize = Int(u32(offset + 20))
            let size = Int(u32(offset + 24))
            let nameLength = Int(u16(offset + 28))
            let extraLength = Int(u16(offset + 30))
            let commentLength = Int(u16(offset + 32))
            let localOffset = Int(u32(offset + 42))
            try check(offset + 46, nameLength)
            let path = String(decoding: data[(data.startIndex + offset + 46)..<(data.startIndex + offset + 46 + nameLength)], as: UTF8.self)
            offset += 46 + nameLength + extraLength + commentLength
            let name = String(path.split(separator: "/").last ?? "")
            guard names.contains(name), result[name] == nil, !path.hasPrefix("__MACOSX") else { continue }
            guard flags & 1 == 0 else { throw Self.broken("\(name) is encrypted") }
            guard size <= Self.maximumEntrySize, compressedSize <= data.count else { throw Self.broken("\(name) is larger than 5 MB") }
            guard u32(localOffset) == 0x0403_4b50 else { throw Self.broken("the entry for \(name) is damaged") }
            let start = localOffset + 30 + Int(u16(localOffset + 26)) + Int(u16(localOffset + 28))
            try check(start, compressedSize)
            let stored = data[(data.startIndex + start)..<(data.startIndex + start + compressedSize)]
            switch method {
            case 0:
                guard compressedSize == size else { throw Self.broken("\(name) has inconsistent sizes") }
                result[name] = Data(stored)
            case 8:
                var buffer = ByteBuffer(bytes: stored)
                let inflated: ByteBuffer
                do {
                    inflated = try buffer.decompress(with: .deflate(), maxSize: max(size, 1))
                } catch {
                    throw Self.broken("\(name) does not inflate")
                }
                guard inflated.readableBytes == size else { throw Self.broken("\(name) inflates to the wrong size") }
                result[name] = Data(inflated.readableBytesView)
            default:
                throw Self.broken("\(name) uses compression method \(method); only stored and deflate are read")
            }
        }
        return result
    }

    /// Where the central directory starts and how many entries it lists, from the end record.
    private func centralDirectory() throws -> (offset: Int, count: Int) {
        guard data.count >= 22 else { throw Self.broken("it is too short to be a ZIP file") }
        var position = data.count - 22
        let lowest = max(0, data.count - 22 - 65_535)
        while position >= lowest {
            if u32(position) == 0x0605_4b50 {
                let count = Int(u16(position + 10))
                let size = Int(u32(position + 12))
                let offset = Int(u32(position + 16))
                guard count != 0xFFFF, offset != 0xFFFF_FFFF else { throw Self.broken("ZIP64 archives are not read") }
                try check(offset, size)
                return (offset, count)
            }
            position -= 1
        }
        throw Self.broken("it is not a ZIP file")
    }

    private func check(_ offset: Int, _ length: Int) throws {
        guard offset >= 0, length >= 0, offset + length <= data.count else { throw Self.broken("it is truncated") }
    }

    private func u16(_ offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= data.count else { return 0 }
        let base = data.startIndex + offset
        return UInt16(data[base]) | UInt16(data[base + 1]) << 8
    }

    private func u32(_ offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= data.count else { return 0 }
        let base = data.startIndex + offset
        return UInt32(data[base]) | UInt32(data[base + 1]) << 8 | UInt32(data[base + 2]) << 16 | UInt32(data[base + 3]) << 24
    }

    static func broken(_ reason: String) -> DomainError {
        .invalid(field: "file", reason: "the upload is not a readable ZIP archive: \(reason)")
    }
}
