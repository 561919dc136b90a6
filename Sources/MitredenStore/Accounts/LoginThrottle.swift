import Foundation
import MitredenDomain
import PostgresNIO

/// Counts failed logins per key in fixed windows, in the database so that every instance
/// sees the same counts. Keys are per account (`email:<sha256>`, hashed so the table holds
/// no address, and the same for unknown addresses so the throttle reveals nothing) and per
/// client address with a higher limit, so one person's typos don't lock out an office.
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
    public static func addressKey(_ address: String) -> String { "address:" + address }

    /// Seconds until another attempt is allowed, or nil when allowed now.
    public func retryAfter(email: String, address: String?, now: Date, on db: some SQLExecutor) async throws -> Int? {
        var waits: [Int] = []
        for (key, limit) in keys(email: email, address: address) {
            let rows = try await db.query(
                """
                SELECT window_start FROM login_throttle
                WHERE key = \(key) AND failures >= \(limit) AND window_start > \(now.addingTimeInterval(-limits.window))
                """)
            if let start = try rows.first?.decode(Date.self) {
                waits.append(max(1, Int((start.addingTimeInterval(limits.window).timeIntervalSince(now)).rounded(.up))))
            }
        }
        return waits.max()
    }

    /// Counts a failure against both keys.
    public func recordFailure(email: String, address: String?, now: Date, on db: some SQLExecutor) async throws {
        let windowOpen = now.addingTimeInterval(-limits.window)
        for (key, _) in keys(email: email, address: address) {
            try await db.query(
                """
                INSERT INTO login_throttle (key, window_start, failures) VALUES (\(key), \(now), 1)
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN login_throttle.window_start <= \(windowOpen) THEN 1 ELSE login_throttle.failures + 1 END,
                    window_start = CASE WHEN login_throttle.window_start <= \(windowOpen) THEN \(now) ELSE login_throttle.window_start END
                """)
        }
    }

    /// A successful login clears the account's count (not the address's).
    public func recordSuccess(email: String, on db: some SQLExecutor) async throws {
        try await db.query("DELETE FROM login_throttle WHERE key = \(Self.accountKey(email: email))")
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
