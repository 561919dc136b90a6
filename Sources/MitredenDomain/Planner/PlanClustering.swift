/// The "which planner are you" of the 2009 calculator: a deterministic k-means over the
/// plans' changes, each item scaled by its range so a 1-million-euro item weighs as much as a
/// 1-billion one, k from 2 to 6 chosen by the silhouette, k-means++ seeded from the planner's
/// stored seed. Large sets are clustered on an evenly spaced sample (every plan is then
/// assigned to its nearest centre), which keeps 100,000 plans well under a second.
public enum PlanClustering {
    public static let largestK = 6
    static let clusteringSample = 2_000
    static let silhouetteSample = 500
    static let iterations = 60

    public static func typicalPlans(of plans: [PlanVector], planner: PlannerDefinition) -> (plans: [TypicalPlan], silhouette: Double?) {
        guard plans.count >= 3 else { return ([], nil) }
        let scales = scales(of: planner)
        let points = plans.map { normalised($0.changes, scales: scales) }
        let sample = evenlySpaced(points, count: clusteringSample)
        var best: (centres: [[Double]], score: Double)?
        for k in 2...min(largestK, sample.count - 1) {
            let centres = kMeans(sample, k: k, seed: UInt64(bitPattern: planner.clusterSeed) &+ UInt64(k))
            let score = silhouette(evenlySpaced(sample, count: silhouetteSample), centres: centres)
            // Ties keep the smaller k: fewer typical plans say the same.
            if best == nil || score > best!.score + 1e-12 { best = (centres, score) }
        }
        guard let best else { return ([], nil) }
        var members = [[Int]](repeating: [], count: best.centres.count)
        for (index, point) in points.enumerated() { members[nearest(point, best.centres)].append(index) }
        var typical: [TypicalPlan] = []
        for (number, indices) in members.enumerated() where !indices.isEmpty {
            var changes: [String: Int64] = [:]
            for (column, item) in planner.items.enumerated() {
                let sorted = SortedChanges(indices.lazy.map { plans[$0].changes[column] })
                changes[item.key] = sorted.nearestRank(numerator: 1, denominator: 2) ?? 0
            }
            typical.append(TypicalPlan(number: number + 1, plans: indices.count, changes: changes, centre: best.centres[number]))
        }
        // Largest group first, numbered in that order.
        typical.sort { $0.plans != $1.plans ? $0.plans > $1.plans : $0.number < $1.number }
        for index in typical.indices { typical[index].number = index + 1 }
        return (typical, best.score)
    }

    /// Each change divided by its item's range width (0 for an item that cannot move).
    public static func normalised(_ changes: [Int64], planner: PlannerDefinition) -> [Double] {
        normalised(changes, scales: scales(of: planner))
    }

    /// Each item's range width, the divisor of ``normalised(_:planner:)`` (0: the item cannot
    /// move). Taken once per summary: reading the items for every plan copied each item.
    static func scales(of planner: PlannerDefinition) -> [Double] {
        planner.items.map { Double($0.maxCents - $0.minCents) }
    }

    static func normalised(_ changes: [Int64], scales: [Double]) -> [Double] {
        var point = [Double](repeating: 0, count: changes.count)
        for index in changes.indices where scales[index] > 0 { point[index] = Double(changes[index]) / scales[index] }
        return point
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for index in a.indices {
            let d = a[index] - b[index]
            sum += d * d
        }
        return sum
    }

    static func nearest(_ point: [Double], _ centres: [[Double]]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (index, centre) in centres.enumerated() {
            let d = distance(point, centre)
            if d < bestDistance {
                best = index
                bestDistance = d
            }
        }
        return best
    }

    static func evenlySpaced<T>(_ values: [T], count: Int) -> [T] {
        guard values.count > count else { return values }
        return (0..<count).map { values[$0 * values.count / count] }
    }

    /// Lloyd's algorithm from a k-means++ start drawn with SplitMix64 from `seed`.
    static func kMeans(_ points: [[Double]], k: Int, seed: UInt64) -> [[Double]] {
        var random = SeededRandom(seed: seed)
        var centres = [points[Int(random.next() % UInt64(points.count))]]
        var nearestDistance = points.map { distance($0, centres[0]) }
        while centres.count < k {
            let total = nearestDistance.reduce(0, +)
            var chosen = 0
            if total > 0 {
                var target = random.unit() * total
                for (index, d) in nearestDistance.enumerated() {
                    target -= d
                    if target <= 0 {
                        chosen = index
                        break
                    }
                    chosen = index
                }
            }
            centres.append(points[chosen])
            for index in points.indices { nearestDistance[index] = min(nearestDistance[index], distance(points[index], points[chosen])) }
        }
        let dimensions = points[0].count
        var assignment = [Int](repeating: -1, count: points.count)
        for _ in 0..<iterations {
            var changed = false
            for (index, point) in points.enumerated() {
                let cluster = nearest(point, centres)
                if assignment[index] != cluster {
                    assignment[index] = cluster
                    changed = true
                }
            }
            if !changed { break }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: k)
            var counts = [Int](repeating: 0, count: k)
            for (index, point) in points.enumerated() {
                counts[assignment[index]] += 1
                for d in 0..<dimensions { sums[assignment[index]][d] += point[d] }
            }
            for cluster in 0..<k where counts[cluster] > 0 {
                centres[cluster] = sums[cluster].map { $0 / Double(counts[cluster]) }
            }
        }
        return centres
    }

    /// The mean silhouette of `points` under the partition by nearest centre; a point alone
    /// in its cluster counts 0 (Rousseeuw 1987).
    static func silhouette(_ points: [[Double]], centres: [[Double]]) -> Double {
        let labels = points.map { nearest($0, centres) }
        var total = 0.0
        for (i, point) in points.enumerated() {
            var sums = [Double](repeating: 0, count: centres.count)
            var counts = [Int](repeating: 0, count: centres.count)
            for (j, other) in points.enumerated() where j != i {
                sums[labels[j]] += distance(point, other).squareRoot()
                counts[labels[j]] += 1
            }
            guard counts[labels[i]] > 0 else { continue }
            let own = sums[labels[i]] / Double(counts[labels[i]])
            var other = Double.infinity
            for cluster in centres.indices where cluster != labels[i] && counts[cluster] > 0 {
                other = min(other, sums[cluster] / Double(counts[cluster]))
            }
            guard other.isFinite, max(own, other) > 0 else { continue }
            total += (other - own) / max(own, other)
        }
        return total / Double(points.count)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): defined here because the standard library's
/// generators and `random(in:)` are not promised to stay the same between releases.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A double in [0, 1) from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
