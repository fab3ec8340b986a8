import Foundation

/// The event types the platform accepts, each with the properties it may carry. Properties are
/// closed (enumerations, bounded numbers, ids, site paths), never free text, so an event cannot
/// carry personal data by accident.
public enum EventCatalog {
    public enum Rule: Sendable, Equatable {
        /// A path on this site: "/", letters, digits, "-", "_", "/" (at most 100 characters).
        case path
        case oneOf(Set<String>)
        case integer(ClosedRange<Int>)
        case boolean
        case uuid

        func check(_ value: EventValue) -> String? {
            switch (self, value) {
            case (.path, .text(let text)):
                let allowed = text.hasPrefix("/") && text.count <= 100
                    && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/-_".unicodeScalars.contains($0) }
                return allowed ? nil : "must be a path on this site such as /dashboard"
            case (.oneOf(let choices), .text(let text)):
                return choices.contains(text) ? nil : "must be one of \(choices.sorted().joined(separator: ", "))"
            case (.integer(let range), .number(let number)):
                return number == number.rounded() && range.contains(Int(exactly: number) ?? Int.min) ? nil
                    : "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
            case (.boolean, .flag):
                return nil
            case (.uuid, .text(let text)):
                return UUID(uuidString: text) != nil ? nil : "must be an id"
            default:
                return "has the wrong type"
            }
        }
    }

    static let pages: Rule = .path
    static let surfaces: Rule = .oneOf(["web", "api", "graphql", "mobile"])

    /// Every accepted type and its properties (all optional).
    public static let types: [String: [String: Rule]] = [
        "session_started": ["surface": surfaces],
        "page_viewed": ["page": pages, "duration_ms": .integer(0...86_400_000)],
        "signed_up": [:],
        "signed_in": ["method": .oneOf(["password", "sso", "token"])],
        "profile_updated": ["section": .oneOf(["headline", "summary", "experience", "education", "preferences", "visibility"])],
        "skill_added": ["level": .integer(1...5), "custom": .boolean],
        "skill_updated": ["level": .integer(1...5)],
        "skill_endorsed": ["level": .integer(1...5)],
        "goal_created": ["kind": .oneOf(["role", "skill", "text"])],
        "goal_completed": ["kind": .oneOf(["role", "skill", "text"])],
        "plan_generated": ["actions": .integer(0...500), "regenerated": .boolean],
        "plan_action_done": ["kind": .oneOf(["learn", "practise", "get_endorsed", "apply", "network"])],
        "resource_viewed": ["resource_id": .uuid],
        "resource_completed": ["resource_id": .uuid],
        "resource_rated": ["resource_id": .uuid, "rating": .integer(1...5)],
        "opportunity_viewed": ["opportunity_id": .uuid, "score": .integer(0...100)],
        "job_analyzed": ["words": .integer(0...20_000), "skills": .integer(0...500)],
        "search_performed": ["scope": .oneOf(["skills", "opportunities", "learning"]), "results": .integer(0...10_000)],
        "recommendation_clicked": ["resource_id": .uuid, "rank": .integer(1...50)],
    ]

    /// Why the properties do not fit the type, naming the first property at fault; nil when they fit.
    public static func problem(type: String, properties: [String: EventValue]) -> String? {
        guard let rules = types[type] else { return "type: is not a known event type" }
        for name in properties.keys.sorted() {
            guard let rule = rules[name] else { return "properties.\(name): is not a property of \(type)" }
            if let reason = rule.check(properties[name]!) { return "properties.\(name): \(reason)" }
        }
        return nil
    }
}

/// A property value as sent: text, a number or a flag (nothing nested).
public enum EventValue: Sendable, Equatable, Codable {
    case text(String)
    case number(Double)
    case flag(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else { self = .text(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        }
    }
}
