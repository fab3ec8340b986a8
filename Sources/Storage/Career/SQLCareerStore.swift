import Career
import Core
import FluentKit
import Foundation
import SQLKit

/// The career core in SQL. Free text a member writes (summary, job descriptions, evidence,
/// endorsement comments) is sealed; aggregates are written whole inside one transaction.
public struct SQLCareerStore: CareerStore {
    let persistence: Persistence
    let cipher: FieldCipher
    /// Profiles are cached (CacheTTL.profile) and dropped when saved or their account deleted.
    let cache: any Cache

    public init(persistence: Persistence, cipher: FieldCipher, cache: any Cache) {
        self.persistence = persistence
        self.cipher = cipher
        self.cache = cache
    }

    static func profileScope(_ userID: UUID) -> String { "profile:\(userID.uuidString)" }

    var sql: any SQLDatabase { persistence.sql }

    /// `ids` in slices small enough for one `IN (…)`.
    static func chunks<ID>(_ ids: [ID]) -> [[ID]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }

    // MARK: Catalog lookups

    /// A catalog skill, with the ESCO skill a technology belongs under.
    struct SkillRow: Decodable {
        let id: UUID
        let uri: String
        let preferred_label: String
        let is_custom: Bool
        let concept_id: UUID?

        var ref: SkillRef { SkillRef(id: id, uri: uri, label: preferred_label, isCustom: is_custom, conceptID: concept_id) }
    }

    static let skillRefs = "SELECT s.id, s.uri, s.preferred_label, s.is_custom, c.id AS concept_id FROM skill_catalog s LEFT JOIN skill_catalog c ON c.uri = s.concept_uri"

    public func skill(uri: String) async throws -> SkillRef? {
        try await sql.raw("\(unsafeRaw: Self.skillRefs) WHERE s.uri = \(bind: uri)").first(decoding: SkillRow.self)?.ref
    }

    public func skill(labelled label: String) async throws -> SkillRef? {
        let normalized = label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try await sql.raw("""
            \(unsafeRaw: Self.skillRefs) JOIN skill_labels l ON l.skill_id = s.id
            WHERE l.normalized = \(bind: normalized) ORDER BY l.is_preferred DESC, s.uri LIMIT 1
            """).first(decoding: SkillRow.self)?.ref
    }

    public func customSkill(named label: String, at now: Date) async throws -> SkillRef {
        let uri = Self.customURI(label)
        if let existing = try await skill(uri: uri) { return existing }
        try await sql.insert(into: "skill_catalog").columns("id", "uri", "preferred_label", "kind", "group_uri", "description", "is_custom")
            .values(SQLBind(UUID()), SQLBind(uri), SQLBind(label), SQLBind("skill"), SQLBind(String?.none), SQLBind(String?.none), SQLBind(true))
            .ignoringConflicts(with: ["uri"]).run()
        return try await skill(uri: uri)!
    }

    /// Custom skills are keyed by their normalised name, so two members naming the same
    /// unknown skill share one entry.
    static func customURI(_ label: String) -> String {
        let slug = label.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : "-" }.joined()
        return "urn:careerops:skill:" + slug.split(separator: "-").joined(separator: "-")
    }

    struct OccupationRow: Decodable { let id: UUID; let uri: String; let preferred_label: String }

    public func occupation(uri: String) async throws -> OccupationRef? {
        try await sql.select().columns("id", "uri", "preferred_label").from("occupations").where("uri", .equal, uri)
            .first(decoding: OccupationRow.self).map { OccupationRef(id: $0.id, uri: $0.uri, label: $0.preferred_label) }
    }

    public func occupation(titled title: String) async throws -> OccupationRef? {
        let normalized = title.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try await sql.raw("""
            SELECT o.id, o.uri, o.preferred_label FROM occupation_labels l JOIN occupations o ON o.id = l.occupation_id
            WHERE l.normalized = \(bind: normalized) ORDER BY l.is_preferred DESC, o.uri LIMIT 1
            """).first(decoding: OccupationRow.self).map { OccupationRef(id: $0.id, uri: $0.uri, label: $0.preferred_label) }
    }

    public func resourceExists(_ id: UUID) async throws -> Bool {
        try await sql.select().column("id").from("learning_resources").where("id", .equal, id).first() != nil
    }

    public func opportunityExists(_ id: UUID) async throws -> Bool {
        try await sql.select().column("id").from("opportunities").where("id", .equal, id).first() != nil
    }

    public func organizationExists(_ id: UUID) async throws -> Bool {
        try await sql.select().column("id").from("organizations").where("id", .equal, id).first() != nil
    }

    // MARK: Profiles

    struct ProfileRow: Decodable {
        let user_id: UUID
        let headline: String?
        let summary_sealed: String?
        let location: String?
        let time_zone: String
        let visibility: String
        let preferences: String
        let updated_at: Date
    }

    struct ExperienceRow: Decodable {
        let id: UUID
        let user_id: UUID
        let title: String
        let employer: String
        let occupation_id: UUID?
        let occupation_uri: String?
        let occupation_label: String?
        let started_on: Date
        let ended_on: Date?
        let description_sealed: String?
    }

    struct EducationRow: Decodable {
        let id: UUID
        let user_id: UUID
        let institution: String
        let degree: String?
        let field_of_study: String?
        let started_on: Date?
        let ended_on: Date?
    }

    public func visibility(of userID: UUID) async throws -> Visibility? {
        struct Row: Decodable { let visibility: String? }
        guard let row = try await sql.raw("""
            SELECT p.visibility FROM users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = \(bind: userID)
            """).first(decoding: Row.self) else { return nil }
        return row.visibility.flatMap(Visibility.init(rawValue:)) ?? Profile(userID: userID).visibility
    }

    public func visibilities(of userIDs: [UUID]) async throws -> [UUID: Visibility] {
        struct Row: Decodable { let id: UUID; let visibility: String? }
        var found: [UUID: Visibility] = [:]
        for chunk in Self.chunks(userIDs) {
            let rows = try await sql.select().column(SQLColumn("id", table: "u")).column(SQLColumn("visibility", table: "p"))
                .from(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")))
                .join(SQLAlias(SQLIdentifier("profiles"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                      on: SQLColumn("user_id", table: "p"), .equal, SQLColumn("id", table: "u"))
                .where(SQLColumn("id", table: "u"), .in, SQLBind.group(chunk)).all(decoding: Row.self)
            for row in rows { found[row.id] = row.visibility.flatMap(Visibility.init(rawValue:)) ?? Profile(userID: row.id).visibility }
        }
        return found
    }

    public func profile(of userID: UUID) async throws -> Profile? {
        try await cache.value(Self.profileScope(userID), scopes: [Self.profileScope(userID)], ttl: CacheTTL.profile) {
            try await profiles(of: [userID])[userID]
        }
    }

    public func profiles(of userIDs: [UUID]) async throws -> [UUID: Profile] {
        var result: [UUID: Profile] = [:]
        for chunk in Self.chunks(userIDs) {
            let rows = try await sql.select().columns("user_id", "headline", "summary_sealed", "location", "time_zone", "visibility", "preferences", "updated_at")
                .from("profiles").where("user_id", .in, chunk).all(decoding: ProfileRow.self)
            let experiences = try await sql.raw("""
                SELECT w.id, w.user_id, w.title, w.employer, w.occupation_id, o.uri AS occupation_uri, o.preferred_label AS occupation_label,
                       w.started_on, w.ended_on, w.description_sealed
                FROM work_experiences w LEFT JOIN occupations o ON o.id = w.occupation_id
                WHERE w.user_id IN (\(binds: chunk)) ORDER BY w.started_on DESC, w.id
                """).all(decoding: ExperienceRow.self)
            let educations = try await sql.select().columns("id", "user_id", "institution", "degree", "field_of_study", "started_on", "ended_on")
                .from("educations").where("user_id", .in, chunk).orderBy("started_on", .descending).orderBy("id")
                .all(decoding: EducationRow.self)
            let experiencesByUser = Dictionary(grouping: experiences, by: \.user_id)
            let educationsByUser = Dictionary(grouping: educations, by: \.user_id)
            for row in rows {
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                result[row.user_id] = Profile(
                    userID: row.user_id, headline: row.headline, summary: try row.summary_sealed.map(cipher.open), location: row.location,
                    timeZone: row.time_zone, visibility: Visibility(rawValue: row.visibility) ?? .private,
                    preferences: (try? decoder.decode(Preferences.self, from: Data(row.preferences.utf8))) ?? .empty,
                    experiences: try (experiencesByUser[row.user_id] ?? []).map { row in
                        WorkExperience(
                            id: row.id, title: row.title, employer: row.employer,
                            occupation: row.occupation_id.map { OccupationRef(id: $0, uri: row.occupation_uri ?? "", label: row.occupation_label ?? "") },
                            startedOn: Day(row.started_on), endedOn: row.ended_on.map(Day.init), description: try row.description_sealed.map(cipher.open)
                        )
                    },
                    educations: (educationsByUser[row.user_id] ?? []).map {
                        Education(id: $0.id, institution: $0.institution, degree: $0.degree, fieldOfStudy: $0.field_of_study,
                                  startedOn: $0.started_on.map(Day.init), endedOn: $0.ended_on.map(Day.init))
                    },
                    updatedAt: row.updated_at
                )
            }
        }
        return result
    }

    public func save(_ profile: Profile, at now: Date) async throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        let preferences = String(decoding: try encoder.encode(profile.preferences), as: UTF8.self)
        let summary = try cipher.sealIfPresent(profile.summary)
        let experiences: [[any Encodable & Sendable]] = try profile.experiences.map {
            [$0.id, profile.userID, $0.title, $0.employer, $0.occupation?.id, $0.startedOn.date, $0.endedOn?.date,
             try cipher.sealIfPresent($0.description), now, now]
        }
        let educations: [[any Encodable & Sendable]] = profile.educations.map {
            [$0.id, profile.userID, $0.institution, $0.degree, $0.fieldOfStudy, $0.startedOn?.date, $0.endedOn?.date, now, now]
        }
        try await persistence.transaction { sql in
            try await sql.insert(into: "profiles")
                .columns("id", "user_id", "headline", "summary_sealed", "location", "time_zone", "visibility", "preferences", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(profile.userID), SQLBind(profile.headline), SQLBind(summary), SQLBind(profile.location),
                        SQLBind(profile.timeZone), SQLBind(profile.visibility.rawValue), SQLBind(preferences), SQLBind(now), SQLBind(now))
                .onConflict(with: ["user_id"]) {
                    $0.set(excludedValueOf: "headline").set(excludedValueOf: "summary_sealed").set(excludedValueOf: "location")
                        .set(excludedValueOf: "time_zone").set(excludedValueOf: "visibility").set(excludedValueOf: "preferences")
                        .set(excludedValueOf: "updated_at")
                }
                .run()
            try await sql.delete(from: "work_experiences").where("user_id", .equal, profile.userID).run()
            try await sql.delete(from: "educations").where("user_id", .equal, profile.userID).run()
            try await sql.insertRows(into: "work_experiences", columns: [
                "id", "user_id", "title", "employer", "occupation_id", "started_on", "ended_on", "description_sealed", "created_at", "updated_at",
            ], rows: experiences)
            try await sql.insertRows(into: "educations", columns: [
                "id", "user_id", "institution", "degree", "field_of_study", "started_on", "ended_on", "created_at", "updated_at",
            ], rows: educations)
        }
        await cache.invalidate([Self.profileScope(profile.userID)])
    }
}
