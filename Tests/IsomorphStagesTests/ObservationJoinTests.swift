import IsomorphArrays
import IsomorphCore
import IsomorphNumerics
import IsomorphStages
import IsomorphTestSupport
import Testing

@Suite("Representations and observation joins")
struct ObservationJoinTests {
    func representation(_ ids: [String]?, values: [Double]) throws -> Representation {
        let data = NDArray(shape: [values.count, 1], values: values)
        var labels = [String: NDArray]()
        if let ids { labels["stimulus"] = NDArray(ids) }
        let d = try Dataset(variable: "x", dimensions: ["stimulus", "unit"], data: data, labels: labels)
        return try Representation.load(from: d, port: "p")
    }

    @Test("labelled inputs are reordered to the first input's order")
    func reorders() throws {
        let a = try representation(["a", "b", "c"], values: [1, 2, 3])
        let b = try representation(["c", "a", "b"], values: [30, 10, 20])
        let joined = try ObservationJoin.align([("model", a), ("brain", b)])
        #expect(joined.representations[1].matrix.elements == [10, 20, 30])
        #expect(joined.representations[1].observationIDs == ["a", "b", "c"])
        let common = try ObservationJoin.align(
            [("model", a), ("brain", try representation(["c", "x", "a"], values: [3, 9, 1]))], mode: .intersection)
        #expect(common.representations.map(\.matrix.elements) == [[1, 3], [1, 3]])
        #expect(common.dropped == [1, 1])
    }

    @Test("activations with channel × y × x units flatten in row-major order; the stimulus axis may be anywhere")
    func flattens() throws {
        let data = NDArray(shape: [2, 3, 2], values: (0..<12).map(Double.init))  // unit, stimulus, y
        let d = try Dataset(variable: "act", dimensions: ["channel", "stimulus", "y"], data: data)
        let r = try Representation.load(from: d, port: "x")
        #expect(r.matrix.shape == (3, 4))
        #expect(r.matrix.row(0) == [0, 1, 6, 7])
        #expect(r.featureDimensions.map(\.name) == ["channel", "y"])
    }

    @Test(
        "mismatches fail with the ids on each side, never silently",
        arguments: [
            (
                ["a", "b", "c"], ["a", "b", "d"],
                "inputs 'model' and 'brain' have different 'stimulus' labels (missing from 'brain': 'c'; missing from 'model': 'd'); fix the inputs or set 'join: intersection'"
            ),
            (
                ["a", "b", "c"], nil,
                "input 'brain' has no 'stimulus' labels but 'model' has; label both, or set 'join: positional' if the orders are known to match"
            ),
            (["a", "a", "c"], ["a", "b", "c"], "input 'model' repeats observation labels: 'a'"),
        ] as [([String], [String]?, String)])
    func mismatches(_ model: [String], _ brain: [String]?, _ message: String) throws {
        let a = try representation(model, values: [1, 2, 3])
        let b = try representation(brain, values: [1, 2, 3])
        #expect(throws: StageFailure.self) { try ObservationJoin.align([("model", a), ("brain", b)]) }
        do {
            _ = try ObservationJoin.align([("model", a), ("brain", b)])
        } catch let failure as StageFailure {
            #expect(failure.message == message)
        }
    }

    @Test("choosing a variable")
    func variables() throws {
        var d = try Dataset(variable: "x", dimensions: ["stimulus"], data: NDArray([1.0, 2]))
        try d.setVariable("y", Variable(dimensions: ["stimulus"], data: NDArray([3.0, 4])))
        #expect(throws: StageFailure("input 'p' has 2 variables (x, y); set 'variable:' to choose one")) {
            try Representation.load(from: d, port: "p")
        }
        #expect(throws: StageFailure("input 'p' has no variable 'yy' (variables: x, y). Did you mean 'y'?")) {
            try Representation.load(from: d, variable: "yy", port: "p")
        }
        #expect(try Representation.load(from: d, variable: "y", port: "p").matrix.elements == [3, 4])
    }
}
