import CGMKit
import CGMKitReport
import CGMKitSandbox

/// `cgm report`: the one-page AGP report (SPEC §11) of a `cgmkit.batch.v1` batch (FILE or
/// standard input) or of a simulated user (`--sandbox USER --days N`), as HTML with inline
/// SVG, or the AGP chart alone as SVG.
struct ReportCommand {
    let io: any CommandIO

    enum Format: String {
        case html, svg
    }

    struct Options {
        var path: String?
        var sandboxUser: SandboxUser?
        var days: Int?
        var unit: GlucoseUnit?
        var format = Format.html
        var outPath: String?
        var title: String?
    }

    func run(_ arguments: [String]) async -> ExitCode {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            io.writeStandardError("error: \(error.message)\n" + CommandLineTool.usage)
            return .usage
        }
        let report: AGPReport
        if let user = options.sandboxUser {
            let days = options.days ?? 14
            let outcome: SandboxPipeline.Outcome
            do {
                outcome = try await SandboxPipeline(user: user, days: days, provider: .dexcomV3).run()
            } catch {
                io.writeErrorLine("the sandbox pipeline failed")
                return .unavailable
            }
            report = AGPReport(readings: outcome.batch.readings,
                               from: outcome.now.adding(milliseconds: -Int64(days) * 86_400_000), to: outcome.now,
                               unit: options.unit ?? user.preferredUnit,
                               title: options.title ?? "Simulated user \(user.name) · sandbox data, not medical advice")
        } else {
            let limit = JSONReaderLimits.default.maximumDocumentBytes
            let input: [UInt8]?
            do {
                if let path = options.path, path != "-" {
                    input = try io.readFile(at: path, limit: limit)
                } else {
                    input = try io.readStandardInput(limit: limit)
                }
            } catch {
                io.writeErrorLine("cannot read the input file")
                return .noInput
            }
            guard let bytes = input else {
                io.writeErrorLine("input is larger than the \(limit / (1024 * 1024)) MiB limit")
                return .dataError
            }
            let batch: InterimBatchReader.Result
            do {
                batch = try InterimBatchReader().read(bytes)
            } catch {
                io.writeErrorLine(error.message)
                return .dataError
            }
            if batch.skipped > 0 {
                io.writeStandardError("warning: \(batch.skipped) readings could not be read and are left out\n")
            }
            // The period: whole days from the first reading, or the last N days of that span.
            let inferred = GlucoseSummary(readings: batch.readings)
            let end = inferred.periodEnd
            let start = options.days.flatMap { days in end?.adding(milliseconds: -Int64(days) * 86_400_000) }
                ?? inferred.periodStart
            report = AGPReport(readings: batch.readings, from: start, to: end,
                               unit: options.unit ?? .milligramsPerDeciliter,
                               title: options.title ?? "CGM data" + (batch.provider.map { " from \($0.rawValue)" } ?? ""))
        }
        let text = options.format == .html ? report.html() : report.percentileChartSVG()
        guard let outPath = options.outPath else {
            io.writeStandardOutput(Array(text.utf8))
            return .success
        }
        do {
            try io.writeFileIntoExistingFolder(at: outPath, bytes: Array(text.utf8))
        } catch {
            io.writeErrorLine("could not write the report file (its folder must exist)")
            return .cannotCreate
        }
        return .success
    }

    private func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var reader = ArgumentReader(arguments)
        while let (argument, flag, inline) = reader.next() {
            switch flag {
            case "--sandbox":
                options.sandboxUser = try ArgumentReader.sandboxUser(try reader.value(for: flag, inline: inline))
            case "--days":
                options.days = try ArgumentReader.count(try reader.value(for: flag, inline: inline), flag: flag, in: 1...90)
            case "--unit":
                options.unit = try ArgumentReader.unit(try reader.value(for: flag, inline: inline))
            case "--format":
                let value = try reader.value(for: flag, inline: inline)
                guard let format = Format(rawValue: value.lowercased()) else {
                    throw UsageError(message: "--format must be html or svg")
                }
                options.format = format
            case "--out":
                options.outPath = try reader.value(for: flag, inline: inline)
            case "--title":
                options.title = try reader.value(for: flag, inline: inline)
            default:
                guard !argument.hasPrefix("--"), options.path == nil else {
                    throw UsageError(message: "unknown option '\(argument)'")
                }
                options.path = argument
            }
        }
        if options.sandboxUser != nil, options.path != nil {
            throw UsageError(message: "give either FILE or --sandbox USER, not both")
        }
        return options
    }
}
