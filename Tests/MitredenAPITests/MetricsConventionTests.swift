import Foundation
import HummingbirdTesting
import MitredenAPI
import MitredenDomain
import MitredenStore
import TestSupport
import Testing

/// `/metrics` in Prometheus's conventions, checked by Prometheus's own linter
/// (`promtool check metrics`, from Debian's `prometheus` package, which `make test`
/// installs) and by the rules it does not check: every family has HELP, no series per
/// route that only ever says zero, the process and build series, the vote-night gauges.
@Suite struct MetricsConventionTests {
    /// `promtool` on the command line; a missing one fails the test, never skips it.
    static func promtool(_ arguments: String) async throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") else {
            throw TestSetupError("promtool is missing: install Debian's prometheus package (Deploy/test.sh does)")
        }
        return try await ChildProcess.run(["/bin/sh", "-c", "/usr/bin/promtool \(arguments)"], environment: ["PATH": "/usr/bin:/bin"])
    }

    /// The families of an exposition: name → (type, has HELP), and every sample line.
    static func families(_ text: String) -> (types: [String: String], helps: Set<String>, samples: [String]) {
        var types: [String: String] = [:]
        var helps: Set<String> = []
        var samples: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            if line.hasPrefix("# TYPE "), words.count >= 4 {
                types[words[2]] = words[3]
            } else if line.hasPrefix("# HELP "), words.count >= 3 {
                helps.insert(words[2])
            } else if !line.hasPrefix("#"), !line.isEmpty {
                samples.append(line)
            }
        }
        return (types, helps, samples)
    }

    @Test func theScrapePassesPromtoolAndOurConventions() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            let fixtures = DiscussionFixtures(client: client, database: database, clock: clock)
            try await fixtures.campaign("hafen", proposalModeration: .pre)
            let author = try await fixtures.accounts.account("Paula")
            _ = try await fixtures.proposal("Fahrradweg Hafenstraße", in: "hafen", by: author, body: "breiter und sicherer")
            clock.advance(by: 90)
            _ = try await client.send(.get, "/health/live")
            _ = try await client.send(.get, "/no/such/route")
            _ = try await client.send(.get, "/v1/campaigns/hafen/proposals")
            // A request is counted once its body is written, a moment after the client has it.
            var text = ""
            for _ in 0..<50 {
                let response = try await client.send(.get, "/metrics")
                #expect(response.status == .ok)
                text = response.text
                if text.contains(#"route="/v1/campaigns/{slug}/proposals",method="GET",status="200""#) { break }
                try await Task.sleep(for: .milliseconds(20))
            }

            let file = FileManager.default.temporaryDirectory.appending(path: "mitreden-metrics-\(UUID().uuidString).txt")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let lint = try await Self.promtool("check metrics < '\(file.path)'")
            #expect(lint.status == 0, "promtool check metrics:\n\(lint.output)")

            let (types, helps, samples) = Self.families(text)
            for (name, type) in types {
                #expect(helps.contains(name), "\(name) has no HELP")
                if type == "counter" { #expect(name.hasSuffix("_total"), "counter \(name) does not end in _total") }
                if type == "histogram" { #expect(name.hasSuffix("_seconds"), "histogram \(name) is not in seconds") }
            }
            #expect(types["mitreden_http_requests_total"] == "counter")
            #expect(types["mitreden_http_request_duration_seconds"] == "histogram")
            #expect(samples.contains { $0.hasPrefix(#"mitreden_http_requests_total{route="/health/live",method="GET",status="200"}"#) })
            #expect(samples.contains { $0.hasPrefix(#"mitreden_http_requests_total{route="unmatched",method="GET",status="404"}"#) })
            // Hummingbird's own names are gone, and no series per route only ever says 0.
            #expect(!text.contains("hb_request"))
            #expect(!samples.contains { $0.hasPrefix("mitreden_http_requests_total") && $0.hasSuffix(" 0") }, "\(text)")

            #expect(
                samples.contains(#"mitreden_build_info{version="\#(BuildInfo.version)"} 1.0"#)
                    || samples.contains(#"mitreden_build_info{version="\#(BuildInfo.version)"} 1"#))
            for name in [
                "process_resident_memory_bytes", "process_open_fds", "process_max_fds", "process_start_time_seconds", "process_cpu_seconds_total",
            ] {
                #expect(types[name] != nil, "\(name) is missing")
            }
            let rss = samples.first { $0.hasPrefix("process_resident_memory_bytes ") }.flatMap { Double($0.split(separator: " ")[1]) }
            #expect((rss ?? 0) > 1_000_000, "resident memory \(String(describing: rss))")
            let started = samples.first { $0.hasPrefix("process_start_time_seconds ") }.flatMap { Double($0.split(separator: " ")[1]) }
            #expect(abs((started ?? 0) - Date().timeIntervalSince1970) < 86_400 * 7, "start time \(String(describing: started))")

            // The vote-night gauges: the held proposal waits 90 s in unit-a's queue.
            #expect(samples.contains(#"mitreden_moderation_backlog{unit="unit-a"} 1.0"#), "\(samples.filter { $0.contains("moderation") })")
            let oldest = samples.first { $0.hasPrefix(#"mitreden_moderation_oldest_pending_age_seconds{unit="unit-a"}"#) }
            #expect(oldest.flatMap { Double($0.split(separator: " ").last!) }.map { (89...91).contains($0) } == true, "\(String(describing: oldest))")
            for name in [
                "mitreden_outbox_queued", "mitreden_outbox_oldest_age_seconds", "mitreden_mail_failing", "mitreden_mail_stuck",
                "mitreden_ballots_last_minute", "mitreden_ready", "mitreden_db_connections_in_use", "mitreden_db_pool_size",
            ] {
                #expect(types[name] == "gauge", "\(name) is missing")
            }
            #expect(samples.contains("mitreden_ready 1.0"))
            #expect(samples.contains("mitreden_operational_metrics_up 1.0"))
        }
    }

    @Test func aMailThatKeepsFailingShowsOnMetrics() async throws {
        let clock = ManualClock()
        try await withTestApp(configure: { $0.clock = clock.clock }) { client, database in
            try await database.query(
                """
                INSERT INTO outbox (recipient, subject, body, created_at, available_at, attempts, last_error)
                VALUES ('a@example.org', 'x', 'y', \(clock.now.addingTimeInterval(-3600)), \(clock.now.addingTimeInterval(3600)),
                        \(MailAlarm.failingAttempts), 'relay refused'),
                       ('b@example.org', 'x', 'y', \(clock.now.addingTimeInterval(-60)), \(clock.now.addingTimeInterval(3600)), 1, 'timeout')
                """)
            let text = try await client.send(.get, "/metrics").text
            let samples = Self.families(text).samples
            #expect(samples.contains("mitreden_outbox_queued 2.0"), "\(samples.filter { $0.contains("outbox") || $0.contains("mail") })")
            #expect(samples.contains("mitreden_mail_failing 2.0"))
            #expect(samples.contains("mitreden_mail_stuck 1.0"))
            #expect(samples.contains("mitreden_outbox_oldest_age_seconds 3600.0"))
        }
    }

    @Test func theSampleAlertingRulesPassPromtool() async throws {
        let rules = TestCluster.repositoryRoot.appending(path: "Deploy/prometheus-alerts.yml").path
        let checked = try await Self.promtool("check rules '\(rules)'")
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("SUCCESS"))
        let text = try String(contentsOfFile: rules, encoding: .utf8)
        for alert in ["MitredenOutboxStuck", "MitredenModerationBacklogOverPromise", "MitredenReadinessFlapping", "MitredenMailFailing"] {
            #expect(text.contains("alert: \(alert)"))
        }
    }
}
