/// The names and rules of the netCDF-4 data model on HDF5 that artifacts follow, so that
/// netCDF-C, `xarray` (h5netcdf and netCDF4 engines) and `h5py` read them as labelled arrays.
enum NetCDFConventions {
    /// The `NAME` of a dimension scale that is a dimension without coordinate values ("phantom"
    /// dimension); netCDF-C appends the length formatted as `%10d`.
    static let phantomPrefix = "This is a netCDF dimension but not a netCDF variable."

    /// The `NAME` attribute of the phantom dimension scale of a dimension of `length`.
    static func phantomName(length: Int) -> String {
        let digits = String(length)
        return phantomPrefix + String(repeating: " ", count: max(0, 10 - digits.count)) + digits
    }

    /// The root attribute holding the artifact's content digest (64 hex digits).
    static let digestAttribute = "isomorph_digest"
    /// The root attribute netCDF-C uses to recognise files it can read as netCDF-4.
    static let propertiesAttribute = "_NCProperties"
    /// CF's list of auxiliary coordinates, on a data variable (or the root for coordinates that
    /// belong to no data variable).
    static let coordinatesAttribute = "coordinates"
    /// netCDF-4's dimension id of a dimension scale.
    static let dimidAttribute = "_Netcdf4Dimid"
    /// netCDF-4's list of dimension ids of a variable.
    static let coordinatesIDsAttribute = "_Netcdf4Coordinates"

    /// Attributes the dimension-scale API and netCDF-4 manage on variables: never user attributes.
    static let reservedVariableAttributes: Set<String> = [
        "CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST", coordinatesAttribute, dimidAttribute,
        coordinatesIDsAttribute, "_nc3_strict",
    ]

    /// Root attributes the format manages: never user attributes.
    static let reservedRootAttributes: Set<String> = [
        digestAttribute, propertiesAttribute, coordinatesAttribute, "_nc3_strict", dimidAttribute,
        "_NCProperties",
    ]

    /// Whether a user may set a variable attribute called `name`.
    static func isUserVariableAttribute(_ name: String) -> Bool {
        !reservedVariableAttributes.contains(name) && !name.hasPrefix("_Netcdf4")
    }

    /// Whether a user may set a root attribute called `name`.
    static func isUserRootAttribute(_ name: String) -> Bool {
        !reservedRootAttributes.contains(name) && !name.hasPrefix("_Netcdf4")
    }

    /// The `_NCProperties` value of files Isomorph writes.
    static func properties(hdf5Version: String) -> String {
        "version=2,isomorph=1,hdf5=\(hdf5Version)"
    }

    /// Bytes per element in a chunk (variable-length strings store a 16-byte heap reference).
    static func storedElementBytes(_ type: HDF5StorageType) -> Int {
        switch type {
        case .numeric(let t):
            switch t {
            case .int8, .uint8: return 1
            case .int16, .uint16: return 2
            case .int32, .uint32, .float32: return 4
            case .int64, .uint64, .float64: return 8
            }
        case .string: return 16
        }
    }

    /// The chunk shape for a variable: whole rows along the first axis, as many as fit
    /// `targetBytes`; when one row is larger, one row split along the next axes. `nil` (store
    /// contiguously) for scalars and empty arrays, which cannot be chunked.
    static func chunkShape(for shape: [Int], elementBytes: Int, targetBytes: Int) -> [Int]? {
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { return nil }
        let budget = max(1, targetBytes / max(1, elementBytes))
        var chunks = shape
        var inner = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            if inner * shape[axis] <= budget {
                inner *= shape[axis]
                continue
            }
            chunks[axis] = max(1, budget / inner)
            for outer in 0..<axis { chunks[outer] = 1 }
            break
        }
        return chunks
    }
}
