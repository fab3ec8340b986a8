import Core
import Foundation

/// What an imported résumé holds, whatever its format: read from a JSON Resume document or
/// from LinkedIn's data-export CSV files. Reading never invents anything: an empty or broken
/// file is an error that says what is wrong.
public struct ResumeImport: Sendable, Equatable {
    public struct Skill: Sendable, Equatable {
        public var name: String
        public var level: Int
        /// A catalog URI the file names for the skill, if any.
        public var uri: String? = nil
    }

    public var name: String?
    public var headline: String?
    public var summary: String?
    public var location: String?
    public var experiences: [ExperienceInput] = []
    public var educations: [EducationInput] = []
    public var skills: [Skill] = []

    public var isEmpty: Bool {
        headline == nil && summary == nil && location == nil && experiences.isEmpty && educations.isEmpty && skills.isEmpty
    }

    /// The most rows one file (or one list of a JSON Resume) may hold: a real export holds far
    /// fewer, and a compressed file of millions of rows is refused before any of them is read.
    public static let maximumRows = 1_000
    /// The most distinct skills one import brings (each is looked up in the catalog).
    public static let maximumSkills = 500

    /// Each skill once (by name, ignoring case; the highest level kept), within the per-import
    /// limit: what the catalog is asked about.
    mutating func bound() throws(DomainError) {
        var seen: [String: Int] = [:]
        var distinct: [Skill] = []
        for skill in skills {
            let key = skill.name.lowercased()
            if let index = seen[key] {
                distinct[index].level = max(distinct[index].level, skill.level)
                distinct[index].uri = distinct[index].uri ?? skill.uri
            } else {
                seen[key] = distinct.count
                distinct.append(skill)
            }
        }
        guard distinct.count <= Self.maximumSkills else {
            throw .invalid(field: "file", reason: "names \(distinct.count) different skills; at most \(Self.maximumSkills) are imported at once")
        }
        skills = distinct
    }

    // MARK: JSON Resume

    /// A JSON Resume document (jsonresume.org schema 1.0): `basics`, `work`, `education`, `skills`.
    public static func jsonResume(_ data: Data) throws -> ResumeImport {
        guard !data.isEmpty else { throw DomainError.invalid(field: "file", reason: "is empty") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw DomainError.invalid(field: "file", reason: "is not a JSON Resume document (a JSON object with basics, work, education, skills)")
        }
        var resume = ResumeImport()
        if let basics = object["basics"] as? [String: Any] {
            resume.name = text(basics["name"])
            resume.headline = text(basics["label"])
            resume.summary = text(basics["summary"])
            if let location = basics["location"] as? [String: Any] {
                let parts = ["city", "region", "countryCode"].compactMap { text(location[$0]) }
                resume.location = parts.isEmpty ? nil : parts.joined(separator: ", ")
            }
        }
        for (index, item) in try list(object["work"], "work").enumerated() {
            let field = "work[\(index)]."
            guard let position = text(item["position"]) else { throw DomainError.invalid(field: field + "position", reason: "is required") }
            guard let employer = text(item["name"]) ?? text(item["company"]) else { throw DomainError.invalid(field: field + "name", reason: "is required") }
            guard let start = try day(item["startDate"], field + "startDate") else { throw DomainError.invalid(field: field + "startDate", reason: "is required") }
            var description = text(item["summary"])
            let highlights = (item["highlights"] as? [Any] ?? []).compactMap(text)
            if !highlights.isEmpty { description = ([description].compactMap { $0 } + highlights.map { "• " + $0 }).joined(separator: "\n") }
            resume.experiences.append(try ExperienceInput(title: position, employer: employer, startedOn: start, endedOn: try day(item["endDate"], field + "endDate"),
                                                          description: description).validated(field: field))
        }
        for (index, item) in try list(object["education"], "education").enumerated() {
            let field = "education[\(index)]."
            guard let institution = text(item["institution"]) else { throw DomainError.invalid(field: field + "institution", reason: "is required") }
            resume.educations.append(try EducationInput(institution: institution, degree: text(item["studyType"]), fieldOfStudy: text(item["area"]),
                                                        startedOn: try day(item["startDate"], field + "startDate"),
                                                        endedOn: try day(item["endDate"], field + "endDate")).validated(field: field))
        }
        for (index, item) in try list(object["skills"], "skills").enumerated() {
            guard let name = text(item["name"]) else { throw DomainError.invalid(field: "skills[\(index)].name", reason: "is required") }
            resume.skills.append(Skill(name: name, level: level(text(item["level"])), uri: text(item["uri"])))
            for keyword in (item["keywords"] as? [Any] ?? []).compactMap(text) {
                resume.skills.append(Skill(name: keyword, level: level(text(item["level"]))))
            }
        }
        guard !resume.isEmpty else { throw DomainError.invalid(field: "file", reason: "holds no basics, work, education or skills to import") }
        try resume.bound()
        return resume
    }

    /// JSON Resume's free-text levels as 1–5 (unknown words: 3).
    static func level(_ word: String?) -> Int {
        switch word?.lowercased() ?? "" {
        case "beginner", "novice", "basic", "elementary": 1
        case "junior", "familiar": 2
        case "intermediate", "proficient", "": 3
        case "advanced", "senior", "strong": 4
        case "expert", "master", "native": 5
        default: Int(word ?? "").map { min(5, max(1, $0)) } ?? 3
        }
    }

    private static func list(_ value: Any?, _ field: String) throws -> [[String: Any]] {
        guard let value, !(value is NSNull) else { return [] }
        guard let array = value as? [Any] else { throw DomainError.invalid(field: field, reason: "must be a list") }
        guard array.count <= maximumRows else { throw DomainError.invalid(field: field, reason: "holds \(array.count) entries; at most \(maximumRows)") }
        return try array.enumerated().map { index, item in
            guard let object = item as? [String: Any] else { throw DomainError.invalid(field: "\(field)[\(index)]", reason: "must be an object") }
            return object
        }
    }

    static func text(_ value: Any?) -> String? {
        guard let string = value as? String else { return nil }
        let trimmed = string.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func day(_ value: Any?, _ field: String) throws -> Day? {
        guard let text = text(value) else { return nil }
        guard let day = Day(String(text.prefix(10))) else { throw DomainError.invalid(field: field, reason: "'\(text)' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") }
        return day
    }

    // MARK: LinkedIn

    /// LinkedIn's data export: the CSV files by name (`Profile.csv`, `Positions.csv`,
    /// `Education.csv`, `Skills.csv`); at least one must be there.
    public static func linkedIn(files: [String: String]) throws -> ResumeImport {
        let known = ["Profile.csv", "Positions.csv", "Education.csv", "Skills.csv"]
        guard known.contains(where: { files[$0] != nil }) else {
            throw DomainError.invalid(field: "file", reason: "is not a LinkedIn data export: it has none of \(known.joined(separator: ", "))")
        }
        var resume = ResumeImport()
        if let text = files["Profile.csv"] {
            let table = try table(text, file: "Profile.csv", required: "First Name")
            if case .record(let record)? = table.rows.first {
                let name = [table.value("First Name", in: record), table.value("Last Name", in: record)].compactMap { $0 }.joined(separator: " ")
                resume.name = name.isEmpty ? nil : name
                resume.headline = table.value("Headline", in: record)
                resume.summary = table.value("Summary", in: record)
                resume.location = table.value("Geo Location", in: record) ?? table.value("Location", in: record)
            }
        }
        if let text = files["Positions.csv"] {
            let table = try table(text, file: "Positions.csv", required: "Title")
            for record in try records(table, file: "Positions.csv") {
                let field = "Positions.csv line \(record.line): "
                guard let title = table.value("Title", in: record) else { throw DomainError.invalid(field: "file", reason: field + "Title is empty") }
                guard let company = table.value("Company Name", in: record) else { throw DomainError.invalid(field: "file", reason: field + "Company Name is empty") }
                guard let start = try linkedInDay(table.value("Started On", in: record), field + "Started On") else {
                    throw DomainError.invalid(field: "file", reason: field + "Started On is empty")
                }
                resume.experiences.append(try ExperienceInput(
                    title: title, employer: company, startedOn: start, endedOn: try linkedInDay(table.value("Finished On", in: record), field + "Finished On"),
                    description: table.value("Description", in: record)).validated(field: field))
            }
        }
        if let text = files["Education.csv"] {
            let table = try table(text, file: "Education.csv", required: "School Name")
            for record in try records(table, file: "Education.csv") {
                let field = "Education.csv line \(record.line): "
                guard let school = table.value("School Name", in: record) else { throw DomainError.invalid(field: "file", reason: field + "School Name is empty") }
                resume.educations.append(try EducationInput(
                    institution: school, degree: table.value("Degree Name", in: record), fieldOfStudy: table.value("Notes", in: record).map { String($0.prefix(200)) },
                    startedOn: try linkedInDay(table.value("Start Date", in: record), field + "Start Date"),
                    endedOn: try linkedInDay(table.value("End Date", in: record), field + "End Date")).validated(field: field))
            }
        }
        if let text = files["Skills.csv"] {
            let table = try table(text, file: "Skills.csv", required: "Name")
            for record in try records(table, file: "Skills.csv") {
                if let name = table.value("Name", in: record) { resume.skills.append(Skill(name: name, level: 3)) }
            }
        }
        guard !resume.isEmpty else { throw DomainError.invalid(field: "file", reason: "the export's files hold no profile, positions, education or skills") }
        try resume.bound()
        return resume
    }

    /// The table of a LinkedIn CSV, whose header may follow a few lines of notes.
    private static func table(_ text: String, file: String, required column: String) throws -> CSVTable {
        // Counted before anything is parsed: a few kilobytes of ZIP may inflate to millions of lines.
        let newlines = text.utf8.lazy.filter { $0 == UInt8(ascii: "\n") }.count
        guard newlines <= maximumRows + 10 else {
            throw DomainError.invalid(field: "file", reason: "\(file) has \(newlines) lines; at most \(maximumRows) rows are read")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.prefix(10).firstIndex(where: { $0.contains(column) }) else {
            throw DomainError.invalid(field: "file", reason: "\(file) has no \(column) column")
        }
        return CSVTable(lines[start...].joined(separator: "\n"))
    }

    private static func records(_ table: CSVTable, file: String) throws -> [CSVReader.Record] {
        try table.rows.map { row in
            switch row {
            case .record(let record): return record
            case .malformed(let line, let reason): throw DomainError.invalid(field: "file", reason: "\(file) line \(line): \(reason)")
            }
        }
    }

    /// LinkedIn writes "Mar 2019", "2019" or "03/2019" (sometimes a full date).
    static func linkedInDay(_ value: String?, _ field: String) throws -> Day? {
        guard let value, !value.isEmpty else { return nil }
        if let day = Day(value) { return day }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let parts = value.replacingOccurrences(of: "/", with: " ").split(separator: " ")
        if parts.count == 2, let year = Int(parts[1]), year > 1900 {
            if let month = months.firstIndex(of: String(parts[0].prefix(3)).lowercased()) ?? Int(parts[0]).map({ $0 - 1 }), (0..<12).contains(month),
               let day = Day(String(format: "%04d-%02d", year, month + 1)) {
                return day
            }
        }
        throw DomainError.invalid(field: "file", reason: "\(field) '\(value)' is not a date such as Mar 2019")
    }
}
