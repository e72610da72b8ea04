import CGMKit
import CGMKitExport

/// `cgm export`: one unified batch in (FILE or standard input), one standard format
/// out (SPEC §10, Docs/Export.md).
struct ExportCommand {
    let io: any CommandIO

    enum Format: String, CaseIterable {
        case fhir, omh, csv, iglu
    }

    static let spec = CommandSpec(
        name: "export",
        summary: "Reads one cgmkit.batch.v1 batch and writes it as a FHIR R4 CGM IG transaction Bundle, Open mHealth "
            + "blood-glucose 4.0 data points, tidy CSV, or iglu's id,time,gl CSV (Docs/Export.md).",
        options: [
            .value(
                "--format", Format.allCases.map(\.rawValue).joined(separator: "|"), required: true,
                help: "The standard written."),
            .value(
                "--subject", "Patient/ID",
                help: "The FHIR subject (required with fhir); with iglu, the id column (default 1)."),
            .value(
                "--identifier-system", "URI",
                help:
                    "The system of the Observations' identifiers (default \(FHIRExportOptions.defaultIdentifierSystem))."
            ),
            .value("--unit", OptionValues.unitPlaceholder, help: "Unit of the values written (default: the batch's)."),
            .value(
                "--conversion", OptionValues.conversionPlaceholder, help: "mmol/L factor: 18.01559 (default) or ÷18."),
            .value(
                "--out-of-range", "absent|comparator",
                help: "LOW/HIGH as no value with a data-absent reason (default) or as a value with < or >."),
            .value(
                "--unavailable", "error|omit",
                help: "A reading without a value as data-absent 'error' (default) or left out."),
            .value(
                "--period", "YYYY-MM-DD/YYYY-MM-DD",
                help: "The FHIR summary's reporting period in local days (default: the batch's span)."),
            .value("--timestamp", "INSTANT", help: "The Bundle's timestamp, RFC 3339 (default: now)."),
            .flag("--compact", help: "One line of JSON instead of the indented form."),
        ],
        operand: ("FILE", "A cgmkit.batch.v1 batch; standard input when absent or '-'."),
        discussion: """
            exit status: 0 ok; 64 bad usage; 65 not a batch, unknown schema version,
            mixed units, or (fhir) no reading to export; 66 FILE cannot be opened.
            """)

    struct Options {
        var format: Format
        var patient: FHIRPatientReference?
        var subject: String?
        var identifierSystem = FHIRExportOptions.defaultIdentifierSystem
        var unit: GlucoseUnit?
        var conversion: GlucoseConversion = .standard
        var outOfRange: FHIROutOfRangeEncoding = .absent
        var unavailable: FHIRUnavailableEncoding = .dataAbsentReason
        var period: String?
        var timestamp: CGMInstant?
        var layout: JSONWriter.Layout = .pretty
        var path: String?
    }

    func run(_ arguments: [String]) -> ExitCode {
        let options: Options
        switch Self.spec.parse(arguments, io: io, Self.options(from:)) {
        case .exit(let status): return status
        case .run(let parsed): options = parsed
        }

        let decoded: DecodedBatch
        switch io.readBatch(at: options.path, conversion: options.conversion) {
        case .exit(let status): return status
        case .run(let batch): decoded = batch
        }
        let unit = options.unit ?? decoded.unit
        let timestamp = options.timestamp ?? SystemClock().now()

        switch options.format {
        case .fhir:
            guard let patient = options.patient else { return .usage }
            var period: ReportingPeriod?
            if let text = options.period {
                let offset =
                    decoded.batch.readings.last(where: { $0.time.utcOffsetMinutes != nil })?.time.utcOffsetMinutes ?? 0
                guard let parsed = ReportingPeriod(text: text, utcOffsetMinutes: offset) else {
                    io.reportUsageError(
                        .invalidValue("--period", allowed: "YYYY-MM-DD/YYYY-MM-DD, at most 366 days"),
                        command: Self.spec.name)
                    return .usage
                }
                period = parsed
            }
            let exporter = FHIRBundleExporter(
                options: FHIRExportOptions(
                    subject: patient, timestamp: timestamp, identifierSystem: options.identifierSystem, unit: unit,
                    conversion: options.conversion, outOfRange: options.outOfRange, unavailable: options.unavailable,
                    reportingPeriod: period, layout: options.layout))
            do {
                io.writeStandardOutput(try exporter.export(decoded.batch))
            } catch {
                io.writeErrorLine(error.message)
                return .dataError
            }
        case .omh:
            io.writeStandardOutput(
                OpenMHealthExporter(
                    unit: unit, conversion: options.conversion, creationTime: timestamp,
                    layout: options.layout
                ).export(decoded.batch))
        case .csv:
            io.writeStandardOutput(TidyCSVExporter(unit: unit, conversion: options.conversion).export(decoded.batch))
        case .iglu:
            io.writeStandardOutput(IgluCSVExporter(subject: options.subject ?? "1").export(decoded.batch))
        }
        return .success
    }

    static func options(from parsed: ParsedArguments) throws(UsageError) -> Options {
        let formats = Format.allCases.map(\.rawValue)
        let name = try OptionValues.choice(parsed.value("--format") ?? "", option: "--format", in: formats)
        guard let format = Format(rawValue: name) else {
            throw .invalidValue("--format", allowed: formats.joined(separator: ", "))
        }
        var options = Options(format: format, path: parsed.operands.first)
        options.subject = parsed.value("--subject")
        if format == .fhir {
            guard let subject = options.subject else {
                throw UsageError(message: "--subject is required with --format fhir")
            }
            guard let reference = FHIRPatientReference(subject) else {
                throw .invalidValue("--subject", allowed: "Patient/<id> (1-64 of A-Z a-z 0-9 - .)")
            }
            options.patient = reference
        }
        if let system = parsed.value("--identifier-system") {
            guard FHIRExportOptions.isValidIdentifierSystem(system) else {
                throw .invalidValue("--identifier-system", allowed: "an absolute URI without spaces, |, & or #")
            }
            options.identifierSystem = system
        }
        if let unit = parsed.value("--unit") { options.unit = try OptionValues.unit(unit) }
        if format == .iglu, options.unit == .millimolesPerLiter {
            throw UsageError(message: "iglu reads mg/dL only; leave out --unit")
        }
        if let conversion = parsed.value("--conversion") {
            options.conversion = try OptionValues.conversion(conversion)
        }
        if let text = parsed.value("--out-of-range") {
            guard let encoding = FHIROutOfRangeEncoding(rawValue: text) else {
                throw .invalidValue("--out-of-range", allowed: "absent or comparator")
            }
            options.outOfRange = encoding
        }
        switch parsed.value("--unavailable") {
        case nil, "error": options.unavailable = .dataAbsentReason
        case "omit": options.unavailable = .omit
        default: throw .invalidValue("--unavailable", allowed: "error or omit")
        }
        options.period = parsed.value("--period")
        if let text = parsed.value("--timestamp") {
            guard let stamp = ISO8601Timestamp(text), stamp.offsetSeconds != nil else {
                throw .invalidValue("--timestamp", allowed: "an RFC 3339 instant with a zone")
            }
            options.timestamp = stamp.instantAssumingUTC
        }
        if parsed.has("--compact") { options.layout = .compact }
        return options
    }
}
