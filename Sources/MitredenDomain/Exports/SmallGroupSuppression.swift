/// Breakdowns by district or other attributes must not single people out: groups smaller
/// than the threshold are merged into one "other" group (and that group too is hidden when
/// it stays below the threshold, so a single small group cannot be computed back).
public enum SmallGroupSuppression {
    public static let defaultThreshold = 5

    /// Counts by group with small groups merged into `other`; order: largest first, then by
    /// name, with `other` last.
    public static func apply(_ counts: [String: Int], threshold: Int = defaultThreshold, other: String = "other") -> [(group: String, count: Int)] {
        var kept: [(String, Int)] = []
        var merged = 0
        for (group, count) in counts where count > 0 {
            if count >= threshold { kept.append((group, count)) } else { merged += count }
        }
        kept.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        if merged >= threshold { kept.append((other, merged)) }
        return kept.map { (group: $0.0, count: $0.1) }
    }
}
