import Foundation

extension Resources {
    /// Parses a memory size: a number and a binary unit, `512M`, `16G`, `1.5T`, `64K` (also
    /// written `16GB`, `16GiB`, any case). Units are powers of 1024, as Slurm reads them.
    /// - Returns: The size in bytes, or `nil` if the text is not a size or not positive.
    public static func parseMemory(_ text: String) -> Int64? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces)).uppercased()[...]
        if s.hasSuffix("IB") {
            s = s.dropLast(2)
        } else if s.hasSuffix("B") {
            s = s.dropLast()
        }
        guard let unit = s.last else { return nil }
        let shift: Int
        switch unit {
        case "K": shift = 10
        case "M": shift = 20
        case "G": shift = 30
        case "T": shift = 40
        default: return nil
        }
        let number = s.dropLast().trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value > 0
        else { return nil }
        let bytes = (value * Double(Int64(1) << shift)).rounded()
        guard bytes >= 1, bytes < 9.2e18 else { return nil }
        return Int64(bytes)
    }

    /// Parses a duration: plain seconds (`90`), unit terms in decreasing order (`2h`, `30m`,
    /// `1h30m`, `90s`, `1d12h`), or a clock `H:MM:SS` / `MM:SS`.
    /// - Returns: The duration in whole seconds, or `nil` if the text is not a positive duration.
    public static func parseDuration(_ text: String) -> Int? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !s.isEmpty else { return nil }
        if s.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let v = Int(s), v > 0 else { return nil }
            return v
        }
        if s.contains(":") { return parseClock(s) }
        let units: [(Character, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var total = 0
        var digits = ""
        var nextUnit = 0
        for c in s {
            if c.isASCII && c.isNumber {
                digits.append(c)
                continue
            }
            guard !digits.isEmpty, let v = Int(digits),
                let i = units[nextUnit...].firstIndex(where: { $0.0 == c })
            else { return nil }
            let (product, overflow) = v.multipliedReportingOverflow(by: units[i].1)
            guard !overflow else { return nil }
            total += product
            nextUnit = i + 1
            digits = ""
        }
        guard digits.isEmpty, total > 0 else { return nil }
        return total
    }

    private static func parseClock(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        let values = parts.compactMap { Int($0) }
        guard values.count == parts.count, values.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        let total = values.reduce(0) { $0 * 60 + $1 }
        return total > 0 ? total : nil
    }
}
