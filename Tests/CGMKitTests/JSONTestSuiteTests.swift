import CGMKit
import CGMKitTesting
import Testing

/// The JSONTestSuite corpus (nst/JSONTestSuite, MIT): every `y_` file is accepted,
/// every `n_` file rejected, every `i_` file decided as pinned here, and none traps.
@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    static let directory = FixtureDirectory(relativeTo: #filePath, path: "Fixtures/JSONTestSuite/test_parsing")
    static let files = directory.fileNames(withExtension: "json")

    /// Implementation-defined cases this reader accepts. Every other `i_` case is
    /// rejected: invalid UTF-8 and lone surrogates are errors, not replacement
    /// characters. Out-of-range numbers parse (as ±infinity or 0) and are left to
    /// adapters, which reject non-finite values.
    static let acceptedImplementationDefined: Set<String> = [
        "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json", "i_number_neg_int_huge_exp.json",
        "i_number_pos_double_huge_exp.json", "i_number_real_neg_overflow.json", "i_number_real_pos_overflow.json",
        "i_number_real_underflow.json", "i_number_too_big_neg_int.json", "i_number_too_big_pos_int.json",
        "i_number_very_big_negative_int.json", "i_structure_500_nested_arrays.json",
        "i_structure_UTF-8_BOM_empty_object.json",
    ]

    @Test("the corpus is present and complete")
    func corpusIsPresent() {
        #expect(Self.files.count == 318)
        #expect(Self.files.filter { $0.hasPrefix("y_") }.count == 95)
        #expect(Self.files.filter { $0.hasPrefix("n_") }.count == 188)
    }

    @Test("each file is decided as expected", arguments: files)
    func decides(file: String) throws {
        let bytes = try Self.directory.bytes(file)
        let accepted: Bool
        do {
            _ = try JSONReader().read(bytes)
            accepted = true
        } catch {
            accepted = false
        }
        if file.hasPrefix("y_") {
            #expect(accepted, "valid JSON rejected")
        } else if file.hasPrefix("n_") {
            #expect(!accepted, "invalid JSON accepted")
        } else {
            #expect(
                accepted == Self.acceptedImplementationDefined.contains(file), "implementation-defined decision changed"
            )
        }
    }
}
