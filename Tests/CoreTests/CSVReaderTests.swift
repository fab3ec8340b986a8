@testable import Core
import Testing

@Suite struct CSVReaderTests {
    @Test func readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        let rows = Array(CSVReader("a,b,c\n1,\"x, \"\"y\"\"\",\"line1\nline2\"\n2,,z\n"))
        #expect(rows == [
            .record(.init(line: 1, fields: ["a", "b", "c"])),
            .record(.init(line: 2, fields: ["1", "x, \"y\"", "line1\nline2"])),
            .record(.init(line: 4, fields: ["2", "", "z"])),
        ])
    }

    @Test func reportsAnUnclosedQuoteAtTheLineWhereTheRecordStarts() {
        let rows = Array(CSVReader("a,b\n1,2\n3,\"never closed\n4,5\n"))
        #expect(rows.last == .malformed(line: 3, reason: "a quoted field is never closed"))
    }

    @Test func handlesCRLFAndAByteOrderMark() {
        let rows = Array(CSVReader("\u{FEFF}a,b\r\n1,2\r\n"))
        #expect(rows == [.record(.init(line: 1, fields: ["a", "b"])), .record(.init(line: 2, fields: ["1", "2"]))])
    }

    @Test func looksUpValuesByHeaderName() throws {
        let table = CSVTable("name,uri\n  spaced  ,http://x\n,http://y\n")
        guard case .record(let first) = table.rows[0], case .record(let second) = table.rows[1] else {
            Issue.record("expected records")
            return
        }
        #expect(table.value("name", in: first) == "spaced")
        #expect(table.value("name", in: second) == nil)
        #expect(table.value("missing", in: first) == nil)
    }
}
