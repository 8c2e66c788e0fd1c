import CHDF5
import Dispatch
import Foundation

/// The layout that lets row blocks bypass HDF5's serial filter pipeline: chunks of whole rows
/// along the first axis, compressed by zstd alone, stored as the host's little-endian numbers.
/// Artifacts are written this way; for other datasets the ordinary path is used.
struct WholeRowZstdLayout: Sendable, Equatable {
    /// Rows per chunk.
    var chunkRows: Int
    /// Elements per row.
    var rowElements: Int
    /// Rows in the dataset.
    var rows: Int
    /// The zstd level in the dataset's filter parameters.
    var level: Int

    /// Elements per chunk (a chunk at the end of the dataset is stored padded to this size).
    var chunkElements: Int { chunkRows * rowElements }
}

/// Direct chunk I/O with zstd on several cores: full chunks are compressed or decompressed in
/// parallel outside the HDF5 lock and moved with `H5Dwrite_chunk` / `H5Dread_chunk` under it.
/// The bytes on disk are exactly what filter 32015 writes, so every reader sees an ordinary file.
extension HDF5Dataset {
    /// The whole-row zstd layout for elements of type `T`, or `nil` if this dataset has another
    /// layout, filter pipeline, element type or byte order.
    func wholeRowZstdLayout<T: HDF5Numeric>(for type: T.Type) throws -> WholeRowZstdLayout? {
        #if _endian(big)
        return nil
        #else
        return try HDF5Library.locked {
            let shape = try shape
            guard let first = shape.first, let chunks = try chunkShape, chunks.count == shape.count,
                Array(chunks.dropFirst()) == Array(shape.dropFirst())
            else { return nil }
            let pipeline = try filters
            guard pipeline.count == 1, pipeline[0].id == HDF5Library.zstdFilterID else { return nil }
            let fileType = H5Dget_type(id)
            guard fileType >= 0 else { throw libraryError("read type of dataset") }
            defer { H5Tclose(fileType) }
            guard HDF5ElementType.describing(fileType) == T.hdf5Type.elementType,
                H5Tget_size(fileType) == MemoryLayout<T>.size,
                MemoryLayout<T>.size == 1 || H5Tget_order(fileType) == H5T_ORDER_LE
            else { return nil }
            return WholeRowZstdLayout(
                chunkRows: chunks[0], rowElements: shape.dropFirst().reduce(1, *), rows: first,
                level: Int(pipeline[0].parameters.first ?? 3))
        }
        #endif
    }

    /// Writes `values` as rows `row ..< row + n`. Chunks the rows cover completely are compressed
    /// on up to `threads` cores and written directly; rows of chunks covered only in part go
    /// through the filter pipeline (the dataset's chunk cache gathers them). `alongside` runs
    /// concurrently with the compression (the writer digests the rows there).
    func writeRows<T: HDF5Numeric>(
        _ values: UnsafeBufferPointer<T>, at row: Int, layout: WholeRowZstdLayout, threads: Int,
        scratch: ChunkScratch = ChunkScratch(), alongside: (() -> Void)? = nil
    ) throws {
        let n = values.count / max(1, layout.rowElements)
        let rowBytes = layout.rowElements * MemoryLayout<T>.size
        let chunkBytes = layout.chunkElements * MemoryLayout<T>.size
        // Chunks whose valid rows (the last chunk of the dataset is shorter) all lie in this block.
        let firstChunk = (row + layout.chunkRows - 1) / layout.chunkRows
        var complete = [Int]()
        var k = firstChunk
        while k * layout.chunkRows < row + n {
            let end = min((k + 1) * layout.chunkRows, layout.rows)
            guard end <= row + n else { break }
            complete.append(k)
            k += 1
        }
        let bound = HDF5ZstdCodec.bound(chunkBytes)
        let frames = scratch.buffer(bytes: complete.count * bound)
        let sizes = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, complete.count))
        defer { sizes.deallocate() }
        let source = UnsafeRawBufferPointer(values)
        let jobs = complete.count + (alongside == nil ? 0 : 1)
        ParallelWork.run(jobs, threads: threads) { job in
            guard job < complete.count else {
                alongside?()
                return
            }
            let chunk = complete[job]
            let firstRow = chunk * layout.chunkRows - row
            let validRows = min(layout.chunkRows, layout.rows - chunk * layout.chunkRows)
            let output = UnsafeMutableRawBufferPointer(rebasing: frames[(job * bound)..<((job + 1) * bound)])
            let input = UnsafeRawBufferPointer(
                rebasing: source[(firstRow * rowBytes)..<((firstRow + validRows) * rowBytes)])
            if validRows == layout.chunkRows {
                sizes[job] = HDF5ZstdCodec.compress(input, into: output, level: layout.level) ?? 0
            } else {  // the dataset's last chunk is stored padded to the full chunk size
                let padded = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
                defer { padded.deallocate() }
                padded.initializeMemory(as: UInt8.self, repeating: 0)
                padded.copyMemory(from: input)
                sizes[job] =
                    HDF5ZstdCodec.compress(UnsafeRawBufferPointer(padded), into: output, level: layout.level) ?? 0
            }
        }
        let operation = "write rows of dataset"
        let innerShape = Array(try shape.dropFirst())
        for (job, chunk) in complete.enumerated() {
            guard sizes[job] > 0 else {
                throw error(
                    .libraryFailure, operation, "zstd could not compress the chunk at row \(chunk * layout.chunkRows)")
            }
            let frame = UnsafeRawBufferPointer(rebasing: frames[(job * bound)..<(job * bound + sizes[job])])
            let offset = [chunk * layout.chunkRows] + Array(repeating: 0, count: innerShape.count)
            try writeRawChunk(at: offset, bytes: frame)
        }
        // Rows before the first and after the last complete chunk take the ordinary path.
        var parts = [row..<(row + n)]
        if let first = complete.first, let last = complete.last {
            let covered = (first * layout.chunkRows)..<min((last + 1) * layout.chunkRows, layout.rows)
            parts = [row..<covered.lowerBound, covered.upperBound..<(row + n)]
        }
        for part in parts where !part.isEmpty {
            let elements =
                ((part.lowerBound - row) * layout.rowElements)..<((part.upperBound - row) * layout.rowElements)
            try write(
                UnsafeBufferPointer(rebasing: values[elements]),
                offset: [part.lowerBound] + Array(repeating: 0, count: innerShape.count),
                count: [part.count] + innerShape)
        }
    }

    /// Reads rows `range` into `destination` by reading the raw chunks and decompressing them on
    /// up to `threads` cores. Returns `false` (nothing read) if a chunk was never written, so the
    /// caller falls back to the ordinary path, which supplies the fill value.
    func readRows<T: HDF5Numeric>(
        _ range: Range<Int>, into destination: UnsafeMutableBufferPointer<T>, layout: WholeRowZstdLayout, threads: Int
    ) throws -> Bool {
        let chunkBytes = layout.chunkElements * MemoryLayout<T>.size
        let rowBytes = layout.rowElements * MemoryLayout<T>.size
        let chunks = Array((range.lowerBound / layout.chunkRows)...((range.upperBound - 1) / layout.chunkRows))
        var raw = [(mask: UInt32, bytes: [UInt8])]()
        raw.reserveCapacity(chunks.count)
        let rank = try shape.count
        for chunk in chunks {
            var offset = Array(repeating: 0, count: rank)
            offset[0] = chunk * layout.chunkRows
            guard let stored = try storedChunk(at: offset) else { return false }
            raw.append(stored)
        }
        let target = UnsafeMutableRawBufferPointer(destination)
        let failed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: chunks.count)
        defer { failed.deallocate() }
        failed.initialize(repeating: false)
        ParallelWork.run(chunks.count, threads: threads) { job in
            let chunk = chunks[job]
            let chunkStart = chunk * layout.chunkRows
            let from = max(range.lowerBound, chunkStart)
            let to = min(range.upperBound, chunkStart + layout.chunkRows, layout.rows)
            let destinationBytes = UnsafeMutableRawBufferPointer(
                rebasing: target[((from - range.lowerBound) * rowBytes)..<((to - range.lowerBound) * rowBytes)])
            raw[job].bytes.withUnsafeBytes { frame in
                if raw[job].mask & 1 != 0 {  // the filter was skipped for this chunk: stored as is
                    guard frame.count == chunkBytes else {
                        failed[job] = true
                        return
                    }
                    destinationBytes.copyMemory(
                        from: UnsafeRawBufferPointer(
                            rebasing: frame[((from - chunkStart) * rowBytes)..<((to - chunkStart) * rowBytes)]))
                } else if to - from == layout.chunkRows {
                    failed[job] = !HDF5ZstdCodec.decompress(frame, into: destinationBytes)
                } else {
                    let whole = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
                    defer { whole.deallocate() }
                    failed[job] = !HDF5ZstdCodec.decompress(frame, into: whole)
                    if !failed[job] {
                        destinationBytes.copyMemory(
                            from: UnsafeRawBufferPointer(
                                rebasing: whole[((from - chunkStart) * rowBytes)..<((to - chunkStart) * rowBytes)]))
                    }
                }
            }
        }
        if let bad = (0..<chunks.count).first(where: { failed[$0] }) {
            throw HDF5Error(
                .libraryFailure, file: filePath, object: path, operation: "read dataset as \(T.hdf5Type)",
                reason: "HDF5 could not read or decode the data",
                library:
                    "zstd: the chunk at row \(chunks[bad] * layout.chunkRows) is not a valid frame of \(chunkBytes) bytes"
            )
        }
        return true
    }

    /// The stored bytes and filter mask of the chunk at `offset`, or `nil` if it was never written.
    private func storedChunk(at offset: [Int]) throws -> (mask: UInt32, bytes: [UInt8])? {
        try HDF5Library.locked { () throws -> (mask: UInt32, bytes: [UInt8])? in
            let operation = "read raw chunk \(offset) of dataset"
            try checkOpen(operation)
            let coords = offset.map { hsize_t($0) }
            var size: hsize_t = 0
            guard H5Dget_chunk_storage_size(id, coords, &size) >= 0 else {
                _ = HDF5Library.takeErrorStack()
                return nil
            }
            guard size > 0 else { return nil }
            let chunk = try readRawChunk(at: offset)
            return (chunk.filterMask, chunk.bytes)
        }
    }
}

/// A reusable buffer for compressed chunks, so that a writer appending many blocks does not
/// map fresh memory (and take its page faults) for every block.
final class ChunkScratch {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    deinit { storage.deallocate() }

    /// A buffer of at least `bytes` bytes, valid until the next call.
    func buffer(bytes: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < max(1, bytes) {
            storage.deallocate()
            storage = .allocate(byteCount: max(1, bytes), alignment: 64)
        }
        return storage
    }
}

/// Runs numbered jobs on up to `threads` threads (the caller's and `threads - 1` started for the
/// call), handing out the next job to whichever thread is free (jobs differ in length: a digest
/// beside chunk compressions). The jobs of one call must touch disjoint memory; `run` returns
/// when all are done. Threads are started explicitly: libdispatch's `concurrentPerform` on Linux
/// throttles itself to one thread when the machine looks busy.
enum ParallelWork {
    static func run(_ jobs: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, jobs))
        if workers == 1 {
            for job in 0..<jobs { body(job) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = SharedJobs(body: body)
            let done = DispatchSemaphore(value: 0)
            for _ in 1..<workers {
                let thread = Thread {
                    shared.work(below: jobs)
                    done.signal()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            shared.work(below: jobs)
            for _ in 1..<workers { done.wait() }
            shared.release()  // the threads may outlive this call; the body must not
        }
    }
}

/// The job body and a lock-protected job counter, shared by the worker threads of one
/// ``ParallelWork/run(_:threads:_:)`` call (which outlives them, and whose jobs write disjoint memory).
private final class SharedJobs: @unchecked Sendable {
    private var body: ((Int) -> Void)?
    private let lock = NSLock()
    private var next = 0

    init(body: @escaping (Int) -> Void) { self.body = body }

    /// Runs jobs until none is left.
    func work(below limit: Int) {
        while let job = take(below: limit) { body?(job) }
    }

    /// Drops the body once every job is done.
    func release() {
        lock.lock()
        defer { lock.unlock() }
        body = nil
    }

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
    }
}
