import Foundation
import Testing

/// The layering of docs/ARCHITECTURE.md, checked on the sources: the domain imports none
/// of our targets, the service layer no HTTP module, and the CLI the API target only to
/// serve. SwiftPM alone does not prove it: a module reachable through another target's
/// dependencies can be imported without being declared.
@Suite struct ImportGraphTests {
    static let sources = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Sources").standardized

    /// Every `import X` of the target's files, with the file it is in (relative to the target).
    static func imports(of target: String) throws -> [(file: String, module: String)] {
        let root = sources.appending(path: target)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let file = String(url.standardized.path.dropFirst(root.standardized.path.count + 1))
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                // `import X`, `@testable import X`, `import struct X.Y` all name the module last-but-declaration.
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { continue }
                guard line.hasPrefix("import ") || line.hasPrefix("@") || line.hasPrefix("public import ") else { continue }
                let module = words[words.count - 1].split(separator: ".").first.map(String.init) ?? ""
                found.append((file, module))
            }
        }
        #expect(!found.isEmpty, "no imports read under \(root.path): is the path right?")
        return found
    }

    static let httpModules: Set<String> = [
        "Hummingbird", "HummingbirdCore", "HummingbirdTesting", "HummingbirdAuth", "HummingbirdRouter", "HTTPTypes",
        "HTTPTypesFoundation", "NIOHTTP1", "NIOHTTP2", "OpenAPIRuntime", "OpenAPIHummingbird", "MitredenOpenAPI", "MitredenAPI",
    ]

    @Test func theDomainImportsNoneOfOurTargetsAndNoInputOutput() throws {
        let allowed: Set<String> = ["Foundation", "BigInt", "Synchronization"]
        let strays = try Self.imports(of: "MitredenDomain").filter { !allowed.contains($0.module) }
        #expect(strays.isEmpty, "\(strays)")
    }

    @Test func theServiceLayerImportsNoHTTPModule() throws {
        // Nothing of Hummingbird's (bcrypt included: that lives in MitredenPasswords), the
        // OpenAPI runtime, our API or our CLI.
        let strays = try Self.imports(of: "MitredenStore").filter {
            Self.httpModules.contains($0.module) || $0.module.hasPrefix("Hummingbird") || $0.module == "MitredenCLI"
        }
        #expect(strays.isEmpty, "\(strays)")
    }

    @Test func passwordHashingUsesBcryptAndNothingElseOfHummingbird() throws {
        let allowed: Set<String> = ["Crypto", "Foundation", "HummingbirdBcrypt", "NIOPosix", "Synchronization"]
        let strays = try Self.imports(of: "MitredenPasswords").filter { !allowed.contains($0.module) }
        #expect(strays.isEmpty, "\(strays)")
    }

    @Test func theCommandLineImportsTheAPIOnlyToServe() throws {
        let strays = try Self.imports(of: "MitredenCLI")
            .filter { Self.httpModules.contains($0.module) && $0.file != "Commands/ServeCommand.swift" }
        #expect(strays.isEmpty, "\(strays)")
    }

    @Test func benchmarkSupportRestsOnTheDomainAlone() throws {
        let allowed: Set<String> = ["Foundation", "MitredenDomain"]
        let strays = try Self.imports(of: "MitredenBenchmarkSupport").filter { !allowed.contains($0.module) }
        #expect(strays.isEmpty, "\(strays)")
    }
}
