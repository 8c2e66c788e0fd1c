import Foundation
import IsomorphArrays
import IsomorphHDF5
import IsomorphTestSupport
import Testing

@Suite("Artifact codec: Dataset ↔ netCDF-4 file")
struct ArtifactRoundTripTests {
    @Test("a dataset with every dtype, rank and coordinate kind reads back equal, with the same digest")
    func roundTrip() throws {
        let dir = try TemporaryDirectory(prefix: "artifact")
        let path = dir.path("rich.nc")
        let ds = try ArtifactFixtures.rich()
        let digest = try ArtifactFile.write(ds, to: path)
        #expect(digest == ds.digest)
        let back = try ArtifactFile.read(path)
        #expect(back == ds)
        #expect(Array(back.coordinates.keys) == Array(ds.coordinates.keys), "creation order is kept")
        #expect(Array(back.variables.keys) == Array(ds.variables.keys))
        #expect(try ArtifactFile.storedDigest(path) == ds.digest)
        #expect(try ArtifactFile.computeDigest(path) == ds.digest)
        #expect(try ArtifactFile.summary(path) == DatasetSummary(ds))
    }
}
