import ArgumentParser
import Foundation
import MitredenStore

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
            fail(failure)
        } catch let error as ServiceError {
            fail(CommandFailure(error))
        } catch {
            MitredenCommand.exit(withError: error)
        }
    }

    private static func fail(_ failure: CommandFailure) -> Never {
        FileHandle.standardError.write(Data("mitreden: \(failure.description)\n".utf8))
        exit(failure.exitStatus)
    }
}
