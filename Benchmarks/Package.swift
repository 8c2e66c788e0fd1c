// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that nothing here reaches users or the default test
// run. Each executable runs Isomorph and its Python peer on the same data, in one run, and prints
// both timings and their ratio. `./run.sh` builds in release mode and runs them all.
let package = Package(
    name: "IsomorphBenchmarks",
    dependencies: [
        .package(name: "isomorph", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "GemmBenchmark",
            dependencies: [.product(name: "IsomorphNumerics", package: "isomorph")]),
        .executableTarget(
            name: "NoopBenchmark",
            dependencies: [
                .product(name: "IsomorphCore", package: "isomorph"),
                .product(name: "IsomorphCLI", package: "isomorph"),
                .product(name: "IsomorphArrays", package: "isomorph"),
            ]),
        .executableTarget(
            name: "LassoBenchmark",
            dependencies: [
                .product(name: "IsomorphNumerics", package: "isomorph"),
                .product(name: "IsomorphArrays", package: "isomorph"),
            ]),
        .executableTarget(
            name: "AlignmentBenchmark",
            dependencies: [
                .product(name: "IsomorphNumerics", package: "isomorph"),
                .product(name: "IsomorphArrays", package: "isomorph"),
            ]),
        .executableTarget(
            name: "RSABenchmark",
            dependencies: [
                .product(name: "IsomorphNumerics", package: "isomorph"),
                .product(name: "IsomorphArrays", package: "isomorph"),
            ]),
        .executableTarget(
            name: "HDF5Benchmark",
            dependencies: [
                .product(name: "IsomorphHDF5", package: "isomorph"),
                .product(name: "IsomorphArrays", package: "isomorph"),
            ]),
    ]
)
