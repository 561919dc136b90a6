import ArgumentParser
import Foundation

/// Entry point of the executable: parses arguments, runs the command, and prints operator
/// errors as one line on standard error with exit status 1.
public enum MitredenMain {
    public static func run(_ arguments: [String]? = nil) async {
        do {
            var command = try MitredenCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("mitreden: \(failure.description)\n".utf8))
            exit(1)
        } catch {
            MitredenCommand.exit(withError: error)
        }
    }
}
