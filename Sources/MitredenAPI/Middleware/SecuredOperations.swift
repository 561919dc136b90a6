import HTTPTypes

/// Which operations of `openapi.yaml` require a bearer token (`security: [{ bearer: [] }]`
/// without the anonymous alternative `{}`), read from the document the binary carries. The
/// authentication middleware answers an anonymous request to one of them with 401 before
/// anything decodes its body: a caller who may not use a route learns nothing about what
/// the route expects.
struct SecuredOperations: Sendable {
    private let required: [(segments: [Substring], method: HTTPRequest.Method)]

    init(document: String) {
        var found: [([Substring], HTTPRequest.Method)] = []
        var path: String?
        var method: HTTPRequest.Method?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
                method = nil
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = HTTPRequest.Method(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased())
            } else if let path, let method, line.hasPrefix("      security:") {
                // `{}` among the alternatives means the operation also serves anonymous callers.
                if line.contains("bearer"), !line.contains("{}") { found.append((path.split(separator: "/"), method)) }
            }
        }
        required = found
    }

    /// Whether the operation answering `method` on `path` requires a logged-in caller.
    func requiresBearer(_ method: HTTPRequest.Method, path: String) -> Bool {
        let requested = path.split(separator: "/")
        return required.contains { entry in
            entry.method == method && entry.segments.count == requested.count
                && zip(entry.segments, requested).allSatisfy { template, actual in
                    (template.first == "{" && template.last == "}") || template == actual
                }
        }
    }
}
