import Foundation
import MitredenDomain
import MitredenStore

#if canImport(Glibc)
import Glibc
#endif

/// Reads one answer at a time: single key presses on a terminal (raw mode through
/// termios, so no Enter is needed), whole lines otherwise (scripts, pipes, tests).
final class TerminalInput: @unchecked Sendable {
    private let isTerminal = isatty(STDIN_FILENO) == 1

    /// The next key, or nil at the end of input.
    func key() -> Character? {
        guard isTerminal else {
            guard let line = readLine(strippingNewline: true) else { return nil }
            return line.trimmingCharacters(in: .whitespaces).first ?? " "
        }
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutablePointer(to: &raw.c_cc) { pointer in
            pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1 else { return nil }
        // Ctrl-C and Ctrl-D arrive as bytes in raw mode; treat them as quit.
        if byte == 3 || byte == 4 { return "q" }
        return Character(UnicodeScalar(byte))
    }
}

/// The interactive loop of `mitreden moderation review`: shows each open item with its
/// context and applies the key pressed. Items are claimed first when acting as a
/// moderator, so two people reviewing at once never see the same item.
struct ModerationReview {
    let service: ModerationService
    let account: AccountRecord?
    let campaign: String?
    let input: TerminalInput

    static let reasons: [ReasonCode] = ReasonCode.allCases

    func run() async throws -> String {
        var decided = 0
        var skipped: Set<ModerationItem.ID> = []
        while true {
            let items: [ModerationItemRecord]
            if let account {
                items = try await service.claim(for: account, campaign: campaign, limit: 20)
            } else {
                items = try await service.items(for: nil, campaign: campaign)
            }
            guard let item = items.first(where: { !skipped.contains($0.id) }) else { break }
            let context = try await ModerationContext.load(item, database: service.database)
            print("")
            context.lines.forEach { print($0) }
            print("[a]pprove  [r]eject  [s]kip  [q]uit > ", terminator: "")
            fflush(nil)
            guard let key = input.key() else { break }
            print("")
            switch key {
            case "a":
                _ = try await service.decide(item.id, DecisionInput(decision: .approve, revision: item.revision), by: actor, account: account)
                decided += 1
                print("approved")
            case "r":
                for (index, reason) in Self.reasons.enumerated() { print("  \(index + 1)) \(reason.rawValue)") }
                print("reason (1-\(Self.reasons.count)) > ", terminator: "")
                fflush(nil)
                guard let choice = input.key(), let number = Int(String(choice)), (1...Self.reasons.count).contains(number) else {
                    print("no reason chosen; skipped")
                    skipped.insert(item.id)
                    continue
                }
                let reason = Self.reasons[number - 1]
                _ = try await service.decide(
                    item.id, DecisionInput(decision: .reject, reason: reason, revision: item.revision), by: actor, account: account)
                decided += 1
                print("rejected (\(reason.rawValue))")
            case "q":
                return "\(decided) decided, \(skipped.count) skipped"
            default:
                skipped.insert(item.id)
                print("skipped")
            }
        }
        return "\(decided) decided, \(skipped.count) skipped; nothing more in the queue"
    }

    private var actor: AuditActor { account?.auditActor ?? .commandLine }
}
