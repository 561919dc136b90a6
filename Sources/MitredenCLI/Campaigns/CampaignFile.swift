import Foundation
import MitredenDomain
import MitredenStore
import Yams

/// A whole campaign described in a YAML or JSON file (JSON is read as YAML), as staff
/// write it for `mitreden campaign create --file`. Every field is checked against the
/// same rules as the API; errors name the line and the field, and unknown keys are
/// refused so a typo never silently drops a setting.
struct CampaignFile {
    let spec: CampaignSpec
    /// The campaign's budget planner, when the file has a `planner` section.
    var planner: PlannerSpec?
    /// The line each field was read from (`phases[1].endsAt` → 14), for error messages
    /// about fields that only the service can judge.
    let lines: [String: Int]

    static func read(path: String) throws(CampaignFileError) -> CampaignFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CampaignFileError(file: path, line: nil, field: nil, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CampaignFileError(file: path, line: nil, field: nil, message: "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws(CampaignFileError) -> CampaignFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = Self.location(of: error)
            throw CampaignFileError(file: file, line: line, field: nil, message: "not valid YAML or JSON: \(problem)")
        } catch {
            throw CampaignFileError(file: file, line: nil, field: nil, message: "not valid YAML or JSON: \(error)")
        }
        guard let root else { throw CampaignFileError(file: file, line: nil, field: nil, message: "the file is empty") }
        let reader = NodeReader(file: file)
        let spec = try reader.campaign(root)
        let planner = try root.mapping?["planner"].map { node throws(CampaignFileError) in try reader.planner(node, at: "planner") }
        return CampaignFile(spec: spec, planner: planner, lines: reader.lines)
    }

    /// The error with the line of `field` (or of its closest parent that has one).
    func locate(_ error: FieldProblem, file: String) -> CampaignFileError {
        var path = error.field
        while lines[path] == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
            path = String(path[..<cut])
        }
        return CampaignFileError(file: file, line: lines[path], field: error.field, message: error.message)
    }

    /// The line and the parser's own words, without the echo of the whole document.
    private static func location(of error: YamlError) -> (Int?, String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, _):
            (nil, "keys appear twice: \(duplicates.joined(separator: ", "))")
        default:
            (nil, "\(error)")
        }
    }
}

/// What is wrong with a campaign file, located as precisely as possible.
struct CampaignFileError: Error, CustomStringConvertible {
    var file: String
    var line: Int?
    var field: String?
    var message: String

    var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.map { "\(place): \($0): \(message)" } ?? "\(place): \(message)"
    }
}
