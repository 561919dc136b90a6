import Foundation

/// One holiday of the city's calendar.
public struct Holiday: Sendable, Equatable {
    public var day: CalendarDay
    public var name: String

    public init(day: CalendarDay, name: String) {
        self.day = day
        self.name = name
    }
}

/// Reads a holiday list: one `YYYY-MM-DD,Name` a line; blank lines and lines starting with
/// `#` are skipped. `Deploy/holidays/hamburg.csv` is the example the project ships.
public enum HolidayList {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// A list longer than this is not a calendar (a year has fewer than 40 holidays).
    public static let maximumEntries = 2000

    public static func parse(_ text: String) throws(Problem) -> [Holiday] {
        var holidays: [Holiday] = []
        var seen: Set<CalendarDay> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let comma = line.firstIndex(of: ",") else {
                throw Problem(line: index + 1, message: "expected YYYY-MM-DD,Name")
            }
            guard let day = CalendarDay(line[..<comma].trimmingCharacters(in: .whitespaces)) else {
                throw Problem(line: index + 1, message: "'\(line[..<comma])' is not a date YYYY-MM-DD")
            }
            let name = line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            guard (1...200).contains(name.codePoints) else { throw Problem(line: index + 1, message: "the name must have 1 to 200 characters") }
            guard seen.insert(day).inserted else { throw Problem(line: index + 1, message: "\(day) is listed twice") }
            guard holidays.count < maximumEntries else { throw Problem(line: index + 1, message: "more than \(maximumEntries) holidays") }
            holidays.append(Holiday(day: day, name: name))
        }
        return holidays
    }
}
