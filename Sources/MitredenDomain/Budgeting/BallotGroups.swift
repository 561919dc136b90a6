/// Distinct non-empty ballots, each with the number of voters who cast it.
///
/// Voters with identical ballots are treated identically by every rule here: under equal
/// shares they start with the same budget and pay the same amounts, under Phragmén they carry
/// the same load. Grouping them once lets the engines work per group with a weight instead of
/// per voter. Empty ballots are left out: they never support or pay for anything.
package struct BallotGroups {
    /// Items (project or slot indices, ascending) of group `g`: `items[itemStart[g]..<itemStart[g + 1]]`.
    let itemStart: [Int]
    let items: [Int32]
    /// How many voters cast each group's ballot.
    let weights: [Int32]

    /// Groups `ballots`, each of which must list its items in ascending order without repeats.
    init(ballots: [[Int32]]) {
        var groupOf: [[Int32]: Int] = [:]
        var starts = [0]
        var items: [Int32] = []
        var weights: [Int32] = []
        for ballot in ballots where !ballot.isEmpty {
            if let group = groupOf[ballot] {
                weights[group] += 1
            } else {
                groupOf[ballot] = weights.count
                weights.append(1)
                items.append(contentsOf: ballot)
                starts.append(items.count)
            }
        }
        self.itemStart = starts
        self.items = items
        self.weights = weights
    }

    package var count: Int { weights.count }

    func items(of group: Int) -> ArraySlice<Int32> {
        items[itemStart[group]..<itemStart[group + 1]]
    }

    /// For every item below `itemCount`, the groups that contain it, in compressed form:
    /// the groups of item `i` are `groups[start[i]..<start[i + 1]]`.
    func groupsByItem(itemCount: Int) -> (start: [Int], groups: [Int32]) {
        var start = [Int](repeating: 0, count: itemCount + 1)
        for item in items { start[Int(item) + 1] += 1 }
        for index in 0..<itemCount { start[index + 1] += start[index] }
        var next = start
        var groups = [Int32](repeating: 0, count: items.count)
        for group in 0..<count {
            for item in items(of: group) {
                groups[next[Int(item)]] = Int32(group)
                next[Int(item)] += 1
            }
        }
        return (start, groups)
    }
}
