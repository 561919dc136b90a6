import NIOCore

/// Per-request values that handlers generated from the OpenAPI document need but cannot
/// receive as arguments (the generated signatures only carry the operation's input).
/// The outermost middleware binds them for the duration of the request.
public struct RequestScope: Sendable {
    public var requestID: String
    public var clientAddress: String?

    @TaskLocal public static var current = RequestScope(requestID: "none", clientAddress: nil)
}
