import Foundation

/// An RFC 4180 CSV reader that keeps the physical line number where each record starts,
/// so that importers can report a bad row by the line a person sees in an editor.
///
/// Fields may be quoted; quoted fields may hold commas, doubled quotes and line breaks.
/// A record whose quote never closes is reported as malformed, not silently merged.
public struct CSVReader: Sequence, Sendable {
    public struct Record: Sendable, Equatable {
        /// 1-based line on which the record starts.
        public let line: Int
        public let fields: [String]
    }

    public enum Row: Sendable, Equatable {
        case record(Record)
        case malformed(line: Int, reason: String)
    }

    private let bytes: [UInt8]

    public init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    public struct Iterator: IteratorProtocol {
        private let bytes: [UInt8]
        private var index = 0
        private var line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        public mutating func next() -> Row? {
            // Skip blank lines between records.
            while index < bytes.count, bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") {
                if bytes[index] == UInt8(ascii: "\n") { line += 1 }
                index += 1
            }
            guard index < bytes.count else { return nil }
            let startLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var fieldWasQuoted = false
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if inQuotes {
                    if byte == UInt8(ascii: "\"") {
                        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if byte == UInt8(ascii: "\n") { line += 1 }
                        field.append(byte)
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    if field.isEmpty && !fieldWasQuoted {
                        inQuotes = true
                        fieldWasQuoted = true
                    } else {
                        field.append(byte)
                    }
                case UInt8(ascii: ","):
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    fieldWasQuoted = false
                case UInt8(ascii: "\r"):
                    continue
                case UInt8(ascii: "\n"):
                    line += 1
                    fields.append(String(decoding: field, as: UTF8.self))
                    return .record(Record(line: startLine, fields: fields))
                default:
                    field.append(byte)
                }
            }
            if inQuotes {
                return .malformed(line: startLine, reason: "a quoted field is never closed")
            }
            fields.append(String(decoding: field, as: UTF8.self))
            return .record(Record(line: startLine, fields: fields))
        }
    }
}

/// A CSV file read by its header: records come back as name → value lookups.
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [CSVReader.Row]
    private let columns: [String: Int]

    /// Reads `text`; the first record is the header.
    public init(_ text: String) {
        var iterator = CSVReader(text).makeIterator()
        var header: [String] = []
        if case .record(let first)? = iterator.next() {
            header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var rows: [CSVReader.Row] = []
        while let row = iterator.next() { rows.append(row) }
        self.header = header
        self.rows = rows
        self.columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func has(column: String) -> Bool { columns[column] != nil }

    /// The value of `column` in `record`, or nil when the column is absent or the cell empty.
    public func value(_ column: String, in record: CSVReader.Record) -> String? {
        guard let index = columns[column], index < record.fields.count else { return nil }
        let value = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
