import Career
import Core
import FluentKit
import Foundation
import SQLKit

extension SQLCareerStore {
    struct MemberSkillRow: Decodable {
        let id: UUID
        let user_id: UUID
        let skill_id: UUID
        let uri: String
        let preferred_label: String
        let is_custom: Bool
        let concept_id: UUID?
        let level: Int
        let years: Int?
        let last_used_on: Date?
        let evidence: String
        let created_at: Date
        let updated_at: Date
    }

    struct EndorsementRow: Decodable {
        let id: UUID
        let user_skill_id: UUID
        let endorser_id: UUID
        let source: String
        let level: Int
        let comment_sealed: String?
        let reference: String?
        let created_at: Date
    }

    static let skillColumns = """
        SELECT us.id, us.user_id, us.skill_id, s.uri, s.preferred_label, s.is_custom, c.id AS concept_id, us.level, us.years, us.last_used_on,
               us.evidence, us.created_at, us.updated_at
        FROM user_skills us JOIN skill_catalog s ON s.id = us.skill_id LEFT JOIN skill_catalog c ON c.uri = s.concept_uri
        """

    public func skills(of userIDs: [UUID]) async throws -> [UUID: [MemberSkill]] {
        var rows: [MemberSkillRow] = []
        for chunk in Self.chunks(userIDs) {
            rows += try await sql.raw("\(unsafeRaw: Self.skillColumns) WHERE us.user_id IN (\(binds: chunk)) ORDER BY us.level DESC, s.preferred_label, us.id")
                .all(decoding: MemberSkillRow.self)
        }
        return Dictionary(grouping: try await memberSkills(rows), by: \.userID)
    }

    public func skillCounts(of userIDs: [UUID]) async throws -> [UUID: SkillCounts] {
        struct Row: Decodable { let user_id: UUID; let skills: Int; let rated: Int }
        var counts: [UUID: SkillCounts] = [:]
        for chunk in Self.chunks(userIDs) {
            for row in try await sql.raw("""
                SELECT us.user_id, COUNT(*) AS skills,
                       SUM(CASE WHEN EXISTS (SELECT 1 FROM skill_endorsements e WHERE e.user_skill_id = us.id) THEN 1 ELSE 0 END) AS rated
                FROM user_skills us WHERE us.user_id IN (\(binds: chunk)) GROUP BY us.user_id
                """).all(decoding: Row.self) {
                counts[row.user_id] = SkillCounts(skills: row.skills, rated: row.rated)
            }
        }
        return counts
    }

    public func memberSkill(id: UUID) async throws -> MemberSkill? {
        let rows = try await sql.raw("\(unsafeRaw: Self.skillColumns) WHERE us.id = \(bind: id)").all(decoding: MemberSkillRow.self)
        return try await memberSkills(rows).first
    }

    private func memberSkills(_ rows: [MemberSkillRow]) async throws -> [MemberSkill] {
        var endorsements: [EndorsementRow] = []
        for chunk in Self.chunks(rows.map(\.id)) {
            endorsements += try await sql.select()
                .columns("id", "user_skill_id", "endorser_id", "source", "level", "comment_sealed", "reference", "created_at")
                .from("skill_endorsements").where("user_skill_id", .in, chunk).orderBy("created_at").orderBy("id")
                .all(decoding: EndorsementRow.self)
        }
        let bySkill = Dictionary(grouping: endorsements, by: \.user_skill_id)
        let decoder = JSONDecoder()
        return try rows.map { row in
            MemberSkill(
                id: row.id, userID: row.user_id,
                skill: SkillRef(id: row.skill_id, uri: row.uri, label: row.preferred_label, isCustom: row.is_custom, conceptID: row.concept_id),
                level: row.level, years: row.years, lastUsedOn: row.last_used_on.map(Day.init),
                evidence: try decoder.decode([Evidence].self, from: Data(try cipher.open(row.evidence).utf8)),
                endorsements: try (bySkill[row.id] ?? []).map {
                    Endorsement(id: $0.id, endorserID: $0.endorser_id, source: RatingSource(rawValue: $0.source) ?? .peer, level: $0.level,
                                comment: try $0.comment_sealed.map(cipher.open), reference: $0.reference, createdAt: $0.created_at)
                },
                createdAt: row.created_at, updatedAt: row.updated_at
            )
        }
    }

    func sealedEvidence(_ evidence: [Evidence]) throws -> String {
        try cipher.seal(String(decoding: try JSONEncoder().encode(evidence), as: UTF8.self))
    }

    public func insert(_ skill: MemberSkill) async throws {
        let evidence = try sealedEvidence(skill.evidence)
        let exists = try await sql.select().column("id").from("user_skills")
            .where("user_id", .equal, skill.userID).where("skill_id", .equal, skill.skill.id).first() != nil
        if exists { throw DomainError.conflict("you have this skill already; change its level instead") }
        try await persistence.transaction { sql in
            try await sql.insert(into: "user_skills")
                .columns("id", "user_id", "skill_id", "level", "years", "last_used_on", "evidence", "created_at", "updated_at")
                .values(SQLBind(skill.id), SQLBind(skill.userID), SQLBind(skill.skill.id), SQLBind(skill.level), SQLBind(skill.years),
                        SQLBind(skill.lastUsedOn?.date), SQLBind(evidence), SQLBind(skill.createdAt), SQLBind(skill.updatedAt))
                .run()
            try await sql.insert(into: "skill_level_history").columns("id", "user_skill_id", "level", "changed_at")
                .values(SQLBind(UUID()), SQLBind(skill.id), SQLBind(skill.level), SQLBind(skill.createdAt)).run()
        }
    }

    public func update(_ skill: MemberSkill, levelChanged: Bool) async throws {
        let evidence = try sealedEvidence(skill.evidence)
        try await persistence.transaction { sql in
            try await sql.update("user_skills")
                .set("level", to: skill.level).set("years", to: skill.years).set("last_used_on", to: skill.lastUsedOn?.date)
                .set("evidence", to: evidence).set("updated_at", to: skill.updatedAt)
                .where("id", .equal, skill.id).run()
            if levelChanged {
                try await sql.insert(into: "skill_level_history").columns("id", "user_skill_id", "level", "changed_at")
                    .values(SQLBind(UUID()), SQLBind(skill.id), SQLBind(skill.level), SQLBind(skill.updatedAt)).run()
            }
        }
    }

    public func deleteSkill(id: UUID, of userID: UUID) async throws -> Bool {
        try await !sql.raw("DELETE FROM user_skills WHERE id = \(bind: id) AND user_id = \(bind: userID) RETURNING id").all().isEmpty
    }

    public func levelHistory(of skillID: UUID) async throws -> [LevelChange] {
        struct Row: Decodable { let level: Int; let changed_at: Date }
        return try await sql.select().columns("level", "changed_at").from("skill_level_history").where("user_skill_id", .equal, skillID)
            .orderBy("changed_at").all(decoding: Row.self).map { LevelChange(level: $0.level, changedAt: $0.changed_at) }
    }

    public func add(_ endorsement: Endorsement, to skillID: UUID) async throws {
        try await sql.insert(into: "skill_endorsements")
            .columns("id", "user_skill_id", "endorser_id", "source", "level", "comment_sealed", "reference", "created_at")
            .values(SQLBind(endorsement.id), SQLBind(skillID), SQLBind(endorsement.endorserID), SQLBind(endorsement.source.rawValue),
                    SQLBind(endorsement.level), SQLBind(try cipher.sealIfPresent(endorsement.comment)), SQLBind(endorsement.reference),
                    SQLBind(endorsement.createdAt))
            .onConflict(with: ["user_skill_id", "endorser_id", "source"]) {
                $0.set(excludedValueOf: "id").set(excludedValueOf: "level").set(excludedValueOf: "comment_sealed")
                    .set(excludedValueOf: "reference").set(excludedValueOf: "created_at")
            }
            .run()
    }
}
