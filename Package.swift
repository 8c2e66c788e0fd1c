// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility")
]

let package = Package(
    name: "isomorph",
    products: [
        .executable(name: "isomorph", targets: ["isomorph"]),
        .library(name: "IsomorphCore", targets: ["IsomorphCore"]),
        .library(name: "IsomorphStages", targets: ["IsomorphStages"]),
        .library(name: "IsomorphEngine", targets: ["IsomorphEngine"]),
        .library(name: "IsomorphNumerics", targets: ["IsomorphNumerics"]),
        .library(name: "IsomorphArrays", targets: ["IsomorphArrays"]),
        .library(name: "IsomorphHDF5", targets: ["IsomorphHDF5"]),
        .library(name: "IsomorphCLI", targets: ["IsomorphCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - C system libraries (Debian: libhdf5-dev libopenblas-dev liblapacke-dev libzstd-dev libssl-dev libyaml-dev)
        .systemLibrary(
            /** The HDF5 C API (serial build) with the high-level dimension-scale API */
            name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(
            /** Zstandard */
            name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(
            /** libyaml's event parser (specs are read into located nodes without an intermediate tree) */
            name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            /** CBLAS and LAPACKE over OpenBLAS */
            name: "CLinearAlgebra", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(
            /** OpenSSL's libcrypto, for SHA-256 */
            name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(
            /** The HDF5 filter 32015 (Zstandard), registered in-process */
            name: "CH5Zstd",
            dependencies: ["CHDF5", "CZstd"],
            linkerSettings: [.linkedLibrary("zstd"), .linkedLibrary("hdf5_serial")]),

        // MARK: - Numerics and data (know nothing about pipelines)
        .target(
            /** Matrix and vector value types over BLAS/LAPACK, decompositions, statistics */
            name: "IsomorphNumerics",
            dependencies: ["CLinearAlgebra"],
            swiftSettings: swiftSettings),
        .target(
            /** Labelled arrays (variables, named axes, coordinates), content digests, .npy/.npz, CSV */
            name: "IsomorphArrays",
            dependencies: [
                "IsomorphNumerics", "COpenSSL",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .target(
            /** Typed HDF5 files, datasets, attributes, dimension scales, zstd; the netCDF-4 artifact codec */
            name: "IsomorphHDF5",
            dependencies: ["CHDF5", "CH5Zstd", "IsomorphArrays"],
            swiftSettings: swiftSettings),

        // MARK: - Model and planning (pure)
        .target(
            /** Spec model, YAML loading with locations, validation, matrix expansion, DAG, cache keys, Stage protocol */
            name: "IsomorphCore",
            dependencies: [
                "IsomorphArrays", "CYAML",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: swiftSettings),

        // MARK: - Stage library
        .target(
            /** Built-in stages, one file per stage, grouped by family */
            name: "IsomorphStages",
            dependencies: ["IsomorphCore", "IsomorphNumerics", "IsomorphArrays", "IsomorphHDF5"],
            swiftSettings: swiftSettings),

        // MARK: - Execution
        .target(
            /** Planner, executors, on-disk store, progress, provenance */
            name: "IsomorphEngine",
            dependencies: [
                "IsomorphCore", "IsomorphArrays", "IsomorphHDF5", "IsomorphNumerics",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // MARK: - Command line
        .target(
            /** The command types, testable in-process, and the one error presenter */
            name: "IsomorphCLI",
            dependencies: [
                "IsomorphCore", "IsomorphEngine", "IsomorphStages", "IsomorphArrays", "IsomorphHDF5",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            /** The `isomorph` tool */
            name: "isomorph",
            dependencies: ["IsomorphCLI"],
            swiftSettings: swiftSettings),

        // MARK: - Test support and tests
        .target(
            /** Seeded generators, tolerances, temporary directories and the Python oracle runner */
            name: "IsomorphTestSupport",
            dependencies: [
                "IsomorphArrays", "IsomorphNumerics", "IsomorphCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/IsomorphTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphNumericsTests", dependencies: ["IsomorphNumerics", "IsomorphArrays", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphArraysTests", dependencies: ["IsomorphArrays", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphHDF5Tests", dependencies: ["IsomorphHDF5", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphCoreTests", dependencies: ["IsomorphCore", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphStagesTests", dependencies: ["IsomorphStages", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphEngineTests", dependencies: ["IsomorphEngine", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IsomorphCLITests", dependencies: ["IsomorphCLI", "IsomorphTestSupport"],
            swiftSettings: swiftSettings),
    ]
)
