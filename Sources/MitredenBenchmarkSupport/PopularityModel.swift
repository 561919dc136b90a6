import Foundation
import MitredenDomain

/// How likely each project is to appear on a synthetic ballot, per district.
///
/// Popularity follows a Zipf-like law over a random ranking of the projects (a handful of
/// favourites, a long tail). Every project belongs to one of four districts or to the whole
/// city; voters favour their own district's projects and the city-wide ones. This gives the
/// rules voter groups with distinct interests, which is where equal shares and greedy differ.
struct PopularityModel {
    static let districts = 4

    /// Per district, the running sum of project weights, for sampling by binary search.
    private let cumulativeWeights: [[Double]]

    init(projectCount: Int, random: inout SplitMix64) {
        var ranking = Array(0..<projectCount)
        random.shuffle(&ranking)
        var base = [Double](repeating: 0, count: projectCount)
        for (rank, project) in ranking.enumerated() {
            base[project] = 1 / Double(rank + 2)
        }
        cumulativeWeights = (0..<Self.districts).map { district in
            var total = 0.0
            return (0..<projectCount).map { project in
                let home = project % (Self.districts + 1)
                let affinity = home == district ? 4.0 : home == Self.districts ? 2.0 : 0.5
                total += base[project] * affinity
                return total
            }
        }
    }

    /// `count` distinct projects drawn by weight for a voter of `district`.
    func sample(count: Int, district: Int, random: inout SplitMix64) -> [Int] {
        let weights = cumulativeWeights[district]
        guard let total = weights.last, count > 0 else { return [] }
        var chosen: [Int] = []
        var attempts = 0
        // Rejecting repeats is cheap because ballots are short compared with the project list;
        // the attempt limit only matters for tiny elections.
        while chosen.count < min(count, weights.count) && attempts < 50 * count {
            attempts += 1
            let target = random.nextUnit() * total
            var low = 0
            var high = weights.count - 1
            while low < high {
                let middle = (low + high) / 2
                if weights[middle] > target { high = middle } else { low = middle + 1 }
            }
            if !chosen.contains(low) { chosen.append(low) }
        }
        return chosen
    }
}
