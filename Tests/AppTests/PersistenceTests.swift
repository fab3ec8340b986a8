@testable import App
import FluentKit
import Foundation
import Logging
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
        "login_throttle", "one_time_tokens", "mail_outbox", "organization_invitations", "personal_access_tokens", "teams", "team_members", "coach_shares",
        "idempotency_keys", "analytics_subjects", "member_days", "analytics_members",
    ]

    @Test func reportReadsGoToTheReplicaAndFallBackToThePrimary() async throws {
        #expect { try TestPlatform.config(extra: ["DATABASE_READ_URL": "mysql://replica"]) } throws: { "\($0)".contains("DATABASE_READ_URL") }
        try await TestPlatform.with { platform in
            guard case .postgres(let url, let size, let schema) = platform.persistence.location else {
                #expect { try TestPlatform.config(extra: ["DATABASE_READ_URL": "postgres://u:p@replica/db"]) } throws: { "\($0)".contains("PostgreSQL primary") }
                return
            }
            // A replica nobody answers at: the report's read is served by the primary instead.
            let persistence = try Persistence(location: .postgres(url: url, poolSize: size, schema: schema), readReplica: "postgres://u:p@127.0.0.1:1/none?tlsmode=disable",
                                              logger: Logger(label: "test"))
            #expect(persistence.hasReadReplica)
            struct One: Decodable { let n: Int }
            let one = try await persistence.reading { try await $0.raw("SELECT 1 AS n").first(decoding: One.self) }
            #expect(one?.n == 1)
            await persistence.shutdown()
        }
    }

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
            #expect(try await persistence.runExclusively(job: "test-job") { _ in "ran" } == "ran")
            // On PostgreSQL, while one transaction holds the job's lock another attempt skips.
            // (SQLite has one connection and one process: there is nothing to exclude.)
            guard TestPlatform.onPostgres else { return }
            // A second worker process, on its own connections to the same schema.
            let other = try Persistence(location: platform.config.database, logger: Logger(label: "other-worker"))
            let outer = try await persistence.runExclusively(job: "test-job") { _ in
                try await other.runExclusively(job: "test-job") { _ in "inner ran" }
            }
            await other.shutdown()
            #expect(outer == .some(nil))
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
