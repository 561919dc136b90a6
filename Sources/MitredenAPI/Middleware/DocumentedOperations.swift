import HTTPTypes

/// The operations of `openapi.yaml` as the binary carries it: each one's path template,
/// method and the lines of text that describe it. Middleware that behaves as the document
/// says (which routes need a session, which are cached, which take an idempotency key)
/// reads it from here, so the contract and the behaviour cannot drift apart.
struct DocumentedOperations: Sendable {
    struct Operation: Sendable {
        let segments: [Substring]
        let method: HTTPRequest.Method
        /// The operation's lines, from its method line to the next operation or path.
        let lines: [Substring]

        /// Whether `path` fills this operation's template (`{name}` matches one segment).
        func matches(_ method: HTTPRequest.Method, _ requested: [Substring]) -> Bool {
            self.method == method && segments.count == requested.count
                && zip(segments, requested).allSatisfy { template, actual in
                    (template.first == "{" && template.last == "}") || template == actual
                }
        }
    }

    let all: [Operation]

    /// Reads the `paths:` section line by line: a path is `  /…:` and a method `    get:`;
    /// the `components:` section ends it.
    init(document: String) {
        var operations: [Operation] = []
        var path: String?
        var current: (method: HTTPRequest.Method, lines: [Substring])?
        func flush() {
            if let path, let current {
                operations.append(Operation(segments: path.split(separator: "/"), method: current.method, lines: current.lines))
            }
            current = nil
        }
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                flush()
                path = String(line.dropFirst(2).dropLast())
            } else if path != nil, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                flush()
                current = HTTPRequest.Method(line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()).map { ($0, [line]) }
            } else if current != nil {
                current?.lines.append(line)
            }
        }
        flush()
        all = operations
    }

    /// The operations whose text satisfies `condition`.
    func filter(_ condition: (Operation) -> Bool) -> [Operation] { all.filter(condition) }

    /// The operation answering `method` on `path`, among `operations`.
    static func first(in operations: [Operation], _ method: HTTPRequest.Method, path: String) -> Operation? {
        let requested = path.split(separator: "/")
        return operations.first { $0.matches(method, requested) }
    }
}

/// The operations that accept an `Idempotency-Key`: those documenting the
/// `IdempotencyKey` parameter.
struct IdempotentOperations: Sendable {
    private let operations: [DocumentedOperations.Operation]

    init(document: String) {
        operations = DocumentedOperations(document: document).filter { operation in
            operation.lines.contains { $0.contains("#/components/parameters/IdempotencyKey") }
        }
    }

    func accepts(_ method: HTTPRequest.Method, path: String) -> Bool {
        DocumentedOperations.first(in: operations, method, path: path) != nil
    }
}
