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

    static let spec = CommandSpec(
        name: "report",
        summary: "Writes the one-page AGP report (IDC layout: period, days, % active, data sufficiency, time in "
            + "ranges, mean, GMI, CV, GRI, the AGP and 14 daily profiles) as self-contained HTML, or the AGP chart "
            + "alone as SVG, from a cgmkit.batch.v1 batch or a simulated user.",
        options: [
            .value(
                "--sandbox", SandboxUser.all.map(\.name).joined(separator: "|"),
                help: "Reports a simulated user fetched offline instead of FILE."),
            .value("--days", "N", help: "Keeps the last N days, 1 to 90 (sandbox: fetches N; default 14)."),
            .value("--format", "html|svg", help: "The whole page (default) or the AGP chart alone."),
            .value(
                "--unit", OptionValues.unitPlaceholder,
                help: "Unit shown (default: the batch's own; sandbox: the user's own)."),
            .value("--title", "TEXT", help: "The report's title."),
            .value("--out", "FILE", help: "Writes to FILE (its folder must exist) instead of standard output."),
        ],
        operand: ("FILE", "A cgmkit.batch.v1 batch; standard input when absent or '-'."),
        discussion: """
            exit status: 0 ok; 64 bad usage; 65 not a batch; 66 FILE cannot be opened;
            73 --out cannot be written.
            """)

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
        switch Self.spec.parse(arguments, io: io, Self.options(from:)) {
        case .exit(let status): return status
        case .run(let parsed): options = parsed
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
            report = AGPReport(
                readings: outcome.batch.readings,
                from: outcome.now.adding(milliseconds: -Int64(days) * 86_400_000), to: outcome.now,
                unit: options.unit ?? user.preferredUnit,
                title: options.title ?? "Simulated user \(user.name) · sandbox data, not medical advice")
        } else {
            let decoded: DecodedBatch
            switch io.readBatch(at: options.path) {
            case .exit(let status): return status
            case .run(let batch): decoded = batch
            }
            let batch = decoded.batch
            // The period: whole days from the first reading, or the last N days of that span.
            let inferred = GlucoseSummary(readings: batch.readings)
            let end = inferred.periodEnd
            let start =
                options.days.flatMap { days in end?.adding(milliseconds: -Int64(days) * 86_400_000) }
                ?? inferred.periodStart
            report = AGPReport(
                readings: batch.readings, from: start, to: end,
                unit: options.unit ?? decoded.unit,
                title: options.title ?? "CGM data from \(batch.provider.rawValue)")
        }
        let text = options.format == .html ? report.html() : report.percentileChartSVG()
        guard let outPath = options.outPath else {
            io.writeStandardOutput(Array(text.utf8))
            return .success
        }
        do {
            try io.writeFile(at: outPath, bytes: Array(text.utf8))
        } catch {
            io.writeErrorLine("could not write the report file (its folder must exist)")
            return .cannotCreate
        }
        return .success
    }

    static func options(from parsed: ParsedArguments) throws(UsageError) -> Options {
        var options = Options()
        options.path = parsed.operands.first
        if let user = parsed.value("--sandbox") {
            options.sandboxUser = try OptionValues.sandboxUser(user, option: "--sandbox")
        }
        if let days = parsed.value("--days") {
            options.days = try OptionValues.count(days, option: "--days", in: 1...90)
        }
        if let unit = parsed.value("--unit") { options.unit = try OptionValues.unit(unit) }
        if let format = parsed.value("--format") {
            options.format =
                Format(rawValue: try OptionValues.choice(format, option: "--format", in: ["html", "svg"])) ?? .html
        }
        options.outPath = parsed.value("--out")
        options.title = parsed.value("--title")
        if options.sandboxUser != nil, options.path != nil {
            throw UsageError(message: "give either FILE or --sandbox USER, not both")
        }
        return options
    }
}
