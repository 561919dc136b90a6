import Foundation
import PackagePlugin

/// Embeds files that live outside Swift sources into the target that needs them:
/// `Schema/*.sql` into MitredenStore (the migrations) and the OpenAPI document into
/// MitredenAPI (served at /openapi.yaml). One source of truth, no resource bundle to ship.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let packageDir = context.package.directoryURL
        let inputs: [URL]
        let enumName: String
        switch target.name {
        case "MitredenStore":
            let schemaDir = packageDir.appending(path: "Schema")
            let names = try FileManager.default.contentsOfDirectory(atPath: schemaDir.path())
            inputs = names.filter { $0.hasSuffix(".sql") }.sorted().map { schemaDir.appending(path: $0) }
            enumName = "EmbeddedSchema"
        case "MitredenAPI":
            inputs = [packageDir.appending(path: "Sources/MitredenOpenAPI/openapi.yaml")]
            enumName = "EmbeddedOpenAPIDocument"
        default:
            return []
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(enumName).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) file(s) into \(target.name)",
                executable: try context.tool(named: "SchemaEmbedder").url,
                arguments: [output.path(), enumName] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
