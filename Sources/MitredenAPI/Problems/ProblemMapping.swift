import Foundation
import HTTPTypes
import Hummingbird
import MitredenDomain
import MitredenStore
import OpenAPIRuntime
import PostgresNIO

/// Turns whatever a handler, the OpenAPI runtime or the router threw into an ``APIError``:
/// the one place where the services' ``ServiceError`` becomes problem+json. Returns nil for
/// errors that are bugs: those become a 500 that reveals nothing.
enum ErrorTranslation {
    static func apiError(for error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as ServiceError:
            return apiError(for: error)
        case let error as ServerError:
            return apiError(for: error)
        case let error as DecodingError:
            return JSONBodyError.describe(error)
        case let error as HTTPError:
            return apiError(for: error)
        case is PhaseRefusal, is PSQLError:
            // Thrown past a service by mistake; mapped all the same so the client gets
            // the problem, not a 500.
            return apiError(for: ServiceError(mapping: error))
        default:
            return nil
        }
    }

    /// Every case of ``ServiceError`` names its status here, so a new case is a compile
    /// error until it is given one.
    static func apiError(for error: ServiceError) -> APIError? {
        switch error {
        case .notFound(let detail): return .notFound(detail)
        case .unauthenticated(let detail): return .unauthenticated(detail)
        case .secondFactor(let refusal):
            // Own problem types, so a client knows to ask for the code rather than the password.
            var error = APIError.unauthenticated(refusal.message)
            switch refusal {
            case .required: (error.kind, error.title) = ("second-factor-required", "A second factor is required")
            case .rejected: (error.kind, error.title) = ("second-factor-rejected", "The second factor was not accepted")
            }
            return error
        case .forbidden(let detail): return .forbidden(detail)
        case .conflict(let kind, let detail):
            switch kind {
            case .exists: return APIError(.conflict, kind: "already-exists", title: "It exists already", detail: detail)
            case .state: return .conflict(detail)
            case .concurrentChange:
                return APIError(.conflict, kind: "concurrent-change", title: "Changed at the same moment; try again", detail: detail)
            case .limitReached: return APIError(.conflict, kind: "limit-reached", title: "Limit reached", detail: detail)
            }
        case .invalid(let problems):
            var error = APIError.validation(problems)
            if problems.contains(where: { $0.rule.flatMap(PlanRule.init(rawValue:)) != nil }) {
                // Plan rules carry their slugs too; clients show them per line.
                error.kind = "plan-rules"
                error.title = "The plan breaks the planner's rules"
            } else if problems.contains(where: { $0.rule != nil }) {
                // Ballot rules carry their slugs; clients show them per choice.
                error.kind = "ballot-rules"
                error.title = "The ballot breaks the campaign's ballot rules"
            }
            return error
        case .phaseClosed(let refusal):
            // An action outside its phase collides with the campaign's current state.
            return APIError(.conflict, kind: "wrong-phase", title: "Not possible in the current phase", detail: refusal.description)
        case .tooManyRequests(let seconds): return .tooManyRequests(retryAfter: seconds)
        case .resultsPending(let detail, let seconds):
            // Temporary by nature: 503 with Retry-After, which no cache keeps.
            return APIError(
                .serviceUnavailable, kind: "results-pending", title: "Results are being computed", detail: detail,
                headers: [.retryAfter: String(seconds)])
        case .unavailable(let detail): return .unavailable(detail)
        case .unexpected: return nil
        }
    }

    /// The OpenAPI runtime wraps handler errors and request-decoding failures.
    static func apiError(for error: ServerError) -> APIError? {
        if let inner = apiError(for: error.underlyingError) { return inner }
        let status = error.httpStatus
        guard (400..<500).contains(status.code) else { return nil }
        switch status {
        case .unsupportedMediaType:
            return APIError(
                .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported content type",
                detail: "\(error.underlyingError)"
            )
        default:
            return APIError(status, kind: "bad-request", title: "The request is malformed", detail: "\(error.underlyingError)")
        }
    }

    static func apiError(for error: HTTPError) -> APIError? {
        switch error.status {
        case .contentTooLarge:
            return APIError(
                .contentTooLarge, kind: "body-too-large", title: "Request body too large",
                detail: error.body ?? "the request body is larger than the server accepts"
            )
        case .notFound:
            return .notFound(error.body ?? "no such resource")
        default:
            guard (400..<500).contains(error.status.code) else { return nil }
            return APIError(
                error.status, kind: "http-\(error.status.code)", title: error.status.reasonPhrase,
                detail: error.body ?? error.status.reasonPhrase
            )
        }
    }
}
