import Hummingbird

/// Refuses request bodies over the configured limit (413) and bodies that are not JSON
/// (415) before any handler or decoder sees them. The body is collected here, once, so a
/// client that sends more than it announced is stopped at the limit too.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let announced = request.headers[.contentLength].flatMap(Int.init), announced > limit {
            throw tooLarge
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
        if body.readableBytes > 0, !Self.isJSON(request.headers[.contentType]) {
            throw APIError(
                .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported content type",
                detail: "request bodies must be JSON: send Content-Type: application/json"
            )
        }
        return try await next(request, context)
    }

    private var tooLarge: APIError {
        APIError(
            .contentTooLarge, kind: "body-too-large", title: "Request body too large",
            detail: "the request body is larger than \(limit) bytes"
        )
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}

import Foundation
