import Foundation
import OrderedCollections
import ZIPFoundation

/// Reading and writing NumPy `.npz` archives (`numpy.savez` and `numpy.savez_compressed`).
///
/// An `.npz` file is a ZIP archive (ZIP64 where large) holding one `.npy` file per array; the
/// array's name is the entry name without `.npy`. Both stored and deflated entries are read.
public enum NPZ {
    /// Reads every array of an `.npz` archive, in archive order.
    public static func read(contentsOf path: String) throws -> OrderedDictionary<String, NDArray> {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            if !FileManager.default.fileExists(atPath: path) {
                throw ArrayError.io(path: path, operation: "read", reason: "No such file or directory")
            }
            throw ArrayError.malformedFile(path: path, reason: "not a valid .npz (ZIP) archive: \(error)")
        }
        var arrays = OrderedDictionary<String, NDArray>()
        for entry in archive where entry.type == .file {
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
            } catch {
                throw ArrayError.malformedFile(path: path, reason: "cannot extract '\(entry.path)': \(error)")
            }
            var name = entry.path
            if name.hasSuffix(".npy") { name.removeLast(4) }
            arrays[name] = try NPY.decode(data, path: "\(path)[\(entry.path)]")
        }
        return arrays
    }

    /// Writes arrays to an `.npz` archive, replacing any existing file atomically.
    /// - Parameter compressed: Deflate the entries, as `numpy.savez_compressed` does.
    public static func write(
        _ arrays: OrderedDictionary<String, NDArray>, to path: String, compressed: Bool = false
    ) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (name, array) in arrays {
                let data = try NPY.encode(array)
                try archive.addEntry(
                    with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: Date(timeIntervalSince1970: 315_532_800),
                    compressionMethod: compressed ? .deflate : .none
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch let error as ArrayError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ArrayError.io(path: path, operation: "write", reason: "\(error)")
        }
        if rename(temporary.path, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ArrayError.io(path: path, operation: "write", reason: reason)
        }
    }
}
