// swift-tools-version:6.0
import PackageDescription

// A third-party adapter in its own package, as Docs/AddingAProvider.md describes.
// It depends on CGMKit by path here; yours would name the repository URL:
//   .package(url: "https://github.com/<org>/CGMKit.git", from: "1.0.0")
let package = Package(
    name: "AcmeCGM",
    platforms: [.macOS(.v13), .iOS(.v16)],
    products: [.library(name: "AcmeCGM", targets: ["AcmeCGM"])],
    dependencies: [.package(name: "CGMKit", path: "../..")],
    targets: [
        .target(name: "AcmeCGM", dependencies: [.product(name: "CGMKit", package: "CGMKit")]),
        .testTarget(
            name: "AcmeCGMTests",
            dependencies: ["AcmeCGM", .product(name: "CGMKitTesting", package: "CGMKit")],
            exclude: ["Fixtures", "Goldens"]
        ),
    ]
)
