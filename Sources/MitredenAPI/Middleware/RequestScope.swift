import Foundation
import MitredenStore
import NIOCore

/// Per-request values that handlers generated from the OpenAPI document need but cannot
/// receive as arguments (the generated signatures only carry the operation's input).
/// The outermost middleware binds them for the duration of the request.
public struct RequestScope: Sendable {
    public var requestID: String
    public var clientAddress: String?
    /// Who sent the request, when it carried a valid bearer token.
    public var principal: Principal?
    /// The client's `User-Agent`, kept with a new session so its owner can recognise it.
    public var userAgent: String? = nil

    @TaskLocal public static var current = RequestScope(requestID: "none", clientAddress: nil, principal: nil)
}
