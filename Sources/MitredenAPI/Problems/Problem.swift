import Foundation
import HTTPTypes
import Hummingbird
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

    init(_ error: APIError, requestID: String?) {
        self.type = Self.baseURI + error.kind
        self.title = error.title
        self.status = Int(error.status.code)
        self.detail = error.detail
        self.instance = requestID.map { "urn:request:\($0)" }
        self.errors = error.fieldErrors.isEmpty ? nil : error.fieldErrors
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
