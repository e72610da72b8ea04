import CGMKitTesting

/// Fixtures of the core tests.
let coreFixtures = FixtureDirectory(relativeTo: #filePath, path: "Fixtures")
