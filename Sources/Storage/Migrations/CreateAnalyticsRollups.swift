import Analytics
import Core
import FluentKit
import Foundation
import SQLKit

/// What the analytics roll-ups need: each member's pseudonym salt (deleted with the account, which
/// unlinks their events), member-days and members' first steps (the roll-up's incremental state),
/// an index on `received_at` (the roll-up reads by it). On PostgreSQL `user_events` becomes a table
/// partitioned by month of `occurred_at`, with partitions from a year back to three months ahead.
struct CreateAnalyticsRollups: AsyncMigration {
    static let eventColumns = """
        id UUID NOT NULL, client_event_id TEXT NOT NULL, pseudonym TEXT NOT NULL,
        organization_id UUID REFERENCES organizations (id) ON DELETE SET NULL, type TEXT NOT NULL, properties TEXT NOT NULL,
        occurred_at TIMESTAMPTZ NOT NULL, received_at TIMESTAMPTZ NOT NULL, is_demo BOOLEAN NOT NULL
        """

    func prepare(on database: any Database) async throws {
        try await database.schema("analytics_subjects")
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("salt", .string, .required)
            .unique(on: "user_id")
            .create()
        try await database.schema("member_days")
            .field("pseudonym", .string, .required)
            .field("day", .int, .required)
            .link("organization_id", "organizations")
            .unique(on: "pseudonym", "day")
            .create()
        try await database.createIndex(on: "member_days", "day")
        try await database.schema("analytics_members")
            .field("pseudonym", .string, .required)
            .link("organization_id", "organizations")
            .field("first_day", .int, .required)
            .field("signed_up_day", .int)
            .field("profile_day", .int)
            .field("skills_day", .int)
            .field("goal_day", .int)
            .field("plan_day", .int)
            .unique(on: "pseudonym")
            .create()
        try await database.createIndex(on: "analytics_members", "first_day")
        try await database.createIndex(on: "analytics_members", "signed_up_day")

        guard let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" else {
            try await database.createIndex(on: "user_events", "received_at")
            return
        }
        try await sql.raw("CREATE TABLE user_events_partitioned (\(unsafeRaw: Self.eventColumns), PRIMARY KEY (id, occurred_at), UNIQUE (client_event_id, occurred_at)) PARTITION BY RANGE (occurred_at)").run()
        struct Span: Decodable { let first: Date?; let last: Date? }
        let span = try await sql.raw("SELECT MIN(occurred_at) AS first, MAX(occurred_at) AS last FROM user_events").first(decoding: Span.self)
        let now = Date()
        let months = Day(min(span?.first ?? now, now.addingTimeInterval(-366 * 86_400)))...Day(max(span?.last ?? now, now.addingTimeInterval(92 * 86_400)))
        for month in AnalyticsService.Period.month.starts(covering: months) {
            try await EventPartitions.create(month, of: "user_events_partitioned", on: sql)
        }
        try await sql.raw("INSERT INTO user_events_partitioned SELECT id, client_event_id, pseudonym, organization_id, type, properties, occurred_at, received_at, is_demo FROM user_events").run()
        try await sql.raw("DROP TABLE user_events").run()
        try await sql.raw("ALTER TABLE user_events_partitioned RENAME TO user_events").run()
        for columns in [["occurred_at"], ["pseudonym", "occurred_at"], ["type", "occurred_at"], ["received_at"], ["client_event_id"]] {
            try await sql.raw("CREATE INDEX \(ident: "idx_user_events_" + columns.joined(separator: "_")) ON user_events (\(unsafeRaw: columns.joined(separator: ", ")))").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, sql.dialect.name == "postgresql" {
            try await sql.raw("CREATE TABLE user_events_plain (\(unsafeRaw: Self.eventColumns), PRIMARY KEY (id), UNIQUE (client_event_id))").run()
            try await sql.raw("INSERT INTO user_events_plain SELECT id, client_event_id, pseudonym, organization_id, type, properties, occurred_at, received_at, is_demo FROM user_events ON CONFLICT DO NOTHING").run()
            try await sql.raw("DROP TABLE user_events").run()
            try await sql.raw("ALTER TABLE user_events_plain RENAME TO user_events").run()
            for columns in [["occurred_at"], ["pseudonym", "occurred_at"], ["type", "occurred_at"]] {
                try await sql.raw("CREATE INDEX \(ident: "idx_user_events_" + columns.joined(separator: "_")) ON user_events (\(unsafeRaw: columns.joined(separator: ", ")))").run()
            }
        } else if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS idx_user_events_received_at").run()
        }
        try await database.schema("analytics_members").delete()
        try await database.schema("member_days").delete()
        try await database.schema("analytics_subjects").delete()
    }
}
