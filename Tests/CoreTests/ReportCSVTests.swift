@testable import Analytics
import Core
import Foundation
import Testing

/// CSV downloads open in spreadsheets, which run a cell starting with `=`, `+`, `-` or `@` as a
/// formula: a skill named `=HYPERLINK(…)` would have run in an admin's spreadsheet.
@Suite struct ReportCSVTests {
    @Test func textCellsCannotBeFormulas() {
        for text in ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx"] {
            #expect(ReportCSV.cell(text) == "'" + text, "\(text)")
        }
        #expect(ReportCSV.cell("data analysis") == "data analysis")
        let line = ReportCSV.line([ReportCSV.cell("=1+1"), "-0.25"])
        #expect(line == "'=1+1,-0.25\r\n", "numbers stay numbers")
    }
}
