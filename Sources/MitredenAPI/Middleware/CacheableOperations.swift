import HTTPTypes

/// Which public reads of `openapi.yaml` carry cache headers, read from the document the
/// binary carries, so the contract and the behaviour cannot drift apart: an operation that
/// documents the `IfNoneMatch` parameter is answered with an `ETag` and honours
/// `If-None-Match`; one that documents only the `CacheControl` header (the streamed
/// exports) gets `Cache-Control` and `Vary` but no validator.
struct CacheableOperations: Sendable {
    enum Handling: Sendable, Equatable {
        /// `ETag` from the body, `If-None-Match` answered 304, `Cache-Control`, `Vary`.
        case conditional
        /// `Cache-Control` and `Vary` only: the body is streamed after the headers are sent.
        case cacheHeadersOnly
    }

    private let operations: [(segments: [Substring], method: HTTPRequest.Method, handling: Handling)]

    init(document: String) {
        var found: [([Substring], HTTPRequest.Method, Handling)] = []
        var current: (path: String, method: HTTPRequest.Method, conditional: Bool, cacheControl: Bool)?
        func flush() {
            guard let operation = current else { return }
            if operation.conditional {
                found.append((operation.path.split(separator: "/"), operation.method, .conditional))
            } else if operation.cacheControl {
                found.append((operation.path.split(separator: "/"), operation.method, .cacheHeadersOnly))
            }
        }
        var path: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                flush()
                current = nil
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                flush()
                current = HTTPRequest.Method(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased())
                    .map { (path, $0, false, false) }
            } else if current != nil {
                if line.contains("#/components/parameters/IfNoneMatch") { current?.conditional = true }
                if line.contains("#/components/headers/CacheControl") { current?.cacheControl = true }
            }
        }
        flush()
        operations = found
    }

    /// How the operation answering `method` on `path` is cached; nil for one that is not.
    func handling(_ method: HTTPRequest.Method, path: String) -> Handling? {
        let requested = path.split(separator: "/")
        return operations.first { entry in
            entry.method == method && entry.segments.count == requested.count
                && zip(entry.segments, requested).allSatisfy { template, actual in
                    (template.first == "{" && template.last == "}") || template == actual
                }
        }?.handling
    }
}
