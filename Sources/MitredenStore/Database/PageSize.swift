/// How many items one page of a list holds (DESIGN §5: `?limit=`, default 20, at most 100).
/// The one place that checks a requested page size, for every list of the API and CLI.
public enum PageSize {
    public static let `default` = 20
    public static let maximum = 100

    /// The requested size, or `fallback` when none was asked for; out of range is an
    /// invalid `field` saying what is allowed.
    public static func resolve(_ requested: Int?, default fallback: Int = PageSize.default, field: String = "limit") throws(ServiceError) -> Int {
        let size = requested ?? fallback
        guard (1...maximum).contains(size) else { throw .invalid(field, "must be between 1 and \(maximum)") }
        return size
    }
}
