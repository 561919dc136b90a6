import Foundation
import MitredenDomain

/// One live session as its owner (or staff, on the command line) sees it: never the token,
/// never the full client address.
public struct SessionOverview: Sendable, Equatable {
    public var id: Session.ID
    public var createdAt: Date
    /// Kept to the minute: the idle timer is written at most once a minute.
    public var lastUsedAt: Date
    /// When it ends unless used again (the idle limit), or at its absolute end if sooner.
    public var expiresAt: Date
    /// A short name of the client (`Firefox on Linux`), from the `User-Agent` at login.
    public var client: String?
    /// The network the login came from, /24 or /48 (`203.0.113.0/24`).
    public var network: String?
}

extension AccountService {
    /// The account's live sessions, most recently used first.
    public func sessions(of account: Account.ID) async throws -> [SessionOverview] {
        try await Sessions.live(of: account, now: clock.now, lifetimes: settings.sessionLifetimes, on: database).map {
            SessionOverview(
                id: $0.id, createdAt: $0.createdAt, lastUsedAt: $0.lastSeenAt, expiresAt: $0.expiresAt,
                client: SessionDisplay.clientHint(userAgent: $0.userAgent), network: SessionDisplay.network(of: $0.clientAddress))
        }
    }

    /// Ends one of the account's own live sessions; another account's is a not-found, as
    /// is one that has ended, so ids of others' sessions reveal nothing.
    public func endSession(_ session: Session.ID, of account: Account.ID) async throws {
        guard try await Sessions.revoke(session, of: account, now: clock.now, lifetimes: settings.sessionLifetimes, on: database) else {
            throw ServiceError.notFound("no such session")
        }
    }

    /// Ends every session of the account except `current`; returns how many were live.
    public func endOtherSessions(of account: Account.ID, keeping current: Session.ID) async throws -> Int {
        try await Sessions.revokeOthers(of: account, keeping: current, now: clock.now, lifetimes: settings.sessionLifetimes, on: database)
    }
}
