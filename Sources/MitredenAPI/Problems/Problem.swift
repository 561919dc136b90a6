import Foundation
import HTTPTypes
import Hummingbird
import MitredenDomain
import NIOCore

/// RFC 9457 problem details, the body of every error response.
struct Problem: Encodable {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let instance: String?
    let errors: [APIError.FieldError]?

    static let baseURI = "https://mitreden.org/problems/"

    /// `error` in `language`: title, detail and field messages from the text catalogue
    /// (``ProblemTexts``); the type, the field names and rule slugs stay as they are, so a
    /// client can act on them whatever the language.
    init(_ error: APIError, requestID: String?, language: Language) {
        self.type = Self.baseURI + error.kind
        self.title = ProblemTexts.text(error.title, in: language)
        self.status = Int(error.status.code)
        let errors = error.fieldErrors.map {
            APIError.FieldError(field: $0.field, message: ProblemTexts.text($0.message, in: language), rule: $0.rule)
        }
        // A validation detail lists its fields' messages; it is rebuilt from the translated ones.
        let listsFields = !errors.isEmpty && error.detail == error.fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        self.detail =
            listsFields ? errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") : ProblemTexts.text(error.detail, in: language)
        self.instance = requestID.map { "urn:request:\($0)" }
        self.errors = errors.isEmpty ? nil : errors
    }

    func response(extraHeaders: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data(#"{"title":"error"}"#.utf8)
        var headers = extraHeaders
        headers[.contentType] = "application/problem+json"
        return Response(
            status: .init(code: status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
