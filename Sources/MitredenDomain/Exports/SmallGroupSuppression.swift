/// Breakdowns by district or other attributes must not single people out: groups smaller
/// than the threshold are merged into one "other" group. When that group would itself stay
/// below the threshold, the smallest remaining groups join it until it does not (so no small
/// group can be computed back from the total). Nothing is dropped: the groups always add up
/// to the total, as a council paper's table must.
public enum SmallGroupSuppression {
    public static let defaultThreshold = 5

    /// Counts by group with small groups merged into `other`; order: largest first, then by
    /// name, with `other` last.
    public static func apply(_ counts: [String: Int], threshold: Int = defaultThreshold, other: String = "other") -> [(group: String, count: Int)] {
        var kept: [(String, Int)] = []
        var merged = counts[other] ?? 0
        for (group, count) in counts where count > 0 && group != other {
            if count >= threshold { kept.append((group, count)) } else { merged += count }
        }
        kept.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        while merged > 0, merged < threshold, let smallest = kept.popLast() { merged += smallest.1 }
        if merged > 0 { kept.append((other, merged)) }
        return kept.map { (group: $0.0, count: $0.1) }
    }
}
