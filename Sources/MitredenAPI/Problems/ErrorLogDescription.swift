import Foundation
import MitredenStore
import OpenAPIRuntime
import PostgresNIO

/// What the log says about an error that became a 500. Never `String(reflecting:)` or the
/// description of a request-carrying error: the OpenAPI runtime's `ServerError` prints
/// the request with its headers (a bearer token), the body and the decoded input (a
/// registration's plaintext password), and PostgresNIO's debug description prints the
/// query with its bound values. Each known kind is described by what identifies the bug;
/// anything else by its type and its description through ``LogRedaction``.
enum ErrorLogDescription {
    /// The error's type; for the runtime's wrapper, with the type it wraps.
    static func type(of error: any Error) -> String {
        if let error = error as? ServerError { return "ServerError(\(type(of: error.underlyingError)))" }
        return String(reflecting: Swift.type(of: error))
    }

    /// A description that carries no request data.
    static func describe(_ error: any Error) -> String {
        let text: String
        switch error {
        case let error as ServerError:
            // The cause is the runtime's own wording (a decoding or encoding step), shortened
            // because an encoding failure may quote a value.
            text = "operation \(error.operationID) failed (\(error.causeDescription.prefix(200))): \(describe(error.underlyingError))"
        case let error as ServiceError:
            text = "ServiceError: \(error)"
        case let error as PSQLError:
            text = "PostgreSQL error \(error.code), SQLSTATE \(error.serverInfo?[.sqlState] ?? "none")"
        case let error as DecodingError:
            text = "DecodingError at \(codingPath(of: error))"
        default:
            text = "\(type(of: error)): \(String(describing: error).prefix(500))"
        }
        return LogRedaction.redact(text: text)
    }

    private static func codingPath(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        return path.isEmpty ? "the top level" : path.map(\.stringValue).joined(separator: ".")
    }
}
