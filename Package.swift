// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every target. Strictness that would break consumers
/// (warnings as errors) lives in `.ci/run`, not here.
let sharedSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "CGMKit",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9), .visionOS(.v1)],
    products: [
        .library(name: "CGMKit", targets: ["CGMKit"]),
        .library(name: "CGMKitDexcom", targets: ["CGMKitDexcom"]),
        .library(name: "CGMKitNightscout", targets: ["CGMKitNightscout"]),
        .library(name: "CGMKitLibre", targets: ["CGMKitLibre"]),
        .library(name: "CGMKitSandbox", targets: ["CGMKitSandbox"]),
        .library(name: "CGMKitTesting", targets: ["CGMKitTesting"]),
        .library(name: "CGMKitURLSession", targets: ["CGMKitURLSession"]),
        .library(name: "CGMKitReport", targets: ["CGMKitReport"]),
        .library(name: "CGMKitExport", targets: ["CGMKitExport"]),
        .executable(name: "cgm", targets: ["cgm"]),
        .executable(name: "cgm-fetch", targets: ["cgm-fetch"]),
    ],
    targets: [
        // Core: unified model, units, time, JSON, transport protocol, errors, encoder.
        .target(name: "CGMKit", swiftSettings: sharedSettings),
        // Vendor adapters. They use only the public API of CGMKit.
        .target(name: "CGMKitDexcom", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        .target(name: "CGMKitNightscout", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // Abbott FreeStyle Libre: the LibreLinkUp follower API and the LibreView CSV export.
        .target(name: "CGMKitLibre", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        .target(name: "CGMKitSandbox", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // What an adapter author needs to test an adapter.
        .target(name: "CGMKitTesting", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // A ready HTTPTransport over URLSession (FoundationNetworking on Linux).
        .target(name: "CGMKitURLSession", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // The one-page AGP report (HTML with inline SVG) over CGMKit's metrics (Docs/Report.md).
        .target(name: "CGMKitReport", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // Export to FHIR R4 (CGM IG), Open mHealth and CSV (Docs/Export.md). Uses only CGMKit.
        .target(name: "CGMKitExport", dependencies: ["CGMKit"], swiftSettings: sharedSettings),
        // The command-line tool: logic in a testable module, a thin executable on top.
        .target(
            name: "CGMCommandLine",
            dependencies: [
                "CGMKit", "CGMKitDexcom", "CGMKitNightscout", "CGMKitLibre", "CGMKitSandbox", "CGMKitReport",
                "CGMKitExport",
            ],
            swiftSettings: sharedSettings
        ),
        // `cgm` links no networking (start-up, Docs/Performance.md): it hands `cgm fetch` to
        // `cgm-fetch` (`swift build` builds both; `swift run cgm-fetch` runs it directly).
        // Depending on cgm-fetch here would link its networking into cgm.
        .executableTarget(name: "cgm", dependencies: ["CGMCommandLine"], swiftSettings: sharedSettings),
        .executableTarget(
            name: "cgm-fetch", dependencies: ["CGMCommandLine", "CGMKitURLSession"],
            swiftSettings: sharedSettings),
        // The benchmark (Docs/Performance.md): not part of any product.
        .executableTarget(
            name: "cgm-bench",
            // cgm and cgm-baseline: the end-to-end rows run them (built by `swift run cgm-bench`).
            dependencies: [
                "CGMKit", "CGMKitDexcom", "CGMKitLibre", "CGMKitSandbox", "CGMKitExport", "cgm", "cgm-baseline",
            ],
            path: "Sources/CGMBenchmarks",
            swiftSettings: sharedSettings
        ),
        // The end-to-end baseline cgm-bench runs as a child: plain Foundation, no CGMKit.
        .executableTarget(name: "cgm-baseline", path: "Sources/CGMBaseline", swiftSettings: sharedSettings),

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
            name: "CGMKitLibreTests",
            dependencies: ["CGMKit", "CGMKitLibre", "CGMKitTesting"],
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
            dependencies: [
                "CGMKit", "CGMKitDexcom", "CGMKitNightscout", "CGMKitLibre", "CGMKitSandbox", "CGMKitTesting",
            ],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitReportTests",
            dependencies: ["CGMKitReport", "CGMKit"],
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
            dependencies: ["CGMCommandLine", "CGMKit", "CGMKitTesting"],
            exclude: ["Goldens"],
            swiftSettings: sharedSettings
        ),
        // The real network path over a socket to Scripts/loopback-server.py (started by .ci/run).
        .testTarget(
            name: "CGMKitLoopbackTests",
            dependencies: ["CGMKit", "CGMKitDexcom", "CGMKitNightscout", "CGMKitTesting", "CGMKitURLSession"],
            exclude: ["Exchanges"],
            swiftSettings: sharedSettings
        ),
        .testTarget(
            name: "CGMKitURLSessionTests",
            dependencies: ["CGMKitURLSession", "CGMKit"],
            swiftSettings: sharedSettings
        ),
    ]
)
