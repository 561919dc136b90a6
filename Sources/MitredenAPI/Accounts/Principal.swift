import Foundation
import MitredenDomain
import MitredenStore

/// The account behind a request and the session it used.
public struct Principal: Sendable {
    public var account: AccountRecord
    public var sessionID: Session.ID
}

/// Route- and object-level checks. Every handler states what it needs in one call, and
/// the answer is a 401 (no or invalid token) or 403 (known, but not allowed).
enum Authorization {
    static func principal() throws(APIError) -> Principal {
        guard let principal = RequestScope.current.principal else { throw .unauthenticated() }
        return principal
    }

    static func admin() throws(APIError) -> Principal {
        let principal = try principal()
        guard principal.account.isAdmin else { throw .forbidden("only administrators may do this") }
        return principal
    }

    /// A verified participant (or staff) who may contribute content.
    static func contributor() throws(APIError) -> Principal {
        let principal = try principal()
        guard principal.account.isVerified else {
            throw .forbidden("verify your e-mail address before contributing")
        }
        return principal
    }

    /// Holds `role` in the unit (admins hold every role).
    static func member(_ role: UnitRole, of unitSlug: String) throws(APIError) -> Principal {
        let principal = try principal()
        guard principal.account.has(role, in: unitSlug) else {
            throw .forbidden("this needs the \(role.rawValue) role in unit \(unitSlug)")
        }
        return principal
    }
}

extension APIError {
    static func unauthenticated(_ detail: String = "log in and send the token as Authorization: Bearer <token>") -> APIError {
        APIError(
            .unauthorized, kind: "unauthenticated", title: "Authentication required", detail: detail,
            headers: [.wwwAuthenticate: "Bearer"])
    }
    static func forbidden(_ detail: String) -> APIError {
        APIError(.forbidden, kind: "forbidden", title: "Not allowed", detail: detail)
    }
    static func tooManyRequests(retryAfter seconds: Int) -> APIError {
        APIError(
            .tooManyRequests, kind: "too-many-requests", title: "Too many attempts",
            detail: "too many attempts; try again in \(seconds) seconds",
            headers: [.retryAfter: String(seconds)])
    }
}
