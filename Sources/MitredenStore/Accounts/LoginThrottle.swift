import Foundation
import MitredenDomain
import PostgresNIO

/// Counts login attempts per key in fixed windows, in the database so that every instance
/// sees the same counts. An attempt is counted before its password is checked and a
/// success takes it back, so what stays counted are failures. Keys are per account
/// (`email:<sha256>`, hashed so the table holds no address, and the same for unknown
/// addresses so the throttle reveals nothing) and per client address with a higher limit,
/// so one person's typos don't lock out an office.
public struct LoginThrottle: Sendable {
    public struct Limits: Sendable {
        public var perAccount: Int
        public var perAddress: Int
        public var window: TimeInterval
        public init(perAccount: Int, perAddress: Int, window: TimeInterval) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
        }
    }

    public let limits: Limits

    public init(limits: Limits) {
        self.limits = limits
    }

    public static func accountKey(email: String) -> String { "email:" + SecretToken.hexDigest(email) }
    /// IPv6 clients are counted per /64 (``IPAddress/throttleScope``).
    public static func addressKey(_ address: String) -> String { "address:" + scope(address) }
    public static func registrationKey(_ address: String) -> String { "register:" + scope(address) }

    private static func scope(_ address: String) -> String { IPAddress(address)?.throttleScope ?? address }

    /// Counts this login attempt against the account and the client address and decides on
    /// it before any password is checked: seconds to wait when either key is over its limit,
    /// nil when the attempt may go ahead. Counting and deciding are one statement; a check
    /// followed by a count after bcrypt let 25 of 50 parallel guesses through a limit of 5.
    public func attempt(email: String, address: String?, now: Date, on db: some SQLExecutor) async throws -> Int? {
        let limits = Dictionary(uniqueKeysWithValues: keys(email: email, address: address))
        // Sorted, so two attempts lock their rows in the same order and cannot deadlock.
        let keys = limits.keys.sorted()
        let windowOpen = now.addingTimeInterval(-self.limits.window)
        let rows = try await db.query(
            """
            INSERT INTO login_throttle AS t (key, window_start, failures)
            SELECT key, \(now), 1 FROM unnest(\(keys)::text[]) AS key ORDER BY key
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.window_start <= \(windowOpen) THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN t.window_start <= \(windowOpen) THEN \(now) ELSE t.window_start END
            RETURNING key, window_start, failures
            """)
        var waits: [Int] = []
        for row in rows {
            let (key, start, count) = try row.decode((String, Date, Int).self)
            if let limit = limits[key], count > limit {
                waits.append(max(1, Int(start.addingTimeInterval(self.limits.window).timeIntervalSince(now).rounded(.up))))
            }
        }
        return waits.max()
    }

    /// A successful login clears the account's count and takes back the attempt charged to
    /// the address, so the address keeps counting failures only and an office full of
    /// people who type their passwords right is never locked out.
    public func recordSuccess(email: String, address: String?, on db: some SQLExecutor) async throws {
        try await db.query("DELETE FROM login_throttle WHERE key = \(Self.accountKey(email: email))")
        if let address {
            try await db.query("UPDATE login_throttle SET failures = failures - 1 WHERE key = \(Self.addressKey(address)) AND failures > 0")
        }
    }

    /// Counts one attempt under `key` (registrations from an address); returns seconds to
    /// wait when this attempt is over `limit` within `window`, nil when it may go ahead.
    public func consume(key: String, limit: Int, window: TimeInterval, now: Date, on db: some SQLExecutor) async throws -> Int? {
        let windowOpen = now.addingTimeInterval(-window)
        let rows = try await db.query(
            """
            INSERT INTO login_throttle (key, window_start, failures) VALUES (\(key), \(now), 1)
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN login_throttle.window_start <= \(windowOpen) THEN 1 ELSE login_throttle.failures + 1 END,
                window_start = CASE WHEN login_throttle.window_start <= \(windowOpen) THEN \(now) ELSE login_throttle.window_start END
            RETURNING window_start, failures
            """)
        let (start, count) = try rows[0].decode((Date, Int).self)
        guard count > limit else { return nil }
        return max(1, Int(start.addingTimeInterval(window).timeIntervalSince(now).rounded(.up)))
    }

    private func keys(email: String, address: String?) -> [(String, Int)] {
        var keys = [(Self.accountKey(email: email), limits.perAccount)]
        if let address { keys.append((Self.addressKey(address), limits.perAddress)) }
        return keys
    }
}
