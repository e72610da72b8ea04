import CGMKit
import CGMKitDexcom
import CGMKitReport
import CGMKitSandbox

/// `cgm demo`: a simulated user fetched through the whole pipeline, offline, shown as
/// a chart of the last 24 hours, the latest value, and the consensus summary.
struct DemoCommand {
    let io: any CommandIO

    static let spec = CommandSpec(
        name: "demo",
        summary: "Fetches a simulated user through the real adapters, offline, and shows the last 24 hours as a chart, "
            + "the latest value, and the consensus summary (time in ranges, mean, SD, CV, GMI, data sufficiency).",
        options: [
            .value(
                "--user", OptionValues.sandboxUserNames.joined(separator: "|"),
                help: "The simulated user (default g7; libre3 is read through librelinkup, the others through Dexcom)."),
            .value(
                "--days", "N",
                help:
                    "Days to fetch, 1 to 90 (default 1; 14 for the consensus figures; Share serves only the last 24 hours)."
            ),
            .value("--unit", OptionValues.unitPlaceholder, help: "Unit shown (default: the user's own)."),
            .value("--svg", "FILE", help: "Also writes the AGP daily profile as SVG to FILE (its folder must exist)."),
            .value(
                "--provider", ProviderRegistry.sandboxProviders.map(\.rawValue).joined(separator: "|"),
                help: "The adapter the sandbox is fetched through (default dexcom_v3; librelinkup serves 12 hours)."),
        ],
        operand: nil,
        discussion: "exit status: 0 ok; 64 bad usage; 73 FILE cannot be written.")

    struct Options {
        var user = SandboxUser.g7
        var days = 1
        var unit: GlucoseUnit?
        var svgPath: String?
        var provider = ProviderID.dexcomV3
    }

    func run(_ arguments: [String]) async -> ExitCode {
        let options: Options
        switch Self.spec.parse(arguments, io: io, Self.options(from:)) {
        case .exit(let status): return status
        case .run(let parsed): options = parsed
        }
        let outcome: SandboxPipeline.Outcome
        do {
            outcome = try await SandboxPipeline(user: options.user, days: options.days, provider: options.provider)
                .run()
        } catch {
            io.writeErrorLine("the sandbox pipeline failed: \(error)")
            return .unavailable
        }
        let unit = options.unit ?? options.user.preferredUnit
        let batch = outcome.batch
        var lines: [String] = []
        lines.append("CGMKit demo · simulated user '\(options.user.name)' (\(options.user.summary))")
        lines.append(
            "Fetched offline through the real \(options.provider) adapter: \(outcome.requestCount) requests, "
                + "\(batch.readings.count) readings, \(batch.events.count) events, \(batch.issues.count) issues"
                + (outcome.isComplete ? "." : " (incomplete)."))
        lines.append("")
        lines.append("Last 24 hours (\(unit.rawValue), local time; ● in range, ○ out of range, · target 70–180 mg/dL)")
        lines += TerminalChart(readings: batch.readings, end: outcome.now, unit: unit).render()
        lines.append("")
        if let latest = batch.readings.last {
            lines.append(latestLine(latest, now: outcome.now, unit: unit))
            lines.append("")
        }
        let start = outcome.now.adding(milliseconds: -Self.summaryMilliseconds(options))
        let summary = GlucoseSummary(readings: batch.readings, from: start, to: outcome.now)
        var table = SummaryTable(summary: summary, unit: unit)
        if options.provider == .dexcomShare {
            table.insufficientHint =
                "Dexcom Share serves only the last 24 hours; try the dexcom_v3 provider with --days 14."
        }
        if options.provider == .libreLinkUp {
            table.insufficientHint =
                "LibreLinkUp serves only the last 12 hours; try the dexcom_v3 provider with --days 14."
        }
        lines += table.render()
        if let path = options.svgPath {
            let svg = AGPReport(
                readings: batch.readings, from: start, to: outcome.now, unit: unit,
                title: "Ambulatory glucose profile · simulated user \(options.user.name)"
            ).percentileChartSVG()
            do {
                try io.writeFile(at: path, bytes: Array(svg.utf8))
                lines.append("")
                lines.append("Wrote the AGP daily profile to \(path).")
            } catch {
                io.writeErrorLine("could not write the SVG file (its folder must exist)")
                return .cannotCreate
            }
        }
        lines.append("")
        lines.append(
            "Simulated data, not medical advice. Try --user g6|g7|receiver|mmol|libre3, --days 14, --unit mmol/L, --svg agp.svg."
        )
        io.writeStandardOutput(Array((lines.joined(separator: "\n") + "\n").utf8))
        return .success
    }

    private func latestLine(_ reading: GlucoseReading, now: CGMInstant, unit: GlucoseUnit) -> String {
        let age = (now.millisecondsSince1970 - reading.time.instant.millisecondsSince1970) / 60_000
        let value: String
        switch reading.status {
        case .belowRange:
            value = "LOW (below \(TextFormat.glucose(reading.glucose?.milligramsPerDeciliter ?? 40, unit)))"
        case .aboveRange:
            value = "HIGH (above \(TextFormat.glucose(reading.glucose?.milligramsPerDeciliter ?? 400, unit)))"
        case .unavailable: value = "no value"
        case .ok: value = reading.glucose.map { TextFormat.glucose($0.milligramsPerDeciliter, unit) } ?? "no value"
        }
        let clock = reading.time.displayTime.map { " at " + TextFormat.clock($0) } ?? ""
        let ageText = age < 60 ? "\(age) min ago" : TextFormat.duration(seconds: age * 60) + " ago"
        return "Latest: \(value) \(unit.rawValue) \(reading.trend.arrow) \(reading.trend.rawValue)\(clock), \(ageText)"
    }

    /// The span the summary covers: what the provider serves (Share 24 hours,
    /// LibreLinkUp 12 hours), else the days fetched.
    static func summaryMilliseconds(_ options: Options) -> Int64 {
        if options.provider == .libreLinkUp { return 12 * 3_600_000 }
        return Int64(options.provider == .dexcomShare ? 1 : options.days) * 86_400_000
    }

    static func options(from parsed: ParsedArguments) throws(UsageError) -> Options {
        var options = Options()
        if let user = parsed.value("--user") { options.user = try OptionValues.sandboxUser(user) }
        if let days = parsed.value("--days") {
            options.days = try OptionValues.count(days, option: "--days", in: 1...90)
        }
        if let unit = parsed.value("--unit") { options.unit = try OptionValues.unit(unit) }
        options.svgPath = parsed.value("--svg")
        if let provider = parsed.value("--provider") { options.provider = try OptionValues.sandboxProvider(provider) }
        // The Libre wearer is read through LibreLinkUp, and only through it: a Libre 3 user
        // served as a Dexcom API (or a Dexcom user as LibreLinkUp) would show a device that
        // never existed.
        switch (parsed.value("--provider") != nil, parsed.value("--user") != nil) {
        case (true, false): if options.provider == .libreLinkUp { options.user = .libre3 }
        case (false, true): if options.user == .libre3 { options.provider = .libreLinkUp }
        default: break
        }
        if (options.user == .libre3) != (options.provider == .libreLinkUp) {
            throw UsageError(message: "--user libre3 goes with --provider librelinkup, and the other users with Dexcom")
        }
        return options
    }
}
