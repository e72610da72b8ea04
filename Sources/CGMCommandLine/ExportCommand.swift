import CGMKit
import CGMKitExport
import Foundation

/// `cgm export`: one unified batch in (FILE or standard input), one standard format
/// out (SPEC §10, Docs/Export.md).
struct ExportCommand {
    let io: any CommandIO

    enum Format: String, CaseIterable {
        case fhir, omh, csv, iglu
    }

    struct Options {
        var format: Format?
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
        do {
            options = try parse(arguments)
        } catch {
            io.writeStandardError("error: \(error.message)\n" + CommandLineTool.usage)
            return .usage
        }
        guard let format = options.format else {
            io.writeStandardError("error: --format is required (fhir, omh, csv or iglu)\n")
            return .usage
        }
        var patient: FHIRPatientReference?
        if format == .fhir {
            guard let subject = options.subject else {
                io.writeStandardError("error: --subject Patient/ID is required for --format fhir\n")
                return .usage
            }
            guard let reference = FHIRPatientReference(subject) else {
                io.writeStandardError("error: --subject must be Patient/<id> (1-64 of A-Z a-z 0-9 - .)\n")
                return .usage
            }
            patient = reference
        }
        if format == .iglu, options.unit == .millimolesPerLiter {
            io.writeStandardError("error: iglu reads mg/dL only; leave out --unit\n")
            return .usage
        }

        let limit = JSONReaderLimits.default.maximumDocumentBytes
        let input: [UInt8]?
        do {
            if let path = options.path, path != "-" {
                input = try io.readFile(at: path, limit: limit)
            } else {
                input = try io.readStandardInput(limit: limit)
            }
        } catch {
            io.writeStandardError("error: cannot read the input file\n")
            return .noInput
        }
        guard let bytes = input else {
            io.writeStandardError("error: input is larger than the \(limit / (1024 * 1024)) MiB limit\n")
            return .dataError
        }
        let decoded: DecodedBatch
        do {
            decoded = try BatchDecoder(conversion: options.conversion).decode(bytes)
        } catch {
            io.writeErrorLine(error.message)
            return .dataError
        }
        let unit = options.unit ?? decoded.unit
        let timestamp = options.timestamp ?? CGMInstant(Date()) ?? CGMInstant(millisecondsSince1970: 0)

        switch format {
        case .fhir:
            guard let patient else { return .usage }
            var period: ReportingPeriod?
            if let text = options.period {
                let offset = decoded.batch.readings.last(where: { $0.time.utcOffsetMinutes != nil })?.time.utcOffsetMinutes ?? 0
                guard let parsed = ReportingPeriod(text: text, utcOffsetMinutes: offset) else {
                    io.writeStandardError("error: --period must be YYYY-MM-DD/YYYY-MM-DD, at most 366 days\n")
                    return .usage
                }
                period = parsed
            }
            let exporter = FHIRBundleExporter(options: FHIRExportOptions(
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
            io.writeStandardOutput(OpenMHealthExporter(unit: unit, conversion: options.conversion, creationTime: timestamp,
                                                       layout: options.layout).export(decoded.batch))
        case .csv:
            io.writeStandardOutput(TidyCSVExporter(unit: unit, conversion: options.conversion).export(decoded.batch))
        case .iglu:
            io.writeStandardOutput(IgluCSVExporter(subject: options.subject ?? "1").export(decoded.batch))
        }
        return .success
    }

    func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var reader = ArgumentReader(arguments)
        while let (argument, flag, inline) = reader.next() {
            switch flag {
            case "--format":
                let name = try reader.value(for: flag, inline: inline)
                guard let format = Format(rawValue: name) else {
                    throw UsageError(message: "--format must be fhir, omh, csv or iglu")
                }
                options.format = format
            case "--subject":
                options.subject = try reader.value(for: flag, inline: inline)
            case "--identifier-system":
                let system = try reader.value(for: flag, inline: inline)
                guard FHIRExportOptions.isValidIdentifierSystem(system) else {
                    throw UsageError(message: "--identifier-system must be an absolute URI without spaces, |, & or #")
                }
                options.identifierSystem = system
            case "--unit":
                options.unit = try ArgumentReader.unit(try reader.value(for: flag, inline: inline))
            case "--conversion":
                switch try reader.value(for: flag, inline: inline) {
                case "standard": options.conversion = .standard
                case "divide-by-18": options.conversion = .divideBy18
                default: throw UsageError(message: "--conversion must be standard or divide-by-18")
                }
            case "--out-of-range":
                guard let encoding = FHIROutOfRangeEncoding(rawValue: try reader.value(for: flag, inline: inline)) else {
                    throw UsageError(message: "--out-of-range must be absent or comparator")
                }
                options.outOfRange = encoding
            case "--unavailable":
                switch try reader.value(for: flag, inline: inline) {
                case "error": options.unavailable = .dataAbsentReason
                case "omit": options.unavailable = .omit
                default: throw UsageError(message: "--unavailable must be error or omit")
                }
            case "--period":
                options.period = try reader.value(for: flag, inline: inline)
            case "--timestamp":
                let text = try reader.value(for: flag, inline: inline)
                guard let stamp = ISO8601Timestamp(text), stamp.offsetSeconds != nil else {
                    throw UsageError(message: "--timestamp must be an RFC 3339 instant with a zone")
                }
                options.timestamp = stamp.instantAssumingUTC
            case "--compact":
                options.layout = .compact
            case "-":
                guard options.path == nil else { throw UsageError(message: "only one input file is read") }
                options.path = "-"
            default:
                if argument.hasPrefix("-") { throw UsageError(message: "unknown option '\(flag)'") }
                guard options.path == nil else { throw UsageError(message: "only one input file is read") }
                options.path = argument
            }
        }
        return options
    }
}
