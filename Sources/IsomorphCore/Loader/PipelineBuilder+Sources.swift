import Foundation
import IsomorphArrays

extension PipelineBuilder {
    /// Reads the main spec and, depth first, every file it includes. Included files come
    /// before the file that includes them (so the outer file's parameters win); a file
    /// included twice is read once; include cycles are errors.
    func loadSources(mainText: String) {
        let mainURL = directory.appendingPathComponent(URL(fileURLWithPath: file).lastPathComponent)
            .standardizedFileURL
        var stack = [(url: URL, display: String)]()
        var loaded = Set<URL>()
        addSource(
            text: mainText, bytes: Data(mainText.utf8), url: mainURL, display: file, isMain: true, trusted: true,
            stack: &stack, loaded: &loaded)
    }

    private func addSource(
        text: String, bytes: Data, url: URL, display: String, isMain: Bool, trusted: Bool,
        stack: inout [(url: URL, display: String)], loaded: inout Set<URL>
    ) {
        loaded.insert(url)
        let digest = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        var source = SpecSource(
            displayPath: display, url: url, lines: lines, digest: digest, root: nil, isMain: isMain,
            isTrusted: trusted)
        do {
            source.root = try YAMLReader.parse(text, file: display)
        } catch let error as SpecError {
            for d in error.diagnostics { log.append(d) }
            hasUnreadableSource = true
        } catch {
            log.error("invalid YAML: \(error)", at: SourceLocation(file: display))
            hasUnreadableSource = true
        }
        guard let root = source.root else {
            sources.append(source)
            return
        }
        guard let entries = root.entries else {
            log.error(
                "a spec must be a mapping with the keys \(Self.topLevelKeys.joined(separator: ", ")), got \(root.typeName)",
                at: root.location)
            source.root = nil
            sources.append(source)
            return
        }
        checkKeys(entries, known: Self.topLevelKeys, subject: nil)
        checkFormatVersion(root, display: display)
        if isMain, let name = root["name"] {
            if let s = name.string, !s.isEmpty {
                pipelineName = s
            } else {
                log.error("'name' must be a non-empty string, got \(name)", at: name.location)
            }
        }
        stack.append((url, display))
        for include in includeEntries(root["include"]) {
            readInclude(
                include, from: display, directory: url.deletingLastPathComponent(), stack: &stack, loaded: &loaded)
        }
        stack.removeLast()
        sources.append(source)
    }

    private func checkFormatVersion(_ root: SpecNode, display: String) {
        guard let version = root["isomorph"] else {
            log.error(
                "missing 'isomorph: \(Self.supportedFormat)' (the spec format version) at the top of the file",
                at: SourceLocation(file: display, line: 1, column: 1))
            return
        }
        if case .int(Self.supportedFormat) = version.value { return }
        log.error(
            "unsupported spec format 'isomorph: \(version.plain.compactText)'; this isomorph reads 'isomorph: \(Self.supportedFormat)'",
            at: version.location)
    }

    /// One `include:` entry: a path, and the SHA-256 it is pinned to, if any.
    private struct IncludeEntry {
        var path: String
        var pin: ContentDigest?
        var location: SourceLocation
    }

    private func includeEntries(_ node: SpecNode?) -> [IncludeEntry] {
        guard let node else { return [] }
        let items: [SpecNode]
        switch node.value {
        case .null: return []
        case .string: items = [node]
        case .list(let l): items = l
        default:
            log.error("'include' must be a list of spec files, got \(node)", at: node.location)
            hasUnreadableSource = true
            return []
        }
        var result = [IncludeEntry]()
        for item in items {
            if let path = item.string, !path.isEmpty {
                result.append(IncludeEntry(path: path, pin: nil, location: item.location))
                hasUnreadableSource = true
                continue
            }
            guard let entries = item.entries else {
                log.error(
                    "an include must be a path or a mapping { path: FILE, sha256: HEX }, got \(item)", at: item.location
                )
                hasUnreadableSource = true
                continue
            }
            checkKeys(entries, known: ["path", "sha256"], subject: nil)
            guard let path = item["path"]?.string, !path.isEmpty else {
                log.error("missing 'path' of an included file", at: item.location)
                hasUnreadableSource = true
                continue
            }
            var pin: ContentDigest?
            if let hex = item["sha256"] {
                guard let text = hex.string, let digest = ContentDigest(hex: text.lowercased()) else {
                    log.error(
                        "'sha256' must be 64 hexadecimal digits, got \(hex)", at: hex.location)
                    hasUnreadableSource = true
                    continue
                }
                pin = digest
            }
            result.append(IncludeEntry(path: path, pin: pin, location: item["path"]!.location))
        }
        return result
    }

    private func readInclude(
        _ include: IncludeEntry, from parentDisplay: String, directory: URL,
        stack: inout [(url: URL, display: String)], loaded: inout Set<URL>
    ) {
        let url =
            include.path.hasPrefix("/")
            ? URL(fileURLWithPath: include.path).standardizedFileURL
            : directory.appendingPathComponent(include.path).standardizedFileURL
        let display = include.path.hasPrefix("/") ? include.path : Self.joinDisplay(parentDisplay, include.path)
        if let start = stack.firstIndex(where: { $0.url == url }) {
            let chain = stack[start...].map(\.display) + [display]
            log.error("include cycle: \(chain.joined(separator: " -> "))", at: include.location)
            return
        }
        if loaded.contains(url) { return }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            log.error(
                "cannot read included file '\(include.path)' (\(url.path)): \(PipelineLoader.describe(error))",
                at: include.location)
            hasUnreadableSource = true
            return
        }
        guard let text = String(data: bytes, encoding: .utf8) else {
            hasUnreadableSource = true
            log.error("included file '\(include.path)' is not valid UTF-8", at: include.location)
            return
        }
        let digest = bytes.withUnsafeBytes { SHA256Hasher.hash($0) }
        if let pin = include.pin, pin != digest {
            log.error(
                "included file '\(include.path)' has SHA-256 \(digest.hex), but the spec pins \(pin.hex)",
                at: include.location)
            hasUnreadableSource = true
            return
        }
        includeRecords.append((display, digest))
        let trusted = options.trustIncludes || options.trustedDigests.contains(digest) || include.pin != nil
        addSource(
            text: text, bytes: bytes, url: url, display: display, isMain: false, trusted: trusted, stack: &stack,
            loaded: &loaded)
    }

    /// `parent`'s directory joined with `relative`, with `.` and `..` folded where possible
    /// (`pipelines/demo.yaml` + `../shared/a.yaml` → `shared/a.yaml`).
    static func joinDisplay(_ parent: String, _ relative: String) -> String {
        let absolute = parent.hasPrefix("/")
        var components = parent.split(separator: "/").filter { $0 != "." }.map(String.init)
        if !components.isEmpty { components.removeLast() }
        for c in relative.split(separator: "/") where c != "." {
            if c == "..", let last = components.last, last != ".." {
                components.removeLast()
            } else if c != ".." || !absolute {
                components.append(String(c))
            }
        }
        return (absolute ? "/" : "") + components.joined(separator: "/")
    }
}
