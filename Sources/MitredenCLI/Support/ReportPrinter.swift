import Foundation

/// Prints report.html to PDF through headless Chromium (`chromium --headless --print-to-pdf`):
/// the report's own CSS sets A4, the page numbers and the running footer. Chromium is found
/// on PATH (chromium, chromium-browser, google-chrome) or at `MITREDEN_CHROMIUM`; without it
/// the command says how to install it.
enum ReportPrinter {
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    static func chromium(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let configured = environment["MITREDEN_CHROMIUM"], !configured.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw CommandFailure("MITREDEN_CHROMIUM is \(configured), which is not an executable file")
            }
            return configured
        }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in candidates {
            for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return "\(directory)/\(name)"
            }
        }
        throw CommandFailure(
            "report.pdf is printed by headless Chromium, which is not installed: install it with `sudo apt-get install chromium` "
                + "(Debian, Ubuntu) or `dnf install chromium` (Fedora), or set MITREDEN_CHROMIUM to the browser's path; "
                + "report.html prints the same from any browser")
    }

    /// Prints `html` (a file) to `pdf`; throws with Chromium's output when it fails.
    static func print(html: URL, to pdf: URL) throws {
        let browser = try chromium()
        let profile = FileManager.default.temporaryDirectory.appending(path: "mitreden-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(filePath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=\(profile.path)", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", html.absoluteString,
        ]
        let log = FileManager.default.temporaryDirectory.appending(path: "mitreden-chromium-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // A browser that hangs (a broken profile, a starved machine) must not hang the clerk's
        // command: after two minutes it is stopped and the command says so.
        // SIGKILL five seconds after SIGTERM, for a browser that does not take the first.
        let pid = process.processIdentifier
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        let lastResort = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: deadline)
        DispatchQueue.global().asyncAfter(deadline: .now() + 125, execute: lastResort)
        process.waitUntilExit()
        deadline.cancel()
        lastResort.cancel()
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            throw CommandFailure("Chromium could not print the report (exit \(process.terminationStatus)): \(output.suffix(800))")
        }
    }
}
