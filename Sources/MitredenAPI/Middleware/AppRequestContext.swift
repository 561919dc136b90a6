import Hummingbird
import NIOCore

/// The Hummingbird request context: the core storage plus the peer address (for rate
/// limits) and the body limit from configuration.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The body limit is enforced by ``BodyLimitMiddleware`` from configuration; this
    /// bound only guards Hummingbird's own collectors.
    public var maxUploadSize: Int { 64 << 20 }
}
