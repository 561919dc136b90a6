import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Cheap repeated reads of the public GETs (``DocumentedOperation/caching``): a strong `ETag` (the
/// SHA-256 of the body), `304 Not Modified` without a body when `If-None-Match` names it,
/// and `Cache-Control` so that a city's reverse proxy or CDN can answer anonymous readers.
///
/// Whether an answer may be shared depends on the caller: with `Authorization` it may show
/// drafts or held content, so it is `private` (and `Vary: Authorization` keeps a shared cache
/// from answering a request with a session from an anonymous copy). Only 200s are touched;
/// refusals and problems keep their own headers. The body is hashed after the handler made
/// it, so a 304 saves the transfer, not the database read: results are stored rows
/// already, and the lists are bounded pages.
struct ConditionalGetMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Anonymous answers: shared caches may keep them ten seconds, then must revalidate.
    static let publicPolicy = "public, max-age=10"
    /// Answers to a session: the browser may keep them but asks again (with the ETag) each time.
    static let privatePolicy = "private, no-cache"
    /// Streamed answers to a session (staff exports, with unpublished data): kept nowhere.
    static let privateStreamedPolicy = "private, no-store"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let handling = context.operation?.caching else {
            return try await next(request, context)
        }
        var response = try await next(request, context)
        guard response.status == .ok else { return response }
        // The authentication middleware refuses a header that is not a valid session, so a
        // header here is a caller whose answer may be theirs alone.
        let anonymous = request.headers[.authorization] == nil
        response.headers[.vary] = "Authorization"
        switch handling {
        case .cacheHeadersOnly:
            response.headers[.cacheControl] = anonymous ? Self.publicPolicy : Self.privateStreamedPolicy
            return response
        case .conditional:
            response.headers[.cacheControl] = anonymous ? Self.publicPolicy : Self.privatePolicy
        }
        let collector = ResponseBodyCollector()
        try await response.body.write(collector)
        let body = collector.buffer
        let tag = EntityTag.strong(of: body)
        response.headers[.eTag] = tag
        if EntityTag.ifNoneMatch(request.headers[values: .ifNoneMatch], matches: tag) {
            // RFC 9110 §15.4.5: the headers a 200 would carry that describe caching, no content.
            // Content-Length may only state the 200's length (§8.6); Hummingbird would
            // otherwise write the empty body's 0.
            var headers = response.headers
            headers[.contentType] = nil
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .notModified, headers: headers, body: ResponseBody())
        }
        response.body = ResponseBody(byteBuffer: body)
        return response
    }
}

/// Entity tags and the `If-None-Match` comparison of RFC 9110 §13.1.2.
enum EntityTag {
    /// `"<hex SHA-256 of the body>"`: the same bytes always give the same tag, on every
    /// instance, so a tag from one server is valid at the next.
    static func strong(of body: ByteBuffer) -> String {
        let digest = SHA256.hash(data: body.readableBytesView)
        return "\"" + digest.map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// Whether `If-None-Match` (all its field lines) matches `current`: `*` matches any
    /// current representation; otherwise a comma-separated list of entity tags compared
    /// weakly (`W/"x"` matches `"x"`). Malformed members match nothing.
    static func ifNoneMatch(_ fieldLines: [String], matches current: String) -> Bool {
        let members = fieldLines.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if members.contains("*") { return true }
        let opaque = opaqueTag(current)
        return members.contains { member in
            let tag = member.hasPrefix("W/") ? String(member.dropFirst(2)) : member
            return tag.count >= 2 && tag.first == "\"" && tag.last == "\"" && tag == opaque
        }
    }

    private static func opaqueTag(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }
}
