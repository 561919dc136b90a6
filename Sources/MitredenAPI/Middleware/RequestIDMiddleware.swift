import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id (or keeps a well-formed one the client or proxy sent),
/// binds it to ``RequestScope`` and echoes it in the `X-Request-Id` response header, so a
/// user's error report can be found in the logs.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = request.headers[.requestID].flatMap(Self.acceptable) ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var scope = RequestScope(requestID: requestID, clientAddress: context.remoteAddress?.ipAddress, principal: nil)
        scope.userAgent = request.headers[.userAgent].map { String($0.prefix(300)) }
        var response = try await RequestScope.$current.withValue(scope) {
            try await next(request, context)
        }
        response.headers[.requestID] = requestID
        return response
    }

    /// Accepts ids of 8–64 letters, digits, `-` or `_`; anything else is replaced, so the
    /// header cannot smuggle text into logs.
    static func acceptable(_ value: String) -> String? {
        guard (8...64).contains(value.count),
            value.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" })
        else { return nil }
        return value
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
}
