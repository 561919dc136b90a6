import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A decoded problem+json body, for checking error responses field by field.
public struct ProblemBody: Decodable, Sendable {
    public struct FieldError: Decodable, Sendable {
        public let field: String
        public let message: String
        public let rule: String?
    }
    public let type: String
    public let title: String
    public let status: Int
    public let detail: String?
    public let instance: String?
    public let errors: [FieldError]?
}

public enum ProblemCheckError: Error, CustomStringConvertible {
    case notProblemJSON(contentType: String?, body: String)
    public var description: String {
        switch self {
        case .notProblemJSON(let type, let body): "expected application/problem+json, got \(type ?? "no content type"): \(body)"
        }
    }
}

extension TestResponse {
    /// The body as problem details; throws unless the response is `application/problem+json`.
    public func problem() throws -> ProblemBody {
        guard headers[.contentType]?.hasPrefix("application/problem+json") == true else {
            throw ProblemCheckError.notProblemJSON(contentType: headers[.contentType], body: String(buffer: body))
        }
        return try JSONDecoder().decode(ProblemBody.self, from: Data(buffer: body))
    }

    public var text: String { String(buffer: body) }
}

extension HTTPField.Name {
    public static let requestIDHeader = Self("X-Request-Id")!
}
