import Foundation
import IsomorphArrays
import IsomorphTestSupport
import Testing

@Suite("CSV export")
struct CSVExportTests {
    static let scores = try! Dataset(
        variable: "score", dimensions: ["layer", "region"],
        data: NDArray(shape: [2, 3], values: [0.5, 0.25, -1e-5, 2, 3.5, .nan]),
        labels: [
            "layer": NDArray(["conv1", "fc, \"7\""]),
            "region": NDArray(["V1", "V4", "IT"]),
        ])

    @Test("a 2-D variable becomes a wide table with quoted labels")
    func wide() throws {
        let csv = try CSVExport.render(Self.scores, variable: "score")
        #expect(
            csv == """
                layer,V1,V4,IT
                conv1,0.5,0.25,-1e-05
                "fc, ""7\""",2.0,3.5,nan

                """)
    }

    @Test("long layout has one row per element and reads back with Python's csv module")
    func long() throws {
        let csv = try CSVExport.render(Self.scores, variable: "score", layout: .long)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[0] == "layer,region,score")
        #expect(lines[4] == "\"fc, \"\"7\"\"\",V1,2.0")
        let dir = try TemporaryDirectory(prefix: "csv")
        let path = dir.path("s.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let parsed = try Oracle.runPython([
            "-c", "import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1])))))", path,
        ])
        #expect(parsed.contains(#"["fc, \"7\"", "V1", "2.0"]"#))
    }

    @Test("unlabelled dimensions are labelled by index; rank 3 defaults to long")
    func unlabelled() throws {
        let ds = try Dataset(
            variable: "x", dimensions: ["a", "b", "c"], data: NDArray(shape: [1, 1, 2], values: [Int64(4), 5]))
        #expect(try CSVExport.render(ds, variable: "x") == "a,b,c,x\n0,0,0,4\n0,0,1,5\n")
    }
}
