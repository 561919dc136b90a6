/// Text limits count what PostgreSQL counts. `length()` and the schema's CHECKs count
/// Unicode code points; Swift's `count` counts grapheme clusters, and one cluster may carry
/// any number of combining marks, so a limit checked with `count` let a 15,010-code-point
/// comment through a 2,000-character limit and a 200 KB display name through one of 40.
extension StringProtocol {
    /// The length as PostgreSQL's `length()` gives it.
    public var codePoints: Int { unicodeScalars.count }

    /// At most the first `limit` code points (for truncating free text such as a user agent
    /// to what a `length(…) <= limit` CHECK accepts).
    public func prefix(codePoints limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: unicodeScalars.prefix(limit))
        return String(scalars)
    }
}
