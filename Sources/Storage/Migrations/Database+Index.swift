import FluentKit
import SQLKit

extension Database {
    /// Fluent's schema builder has no indexes; SQLKit's `CREATE INDEX` works on both SQLite and
    /// PostgreSQL. Dropping a table drops its indexes, so reverts need no counterpart.
    func createIndex(on table: String, _ columns: String..., unique: Bool = false) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: "idx_\(table)_\(columns.joined(separator: "_"))").on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}

extension Database {
    /// Text compared byte by byte, so that a range scan finds exactly the strings with a given
    /// prefix: SQLite compares that way already; PostgreSQL needs the "C" collation.
    var byteOrderedText: DatabaseSchema.DataType {
        (self as? any SQLDatabase)?.dialect.name == "postgresql" ? .custom(SQLRaw("TEXT COLLATE \"C\"")) : .string
    }
}

extension SchemaBuilder {
    /// `created_at` and `updated_at`, which nearly every table carries.
    func timestamps() -> Self {
        field("created_at", .datetime, .required).field("updated_at", .datetime, .required)
    }

    /// A required reference to another table's id that goes away with its parent.
    func owner(_ column: String, _ table: String) -> Self {
        field(.string(column), .uuid, .required, .references(table, "id", onDelete: .cascade))
    }

    /// An optional reference that is cleared when the target goes away.
    func link(_ column: String, _ table: String) -> Self {
        field(.string(column), .uuid, .references(table, "id", onDelete: .setNull))
    }
}
