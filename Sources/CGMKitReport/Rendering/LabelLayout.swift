/// Places labels along one axis so that none overlaps another: each keeps its wanted
/// position when it can, and crowded ones are pushed apart (in order) by at least `gap`
/// and kept inside `bounds`. Used for the y-axis and target labels (3.0 and 3.9 mmol/L sit
/// 16 mg/dL apart) and the time-in-ranges labels.
public enum LabelLayout {
    /// Positions for `wanted` (any order), each at least `gap` from its neighbours and
    /// within `bounds` when they fit; the result keeps the input's order.
    public static func spread(_ wanted: [Double], gap: Double, within bounds: ClosedRange<Double>) -> [Double] {
        guard !wanted.isEmpty else { return [] }
        let order = wanted.indices.sorted { wanted[$0] < wanted[$1] }
        var placed = order.map { min(bounds.upperBound, max(bounds.lowerBound, wanted[$0])) }
        // Forward pass pushes down, backward pass pushes up from the upper bound.
        for index in 1..<max(1, placed.count) where placed[index] - placed[index - 1] < gap {
            placed[index] = placed[index - 1] + gap
        }
        if let last = placed.last, last > bounds.upperBound {
            placed[placed.count - 1] = bounds.upperBound
            for index in stride(from: placed.count - 2, through: 0, by: -1)
            where placed[index + 1] - placed[index] < gap {
                placed[index] = placed[index + 1] - gap
            }
        }
        var result = wanted
        for (rank, index) in order.enumerated() { result[index] = placed[rank] }
        return result
    }
}
