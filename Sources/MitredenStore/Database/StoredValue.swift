/// Enum values read back from the database. The schema's CHECK constraints admit only the
/// values the code writes, so an unknown one is a bug: reported as one, never guessed (a
/// silent default would turn an unknown status into some other, valid-looking status).
extension RawRepresentable where RawValue == String {
    init(stored text: String) throws(ServiceError) {
        guard let value = Self(rawValue: text) else { throw .unexpected("unknown \(Self.self) '\(text)' in the database") }
        self = value
    }
}
