import MitredenAPI
import MitredenStore
import Testing

@Suite struct ConfigurationTests {
    let base = ["MITREDEN_DATABASE_URL": "postgres://app:pw@127.0.0.1:5432/city"]

    @Test func defaultsApplyWhenOnlyTheDatabaseIsGiven() throws {
        let configuration = try AppConfiguration.fromEnvironment(base)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.logFormat == .text)
        #expect(configuration.databasePoolSize == 20)
        #expect(configuration.bodyLimit == 1 << 20)
        #expect(!configuration.development)
        #expect(configuration.metricsAddress == nil)
    }

    @Test(arguments: [
        ("127.0.0.1:9100", ListenAddress(host: "127.0.0.1", port: 9100)), ("[::1]:9100", ListenAddress(host: "::1", port: 9100)),
        ("metrics.internal:80", ListenAddress(host: "metrics.internal", port: 80)),
    ])
    func theMetricsAddressIsHostAndPort(text: String, address: ListenAddress) throws {
        #expect(try AppConfiguration.fromEnvironment(base.merging(["MITREDEN_METRICS_ADDRESS": text]) { $1 }).metricsAddress == address)
    }

    @Test func readsEveryVariable() throws {
        let configuration = try AppConfiguration.fromEnvironment(
            base.merging([
                "MITREDEN_HOST": "0.0.0.0", "MITREDEN_PORT": "9000", "MITREDEN_LOG_LEVEL": "debug",
                "MITREDEN_LOG_FORMAT": "json", "MITREDEN_DB_POOL_SIZE": "7", "MITREDEN_BODY_LIMIT": "512KiB",
                "MITREDEN_DEVELOPMENT": "1",
            ]) { $1 })
        #expect(configuration.development)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.logFormat == .json)
        #expect(configuration.databasePoolSize == 7)
        #expect(configuration.bodyLimit == 512 * 1024)
    }

    @Test(arguments: [
        ("MITREDEN_PORT", "http"), ("MITREDEN_PORT", "70000"), ("MITREDEN_LOG_LEVEL", "loud"),
        ("MITREDEN_LOG_FORMAT", "xml"), ("MITREDEN_DB_POOL_SIZE", "0"), ("MITREDEN_BODY_LIMIT", "lots"),
        ("MITREDEN_DATABASE_URL", "mysql://x@y/z"), ("MITREDEN_DEVELOPMENT", "maybe"),
        ("MITREDEN_METRICS_ADDRESS", "9100"), ("MITREDEN_METRICS_ADDRESS", "127.0.0.1:0"), ("MITREDEN_METRICS_ADDRESS", "::1:9100"),
        ("MITREDEN_METRICS_ADDRESS", ":9100"),
    ])
    func anInvalidValueNamesItsVariable(variable: String, value: String) {
        #expect {
            try AppConfiguration.fromEnvironment(base.merging([variable: value]) { $1 })
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test func aMissingDatabaseURLNamesTheVariable() {
        #expect {
            try AppConfiguration.fromEnvironment([:])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == "MITREDEN_DATABASE_URL" && error.description.contains("not set")
        }
    }
}
