import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Synchronization

/// Remembers which methods each path template accepts, as the generated server registers
/// them, so that a known path with the wrong method is answered 405 (with `Allow`) rather
/// than 404.
final class RouteTable: Sendable {
    private let entries = Mutex<[(path: String, segments: [Substring], method: HTTPRequest.Method)]>([])

    func record(path: String, method: HTTPRequest.Method) {
        let segments = path.split(separator: "/")
        entries.withLock { $0.append((path, segments, method)) }
    }

    /// Every route registered, with its template as registered.
    var all: [(path: String, method: HTTPRequest.Method)] { entries.withLock { $0.map { ($0.path, $0.method) } } }

    /// The methods allowed on `path` when `method` is not one of them; nil when the path is
    /// unknown or the method is allowed (then a 404 came from the handler itself).
    func methodsNotAllowing(_ method: HTTPRequest.Method, path: String) -> [String]? {
        let requested = path.split(separator: "/")
        let snapshot = entries.withLock { $0 }
        var allowed: [HTTPRequest.Method] = []
        for entry in snapshot where Self.matches(template: entry.segments, path: requested) {
            allowed.append(entry.method)
        }
        guard !allowed.isEmpty, !allowed.contains(method) else { return nil }
        return Array(Set(allowed.map(\.rawValue))).sorted()
    }

    private static func matches(template: [Substring], path: [Substring]) -> Bool {
        guard template.count == path.count else { return false }
        for (expected, actual) in zip(template, path) {
            let isParameter = (expected.first == "{" && expected.last == "}") || expected.first == ":"
            if !isParameter && expected != actual { return false }
        }
        return true
    }
}

/// The transport the generated server registers its operations with: a Hummingbird router
/// that also records each route in a ``RouteTable``.
struct RecordingTransport: ServerTransport {
    let router: Router<AppRequestContext>
    let routes: RouteTable

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        routes.record(path: path, method: method)
        router.register(handler, method: method, path: path)
    }
}
