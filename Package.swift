// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every target. Strictness that would break consumers
/// (warnings as errors) lives in `.ci/run`, not here.
let sharedSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "CGMKit",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9), .visionOS(.v1)],
    products: [
        .library(name: "CGMKit", targets: ["CGMKit"]),
        .library(name: "CGMKitDexcom", targets: ["CGMKitDexcom"]),
        .library(name: "CGMKitNightscout", targets: ["CGMKitNightscout"]),
        .library(name: "CGMKitSandbox", targets: ["CGMKitSandbox"]),
        .library(name: "CGMKitTesting", targets: ["CGMKitTesting"]),
        .library(name: "CGMKitURLSession", targets: ["CGMKitURLSession"]),
        .library(name: "CGMKitExport", targets: ["CGMKitExport"]),
        .executable(name: "cgm", targets: ["cgm"]),
    ],
    targets: [
        // Core: unified model, units, time, JSON, transport protocol, errors, encoder.
        .target(name: "CGMKit", swiftSettings: sharedSettings),
        // Vendor adapters. They use only the public API of CGMKit.
        .target(name: "CGMKitDexcom", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        .target(name: "CGMKitNightscout", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        .target(name: "CGMKitSandbox", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // What an adapter author needs to test an adapter.
        .target(name: "CGMKitTesting", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // A ready HTTPTransport over URLSession (FoundationNetworking on Linux).
        .target(name: "CGMKitURLSession", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // Export to FHIR R4 (CGM IG), Open mHealth and CSV (Docs/Export.md). Uses only CGMKit.
        .target(name: "CGMKitExport", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // The command-line tool: logic in a testable module, a thin executable on top.
        .target(
            name: "CGMCommandLine",
            dependencies: ["CGMKit", "CGMKitDexcom", "CGMKitNightscout", "CGMKitSandbox", "CGMKitURLSession",
                           "CGMKitExport"],
            swiftSettings: sharedSettings
        ),
        .executableTarget(name: "cgm", dependencies: ["CGMCommandLine"], swiftSettings: sharedSettings),
        // The benchmark (Docs/Performance.md): not part of any product.
        .executableTarget(
            name: "cgm-bench",
            dependencies: ["CGMKit", "CGMKitDexcom", "CGMKitExport"],
            path: "Sources/CGMBenchmarks",
            swiftSettings: sharedSettings
        ),

        .testTarget(
            name: "CGMKitTests",
            dependencies: ["CGMKit", "CGMKitTesting"],
            exclude: ["Fixtures"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitDexcomTests",
            dependencies: ["CGMKit", "CGMKitDexcom", "CGMKitTesting"],
            exclude: ["Fixtures", "Goldens"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitNightscoutTests",
            dependencies: ["CGMKit", "CGMKitNightscout", "CGMKitTesting"],
            exclude: ["Fixtures", "Goldens"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitSandboxTests",
            dependencies: ["CGMKit", "CGMKitSandbox", "CGMKitDexcom", "CGMKitTesting"],
            swiftSettings: sharedSettings
        ),
        // Cross-cutting hardening (Docs/Security.md): limits, canary sweep, time, lifecycle.
        .testTarget(
            name: "CGMKitHardeningTests",
            dependencies: ["CGMKit", "CGMKitDexcom", "CGMKitNightscout", "CGMKitSandbox", "CGMKitTesting"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitExportTests",
            dependencies: ["CGMKitExport", "CGMKit", "CGMKitDexcom", "CGMKitSandbox", "CGMKitTesting"],
            exclude: ["Fixtures", "Goldens", "OpenMHealthSchemas"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMCommandLineTests",
            dependencies: ["CGMCommandLine", "CGMKit"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitURLSessionTests",
            dependencies: ["CGMKitURLSession", "CGMKit"],
            swiftSettings: sharedSettings
        ),
    ]
)
