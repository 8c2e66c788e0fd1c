import IsomorphArrays

/// The netCDF-4 structure of a file's root group: which datasets are coordinates, data variables
/// or phantom dimensions, the dimension names of each, and their user attributes.
struct NetCDFStructure {
    var summary: DatasetSummary
    var storedDigest: ContentDigest?

    init(root: HDF5Group) throws {
        let filePath = root.filePath
        let isArtifact = try root.hasAttribute(NetCDFConventions.digestAttribute)
        var digest: ContentDigest?
        if isArtifact, case .string(let hex) = try root.attribute(NetCDFConventions.digestAttribute) {
            digest = ContentDigest(hex: hex)
        }

        struct Scanned {
            var name: String
            var summary: VariableSummary
            var isScale: Bool
            var listedCoordinates: [String]
        }
        var scanned = [Scanned]()
        var phonyNames = [Int: String]()
        for (name, kind) in try root.children() where kind == .dataset {
            try root.withDataset(name) { dataset in
                let attributeNames = try dataset.attributeNames()
                let isScale = try attributeNames.contains("CLASS") && dataset.isDimensionScale
                if isScale, let scaleName = try dataset.dimensionScaleName,
                    scaleName.hasPrefix(NetCDFConventions.phantomPrefix)
                {
                    return
                }
                let shape = try dataset.shape
                let stored = try dataset.elementType
                guard let dtype = stored.widenedDType else {
                    throw HDF5Error(
                        .unsupported, file: filePath, object: dataset.path, operation: "read structure of",
                        reason: "the dataset holds \(stored), which Isomorph does not read")
                }
                var dimensions = [String]()
                for axis in 0..<shape.count {
                    if let scalePath = try dataset.dimensionScalePaths(axis: axis).first {
                        dimensions.append(String(scalePath.split(separator: "/").last ?? Substring(scalePath)))
                    } else if isScale && shape.count == 1 {
                        dimensions.append(name)
                    } else {
                        let phony = phonyNames[shape[axis]] ?? "phony_dim_\(phonyNames.count)"
                        phonyNames[shape[axis]] = phony
                        dimensions.append(phony)
                    }
                }
                var attributes = Attributes()
                var listed = [String]()
                for key in attributeNames {
                    if key == NetCDFConventions.coordinatesAttribute {
                        if case .string(let text) = try dataset.attribute(key) {
                            listed = text.split(whereSeparator: \.isWhitespace).map(String.init)
                        }
                        continue
                    }
                    guard NetCDFConventions.isUserVariableAttribute(key),
                        let value = try Self.userAttribute(key, of: dataset, netCDFSemantics: !isArtifact)
                    else { continue }
                    if !isArtifact && key == "_FillValue", let d = value.doubleValue ?? Self.single(value), d.isNaN {
                        continue
                    }
                    attributes[key] = value
                }
                let summary = VariableSummary(
                    name: name, dtype: dtype, dimensions: dimensions, shape: shape, attributes: attributes)
                scanned.append(Scanned(name: name, summary: summary, isScale: isScale, listedCoordinates: listed))
            }
        }

        var coordinateNames = Set(scanned.filter(\.isScale).map(\.name))
        for s in scanned { coordinateNames.formUnion(s.listedCoordinates) }
        if try root.hasAttribute(NetCDFConventions.coordinatesAttribute),
            case .string(let text) = try root.attribute(NetCDFConventions.coordinatesAttribute)
        {
            coordinateNames.formUnion(text.split(whereSeparator: \.isWhitespace).map(String.init))
        }
        var rootAttributes = Attributes()
        for key in try root.attributeNames() where NetCDFConventions.isUserRootAttribute(key) {
            if let value = try Self.userAttribute(key, of: root, netCDFSemantics: !isArtifact) {
                rootAttributes[key] = value
            }
        }
        summary = DatasetSummary(
            variables: scanned.filter { !coordinateNames.contains($0.name) }.map(\.summary),
            coordinates: scanned.filter { coordinateNames.contains($0.name) }.map(\.summary),
            attributes: rootAttributes)
        storedDigest = digest
    }

    /// Reads a user attribute. Attributes of types Isomorph does not represent (references,
    /// compounds) are skipped in foreign files; with netCDF semantics one-element arrays become
    /// scalars, as netCDF-C and xarray present them.
    private static func userAttribute(
        _ key: String, of object: HDF5Object, netCDFSemantics: Bool
    ) throws
        -> AttributeValue?
    {
        let value: AttributeValue
        do {
            value = try object.attribute(key)
        } catch let error as HDF5Error where error.kind == .unsupported && netCDFSemantics {
            return nil
        }
        guard netCDFSemantics else { return value }
        switch value {
        case .strings(let v) where v.count == 1: return .string(v[0])
        case .ints(let v) where v.count == 1: return .int(v[0])
        case .doubles(let v) where v.count == 1: return .double(v[0])
        default: return value
        }
    }

    private static func single(_ value: AttributeValue) -> Double? {
        if case .doubles(let v) = value, v.count == 1 { return v[0] }
        return nil
    }
}
