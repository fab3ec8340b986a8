import Core
import Foundation
import Identity

/// What an import would add to a profile (or added): only what is not there yet.
public struct ImportPreview: Sendable, Equatable {
    public struct SkillMatch: Sendable, Equatable {
        public let name: String
        /// The catalog skill the name was found as; nil when it will be a custom skill.
        public let catalog: SkillRef?
        public let level: Int

        public init(name: String, catalog: SkillRef?, level: Int) {
            self.name = name
            self.catalog = catalog
            self.level = level
        }
    }

    public var headline: String?
    public var summary: String?
    public var location: String?
    public var experiences: [ExperienceInput] = []
    public var educations: [EducationInput] = []
    public var skills: [SkillMatch] = []
    /// Entries left out because the profile already has them.
    public var alreadyThere = 0
    public var saved = false

    public init() {}
}

extension CareerService {
    /// Compares the import with the member's profile: new positions, schools and skills, and
    /// the headline, summary and location where the profile has none. With `apply`, saves them.
    public func importResume(_ resume: ResumeImport, into userID: UUID, as caller: Principal, apply: Bool) async throws -> ImportPreview {
        try await access.requireWrite(userID, by: caller)
        var profile = try await profile(of: userID, as: caller)
        var preview = ImportPreview()
        if profile.headline == nil, let headline = resume.headline { preview.headline = String(headline.prefix(200)) }
        if profile.summary == nil, let summary = resume.summary { preview.summary = String(summary.prefix(5_000)) }
        if profile.location == nil, let location = resume.location { preview.location = String(location.prefix(200)) }
        func key(_ title: String, _ employer: String, _ start: Day?) -> String { "\(title.lowercased())|\(employer.lowercased())|\(start?.description ?? "")" }
        var knownPositions = Set(profile.experiences.map { key($0.title, $0.employer, $0.startedOn) })
        for experience in resume.experiences {
            if knownPositions.insert(key(experience.title, experience.employer, experience.startedOn)).inserted {
                preview.experiences.append(experience)
            } else { preview.alreadyThere += 1 }
        }
        var knownSchools = Set(profile.educations.map { key($0.institution, $0.degree ?? "", $0.startedOn) })
        for education in resume.educations {
            if knownSchools.insert(key(education.institution, education.degree ?? "", education.startedOn)).inserted {
                preview.educations.append(education)
            } else { preview.alreadyThere += 1 }
        }
        let existing = try await skills(of: userID, as: caller)
        var knownSkills = Set(existing.map { $0.skill.label.lowercased() })
        for skill in resume.skills where !skill.name.isEmpty && skill.name.count <= 100 {
            var catalog = try await skill.uri.asyncFlatMap { try await store.skill(uri: $0) }
            if catalog == nil { catalog = try await store.skill(labelled: skill.name) }
            let label = (catalog?.label ?? skill.name).lowercased()
            if knownSkills.insert(label).inserted {
                preview.skills.append(.init(name: skill.name, catalog: catalog, level: skill.level))
            } else { preview.alreadyThere += 1 }
        }
        guard apply else { return preview }

        if let headline = preview.headline { profile.headline = headline }
        if let summary = preview.summary { profile.summary = summary }
        if let location = preview.location { profile.location = location }
        guard profile.experiences.count + preview.experiences.count <= 100 else { throw DomainError.invalid(field: "file", reason: "would give more than 100 positions") }
        for experience in preview.experiences { profile.experiences.append(try await resolve(experience, id: ids.next())) }
        for education in preview.educations { profile.educations.append(Self.education(education, id: ids.next())) }
        try await store.save(profile, at: clock.now())
        await publish("profile_updated", for: userID, ["section": "experience"])
        for skill in preview.skills {
            _ = try await addSkill(to: userID, as: caller, SkillInput(uri: skill.catalog?.uri, name: skill.catalog == nil ? skill.name : nil, level: skill.level))
        }
        preview.saved = true
        return preview
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
