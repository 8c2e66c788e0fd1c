import CHDF5

/// HDF5 dimension scales (the `H5DS` high-level API): named axes, the mechanism netCDF-4 uses for
/// dimensions. A dataset becomes a scale with ``makeDimensionScale(name:)`` and is attached to an
/// axis of another dataset with ``attachDimensionScale(_:axis:)``; HDF5 records the link in both
/// (`DIMENSION_LIST` on the dataset, `REFERENCE_LIST` on the scale).
extension HDF5Dataset {
    /// Makes this dataset a dimension scale, with `name` as its `NAME` attribute (netCDF-4 uses the
    /// dimension's name, or its phantom-dimension text for a dimension without coordinate values).
    public func makeDimensionScale(name: String?) throws {
        try HDF5Library.locked {
            let operation = "make dimension scale"
            try checkOpen(operation)
            let status: herr_t
            if let name {
                status = H5DSset_scale(id, name)
            } else {
                status = H5DSset_scale(id, nil)
            }
            guard status >= 0 else { throw libraryError(operation) }
        }
    }

    /// Whether this dataset is a dimension scale.
    public var isDimensionScale: Bool {
        get throws {
            try HDF5Library.locked {
                try checkOpen("check dimension scale")
                let result = H5DSis_scale(id)
                if result < 0 { _ = HDF5Library.takeErrorStack() }
                return result > 0
            }
        }
    }

    /// The scale's `NAME` attribute, if it has one.
    public var dimensionScaleName: String? {
        get throws {
            try HDF5Library.locked {
                try checkOpen("read dimension scale name")
                let length = H5DSget_scale_name(id, nil, 0)
                guard length > 0 else {
                    _ = HDF5Library.takeErrorStack()
                    return nil
                }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                H5DSget_scale_name(id, &buffer, buffer.count)
                return decodeCString(buffer)
            }
        }
    }

    /// Attaches `scale` to axis `axis` of this dataset. Scale and axis must have the same length.
    public func attachDimensionScale(_ scale: HDF5Dataset, axis: Int) throws {
        try HDF5Library.locked {
            let operation = "attach dimension scale '\(scale.path)' to axis \(axis) of"
            try checkOpen(operation)
            try scale.checkOpen(operation)
            let shape = try shape
            guard axis >= 0 && axis < shape.count else {
                throw error(.invalidArgument, operation, "the dataset has \(shape.count) axes")
            }
            guard H5DSattach_scale(id, scale.id, UInt32(axis)) >= 0 else { throw libraryError(operation) }
        }
    }

    /// The paths of the dimension scales attached to axis `axis`, in attachment order.
    public func dimensionScalePaths(axis: Int) throws -> [String] {
        try HDF5Library.locked {
            let operation = "list dimension scales of axis \(axis) of"
            try checkOpen(operation)
            let rank = try shape.count
            guard axis >= 0 && axis < rank else { return [] }
            let count = H5DSget_num_scales(id, UInt32(axis))
            guard count > 0 else {
                if count < 0 { _ = HDF5Library.takeErrorStack() }
                return []
            }
            let collector = ScaleCollector()
            let context = Unmanaged.passUnretained(collector).toOpaque()
            var index: Int32 = 0
            guard H5DSiterate_scales(id, UInt32(axis), &index, collectScalePath, context) >= 0 else {
                throw libraryError(operation)
            }
            return collector.paths
        }
    }
}

/// Accumulates scale paths during `H5DSiterate_scales`.
private final class ScaleCollector {
    var paths: [String] = []
}

/// `H5DS_iterate_t` callback: appends the scale's path to the collector.
private func collectScalePath(
    _ dataset: hid_t, _ dimension: UInt32, _ scale: hid_t, _ data: UnsafeMutableRawPointer?
) -> herr_t {
    guard let data else { return 0 }
    let length = H5Iget_name(scale, nil, 0)
    guard length > 0 else { return 0 }
    var buffer = [CChar](repeating: 0, count: Int(length) + 1)
    H5Iget_name(scale, &buffer, buffer.count)
    Unmanaged<ScaleCollector>.fromOpaque(data).takeUnretainedValue().paths.append(decodeCString(buffer))
    return 0
}
