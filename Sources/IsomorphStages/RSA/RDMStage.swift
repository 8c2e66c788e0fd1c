import IsomorphArrays
import IsomorphCore
import IsomorphNumerics

/// `rsa.rdm`: the representational dissimilarity matrix of a representation (stimuli × units).
///
/// Measures: `correlation` (1 − Pearson, the default), `cosine`, `euclidean` (SciPy's `pdist`),
/// `sqeuclidean-per-channel` (rsatoolbox's `'euclidean'`: squared distance ÷ units) and
/// `crossnobis` (rsatoolbox's `calc_rdm_crossnobis`: leave-one-partition-out cross-validated
/// Mahalanobis distance per channel, with an optional noise precision input).
///
/// Large inputs stream: when every observation is its own condition, the rows are read in blocks
/// and the Gram matrix is formed by panels with bounded memory (see `RDMBuilder`), and the RDM is
/// written row block by row block. The output follows docs/conventions.md: `rdm` over
/// `[stimulus, stimulus_2]` (with a leading stack dimension when `stack` is given), labels on both.
public struct RDMStage: Stage {
    /// The `with:` parameters.
    public struct Parameters: Codable, Hashable, Sendable {
        public var distance: String
        public var unit_scaling: String
        public var ddof: Int
        public var variable: String?
        public var observations: String
        public var conditions: String?
        public var partitions: String?
        public var stack: String?
        public var dtype: String
        public var memory_mb: Int
        public var block_rows: Int

        /// Parameters with the documented defaults.
        public init(
            distance: String = "correlation", unit_scaling: String = "none", ddof: Int = 0, variable: String? = nil,
            observations: String = "stimulus", conditions: String? = nil, partitions: String? = nil,
            stack: String? = nil, dtype: String = "float64", memory_mb: Int = 1024, block_rows: Int = 256
        ) {
            self.distance = distance
            self.unit_scaling = unit_scaling
            self.ddof = ddof
            self.variable = variable
            self.observations = observations
            self.conditions = conditions
            self.partitions = partitions
            self.stack = stack
            self.dtype = dtype
            self.memory_mb = memory_mb
            self.block_rows = block_rows
        }
    }

    public static let kind = "rsa.rdm"
    public static let version = 1
    public static let summary = "Computes a representational dissimilarity matrix (RDM) of a representation."
    static let distances = RDMMeasure.allCases.map(\.rawValue) + ["crossnobis"]
    public static let parameterDocs: [ParameterDoc] = [
        ParameterDoc(
            "distance", .choice(distances), default: .string("correlation"),
            "Dissimilarity: correlation (1 − Pearson r; scipy pdist and rsatoolbox), cosine, euclidean (scipy pdist), "
                + "sqeuclidean-per-channel (squared distance / units, rsatoolbox's 'euclidean'), or crossnobis "
                + "(rsatoolbox's calc_rdm_crossnobis; needs 'partitions')."),
        ParameterDoc(
            "unit_scaling", .choice(["none", "center", "zscore"]), default: .string("none"),
            "Per-unit scaling across stimuli before the distances: none, center, or zscore (constant units stay 0)."),
        ParameterDoc(
            "ddof", .int(min: 0, max: 1), default: .int(0),
            "ddof of the z-score standard deviation (0 = scipy.stats.zscore and scikit-learn's StandardScaler)."),
        ParameterDoc("variable", .string, optional: true, "The variable to read (default: the only one)."),
        ParameterDoc("observations", .string, default: .string("stimulus"), "The dimension indexing stimuli."),
        ParameterDoc(
            "conditions", .string, optional: true,
            "A coordinate along the observations naming each one's condition; repeated observations of a condition "
                + "are averaged (rsatoolbox's descriptor). Default: every observation is a condition."),
        ParameterDoc(
            "partitions", .string, optional: true,
            "A coordinate along the observations naming each one's partition (run), for crossnobis folds."),
        ParameterDoc(
            "stack", .string, optional: true,
            "A dimension of the input (e.g. subject) over which separate RDMs are computed (a leading stack dimension)."
        ),
        ParameterDoc(
            "dtype", .choice(["float64", "float32"]), default: .string("float64"),
            "Storage type of the RDM (computation is always float64)."),
        ParameterDoc(
            "memory_mb", .int(min: 1), default: .int(1024), affectsResult: false,
            "Memory for held input rows; larger inputs are processed out of core in panels."),
        ParameterDoc(
            "block_rows", .int(min: 1), default: .int(256), affectsResult: false, "Rows read per block when streaming."),
    ]
    public static let inputPorts: [InputPort] = [
        InputPort("x", "The representation: stimuli × units (any trailing unit dimensions are flattened)."),
        InputPort(
            "noise", "Crossnobis noise precision: one variable, units × units (default: identity, i.e. Euclidean).",
            optional: true),
    ]
    static let outputs = [
        OutputPort("rdm", "The RDM: rdm over [stimulus, stimulus_2] (leading stack dimension if any).")
    ]
    public static let documentedOutputs = outputs

    public let parameters: Parameters

    public init(parameters: Parameters) throws {
        if parameters.distance == "crossnobis" {
            guard parameters.partitions != nil else {
                throw StageFailure(
                    "distance 'crossnobis' needs 'partitions' (a coordinate naming each observation's run)")
            }
            guard parameters.unit_scaling == "none" else {
                throw StageFailure("distance 'crossnobis' takes no 'unit_scaling' (got '\(parameters.unit_scaling)')")
            }
        } else if parameters.partitions != nil {
            throw StageFailure("'partitions' is only used by distance 'crossnobis' (got '\(parameters.distance)')")
        }
        self.parameters = parameters
    }

    public var outputPorts: [OutputPort] { Self.outputs }

    var scaling: UnitScaling {
        switch parameters.unit_scaling {
        case "center": return .center
        case "zscore": return .standardize(ddof: parameters.ddof)
        default: return .none
        }
    }

    var builder: RDMBuilder? {
        RDMMeasure(rawValue: parameters.distance).map {
            RDMBuilder(
                measure: $0, unitScaling: scaling, panelBytes: parameters.memory_mb << 20,
                blockRows: parameters.block_rows)
        }
    }

    public func run(_ inputs: StageInputs, in context: StageContext) async throws -> StageOutputs {
        let p = parameters
        let artifact = try inputs.artifact("x")
        let summary = try artifact.summary()
        let name = try Representation.chooseVariable(among: summary.variables.map(\.name), p.variable, port: "x")
        let variableSummary = summary.variable(name)!
        let canStream =
            builder != nil && p.stack == nil && p.conditions == nil
            && variableSummary.dimensions.first == p.observations
            && variableSummary.dtype.isNumeric
        if canStream, let labels = try artifact.coordinate(p.observations)?.data.storage.textValues,
            Set(labels).count != labels.count
        {
            throw StageFailure(
                "input 'x' repeats observation labels; set 'conditions:' to average repeated observations per condition"
            )
        }
        if canStream, let builder {
            return try stream(artifact, variableSummary, builder: builder, context: context)
        }
        var precision: Matrix?
        if let noise = try inputs.optionalArtifact("noise")?.load() {
            let noiseName = try Representation.chooseVariable(in: noise, nil, port: "noise")
            let m = noise.variables[noiseName]!.data
            guard m.rank == 2 else {
                throw StageFailure(
                    "input 'noise': variable '\(noiseName)' must be a units × units matrix, got shape \(m.shape)")
            }
            precision = try m.matrix()
        }
        return try inMemory(try artifact.load(), variable: name, precision: precision, context: context)
    }

    /// Streams rows through `RDMBuilder` and writes the RDM by row blocks.
    func stream(
        _ artifact: any ArtifactHandle, _ v: VariableSummary, builder: RDMBuilder, context: StageContext
    ) throws -> StageOutputs {
        let n = v.shape[0]
        let units = v.shape.dropFirst().reduce(1, *)
        let storeFloat = parameters.dtype == "float32"
        let writer = try context.makeWriter(for: "rdm")
        if let labels = try artifact.coordinate(parameters.observations) {
            try writer.setCoordinate("stimulus", Variable(dimensions: ["stimulus"], data: labels.data))
            try writer.setCoordinate("stimulus_2", Variable(dimensions: ["stimulus_2"], data: labels.data))
        }
        try writer.beginVariable(
            "rdm", dtype: storeFloat ? .float32 : .float64, dimensions: ["stimulus", "stimulus_2"], shape: [n, n],
            attributes: ["distance": .string(parameters.distance)])
        try writer.setAttribute("distance", .string(parameters.distance))
        try writer.setAttribute("unit_scaling", .string(parameters.unit_scaling))
        try builder.compute(
            rows: n, columns: units,
            read: { range in try artifact.readRows(of: v.name, range).matrix() },
            emit: { range, block in
                let array = NDArray(shape: [range.count, n], values: block.elements)
                try writer.append("rdm", rows: storeFloat ? try array.converted(to: .float32) : array)
            },
            progress: { fraction in
                try context.checkCancellation()
                context.progress.report(fraction: fraction, note: nil)
            })
        return StageOutputs(["rdm": .staged(try writer.finish())])
    }

    /// Computes RDMs in memory (condition averaging, crossnobis, stacks).
    func inMemory(
        _ dataset: Dataset, variable name: String, precision: Matrix?, context: StageContext
    ) throws
        -> StageOutputs
    {
        let p = parameters
        var v = dataset.variables[name]!
        var stackLength = 1
        var stackLabels = [String: NDArray]()
        if let stack = p.stack {
            guard let axis = v.dimensions.firstIndex(of: stack) else {
                throw StageFailure(
                    "input 'x': variable '\(name)' has no dimension '\(stack)' to stack over (dimensions: "
                        + "\(v.dimensions.joined(separator: ", ")))")
            }
            var perm = Array(0..<v.dimensions.count)
            perm.remove(at: axis)
            perm.insert(axis, at: 0)
            v = try Variable(dimensions: perm.map { v.dimensions[$0] }, data: v.data.transposed(perm))
            stackLength = v.shape[0]
            if let c = dataset.coordinates[stack] { stackLabels[stack] = c.data }
        }
        var vectors = [[Double]]()
        var labels: NDArray?
        var n = 0
        for k in 0..<stackLength {
            try context.checkCancellation()
            var slice = dataset
            if p.stack != nil {
                let part = try v.data.selecting([k], along: 0)
                try slice.setVariable(
                    name,
                    Variable(
                        dimensions: Array(v.dimensions.dropFirst()), data: part.reshaped(Array(v.shape.dropFirst()))))
            }
            let rep = try Representation.load(from: slice, variable: name, observations: p.observations, port: "x")
            let (rdm, conditionLabels) = try rdm(of: rep, dataset: slice, precision: precision)
            vectors.append(CondensedRDM.vector(rdm))
            labels = conditionLabels
            n = rdm.rowCount
            context.progress.report(fraction: Double(k + 1) / Double(stackLength), note: nil)
        }
        var out = try RDMStack.dataset(
            vectors: vectors, conditions: n, stack: p.stack.map { [($0, stackLength)] } ?? [], stackLabels: stackLabels,
            conditionLabels: labels, distance: p.distance,
            attributes: ["distance": .string(p.distance), "unit_scaling": .string(p.unit_scaling)])
        if p.dtype == "float32" {
            var rdm = out.variables["rdm"]!
            rdm.data = try rdm.data.converted(to: .float32)
            try out.setVariable("rdm", rdm)
        }
        return StageOutputs(datasets: ["rdm": out])
    }

    /// The RDM of one representation, with its condition labels.
    func rdm(of rep: Representation, dataset: Dataset, precision: Matrix?) throws -> (Matrix, NDArray?) {
        let p = parameters
        let coordinates = CrossValidationParameters.observationCoordinates(of: dataset, dimension: p.observations)
        func coordinate(_ name: String, _ role: String) throws -> [String] {
            if name == p.observations, let ids = rep.observationIDs { return ids }
            guard let values = coordinates[name] else {
                throw StageFailure(
                    "'\(role)': no coordinate '\(name)' along '\(p.observations)' (coordinates: "
                        + "\(coordinates.keys.sorted().joined(separator: ", ")))")
            }
            return values
        }
        let conditionNames: [String]?
        if let c = p.conditions {
            conditionNames = try coordinate(c, "conditions")
        } else if p.distance == "crossnobis" {
            conditionNames = rep.observationIDs ?? (0..<rep.observationCount).map(String.init)
        } else {
            conditionNames = nil
        }
        guard let conditionNames else {
            if let ids = rep.observationIDs, Set(ids).count != ids.count {
                throw StageFailure(
                    "input 'x' repeats observation labels; set 'conditions:' to average repeated observations per condition"
                )
            }
            return (builder!.rdm(rep.matrix), rep.observationLabels)
        }
        // Conditions in order of first appearance.
        var index = [String: Int]()
        var order = [String]()
        let condition = conditionNames.map { name -> Int in
            if let i = index[name] { return i }
            index[name] = order.count
            order.append(name)
            return order.count - 1
        }
        let conditionLabels = NDArray(order)
        if p.distance == "crossnobis" {
            let runNames = try coordinate(p.partitions!, "partitions")
            var runIndex = [String: Int]()
            let runs = runNames.map { name -> Int in
                if let i = runIndex[name] { return i }
                runIndex[name] = runIndex.count
                return runIndex.count - 1
            }
            do {
                let rdm = try Crossnobis.rdm(
                    rep.matrix, conditions: condition, conditionCount: order.count, partitions: runs,
                    partitionCount: runIndex.count, noisePrecision: precision)
                return (rdm, conditionLabels)
            } catch {
                throw StageFailure(
                    "input 'x': \(error) (conditions from '\(p.conditions ?? p.observations)', partitions from '\(p.partitions!)')"
                )
            }
        }
        // Average repeated observations per condition.
        let pcount = rep.featureCount
        var sums = Matrix.zeros(rows: order.count, columns: pcount)
        var counts = [Double](repeating: 0, count: order.count)
        rep.matrix.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for (r, c) in condition.enumerated() {
                    counts[c] += 1
                    for j in 0..<pcount { s[c * pcount + j] += x[r * pcount + j] }
                }
            }
        }
        return (builder!.rdm(sums.scalingRows(by: counts.map { 1 / $0 })), conditionLabels)
    }
}
