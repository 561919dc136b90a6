/// A plain RFC 4180 reader, so tests read exported CSV the way a spreadsheet would.
public enum CSVReader {
    public static func rows(_ text: String, delimiter: Character = ",") -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = ""
        var quoted = false, index = text.startIndex
        while index < text.endIndex {
            let char = text[index]
            if quoted {
                if char == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex, text[next] == "\"" { cell.append("\""); index = next } else { quoted = false }
                } else {
                    cell.append(char)
                }
            } else if char == "\"" {
                quoted = true
            } else if char == delimiter {
                row.append(cell); cell = ""
            } else if char == "\r\n" || char == "\n" {
                row.append(cell); rows.append(row); row = []; cell = ""
            } else {
                cell.append(char)
            }
            index = text.index(after: index)
        }
        return rows
    }
}
