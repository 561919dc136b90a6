import HTTPTypes
import Yams

/// What `openapi.yaml` says about one operation that the middleware acts on, read once from
/// the document the binary carries, so the contract and the behaviour cannot drift apart.
struct DocumentedOperation: Sendable {
    /// How a cacheable public read is answered.
    enum CacheHandling: Sendable, Equatable {
        /// It documents the `IfNoneMatch` parameter: `ETag` from the body, `If-None-Match`
        /// answered 304, `Cache-Control`, `Vary`.
        case conditional
        /// It documents only the `CacheControl` header (the streamed exports): `Cache-Control`
        /// and `Vary`, no validator, because the body is streamed after the headers are sent.
        case cacheHeadersOnly
    }

    /// `security: [{ bearer: [] }]` without the anonymous alternative `{}`: an anonymous
    /// caller is answered 401 before anything decodes its body.
    let requiresBearer: Bool
    /// Nil for an operation that is not cached.
    let caching: CacheHandling?
    /// It documents the `IdempotencyKey` parameter.
    let acceptsIdempotencyKey: Bool
    /// Its query parameters, path-level ones included.
    let queryParameters: [QueryParameters.Parameter]
}

/// Every operation of `openapi.yaml`, by method and path template. Built once at start-up;
/// a request finds its operation with one dictionary lookup on the template the router
/// matched (`context.endpointPath`), so no middleware splits or scans the path again.
struct OperationIndex: Sendable {
    private let operations: [String: [HTTPRequest.Method: DocumentedOperation]]

    init(document: String) throws {
        guard let root = try Yams.load(yaml: document) as? [String: Any], let paths = root["paths"] as? [String: Any] else {
            throw DocumentError(message: "openapi.yaml has no paths")
        }
        let components = root["components"] as? [String: Any] ?? [:]
        var operations: [String: [HTTPRequest.Method: DocumentedOperation]] = [:]
        for (path, item) in paths {
            guard let item = item as? [String: Any] else { continue }
            let shared = item["parameters"] as? [Any] ?? []
            for (key, value) in item {
                guard ["get", "put", "post", "patch", "delete"].contains(key), let method = HTTPRequest.Method(key.uppercased()),
                    let operation = value as? [String: Any]
                else { continue }
                let declared = shared + (operation["parameters"] as? [Any] ?? [])
                operations[path, default: [:]][method] = DocumentedOperation(
                    requiresBearer: Self.requiresBearer(operation["security"]),
                    caching: Self.references(declared, "#/components/parameters/IfNoneMatch")
                        ? .conditional
                        : Self.references(operation, "#/components/headers/CacheControl") ? .cacheHeadersOnly : nil,
                    acceptsIdempotencyKey: Self.references(declared, "#/components/parameters/IdempotencyKey"),
                    queryParameters: try declared.compactMap { try QueryParameters.parameter($0, components: components) }
                )
            }
        }
        self.operations = operations
    }

    /// The operation the router matched: `template` is the route's path as Hummingbird
    /// describes it (`/v1/campaigns/{slug}`, the document's own spelling); nil for a path no
    /// operation serves.
    func operation(_ method: HTTPRequest.Method, template: String) -> DocumentedOperation? {
        operations[template]?[method]
    }

    /// Refuses to start a server with a route the document does not describe under the same
    /// template: its middleware would treat the route as undocumented (no 401 before the
    /// body, no query check).
    func requireDocumented(_ routes: [(path: String, method: HTTPRequest.Method)]) throws {
        let missing = routes.filter { operation($0.method, template: $0.path) == nil }.map { "\($0.method.rawValue) \($0.path)" }
        guard missing.isEmpty else {
            throw DocumentError(message: "routes not in openapi.yaml under the same template: \(missing.joined(separator: ", "))")
        }
    }

    /// `{}` among the alternatives means the operation also serves anonymous callers.
    private static func requiresBearer(_ security: Any?) -> Bool {
        guard let alternatives = security as? [Any] else { return false }
        let schemes = alternatives.compactMap { $0 as? [String: Any] }
        return schemes.contains { $0["bearer"] != nil } && !schemes.contains { $0.isEmpty }
    }

    /// Whether `reference` appears as a `$ref` anywhere inside `node`.
    private static func references(_ node: Any, _ reference: String) -> Bool {
        switch node {
        case let object as [String: Any]:
            return object["$ref"] as? String == reference || object.values.contains { references($0, reference) }
        case let array as [Any]:
            return array.contains { references($0, reference) }
        default:
            return false
        }
    }

    struct DocumentError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
