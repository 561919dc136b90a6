import Foundation
import HTTPTypes
import Hummingbird
import MitredenDomain
import MitredenStore
import OpenAPIRuntime

/// Turns whatever a handler, the OpenAPI runtime or the router threw into an ``APIError``.
/// Returns nil for errors that are bugs: those become a 500 that reveals nothing.
enum ErrorTranslation {
    static func apiError(for error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            return apiError(for: error)
        case let error as ServerError:
            return apiError(for: error)
        case let error as DecodingError:
            return JSONBodyError.describe(error)
        case let error as HTTPError:
            return apiError(for: error)
        case let error as PhaseRefusal:
            // An action outside its phase collides with the campaign's current state.
            return APIError(.conflict, kind: "wrong-phase", title: "Not possible in the current phase", detail: error.description)
        default:
            return nil
        }
    }

    static func apiError(for error: StoreError) -> APIError? {
        switch error {
        case .notFound(let detail): .notFound(detail)
        case .conflict(let detail): .conflict(detail)
        case .invalid(let field, let message):
            .validation([.init(field: field ?? "body", message: message)])
        case .unavailable(let detail): .unavailable(detail)
        case .unexpected: nil
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
