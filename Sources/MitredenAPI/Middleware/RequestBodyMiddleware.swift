import Foundation
import Hummingbird
import MitredenDomain
import NIOCore

/// Checks request bodies before any handler or decoder sees them: over the configured
/// limit is 413, a body that is not JSON is 415, and JSON that does not parse is 400 with
/// the line and column of the fault (the generated decoders cannot say where). The body is
/// collected here, once, so a client that sends more than it announced (or a chunked body
/// without a length) is stopped at the limit too.
struct RequestBodyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let announced = request.headers[.contentLength].flatMap(Int.init), announced > limit {
            return refuseTooLarge(request, context)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            // What the collector throws past the limit: before, it reached the problem
            // middleware as an unknown error, and a chunked 2 MiB body was answered 500.
            return refuseTooLarge(request, context)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return refuseTooLarge(request, context)
        }
        if body.readableBytes > 0 {
            guard Self.isJSON(request.headers[.contentType]) else {
                throw APIError(
                    .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported content type",
                    detail: "request bodies must be JSON: send Content-Type: application/json"
                )
            }
            try Self.checkWellFormed(Data(buffer: body))
        }
        return try await next(request, context)
    }

    /// 413, and the connection closed once the answer is written. Hummingbird would
    /// otherwise read the rest of the body, however large, to reach the next request on the
    /// connection: the server reads no more of a refused body than the limit.
    private func refuseTooLarge(_ request: Request, _ context: Context) -> Response {
        let error = APIError(
            .contentTooLarge, kind: "body-too-large", title: "Request body too large",
            detail: "the request body is larger than \(limit) bytes"
        )
        let language = Language.preferred(byAcceptLanguage: request.headers[.acceptLanguage])
        var response = Problem(error, requestID: RequestScope.current.requestID, language: language)
            .response(extraHeaders: [.connection: "close"])
        let problem = response.body
        let channel = context.channel
        response.body = ResponseBody(contentLength: problem.contentLength) { writer in
            try await problem.write(writer)
            channel.close(promise: nil)
        }
        return response
    }

    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    static func checkWellFormed(_ data: Data) throws {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "not valid JSON"
            var detail = "the request body is not valid JSON"
            if let offset = characterOffset(in: reason) {
                let (line, column) = position(of: offset, in: data)
                detail += " at line \(line), column \(column)"
            }
            throw APIError(
                .badRequest, kind: "malformed-json", title: "The request body is not valid JSON",
                detail: detail + ": " + reason
            )
        }
    }

    /// The parser says "… around character 22."; that number is a byte offset.
    static func characterOffset(in message: String) -> Int? {
        guard let range = message.range(of: "character ") else { return nil }
        return Int(message[range.upperBound...].prefix(while: \.isNumber))
    }

    /// 1-based line and column of a byte offset.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
