import Crypto
import Foundation
import MitredenDomain

/// One numbered file of `Schema/`: `NNNN_name.sql`, applied once, never edited afterwards.
public struct Migration: Sendable, Equatable {
    /// Whether the previous release still runs on the schema after this file (the rule of
    /// rolling upgrades, docs/ARCHITECTURE.md "Migrations: expand and contract"). Declared
    /// by a line `-- compatibility: expand` or `-- compatibility: contract` at the top.
    public enum Compatibility: String, Sendable {
        /// Only adds what the previous release ignores (tables, nullable or defaulted
        /// columns, indexes, functions it does not call): it keeps serving.
        case expand
        /// Removes, renames or tightens something the previous release uses: every
        /// instance must run the new release first.
        case contract
    }

    public let version: Int
    public let fileName: String
    public let sql: String
    /// SHA-256 of the file's text, recorded when applied, compared on every start.
    public let checksum: String
    /// From the file's header; a file without one counts as `contract` (files before 0024
    /// predate the rule and cannot be edited, their checksums are recorded).
    public let compatibility: Compatibility
    /// Migrations from this number on must declare their compatibility (`SchemaFileTests`).
    public static let firstDeclaring = 24

    public init(fileName: String, sql: String) throws(MigrationError) {
        let digits = fileName.prefix(while: \.isNumber)
        guard digits.count == 4, let version = Int(digits), fileName.hasSuffix(".sql"),
            fileName.dropFirst(4).first == "_"
        else { throw .badFileName(fileName) }
        self.version = version
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
        self.compatibility = Self.declaredCompatibility(in: sql) ?? .contract
    }

    /// The `-- compatibility: expand|contract` line among the file's leading comment lines.
    public static func declaredCompatibility(in sql: String) -> Compatibility? {
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { return nil }
            let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces).lowercased()
            guard comment.hasPrefix("compatibility:") else { continue }
            return Compatibility(rawValue: comment.dropFirst("compatibility:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The migrations compiled into this binary from `Schema/`, in order.
    public static func embedded() throws(MigrationError) -> [Migration] {
        var migrations: [Migration] = []
        for file in EmbeddedSchema.files {
            migrations.append(try Migration(fileName: file.name, sql: file.contents))
        }
        return try ordered(migrations)
    }

    /// Sorts by version and refuses duplicates and gaps: 0001, 0002, … with nothing missing.
    public static func ordered(_ migrations: [Migration]) throws(MigrationError) -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (index, migration) in sorted.enumerated() where migration.version != index + 1 {
            if index > 0, sorted[index - 1].version == migration.version {
                throw .duplicateVersion(migration.fileName, sorted[index - 1].fileName)
            }
            throw .gap(expected: index + 1, found: migration.fileName)
        }
        return sorted
    }
}

/// Why the schema cannot be brought up to date. Each message names the file and says what to do.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case badFileName(String)
    case duplicateVersion(String, String)
    case gap(expected: Int, found: String)
    case checksumChanged(String)
    case unknownApplied(version: Int, fileName: String)
    case outOfOrder(pending: String, latestApplied: String)
    case failed(fileName: String, statement: Int, reason: String)
    /// The connection's role may not create objects in the schema: it is the runtime role.
    case notOwner(role: String)

    public var description: String {
        switch self {
        case .badFileName(let name):
            "\(name): migration files are named NNNN_name.sql (four digits, underscore, name)"
        case .duplicateVersion(let a, let b):
            "\(a) and \(b) have the same number; give the newer one the next free number"
        case .gap(let expected, let found):
            "\(found): expected migration number \(String(format: "%04d", expected)) next; numbers must not have gaps"
        case .checksumChanged(let name):
            "\(name) was changed after it was applied; applied migrations are never edited — restore it and add a new migration instead"
        case .unknownApplied(let version, let name):
            "the database has migration \(String(format: "%04d", version)) (\(name)) that this build does not know and that is not an expand migration the previous release may run on; run a newer mitreden"
        case .outOfOrder(let pending, let latest):
            "\(pending) is not applied but \(latest) already is; migrations must be applied in order"
        case .failed(let name, let statement, let reason):
            "\(name), statement \(statement): \(reason) (rolled back; nothing of this file was applied)"
        case .notOwner(let role):
            "the role \(role) may not create objects in the schema; migrations run as the schema's owner: set MITREDEN_MIGRATION_DATABASE_URL to the owner's URL"
        }
    }
}
