import OrderedCollections

/// Generates the JSON Schema (2020-12) of pipeline specs: the whole format, and for every
/// registered stage kind its parameters (types, ranges, choices, defaults, descriptions), so
/// that editors validate and complete `with:` blocks.
///
/// `isomorph schema > schemas/pipeline.schema.json` writes it; a test keeps the committed
/// file equal to what the built-in registry generates. The schema checks structure; the
/// loader checks everything else (references, cycles, files).
public enum PipelineSchema {
    /// The schema's `$id`.
    public static let identifier = "urn:isomorph:schema:pipeline"

    /// The schema document for `registry`, pretty-printed with a stable key order.
    public static func generate(registry: StageRegistry) -> String {
        document(registry: registry).prettyText
    }

    /// The schema as a JSON value.
    public static func document(registry: StageRegistry) -> OrderedJSON {
        var defs = OrderedDictionary<String, OrderedJSON>()
        defs["name"] = [
            "type": "string", "pattern": "^[A-Za-z0-9_-]+$",
            "description": "A name: letters, digits, '_' and '-' (no dots, slashes or spaces).",
        ]
        defs["interpolation"] = [
            "type": "string", "pattern": "^\\$\\{[^}]+\\}$",
            "description":
                "A whole-value reference such as ${seed}, ${params.alphas} or ${matrix.factor}; it keeps the referenced value's type.",
        ]
        defs["scalar"] = ["type": ["string", "number", "boolean"]]
        defs["include"] = [
            "anyOf": [
                ["type": "string", "minLength": 1, "description": "A spec file, relative to the including file."],
                [
                    "type": "object", "required": ["path"], "additionalProperties": false,
                    "properties": [
                        "path": ["type": "string", "minLength": 1],
                        "sha256": [
                            "type": "string", "pattern": "^[0-9a-fA-F]{64}$",
                            "description": "The SHA-256 of the file's bytes; a different file is an error.",
                        ],
                    ],
                ],
            ]
        ]
        defs["dataSource"] = dataSource
        defs["reference"] = [
            "type": "string", "minLength": 1,
            "description": "STAGE (its only output), STAGE.PORT or data.NAME; may use ${...}.",
        ]
        defs["inputs"] = [
            "type": "object", "propertyNames": ["$ref": "#/$defs/name"],
            "additionalProperties": [
                "anyOf": [
                    ["$ref": "#/$defs/reference"],
                    [
                        "type": "array", "minItems": 1, "items": ["$ref": "#/$defs/reference"],
                        "description": "An explicit collection.",
                    ],
                ]
            ],
        ]
        defs["matrix"] = matrix
        defs["seed"] = [
            "anyOf": [["type": "integer", "minimum": 0], ["$ref": "#/$defs/interpolation"]],
            "description": "The seed of the stage's stochastic steps; default params.seed, else 0.",
        ]
        defs["resources"] = resources
        defs["builtinStage"] = builtinStage(registry)
        defs["commandStage"] = commandStage
        defs["stage"] = ["oneOf": [["$ref": "#/$defs/builtinStage"], ["$ref": "#/$defs/commandStage"]]]
        for entry in registry.allEntries { defs["with." + entry.kind] = parameters(of: entry) }

        return [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": .string(identifier),
            "title": "Isomorph pipeline",
            "description": "A study as a DAG of stages (docs/spec.md).",
            "type": "object",
            "required": ["isomorph"],
            "additionalProperties": false,
            "properties": [
                "isomorph": ["const": 1, "description": "The spec format version."],
                "name": [
                    "type": "string", "minLength": 1, "description": "The pipeline's name; default the file stem.",
                ],
                "params": [
                    "type": "object",
                    "description": "Parameters, overridable with -p NAME=VALUE; strings may use ${data_root}.",
                    "propertyNames": [
                        "$ref": "#/$defs/name",
                        "not": ["enum": .array(NameRules.reservedParameterNames.map { .string($0) })],
                    ],
                ],
                "include": [
                    "anyOf": [["$ref": "#/$defs/include"], ["type": "array", "items": ["$ref": "#/$defs/include"]]],
                    "description": "Spec files whose params (as defaults), data and stages merge in.",
                ],
                "data": [
                    "type": "object", "description": "Files from outside the cache, hashed by content.",
                    "propertyNames": ["$ref": "#/$defs/name"],
                    "additionalProperties": ["$ref": "#/$defs/dataSource"],
                ],
                "stages": [
                    "type": "object", "description": "The stages, by name.",
                    "propertyNames": ["$ref": "#/$defs/name", "not": ["const": "data"]],
                    "additionalProperties": ["$ref": "#/$defs/stage"],
                ],
            ],
            "$defs": .object(defs),
        ]
    }

    // MARK: Fixed parts

    static let dataSource: OrderedJSON = [
        "anyOf": [
            ["type": "string", "minLength": 1, "description": "Shorthand for { path: ... }."],
            [
                "type": "object", "required": ["path"], "additionalProperties": false,
                "properties": [
                    "path": [
                        "type": "string", "minLength": 1,
                        "description": "The file, relative to the spec; may use ${data_root} and parameters.",
                    ],
                    "format": [
                        "enum": .array(DataSource.Format.allCases.map { .string($0.rawValue) }),
                        "description": "Default: from the extension (.npy .npz .csv .h5/.hdf5/.nc .mat).",
                    ],
                    "variable": ["type": "string", "description": "The variable inside an npz, HDF5 or mat file."],
                    "axes": [
                        "type": "array", "items": ["type": "string", "minLength": 1], "uniqueItems": true,
                        "description": "Axis names, outermost first.",
                    ],
                    "coords": [
                        "type": "object",
                        "description": "Labels per axis: a list, or a label file (one per line, or .npy).",
                        "additionalProperties": [
                            "anyOf": [["type": "array", "items": ["$ref": "#/$defs/scalar"]], ["type": "string"]]
                        ],
                    ],
                ],
            ],
        ]
    ]

    static let matrix: OrderedJSON = {
        let entries: OrderedJSON = [
            "type": "array",
            "items": [
                "type": "object", "minProperties": 1,
                "additionalProperties": ["anyOf": [["$ref": "#/$defs/scalar"], ["$ref": "#/$defs/interpolation"]]],
            ],
        ]
        var include = entries
        include["description"] = "Combinations to extend or add (GitHub Actions semantics)."
        var exclude = entries
        exclude["description"] = "Combinations to remove."
        return [
            "type": "object", "minProperties": 1,
            "description": "Fan-out: one node per combination of the keys' values.",
            "properties": ["include": include, "exclude": exclude],
            "propertyNames": ["$ref": "#/$defs/name"],
            "additionalProperties": [
                "anyOf": [
                    ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/scalar"]],
                    ["$ref": "#/$defs/interpolation"],
                ]
            ],
        ]
    }()

    static let resources: OrderedJSON = [
        "type": "object", "additionalProperties": false,
        "properties": [
            "cpus": ["anyOf": [["type": "integer", "minimum": 1], ["$ref": "#/$defs/interpolation"]]],
            "memory": [
                "type": "string", "pattern": "^(\\s*[0-9.]+\\s*[KMGTkmgt]([iI]?[bB])?\\s*|\\$\\{[^}]+\\})$",
                "description": "A size such as 512M or 16G (powers of 1024).",
            ],
            "gpus": ["anyOf": [["type": "integer", "minimum": 0], ["$ref": "#/$defs/interpolation"]]],
            "time": [
                "anyOf": [
                    ["type": "integer", "minimum": 1],
                    [
                        "type": "string",
                        "pattern":
                            "^(\\s*([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?\\s*|[0-9]+(:[0-9]{1,2}){1,2}|[0-9]+|\\$\\{[^}]+\\})$",
                    ],
                ],
                "description": "Wall-clock limit: 90s, 30m, 2h, 1h30m, 1d, 1:30:00 or plain seconds.",
            ],
            "partition": ["type": "string", "minLength": 1],
        ],
    ]

    static func builtinStage(_ registry: StageRegistry) -> OrderedJSON {
        let kinds = registry.kinds
        var uses: OrderedJSON = ["type": "string", "description": "A built-in stage kind (isomorph stages)."]
        if !kinds.isEmpty { uses["enum"] = .array(kinds.map { .string($0) }) }
        var schema: OrderedJSON = [
            "type": "object", "required": ["uses"], "additionalProperties": false,
            "properties": [
                "uses": uses,
                "with": ["type": "object", "description": "The kind's parameters."],
                "in": ["$ref": "#/$defs/inputs"],
                "matrix": ["$ref": "#/$defs/matrix"],
                "seed": ["$ref": "#/$defs/seed"],
                "resources": ["$ref": "#/$defs/resources"],
            ],
        ]
        if !kinds.isEmpty {
            schema["allOf"] = .array(
                registry.allEntries.map { entry in
                    var then: OrderedJSON = ["properties": ["with": ["$ref": .string("#/$defs/with.\(entry.kind)")]]]
                    if entry.parameterDocs.contains(where: \.isRequired) { then["required"] = ["with"] }
                    return [
                        "if": ["properties": ["uses": ["const": .string(entry.kind)]], "required": ["uses"]],
                        "then": then,
                    ]
                })
        }
        return schema
    }

    static let commandStage: OrderedJSON = [
        "type": "object", "required": ["run", "out"], "additionalProperties": false,
        "properties": [
            "run": [
                "type": "array", "minItems": 1, "items": ["$ref": "#/$defs/scalar"],
                "description":
                    "The command line as a list (never a shell string); may use ${in.PORT}, ${out.PORT}, ${scratch}.",
            ],
            "in": ["$ref": "#/$defs/inputs"],
            "out": [
                "anyOf": [
                    ["type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9_.-]*$"],
                    [
                        "type": "array", "minItems": 1, "uniqueItems": true,
                        "items": ["type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9_.-]*$"],
                    ],
                ],
                "description": "Output names (each becomes an artifact).",
            ],
            "code": [
                "anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]],
                "description": "Files whose content enters the cache key.",
            ],
            "env": [
                "type": "object", "propertyNames": ["pattern": "^[A-Za-z_][A-Za-z0-9_]*$"],
                "additionalProperties": ["$ref": "#/$defs/scalar"],
            ],
            "matrix": ["$ref": "#/$defs/matrix"],
            "seed": ["$ref": "#/$defs/seed"],
            "resources": ["$ref": "#/$defs/resources"],
        ],
    ]

    // MARK: Parameters

    /// The schema of a kind's `with:` mapping.
    public static func parameters(of entry: StageRegistry.Entry) -> OrderedJSON {
        var schema = object(entry.parameterDocs)
        schema["description"] = .string("Parameters of \(entry.kind) (version \(entry.version)): \(entry.summary)")
        return schema
    }

    private static func object(_ docs: [ParameterDoc]) -> OrderedJSON {
        var properties = OrderedDictionary<String, OrderedJSON>()
        for doc in docs { properties[doc.name] = parameter(doc) }
        var schema: OrderedJSON = ["type": "object", "additionalProperties": false, "properties": .object(properties)]
        let required = docs.filter(\.isRequired).map { OrderedJSON.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }

    /// The schema of one parameter: its type (accepting a whole `${...}` reference too), its
    /// description and default.
    public static func parameter(_ doc: ParameterDoc) -> OrderedJSON {
        var schema = valueSchema(doc.type)
        var description = doc.summary
        if !doc.affectsResult { description += " Does not affect results (not in the cache key)." }
        schema["description"] = .string(description)
        if let d = doc.defaultValue { schema["default"] = OrderedJSON(d) }
        return schema
    }

    /// The schema of a value of `type`.
    public static func valueSchema(_ type: ParameterType) -> OrderedJSON {
        func orReference(_ s: OrderedJSON) -> OrderedJSON { ["anyOf": [s, ["$ref": "#/$defs/interpolation"]]] }
        switch type {
        case .bool: return orReference(["type": "boolean"])
        case .int(let lo, let hi):
            var s: OrderedJSON = ["type": "integer"]
            if let lo { s["minimum"] = .int(lo) }
            if let hi { s["maximum"] = .int(hi) }
            return orReference(s)
        case .number(let lo, let hi):
            var s: OrderedJSON = ["type": "number"]
            if let lo { s["minimum"] = .number(lo) }
            if let hi { s["maximum"] = .number(hi) }
            return orReference(s)
        case .string: return ["type": ["string", "number", "boolean"]]
        case .file: return ["type": "string", "minLength": 1]
        case .choice(let options): return orReference(["enum": .array(options.map { .string($0) })])
        case .list(let element):
            let item = valueSchema(element)
            return ["anyOf": [["type": "array", "items": item], item, ["$ref": "#/$defs/interpolation"]]]
        case .object(let docs): return orReference(object(docs))
        case .map(let element):
            return orReference(["type": "object", "additionalProperties": valueSchema(element)])
        case .either(let a, let b): return ["anyOf": [valueSchema(a), valueSchema(b)]]
        }
    }
}
