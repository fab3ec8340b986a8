import SQLKit

extension SQLDatabase {
    /// Inserts many rows in statements of a bounded size (SQLite and PostgreSQL both cap the
    /// number of bound parameters). `update` names the columns refreshed when `conflictKey`
    /// already exists; with an empty `update` an existing row is left as it is.
    package func insertRows(
        into table: String,
        columns: [String],
        rows: [[any Encodable & Sendable]],
        conflictKey: [String]? = nil,
        update: [String] = [],
        progress: (Int) -> Void = { _ in }
    ) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = Swift.max(1, 8_000 / Swift.max(1, columns.count))
        var written = 0
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let chunk = rows[start..<Swift.min(start + perStatement, rows.count)]
            var insert = self.insert(into: table).columns(columns)
            for row in chunk {
                insert = insert.values(row.map { SQLBind($0) as any SQLExpression })
            }
            if let conflictKey {
                if update.isEmpty {
                    insert = insert.ignoringConflicts(with: conflictKey)
                } else {
                    insert = insert.onConflict(with: conflictKey) { builder in
                        var builder = builder
                        for column in update { builder = builder.set(excludedValueOf: column) }
                        return builder
                    }
                }
            }
            try await insert.run()
            written += chunk.count
            progress(written)
        }
    }
}
