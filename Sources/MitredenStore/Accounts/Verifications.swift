import Foundation
import PostgresNIO

/// Single-use, expiring e-mail verification tokens.
public struct Verifications: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Issues a token for the account; the caller mails it.
    public func issue(for account: UUID, now: Date, lifetime: TimeInterval, on connection: PostgresConnection) async throws -> SecretToken {
        let token = SecretToken.generate()
        try await connection.query("""
            INSERT INTO email_verifications (token_hash, account_id, created_at, expires_at)
            VALUES (\(token.hash), \(account), \(now), \(now.addingTimeInterval(lifetime)))
            """, logger: database.logger)
        return token
    }

    /// Marks the account verified; false when the token is unknown, used or expired.
    public func redeem(_ token: String, now: Date) async throws -> Bool {
        let hash = SecretToken(text: token).hash
        return try await database.withTransaction { connection in
            let rows = try await connection.query("""
                UPDATE email_verifications SET used_at = \(now)
                WHERE token_hash = \(hash) AND used_at IS NULL AND expires_at > \(now)
                RETURNING account_id
                """, logger: database.logger).collect()
            guard let account = try rows.first?.decode(UUID.self) else { return false }
            try await connection.query("""
                UPDATE accounts SET verified_at = coalesce(verified_at, \(now)) WHERE id = \(account) AND status = 'active'
                """, logger: database.logger)
            return true
        }
    }
}
