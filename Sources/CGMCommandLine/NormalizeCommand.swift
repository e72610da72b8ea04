@_spi(AdapterSupport) import CGMKit
import CGMKitLibre

/// `cgm normalize`: one raw payload in, one unified batch out (SPEC §5).
struct NormalizeCommand {
    let io: any CommandIO

    static let spec = CommandSpec(
        name: "normalize",
        summary: "Reads one raw provider payload and prints one cgmkit.batch.v1 JSON batch.",
        options: [
            .value(
                "--provider", ProviderRegistry.names.joined(separator: "|"), required: true,
                help: "The payload's provider; for dexcom_v3 any endpoint's response, detected from its shape."),
            .value("--unit", OptionValues.unitPlaceholder, help: "Unit of the values written (default mg/dL)."),
            .value(
                "--conversion", OptionValues.conversionPlaceholder,
                help: "mmol/L factor: 18.01559 (standard, default) or the plain ÷18 convention."),
            .value(
                "--time-zone", OptionValues.timeZonePlaceholder,
                help: "The IANA zone (Europe/Berlin) an exported file's wall clocks belong to: required for "
                    + "dexcom_clarity and libreview, refused for the others. Never the machine's zone."),
            .value(
                "--date-order", "mdy|dmy",
                help: "libreview only: month-first or day-first dates (default: inferred from the whole file)."),
            .value(
                "--connection", "N",
                help: "librelinkup only: which patient of a /llu/connections answer listing several to read, 0-based."),
            .flag("--compact", help: "One line of JSON instead of the indented form."),
        ],
        operand: ("FILE", "The payload; standard input when absent or '-'."),
        discussion: """
            exit status: 0 understood (even with per-record issues); 64 bad usage;
            65 not a payload of that provider (one error line, nothing on standard output);
            66 FILE cannot be opened.
            """)

    struct Options {
        var normalizer: any PayloadNormalizer
        var unit: GlucoseUnit = .milligramsPerDeciliter
        var conversion: GlucoseConversion = .standard
        var layout: JSONWriter.Layout = .pretty
        var path: String?
        /// The most bytes read: a JSON payload's limit, or an exported file's (32 MiB).
        var inputLimit = JSONReaderLimits.default.maximumDocumentBytes
    }

    func run(_ arguments: [String]) -> ExitCode {
        let options: Options
        switch Self.spec.parse(arguments, io: io, Self.options(from:)) {
        case .exit(let status): return status
        case .run(let parsed): options = parsed
        }

        let payload: [UInt8]
        switch io.readInput(at: options.path, limit: options.inputLimit) {
        case .exit(let status): return status
        case .run(let input): payload = input
        }

        do {
            let batch = try options.normalizer.normalize(payload)
            let encoder = BatchEncoder(unit: options.unit, conversion: options.conversion, layout: options.layout)
            // Streamed in 64 KiB chunks: the whole text is never held (Docs/Performance.md).
            encoder.encode(batch) { chunk in io.writeStandardOutput(chunk) }
            return .success
        } catch let error as CGMError {
            io.writeErrorLine(error.message)
            return .dataError
        } catch {
            io.writeErrorLine("the payload could not be normalized")
            return .dataError
        }
    }

    static func options(from parsed: ParsedArguments) throws(UsageError) -> Options {
        let providers = ProviderRegistry.names
        let name = try OptionValues.choice(parsed.value("--provider") ?? "", option: "--provider", in: providers)
        let isFile = ProviderRegistry.fileProviders.contains { $0.rawValue == name }
        let timeZone = try parsed.value("--time-zone").map { (zone) throws(UsageError) in
            try OptionValues.timeZone(zone)
        }
        let dateOrder = try parsed.value("--date-order").map { (order) throws(UsageError) in
            LibreViewDateOrder(rawValue: try OptionValues.choice(order, option: "--date-order", in: ["mdy", "dmy"]))
        }
        if isFile, timeZone == nil {
            throw UsageError(message: "--time-zone is required for \(name): its file holds local times without a zone")
        }
        if !isFile, timeZone != nil {
            throw UsageError(message: "--time-zone is read only for dexcom_clarity and libreview")
        }
        if dateOrder != nil, name != ProviderID.libreView.rawValue {
            throw UsageError(message: "--date-order is read only for libreview")
        }
        let connection = try parsed.value("--connection").map { (index) throws(UsageError) in
            try OptionValues.count(index, option: "--connection", in: 0...999)
        }
        if connection != nil, name != ProviderID.libreLinkUp.rawValue {
            throw UsageError(message: "--connection is read only for librelinkup")
        }
        let chosen: (any PayloadNormalizer)? =
            if let timeZone {
                ProviderRegistry.fileNormalizer(named: name, timeZone: timeZone, dateOrder: dateOrder ?? nil)
            } else if let connection {
                LibreLinkUpNormalizer(connectionIndex: connection)
            } else {
                ProviderRegistry.normalizer(named: name)
            }
        guard let normalizer = chosen else {
            throw .invalidValue("--provider", allowed: providers.joined(separator: ", "))
        }
        var options = Options(normalizer: normalizer, path: parsed.operands.first)
        if isFile { options.inputLimit = CSVReaderLimits.default.maximumDocumentBytes }
        if let unit = parsed.value("--unit") { options.unit = try OptionValues.unit(unit) }
        if let conversion = parsed.value("--conversion") {
            options.conversion = try OptionValues.conversion(conversion)
        }
        if parsed.has("--compact") { options.layout = .compact }
        return options
    }
}
