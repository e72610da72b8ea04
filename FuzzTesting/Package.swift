// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for every parser in CGMKit: a separate package, so the library's
/// products never carry fuzzing code. Build and run with `./do_build.sh` (see README.md).
/// Each target is an executable whose `LLVMFuzzerTestOneInput` feeds one parser and
/// checks its invariants in `FuzzChecks`.
let package = Package(
    name: "CGMKitFuzzTesting",
    dependencies: [.package(name: "CGMKit", path: "..")],
    targets: [
        .target(
            name: "FuzzChecks",
            dependencies: [
                .product(name: "CGMKit", package: "CGMKit"),
                .product(name: "CGMKitDexcom", package: "CGMKit"),
                .product(name: "CGMKitLibre", package: "CGMKit"),
                .product(name: "CGMKitNightscout", package: "CGMKit"),
                .product(name: "CGMKitLibre", package: "CGMKit"),
                .product(name: "CGMKitTesting", package: "CGMKit"),
            ]
        ),
        .executableTarget(name: "FuzzCSVReader", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzExportedFiles", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3Alerts", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3Calibrations", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3DataRange", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3Detect", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3Devices", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3EGVs", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzDexcomV3Events", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzISOTime", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzJSONReader", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzLibreLinkUp", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzLibreLinkUpTime", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzNightscout", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzRetryAfter", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzShareDate", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzShareError", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzShareReadings", dependencies: ["FuzzChecks"]),
        .executableTarget(name: "FuzzTokenResponse", dependencies: ["FuzzChecks"]),
    ]
)
