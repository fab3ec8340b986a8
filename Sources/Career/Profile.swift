import Core
import Foundation

/// Who may see a member's career data besides themselves (and platform admins). Coaching is
/// by consent: a coach sees a member who shares with them by name, whatever the organization.
extension Profile {
    /// The IANA time zone names a profile may hold (abbreviations such as `EST` are not names).
    public static let timeZones: [String] = TimeZone.knownTimeZoneIdentifiers.sorted()
}

public enum Visibility: String, Sendable, Codable, CaseIterable {
    /// Nobody else.
    case `private`
    /// The coaches the member shares with (the default).
    case coaches
    /// Also everyone of the member's organizations: colleagues, coaches and admins.
    case organization
}

/// What a member is looking for next.
public struct Preferences: Sendable, Equatable, Codable {
    public var targetRoles: [String]
    public var locations: [String]
    public var remote: Bool?
    public var salaryMinYearly: Int?
    public var salaryMaxYearly: Int?
    /// ISO 4217, upper case.
    public var currency: String?

    public init(targetRoles: [String] = [], locations: [String] = [], remote: Bool? = nil,
                salaryMinYearly: Int? = nil, salaryMaxYearly: Int? = nil, currency: String? = nil) {
        self.targetRoles = targetRoles
        self.locations = locations
        self.remote = remote
        self.salaryMinYearly = salaryMinYearly
        self.salaryMaxYearly = salaryMaxYearly
        self.currency = currency
    }

    public static let empty = Preferences()

    enum CodingKeys: String, CodingKey {
        case targetRoles, locations, remote, salaryMinYearly, salaryMaxYearly, currency
    }

    /// Every field may be left out; lists then stay empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targetRoles = try container.decodeIfPresent([String].self, forKey: .targetRoles) ?? []
        locations = try container.decodeIfPresent([String].self, forKey: .locations) ?? []
        remote = try container.decodeIfPresent(Bool.self, forKey: .remote)
        salaryMinYearly = try container.decodeIfPresent(Int.self, forKey: .salaryMinYearly)
        salaryMaxYearly = try container.decodeIfPresent(Int.self, forKey: .salaryMaxYearly)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
    }

    func validated() throws(DomainError) -> Preferences {
        var copy = self
        copy.targetRoles = try Validate.list(targetRoles, field: "preferences.target_roles", each: 200, count: 20)
        copy.locations = try Validate.list(locations, field: "preferences.locations", each: 200, count: 20)
        copy.currency = try Validate.salary(min: salaryMinYearly, max: salaryMaxYearly, currency: currency,
                                            fields: ("preferences.salary_min_yearly", "preferences.salary_max_yearly", "preferences.currency"))
        return copy
    }
}

/// An ESCO occupation a job title was resolved to.
public struct OccupationRef: Sendable, Equatable, Codable {
    public let id: UUID
    public let uri: String
    public let label: String

    public init(id: UUID, uri: String, label: String) {
        self.id = id
        self.uri = uri
        self.label = label
    }
}

public struct WorkExperience: Sendable, Equatable, Codable {
    public let id: UUID
    public var title: String
    public var employer: String
    public var occupation: OccupationRef?
    public var startedOn: Day
    public var endedOn: Day?
    public var description: String?

    public init(id: UUID, title: String, employer: String, occupation: OccupationRef?, startedOn: Day, endedOn: Day?, description: String?) {
        self.id = id
        self.title = title
        self.employer = employer
        self.occupation = occupation
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.description = description
    }
}

public struct Education: Sendable, Equatable, Codable {
    public let id: UUID
    public var institution: String
    public var degree: String?
    public var fieldOfStudy: String?
    public var startedOn: Day?
    public var endedOn: Day?

    public init(id: UUID, institution: String, degree: String?, fieldOfStudy: String?, startedOn: Day?, endedOn: Day?) {
        self.id = id
        self.institution = institution
        self.degree = degree
        self.fieldOfStudy = fieldOfStudy
        self.startedOn = startedOn
        self.endedOn = endedOn
    }
}

/// A member's profile with work history and education, newest first.
public struct Profile: Sendable, Equatable, Codable {
    public let userID: UUID
    public var headline: String?
    public var summary: String?
    public var location: String?
    public var timeZone: String
    public var visibility: Visibility
    public var preferences: Preferences
    public var experiences: [WorkExperience]
    public var educations: [Education]
    public var updatedAt: Date?

    public init(userID: UUID, headline: String? = nil, summary: String? = nil, location: String? = nil, timeZone: String = "UTC",
                visibility: Visibility = .coaches, preferences: Preferences = .empty, experiences: [WorkExperience] = [],
                educations: [Education] = [], updatedAt: Date? = nil) {
        self.userID = userID
        self.headline = headline
        self.summary = summary
        self.location = location
        self.timeZone = timeZone
        self.visibility = visibility
        self.preferences = preferences
        self.experiences = experiences
        self.educations = educations
        self.updatedAt = updatedAt
    }

    /// The role the member holds now: the open-ended (or latest) position.
    public var currentExperience: WorkExperience? {
        experiences.first { $0.endedOn == nil } ?? experiences.max { $0.startedOn < $1.startedOn }
    }
}

/// A change to a profile: fields left nil stay as they are; `clear` names fields to empty.
public struct ProfileChange: Sendable, Equatable, Codable {
    public var headline: String?
    public var summary: String?
    public var location: String?
    public var timeZone: String?
    public var visibility: Visibility?
    public var preferences: Preferences?

    public init(headline: String? = nil, summary: String? = nil, location: String? = nil, timeZone: String? = nil,
                visibility: Visibility? = nil, preferences: Preferences? = nil) {
        self.headline = headline
        self.summary = summary
        self.location = location
        self.timeZone = timeZone
        self.visibility = visibility
        self.preferences = preferences
    }

    /// The profile with the change applied, validated field by field.
    public func applied(to profile: Profile) throws(DomainError) -> Profile {
        var result = profile
        if let headline { result.headline = try Validate.optionalText(headline, field: "headline", max: 200) }
        if let summary { result.summary = try Validate.optionalText(summary, field: "summary", max: 5_000) }
        if let location { result.location = try Validate.optionalText(location, field: "location", max: 200) }
        if let timeZone {
            guard Profile.timeZones.contains(timeZone) else { throw .invalid(field: "time_zone", reason: "'\(timeZone)' is not an IANA time zone") }
            result.timeZone = timeZone
        }
        if let visibility { result.visibility = visibility }
        if let preferences { result.preferences = try preferences.validated() }
        return result
    }
}

/// A new or changed position.
public struct ExperienceInput: Sendable, Equatable, Codable {
    public var title: String
    public var employer: String
    public var startedOn: Day
    public var endedOn: Day?
    public var description: String?
    /// An ESCO occupation URI; when absent the title is resolved against the catalog.
    public var occupationUri: String?

    public init(title: String, employer: String, startedOn: Day, endedOn: Day? = nil, description: String? = nil, occupationUri: String? = nil) {
        self.title = title
        self.employer = employer
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.description = description
        self.occupationUri = occupationUri
    }

    func validated(field prefix: String = "") throws(DomainError) -> ExperienceInput {
        var copy = self
        copy.title = try Validate.text(title, field: prefix + "title", max: 200)
        copy.employer = try Validate.text(employer, field: prefix + "employer", max: 200)
        copy.description = try description.flatMap { text throws(DomainError) in try Validate.optionalText(text, field: prefix + "description", max: 5_000) }
        if let endedOn, endedOn < startedOn { throw .invalid(field: prefix + "ended_on", reason: "must not be before started_on") }
        return copy
    }
}

public struct EducationInput: Sendable, Equatable, Codable {
    public var institution: String
    public var degree: String?
    public var fieldOfStudy: String?
    public var startedOn: Day?
    public var endedOn: Day?

    public init(institution: String, degree: String? = nil, fieldOfStudy: String? = nil, startedOn: Day? = nil, endedOn: Day? = nil) {
        self.institution = institution
        self.degree = degree
        self.fieldOfStudy = fieldOfStudy
        self.startedOn = startedOn
        self.endedOn = endedOn
    }

    func validated(field prefix: String = "") throws(DomainError) -> EducationInput {
        var copy = self
        copy.institution = try Validate.text(institution, field: prefix + "institution", max: 200)
        copy.degree = try degree.flatMap { text throws(DomainError) in try Validate.optionalText(text, field: prefix + "degree", max: 200) }
        copy.fieldOfStudy = try fieldOfStudy.flatMap { text throws(DomainError) in try Validate.optionalText(text, field: prefix + "field_of_study", max: 200) }
        if let startedOn, let endedOn, endedOn < startedOn { throw .invalid(field: prefix + "ended_on", reason: "must not be before started_on") }
        return copy
    }
}
