import Foundation
import IsomorphCore

/// Draws a pipeline's expanded graph as Graphviz DOT or Mermaid: one node per graph node
/// (labelled with its kind), instances of a fanned-out stage grouped in one box labelled with
/// the stage and kind, data sources as cylinders, and edges labelled with the input port
/// (`out → x` when the producer has several outputs).
public enum GraphRenderer {
    /// The output formats.
    public enum Format: String, CaseIterable, Sendable {
        case dot, mermaid
    }

    /// Renders `pipeline` in `format`.
    public static func render(_ pipeline: LoadedPipeline, as format: Format) -> String {
        switch format {
        case .dot: return dot(pipeline)
        case .mermaid: return mermaid(pipeline)
        }
    }

    /// Consecutive runs of nodes from one stage, in graph order; fanned-out stages are groups.
    private static func groups(_ graph: Graph) -> [(stage: String, kind: String, fanned: Bool, nodes: [Int])] {
        var result = [(stage: String, kind: String, fanned: Bool, nodes: [Int])]()
        for (i, node) in graph.nodes.enumerated() {
            if let last = result.last, last.stage == node.stage {
                result[result.count - 1].nodes.append(i)
            } else {
                result.append((node.stage, node.kindName, !node.matrix.isEmpty, [i]))
            }
        }
        return result
    }

    /// Every edge: producer index, consumer index, label.
    private static func edges(_ graph: Graph) -> [(from: Int, to: Int, label: String)] {
        var result = [(from: Int, to: Int, label: String)]()
        for (i, node) in graph.nodes.enumerated() {
            for port in node.inputs.keys.sorted() {
                for ref in node.inputs[port]!.refs {
                    guard let j = graph.position(of: ref.node) else { continue }
                    let label = graph.nodes[j].outputs.count > 1 ? "\(ref.port) → \(port)" : port
                    result.append((j, i, label))
                }
            }
        }
        return result
    }

    private static func isData(_ node: GraphNode) -> Bool {
        if case .data = node.action { return true }
        return false
    }

    // MARK: DOT

    static func dot(_ pipeline: LoadedPipeline) -> String {
        let graph = pipeline.graph
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }
        func q(_ s: String) -> String { "\"" + escape(s) + "\"" }
        /// A label of several lines (`\n` is Graphviz's centred line break).
        func label(_ lines: String...) -> String { "\"" + lines.map(escape).joined(separator: "\\n") + "\"" }
        var lines = ["digraph \(q(pipeline.name)) {", "  rankdir=LR;", "  node [shape=box];"]
        for group in groups(graph) {
            if group.fanned {
                lines.append("  subgraph \(q("cluster_" + group.stage)) {")
                lines.append("    label=\(q("\(group.stage) (\(group.kind))"));")
                for i in group.nodes { lines.append("    \(q(graph.nodes[i].id.rawValue));") }
                lines.append("  }")
            } else {
                for i in group.nodes {
                    let node = graph.nodes[i]
                    if isData(node) {
                        lines.append("  \(q(node.id.rawValue)) [shape=cylinder];")
                    } else {
                        lines.append("  \(q(node.id.rawValue)) [label=\(label(node.id.rawValue, node.kindName))];")
                    }
                }
            }
        }
        for e in edges(graph) {
            lines.append(
                "  \(q(graph.nodes[e.from].id.rawValue)) -> \(q(graph.nodes[e.to].id.rawValue)) [label=\(q(e.label))];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Mermaid

    static func mermaid(_ pipeline: LoadedPipeline) -> String {
        let graph = pipeline.graph
        func text(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\"", with: "#quot;") + "\""
        }
        var lines = ["flowchart LR"]
        for (g, group) in groups(graph).enumerated() {
            if group.fanned {
                lines.append("  subgraph g\(g)[\(text("\(group.stage) (\(group.kind))"))]")
                for i in group.nodes { lines.append("    n\(i)[\(text(graph.nodes[i].id.rawValue))]") }
                lines.append("  end")
            } else {
                for i in group.nodes {
                    let node = graph.nodes[i]
                    if isData(node) {
                        lines.append("  n\(i)[(\(text(node.id.rawValue)))]")
                    } else {
                        lines.append("  n\(i)[\(text("\(node.id)<br/>\(node.kindName)"))]")
                    }
                }
            }
        }
        for e in edges(graph) { lines.append("  n\(e.from) -->|\(text(e.label))| n\(e.to)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
