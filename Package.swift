// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Mitreden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mitreden", targets: ["mitreden"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // Pure domain code: value types, validation, phase rules, result rules, exporters. No I/O.
        .target(
            name: "MitredenDomain",
            dependencies: [
                .product(name: "BigInt", package: "BigInt")
            ]
        ),
        // The service layer: one folder per topic with its services (rules, transactions),
        // the SQL next to the function that runs it, the one domain error type, configuration,
        // mail and the migration runner for Schema/. Knows no HTTP (ImportGraphTests).
        .target(
            name: "MitredenStore",
            dependencies: [
                "MitredenDomain",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "MitredenPasswords",
            ],
            plugins: ["EmbedResources"]
        ),
        // Password hashing (bcrypt off the cooperative pool): the one place that uses
        // hummingbird-auth's bcrypt wrapper, so the service layer imports nothing of Hummingbird.
        .target(
            name: "MitredenPasswords",
            dependencies: [
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Code that only benchmarks and tests use: synthetic elections and their generators.
        .target(
            name: "MitredenBenchmarkSupport",
            dependencies: ["MitredenDomain"]
        ),
        // The OpenAPI document and the types and server protocol generated from it.
        .target(
            name: "MitredenOpenAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // HTTP: handlers, middleware, problem+json, buildApplication(config:).
        .target(
            name: "MitredenAPI",
            dependencies: [
                "MitredenDomain",
                "MitredenStore",
                "MitredenOpenAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // SHA-256 entity tags of public reads (ConditionalGetMiddleware).
                .product(name: "Crypto", package: "swift-crypto"),
                // Reads the query parameters of its own openapi.yaml (QueryParameters).
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedResources"]
        ),
        // Admin commands, as a library so that tests can run them.
        .target(
            name: "MitredenCLI",
            dependencies: [
                "MitredenDomain",
                "MitredenStore",
                "MitredenPasswords",
                "MitredenBenchmarkSupport",
                // Only `serve` uses it (ImportGraphTests).
                "MitredenAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "mitreden",
            dependencies: ["MitredenCLI"]
        ),
        // Per-test databases cloned from a migrated template, fixtures and HTTP helpers.
        .target(
            name: "TestSupport",
            dependencies: [
                "MitredenDomain",
                "MitredenStore",
                "MitredenAPI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // Build tool that turns Schema/*.sql and openapi.yaml into Swift string constants,
        // so the binary carries its own migrations and API document.
        .executableTarget(name: "SchemaEmbedder"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["SchemaEmbedder"]
        ),
        .testTarget(
            name: "MitredenDomainTests",
            dependencies: ["MitredenDomain", "MitredenBenchmarkSupport", "TestSupport"]
        ),
        .testTarget(
            name: "MitredenStoreTests",
            dependencies: ["MitredenStore", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(
            name: "MitredenAPITests",
            dependencies: [
                "MitredenAPI", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "MitredenCLITests",
            dependencies: ["MitredenCLI", "MitredenPasswords", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
