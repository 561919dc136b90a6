import HTTPTypes
import MitredenStore

/// An error the API answers with a 4xx (or 503) problem+json. Handlers throw these; the
/// ``ProblemMiddleware`` renders them.
public struct APIError: Error, Sendable, Equatable {
    /// One input at fault; the same shape as the services' problems.
    public typealias FieldError = FieldProblem

    public var status: HTTPResponse.Status
    /// Short slug naming the kind of problem; becomes `https://mitreden.org/problems/<slug>`.
    public var kind: String
    public var title: String
    public var detail: String
    public var fieldErrors: [FieldError]
    public var headers: HTTPFields

    public init(
        _ status: HTTPResponse.Status, kind: String, title: String, detail: String,
        fieldErrors: [FieldError] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.headers = headers
    }

    public static func badRequest(_ detail: String) -> APIError {
        APIError(.badRequest, kind: "bad-request", title: "The request is malformed", detail: detail)
    }
    public static func notFound(_ detail: String) -> APIError {
        APIError(.notFound, kind: "not-found", title: "Not found", detail: detail)
    }
    public static func conflict(_ detail: String) -> APIError {
        APIError(.conflict, kind: "conflict", title: "Conflict with the current state", detail: detail)
    }
    public static func validation(_ errors: [FieldError]) -> APIError {
        APIError(
            .unprocessableContent, kind: "validation", title: "Some fields are not valid",
            detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), fieldErrors: errors
        )
    }
    public static func unavailable(_ detail: String) -> APIError {
        APIError(.serviceUnavailable, kind: "unavailable", title: "Service unavailable", detail: detail)
    }
}
