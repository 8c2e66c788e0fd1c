import Testing

/// The largest absolute difference between two equally long sequences (∞ if the lengths differ).
public func maxAbsDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    guard a.count == b.count else { return .infinity }
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let d = abs(Double(x) - Double(y))
        if d.isNaN { return .infinity }
        worst = max(worst, d)
    }
    return worst
}

/// The largest relative difference |a−b| / max(|b|, floor) between two sequences; `floor` keeps
/// near-zero reference values from inflating the ratio.
public func maxRelDifference<A: Collection, B: Collection>(_ a: A, _ b: B, floor: Double = 1e-12) -> Double
where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    guard a.count == b.count else { return .infinity }
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let d = abs(Double(x) - Double(y)) / max(abs(Double(y)), floor)
        if d.isNaN { return .infinity }
        worst = max(worst, d)
    }
    return worst
}

/// Records a test issue unless every `|actual − expected| ≤ atol + rtol·|expected|` (NumPy's `allclose`).
public func expectAllClose<A: Collection, B: Collection>(
    _ actual: A, _ expected: B, rtol: Double = 1e-10, atol: Double = 1e-12, _ what: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    guard actual.count == expected.count else {
        Issue.record(
            Comment(rawValue: "\(what): \(actual.count) values vs \(expected.count) expected"),
            sourceLocation: sourceLocation)
        return
    }
    var failures = 0
    var first = ""
    var worst = 0.0
    for (i, (x, y)) in zip(actual, expected).enumerated() {
        let (dx, dy) = (Double(x), Double(y))
        let bound = atol + rtol * abs(dy)
        let diff = abs(dx - dy)
        let bad = diff > bound || (dx.isNaN != dy.isNaN)
        if bad {
            failures += 1
            if first.isEmpty { first = "index \(i): \(dx) vs \(dy)" }
        }
        if !diff.isNaN { worst = max(worst, diff) }
    }
    if failures > 0 {
        let message =
            "\(what): \(failures) of \(actual.count) values differ beyond rtol=\(rtol) atol=\(atol); "
            + "first at \(first); max |diff| = \(worst)"
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }
}
