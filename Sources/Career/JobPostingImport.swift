import Core
import Foundation

/// Reads schema.org `JobPosting` JSON — one object, an array, or JSON lines — into
/// opportunities. Each posting is taken or rejected on its own, and the report says which
/// and why; a posting with an `identifier` seen before updates that opportunity.
public struct JobPostingImport: Sendable {
    public struct Report: Sendable, Equatable, Codable {
        public struct Rejection: Sendable, Equatable, Codable {
            /// 1-based: the line for JSON lines, the position for an array.
            public let row: Int
            public let reason: String

            public init(row: Int, reason: String) {
                self.row = row
                self.reason = reason
            }
        }

        public var created = 0
        public var updated = 0
        public var rejected: [Rejection] = []
        public var ids: [UUID] = []

        public init(created: Int = 0, updated: Int = 0, rejected: [Rejection] = [], ids: [UUID] = []) {
            self.created = created
            self.updated = updated
            self.rejected = rejected
            self.ids = ids
        }
    }

    public static let maximumPostings = 5_000
    let service: OpportunityService

    init(service: OpportunityService) { self.service = service }

    func run(_ data: Data, organization: UUID?) async throws -> Report {
        var report = Report()
        let postings = try Self.split(data)
        guard postings.count <= Self.maximumPostings else {
            throw DomainError.invalid(field: "body", reason: "holds \(postings.count) postings; at most \(Self.maximumPostings) per import")
        }
        for (row, posting) in postings {
            do {
                let object = try posting.get()
                var input = try await mapped(object)
                input.organizationId = organization
                if let externalID = input.externalId, let existing = try await service.store.opportunity(externalID: externalID, organization: organization) {
                    report.ids.append(try await service.replace(existing, with: input).id)
                    report.updated += 1
                } else {
                    report.ids.append(try await service.create(input, source: "import").id)
                    report.created += 1
                }
            } catch let error as DomainError {
                report.rejected.append(.init(row: row, reason: error.description))
            }
        }
        return report
    }

    /// The postings of the upload with their row numbers, each parsed or failed on its own.
    static func split(_ data: Data) throws -> [(Int, Result<[String: Any], DomainError>)] {
        guard let text = String(data: data, encoding: .utf8) else { throw DomainError.invalid(field: "body", reason: "is not UTF-8 text") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw DomainError.invalid(field: "body", reason: "is empty; send JobPosting JSON or JSON lines") }
        if let whole = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) {
            if let object = whole as? [String: Any] {
                if let graph = object["@graph"] as? [Any] { return items(graph) }
                return [(1, .success(object))]
            }
            if let array = whole as? [Any] { return items(array) }
            throw DomainError.invalid(field: "body", reason: "must be a JobPosting object, an array of them, or JSON lines")
        }
        var result: [(Int, Result<[String: Any], DomainError>)] = []
        for (index, line) in trimmed.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.trimmingCharacters(in: .whitespaces)
            guard !content.isEmpty else { continue }
            if let object = (try? JSONSerialization.jsonObject(with: Data(content.utf8))) as? [String: Any] {
                result.append((index + 1, .success(object)))
            } else {
                result.append((index + 1, .failure(.invalid(field: "body", reason: "line \(index + 1) is not a JSON object"))))
            }
        }
        return result
    }

    private static func items(_ array: [Any]) -> [(Int, Result<[String: Any], DomainError>)] {
        array.enumerated().map { index, item in
            if let object = item as? [String: Any] { return (index + 1, .success(object)) }
            return (index + 1, .failure(.invalid(field: "body", reason: "item \(index + 1) is not a JSON object")))
        }
    }

    /// A posting's fields as an opportunity input; what is missing or malformed is named.
    func mapped(_ posting: [String: Any]) async throws -> OpportunityInput {
        if let type = posting["@type"] as? String, type != "JobPosting" {
            throw DomainError.invalid(field: "@type", reason: "is \(type), not JobPosting")
        }
        guard let title = Self.string(posting["title"]), !title.isEmpty else { throw DomainError.invalid(field: "title", reason: "is required") }
        let employer = Self.string((posting["hiringOrganization"] as? [String: Any])?["name"]) ?? Self.string(posting["hiringOrganization"])
        guard let employer, !employer.isEmpty else { throw DomainError.invalid(field: "hiringOrganization.name", reason: "is required") }
        guard let rawDescription = Self.string(posting["description"]) else { throw DomainError.invalid(field: "description", reason: "is required") }
        let description = Self.plainText(rawDescription)
        guard !description.isEmpty else { throw DomainError.invalid(field: "description", reason: "is empty") }

        var input = OpportunityInput(title: title, employer: employer, description: description)
        input.location = Self.location(posting["jobLocation"])
        let locationType = (Self.list(posting["jobLocationType"]) ).joined(separator: " ").uppercased()
        input.remote = locationType.contains("TELECOMMUTE")
        input.employmentType = Self.list(posting["employmentType"]).first
        if let salary = posting["baseSalary"] as? [String: Any] {
            let (low, high, currency) = try Self.salary(salary)
            input.salaryMinYearly = low
            input.salaryMaxYearly = high
            input.salaryCurrency = currency
        }
        if let valid = Self.string(posting["validThrough"]) {
            guard let day = Day(String(valid.prefix(10))) else { throw DomainError.invalid(field: "validThrough", reason: "is not a date") }
            input.closesOn = day
        }
        input.externalId = Self.string((posting["identifier"] as? [String: Any])?["value"]) ?? Self.string(posting["identifier"])
        var skills: [OpportunityInput.Skill] = []
        for label in Self.list(posting["skills"]).flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) where !label.isEmpty {
            if let skill = try await service.career.skill(labelled: label) { skills.append(.init(uri: skill.uri, required: true)) }
        }
        input.skills = skills
        return input
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text.trimmingCharacters(in: .whitespacesAndNewlines)
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func list(_ value: Any?) -> [String] {
        if let array = value as? [Any] { return array.compactMap { string($0) ?? string(($0 as? [String: Any])?["name"]) } }
        return string(value).map { [$0] } ?? []
    }

    static func location(_ value: Any?) -> String? {
        let places = (value as? [Any]) ?? (value.map { [$0] } ?? [])
        let names = places.compactMap { place -> String? in
            if let text = place as? String { return text }
            guard let address = (place as? [String: Any])?["address"] else { return nil }
            if let text = address as? String { return text }
            guard let address = address as? [String: Any] else { return nil }
            let parts = ["addressLocality", "addressRegion", "addressCountry"].compactMap { key in
                string(address[key]) ?? string((address[key] as? [String: Any])?["name"])
            }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        return names.isEmpty ? nil : names.joined(separator: "; ")
    }

    /// `MonetaryAmount` with a `QuantitativeValue` per hour, day, week, month or year, as
    /// whole units per year (2,080 working hours, 260 days, 52 weeks).
    static func salary(_ amount: [String: Any]) throws -> (Int?, Int?, String?) {
        let currency = string(amount["currency"])
        let value = amount["value"]
        var low: Double?
        var high: Double?
        var unit = "YEAR"
        if let quantity = value as? [String: Any] {
            low = number(quantity["minValue"]) ?? number(quantity["value"])
            high = number(quantity["maxValue"]) ?? number(quantity["value"])
            unit = string(quantity["unitText"])?.uppercased() ?? unit
        } else if let single = number(value) {
            low = single
            high = single
        }
        let factor: Double = switch unit {
        case "HOUR": 2_080
        case "DAY": 260
        case "WEEK": 52
        case "MONTH": 12
        case "YEAR": 1
        default: throw DomainError.invalid(field: "baseSalary.value.unitText", reason: "'\(unit)' is not HOUR, DAY, WEEK, MONTH or YEAR")
        }
        guard low != nil || high != nil else { throw DomainError.invalid(field: "baseSalary.value", reason: "has no amount") }
        return (low.map { Int(($0 * factor).rounded()) }, high.map { Int(($0 * factor).rounded()) }, currency)
    }

    static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text)
        default: nil
        }
    }

    /// Postings often carry HTML: tags become spaces, common entities their characters.
    static func plainText(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "[ \\t]+", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s*\\n\\s*", with: "\n", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
