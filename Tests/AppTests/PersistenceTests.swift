@testable import App
import FluentKit
import Foundation
import SQLKit
@testable import Storage
import Testing

@Suite struct PersistenceTests {
    static let expectedTables: Set<String> = [
        "organizations", "users", "memberships", "identities", "sessions", "refresh_tokens", "audit_log",
        "skill_groups", "skill_catalog", "skill_labels", "occupations", "occupation_labels", "occupation_skills",
        "profiles", "work_experiences", "educations", "user_skills", "skill_level_history", "skill_endorsements",
        "career_goals", "milestones", "career_plans", "plan_phases", "plan_actions", "opportunities",
        "opportunity_skills", "opportunity_matches", "learning_resources", "resource_skills", "resource_completions",
        "resource_ratings", "user_events", "engagement_metrics", "progress_snapshots", "embeddings",
        "model_artefacts", "consent_records", "platform_settings", "_fluent_migrations",
    ]

    @Test func migratesUpRevertsToEmptyAndMigratesUpAgain() async throws {
        try await TestPlatform.with { platform in
            let persistence = platform.persistence
            #expect(try await persistence.tableNames() == Self.expectedTables)
            #expect(try await persistence.migrationStatus().allSatisfy(\.applied))
            try await persistence.revertAll()
            #expect(try await persistence.tableNames().isEmpty)
            #expect(try await persistence.migrateUp() == CareerOpsMigrations.all.count)
            #expect(try await persistence.tableNames() == Self.expectedTables)
            #expect(try await persistence.migrateUp() == 0)
        }
    }

    @Test func readinessWaitsForPendingMigrations() async throws {
        try await TestPlatform.with(migrate: false) { platform in
            #expect(await platform.persistence.readiness() == .unavailable("migrations pending"))
            try await platform.persistence.migrateUp()
            #expect(await platform.persistence.readiness() == .ready)
        }
    }

    @Test func enforcesForeignKeys() async throws {
        try await TestPlatform.with { platform in
            let now = Date()
            await #expect(throws: (any Error).self) {
                try await platform.persistence.sql.insert(into: "memberships")
                    .columns("id", "user_id", "organization_id", "role", "created_at", "updated_at")
                    .values(SQLBind(UUID()), SQLBind(UUID()), SQLBind(UUID()), SQLBind("member"), SQLBind(now), SQLBind(now))
                    .run()
            }
        }
    }

    @Test func onlyOneWorkerRunsAJobAtATime() async throws {
        try await TestPlatform.with { platform in
            let persistence = platform.persistence
            let outer = try await persistence.runExclusively(job: "test-job") { _ in
                // While this transaction holds the job's lock, another attempt must skip (PostgreSQL).
                try await persistence.runExclusively(job: "test-job") { _ in "inner ran" }
            }
            if TestPlatform.onPostgres {
                #expect(outer == .some(nil))
            } else {
                #expect(outer != nil)
            }
        }
    }

    @Test func purgesExpiredSessionsOnly() async throws {
        try await TestPlatform.with { platform in
            let sql = platform.persistence.sql
            let now = Date()
            let user = UUID()
            try await sql.insert(into: "users")
                .columns("id", "email_sealed", "email_index", "name_sealed", "platform_role", "status", "is_demo", "created_at", "updated_at")
                .values(SQLBind(user), SQLBind("x"), SQLBind("i"), SQLBind("n"), SQLBind("member"), SQLBind("active"), SQLBind(false), SQLBind(now), SQLBind(now))
                .run()
            for (hash, expires) in [("old", now.addingTimeInterval(-60)), ("live", now.addingTimeInterval(3_600))] {
                try await sql.insert(into: "sessions")
                    .columns("id", "user_id", "token_hash", "created_at", "last_seen_at", "expires_at")
                    .values(SQLBind(UUID()), SQLBind(user), SQLBind(hash), SQLBind(now), SQLBind(now), SQLBind(expires))
                    .run()
            }
            #expect(try await platform.persistence.purgeExpiredSessions(now: now) == 1)
            struct Row: Decodable { let token_hash: String }
            #expect(try await sql.select().column("token_hash").from("sessions").all(decoding: Row.self).map(\.token_hash) == ["live"])
        }
    }
}
