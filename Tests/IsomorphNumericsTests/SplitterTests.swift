import IsomorphArrays
import IsomorphNumerics
import IsomorphTestSupport
import OrderedCollections
import Testing

@Suite("Cross-validation splitters")
struct SplitterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var n: Int
        var k: Int
        var labels: [Int]
        var groups: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var g = SeededGenerator(seed: 11)
        let imbalanced = (0..<37).map { _ in g.nextUniform() < 0.25 ? 1 : (g.nextUniform() < 0.5 ? 2 : 0) }
        // Group sizes all distinct (no tie-breaking involved), then with ties among < 16 groups.
        let distinctGroups = (0..<5).flatMap { grp in Array(repeating: grp, count: grp + 2) }
        let tiedGroups = (0..<12).map { $0 % 7 }
        return [
            Case(
                name: "balanced 20 / 5", n: 20, k: 5, labels: (0..<20).map { $0 % 2 }, groups: (0..<20).map { $0 / 4 }),
            Case(name: "uneven 23 / 4", n: 23, k: 4, labels: (0..<23).map { $0 % 3 }, groups: (0..<23).map { $0 % 6 }),
            Case(name: "imbalanced classes 37 / 3", n: 37, k: 3, labels: imbalanced, groups: (0..<37).map { $0 % 9 }),
            Case(
                name: "distinct group sizes", n: distinctGroups.count, k: 3,
                labels: distinctGroups.indices.map { $0 % 2 }, groups: distinctGroups),
            Case(name: "tied group sizes", n: 12, k: 3, labels: (0..<12).map { $0 % 2 }, groups: tiedGroups),
        ]
    }()

    @Test("deterministic schemes reproduce scikit-learn's folds exactly", arguments: cases)
    func matchesScikitLearn(_ c: Case) throws {
        let expected = try Oracle.run(
            "cv_splits",
            inputs: [
                "labels": NDArray(c.labels.map(Int64.init)), "groups": NDArray(c.groups.map(Int64.init)),
                "n": NDArray(scalar: Int64(c.n)), "k": NDArray(scalar: Int64(c.k)),
            ])
        let labels = c.labels.map(String.init)
        let groups = c.groups.map(String.init)
        let schemes: [(String, Splitter)] = [
            ("kfold", .kFold(folds: c.k, shuffle: false)), ("stratified", .stratifiedKFold(folds: c.k, shuffle: false)),
            ("logo", .leaveOneGroupOut), ("groupkfold", .groupKFold(folds: c.k)),
        ]
        for (name, scheme) in schemes {
            let splits = try scheme.splits(count: c.n, labels: labels, groups: groups)
            let fold = try #require(splits.foldAssignment(count: c.n), "\(name): folds must partition")
            let reference = try #require(expected[name]?.values(as: Int64.self)).map(Int.init)
            #expect(fold == reference, "\(name)")
            for s in splits { #expect(Set(s.train).isDisjoint(with: s.test) && s.train.count + s.test.count == c.n) }
        }
    }

    @Test("shuffled schemes are seeded, disjoint and sized as documented")
    func shuffledProperties() throws {
        let n = 50
        let labels = (0..<n).map { String($0 % 5 == 0 ? "rare" : "common") }
        let a = try Splitter.kFold(folds: 5, shuffle: true).splits(count: n, seed: 3)
        let b = try Splitter.kFold(folds: 5, shuffle: true).splits(count: n, seed: 3)
        let c = try Splitter.kFold(folds: 5, shuffle: true).splits(count: n, seed: 4)
        #expect(a == b)
        #expect(a != c)
        #expect(a.foldAssignment(count: n) != nil)
        #expect(a.map(\.test.count) == [10, 10, 10, 10, 10])

        let shuffle = try Splitter.shuffleSplit(splits: 4, testFraction: 0.25).splits(count: n, seed: 1)
        #expect(shuffle.count == 4)
        #expect(shuffle.allSatisfy { $0.test.count == 13 && $0.train.count == 37 })
        #expect(Set(shuffle.map(\.test)).count == 4)

        let strat = try Splitter.stratifiedShuffleSplit(splits: 10, testFraction: 0.1).splits(
            count: n, labels: labels, seed: 2)
        for s in strat {
            #expect(s.test.filter { labels[$0] == "rare" }.count == 1)
            #expect(s.test.filter { labels[$0] == "common" }.count == 4)
        }
        let sk = try Splitter.stratifiedKFold(folds: 5, shuffle: true).splits(count: n, labels: labels, seed: 9)
        for s in sk { #expect(s.test.filter { labels[$0] == "rare" }.count == 2) }

        let repeated = try Splitter.repeated(.kFold(folds: 5, shuffle: true), repeats: 3).splits(count: n, seed: 5)
        #expect(repeated.count == 15)
        #expect(repeated.foldAssignment(count: n) == nil)
        #expect(Array(repeated[0..<5]) != Array(repeated[5..<10]))
    }

    @Test("nested splits stay inside the outer training set")
    func nested() throws {
        let outer = try Splitter.kFold(folds: 4, shuffle: false).splits(count: 20)
        for o in outer {
            let inner = try Splitter.kFold(folds: 3, shuffle: false).nested(in: o)
            #expect(inner.count == 3)
            for s in inner {
                #expect(Set(s.train + s.test) == Set(o.train))
                #expect(Set(s.test).isDisjoint(with: o.test))
            }
        }
    }

    @Test(
        "impossible schemes are refused with a reason",
        arguments: [
            (Splitter.kFold(folds: 1, shuffle: false), "cross-validation needs at least 2 folds, got 1"),
            (Splitter.kFold(folds: 11, shuffle: false), "11 folds need at least 11 observations, got 10"),
            (
                Splitter.stratifiedKFold(folds: 3, shuffle: false),
                "stratified K-fold needs labels for every observation"
            ),
            (Splitter.shuffleSplit(splits: 2, testFraction: 1.5), "the test fraction must be in (0, 1), got 1.5"),
            (Splitter.explicit(tests: [[0, 12]]), "explicit fold 0: index 12 is out of range 0..<10"),
            (Splitter.groupKFold(folds: 3), "group K-fold needs groups for every observation"),
        ])
    func refusals(_ scheme: Splitter, _ message: String) {
        #expect(throws: SplitError(message)) { try scheme.splits(count: 10) }
    }
}
