import Core
import Foundation
import Identity

/// The career core: profiles, skills, endorsements, goals and plans, validated and kept
/// consistent. Every call names the caller, and the service decides itself (through
/// `CareerAccess`) whether they may read or change the member's data; what it also checks are
/// rules of the data, such as "nobody endorses themselves".
public struct CareerService: Sendable {
    let store: any CareerStore
    /// Who may read or change whose data.
    public let access: CareerAccess
    let clock: any WallClock
    let ids: any IdentifierSource
    /// Where skill, goal and plan events go (Analytics); nowhere when nil.
    let events: (any EventSink)?

    public init(store: any CareerStore, policy: AccessPolicy, clock: any WallClock, ids: any IdentifierSource = RandomIdentifiers(), events: (any EventSink)? = nil) {
        self.store = store
        access = CareerAccess(policy: policy, store: store)
        self.clock = clock
        self.ids = ids
        self.events = events
    }

    func publish(_ name: String, for userID: UUID, _ properties: [String: String] = [:]) async {
        await events?.publish(DomainEvent(name: name, subjectID: userID, occurredAt: clock.now(), properties: properties))
    }

    // MARK: Profile

    /// The member's profile; one never saved answers the defaults.
    public func profile(of userID: UUID, as caller: Principal) async throws -> Profile {
        try await access.requireRead(userID, by: caller)
        return try await store.profile(of: userID) ?? Profile(userID: userID)
    }

    /// The profiles of the members among `userIDs` whose data the caller may read.
    public func profiles(of userIDs: [UUID], as caller: Principal) async throws -> [UUID: Profile] {
        let readable = try await access.readable(userIDs, by: caller)
        var found = try await store.profiles(of: readable)
        for id in readable where found[id] == nil { found[id] = Profile(userID: id) }
        return found
    }

    public func updateProfile(of userID: UUID, as caller: Principal, _ change: ProfileChange) async throws -> Profile {
        try await access.requireWrite(userID, by: caller)
        let profile = try change.applied(to: try await profile(of: userID, as: caller))
        try await store.save(profile, at: clock.now())
        await publish("profile_updated", for: userID)
        return try await self.profile(of: userID, as: caller)
    }

    public func addExperience(to userID: UUID, as caller: Principal, _ input: ExperienceInput) async throws -> WorkExperience {
        try await access.requireWrite(userID, by: caller)
        var profile = try await profile(of: userID, as: caller)
        guard profile.experiences.count < 100 else { throw DomainError.conflict("the profile holds 100 positions, the most it may") }
        let experience = try await resolve(input.validated(), id: ids.next())
        profile.experiences.append(experience)
        try await store.save(profile, at: clock.now())
        await publish("profile_updated", for: userID, ["section": "experience"])
        return experience
    }

    public func updateExperience(_ id: UUID, of userID: UUID, as caller: Principal, _ input: ExperienceInput) async throws -> WorkExperience {
        try await access.requireWrite(userID, by: caller)
        var profile = try await profile(of: userID, as: caller)
        guard let index = profile.experiences.firstIndex(where: { $0.id == id }) else { throw DomainError.notFound("experience") }
        profile.experiences[index] = try await resolve(input.validated(), id: id)
        try await store.save(profile, at: clock.now())
        return profile.experiences[index]
    }

    public func removeExperience(_ id: UUID, of userID: UUID, as caller: Principal) async throws {
        try await access.requireWrite(userID, by: caller)
        var profile = try await profile(of: userID, as: caller)
        guard profile.experiences.contains(where: { $0.id == id }) else { throw DomainError.notFound("experience") }
        profile.experiences.removeAll { $0.id == id }
        try await store.save(profile, at: clock.now())
    }

    public func addEducation(to userID: UUID, as caller: Principal, _ input: EducationInput) async throws -> Education {
        try await access.requireWrite(userID, by: caller)
        var profile = try await profile(of: userID, as: caller)
        guard profile.educations.count < 50 else { throw DomainError.conflict("the profile holds 50 entries of education, the most it may") }
        let education = Self.education(try input.validated(), id: ids.next())
        profile.educations.append(education)
        try await store.save(profile, at: clock.now())
        await publish("profile_updated", for: userID, ["section": "education"])
        return education
    }

    public func removeEducation(_ id: UUID, of userID: UUID, as caller: Principal) async throws {
        try await access.requireWrite(userID, by: caller)
        var profile = try await profile(of: userID, as: caller)
        guard profile.educations.contains(where: { $0.id == id }) else { throw DomainError.notFound("education") }
        profile.educations.removeAll { $0.id == id }
        try await store.save(profile, at: clock.now())
    }

    /// A position with its title resolved to an ESCO occupation: the URI given, or the
    /// occupation whose label is the title.
    func resolve(_ input: ExperienceInput, id: UUID) async throws -> WorkExperience {
        var occupation: OccupationRef?
        if let uri = input.occupationUri {
            guard let found = try await store.occupation(uri: uri) else {
                throw DomainError.invalid(field: "occupation_uri", reason: "is not an occupation in the catalog")
            }
            occupation = found
        } else {
            occupation = try await store.occupation(titled: input.title)
        }
        return WorkExperience(id: id, title: input.title, employer: input.employer, occupation: occupation,
                              startedOn: input.startedOn, endedOn: input.endedOn, description: input.description)
    }

    static func education(_ input: EducationInput, id: UUID) -> Education {
        Education(id: id, institution: input.institution, degree: input.degree, fieldOfStudy: input.fieldOfStudy,
                  startedOn: input.startedOn, endedOn: input.endedOn)
    }

    /// The members who share their data with the calling coach and whose data they may read
    /// now (a member who has since made their profile private is not among them).
    public func coachees(as caller: Principal) async throws -> [UUID] {
        try await access.readable(try await access.policy.coachees(of: caller), by: caller)
    }

    // MARK: Skills

    public func skills(of userID: UUID, as caller: Principal) async throws -> [MemberSkill] {
        try await access.requireRead(userID, by: caller)
        return try await store.skills(of: userID)
    }

    public func skills(of userIDs: [UUID], as caller: Principal) async throws -> [UUID: [MemberSkill]] {
        try await store.skills(of: try await access.readable(userIDs, by: caller))
    }

    /// Each member's number of skills and of those rated by someone else (a team at a glance).
    public func skillCounts(of userIDs: [UUID], as caller: Principal) async throws -> [UUID: SkillCounts] {
        try await store.skillCounts(of: try await access.readable(userIDs, by: caller))
    }

    /// The member's skill `id`; another member's answers not found.
    public func skill(_ id: UUID, of userID: UUID, as caller: Principal) async throws -> MemberSkill {
        try await access.requireRead(userID, by: caller)
        guard let skill = try await store.memberSkill(id: id), skill.userID == userID else { throw DomainError.notFound("skill") }
        return skill
    }

    public func addSkill(to userID: UUID, as caller: Principal, _ input: SkillInput) async throws -> MemberSkill {
        try await access.requireWrite(userID, by: caller)
        let level = try Validate.level(input.level, field: "level")
        let now = clock.now()
        let ref: SkillRef
        if let uri = input.uri {
            guard let found = try await store.skill(uri: uri) else { throw DomainError.invalid(field: "uri", reason: "is not a skill in the catalog") }
            ref = found
        } else if let name = input.name {
            let label = try Validate.text(name, field: "name", max: 100)
            ref = try await store.customSkill(named: label, at: now)
        } else {
            throw DomainError.invalid(field: "uri", reason: "is required (or a name for a skill the catalog lacks)")
        }
        let skill = MemberSkill(id: ids.next(), userID: userID, skill: ref, level: level, years: try SkillRules.years(input.years),
                                lastUsedOn: input.lastUsedOn, evidence: try SkillRules.evidence(input.evidence ?? []),
                                endorsements: [], createdAt: now, updatedAt: now)
        try await store.insert(skill)
        await publish("skill_added", for: userID, ["level": String(level), "custom": String(ref.isCustom)])
        return skill
    }

    public func updateSkill(_ id: UUID, of userID: UUID, as caller: Principal, _ change: SkillChange) async throws -> MemberSkill {
        try await access.requireWrite(userID, by: caller)
        var skill = try await skill(id, of: userID, as: caller)
        let previous = skill.level
        if let level = change.level { skill.level = try Validate.level(level, field: "level") }
        if let years = change.years { skill.years = try SkillRules.years(years) }
        if let lastUsedOn = change.lastUsedOn { skill.lastUsedOn = lastUsedOn }
        if let evidence = change.evidence { skill.evidence = try SkillRules.evidence(evidence) }
        skill.updatedAt = clock.now()
        try await store.update(skill, levelChanged: skill.level != previous)
        return skill
    }

    public func removeSkill(_ id: UUID, of userID: UUID, as caller: Principal) async throws {
        try await access.requireWrite(userID, by: caller)
        guard try await store.deleteSkill(id: id, of: userID) else { throw DomainError.notFound("skill") }
    }

    /// Every level the skill has had, oldest first, for charting progress.
    public func history(of id: UUID, of userID: UUID, as caller: Principal) async throws -> [LevelChange] {
        try await access.requireRead(userID, by: caller)
        _ = try await skill(id, of: userID, as: caller)
        return try await store.levelHistory(of: id)
    }

    /// A peer's or coach's endorsement of a member's skill, by a caller who may read the
    /// member's data: as their coach when the member shares with them as one, else as a peer.
    /// Nobody endorses themselves.
    /// `memberID`, when given, is whose skill it must be.
    public func endorse(_ skillID: UUID, of memberID: UUID? = nil, as caller: Principal, level: Int, comment: String?) async throws -> Endorsement {
        guard caller.allows(.write) else { throw DomainError.forbidden }
        guard let owner = try await store.memberSkill(id: skillID)?.userID, memberID.map({ $0 == owner }) ?? true,
              try await access.canRead(owner, by: caller) else { throw DomainError.notFound("skill") }
        let source: RatingSource = try await access.isCoach(of: owner, caller: caller) ? .coach : .peer
        return try await record(skillID, of: owner, by: caller.userID, source: source, level: level, comment: comment, reference: nil)
    }

    /// A verification of the skill `skillID`, whoever's it is: a coach's review (by a coach the
    /// member shares with), or an assessment result or certificate with the reference it rests
    /// on (recorded by the member, a platform admin, or an admin of one of the member's organizations).
    public func verify(_ skillID: UUID, as caller: Principal, source: RatingSource, level: Int, comment: String?, reference: String?) async throws -> Endorsement {
        guard caller.allows(.write) else { throw DomainError.forbidden }
        guard let memberID = try await store.memberSkill(id: skillID)?.userID, try await access.canRead(memberID, by: caller) else {
            throw DomainError.notFound("skill")
        }
        switch source {
        case .assessment, .certificate:
            guard let reference, !reference.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DomainError.invalid(field: "reference", reason: "is required for an \(source.rawValue) (its identifier or URL)")
            }
            guard try await access.administers(memberID, caller: caller) else { throw DomainError.forbidden }
        case .coach:
            guard try await access.isCoach(of: memberID, caller: caller) else { throw DomainError.forbidden }
        case .self, .peer:
            throw DomainError.invalid(field: "source", reason: "must be certificate, assessment or coach")
        }
        return try await record(skillID, of: memberID, by: caller.userID, source: source, level: level, comment: comment, reference: reference)
    }

    private func record(_ skillID: UUID, of memberID: UUID, by actorID: UUID, source: RatingSource,
                        level: Int, comment: String?, reference: String?) async throws -> Endorsement {
        guard try await store.memberSkill(id: skillID)?.userID == memberID else { throw DomainError.notFound("skill") }
        if actorID == memberID, source == .peer || source == .coach {
            throw DomainError.forbidden
        }
        let endorsement = Endorsement(
            id: ids.next(), endorserID: actorID, source: source, level: try Validate.level(level, field: "level"),
            comment: try comment.flatMap { text throws(DomainError) in try Validate.optionalText(text, field: "comment", max: 2_000) },
            reference: try reference.map { text throws(DomainError) in try Validate.text(text, field: "reference", max: 500) },
            createdAt: clock.now()
        )
        try await store.add(endorsement, to: skillID)
        return endorsement
    }
}
