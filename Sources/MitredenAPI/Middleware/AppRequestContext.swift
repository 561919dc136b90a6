import Hummingbird
import NIOCore

/// The Hummingbird request context: the core storage plus the peer address (for rate
/// limits) and the connection (which a refused oversized body closes).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    let channel: any Channel
    /// The `openapi.yaml` operation of the matched route (``OperationLookupMiddleware``).
    var operation: DocumentedOperation?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.channel = source.channel
    }

    /// The body limit is enforced by ``RequestBodyMiddleware`` from configuration; this
    /// bound only guards Hummingbird's own collectors.
    public var maxUploadSize: Int { 64 << 20 }
}
