import Foundation

/// A profile as a JSON Resume document (jsonresume.org schema 1.0), the format other tools read.
public struct JSONResume: Sendable, Codable, Equatable {
    public struct Location: Sendable, Codable, Equatable { public var city: String? }
    public struct Basics: Sendable, Codable, Equatable {
        public var name: String
        public var label: String?
        public var email: String?
        public var summary: String?
        public var location: Location?
    }
    public struct Work: Sendable, Codable, Equatable {
        public var name: String
        public var position: String
        public var startDate: String
        public var endDate: String?
        public var summary: String?
    }
    public struct School: Sendable, Codable, Equatable {
        public var institution: String
        public var studyType: String?
        public var area: String?
        public var startDate: String?
        public var endDate: String?
    }
    public struct Skill: Sendable, Codable, Equatable {
        public var name: String
        public var level: String
        public var keywords: [String]
        /// The skill's ESCO URI (an extension of the schema), so an import finds the same skill.
        public var uri: String
    }

    public var basics: Basics
    public var work: [Work]
    public var education: [School]
    public var skills: [Skill]

    public init(name: String, email: String?, profile: Profile, skills: [MemberSkill]) {
        basics = Basics(name: name, label: profile.headline, email: email, summary: profile.summary, location: profile.location.map { Location(city: $0) })
        work = profile.experiences.map {
            Work(name: $0.employer, position: $0.title, startDate: $0.startedOn.description, endDate: $0.endedOn?.description, summary: $0.description)
        }
        education = profile.educations.map {
            School(institution: $0.institution, studyType: $0.degree, area: $0.fieldOfStudy, startDate: $0.startedOn?.description, endDate: $0.endedOn?.description)
        }
        self.skills = skills.map { Skill(name: $0.skill.label, level: Self.levelNames[$0.level - 1], keywords: [], uri: $0.skill.uri) }
    }

    /// The words `ResumeImport.level` reads back as the same level.
    static let levelNames = ["Beginner", "Junior", "Intermediate", "Advanced", "Expert"]
}
