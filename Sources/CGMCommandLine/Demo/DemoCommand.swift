import CGMKit
import CGMKitDexcom
import CGMKitReport
import CGMKitSandbox

/// `cgm demo`: a simulated user fetched through the whole pipeline, offline, shown as
/// a chart of the last 24 hours, the latest value, and the consensus summary.
struct DemoCommand {
    let io: any CommandIO

    struct Options {
        var user = SandboxUser.g7
        var days = 1
        var unit: GlucoseUnit?
        var svgPath: String?
        var provider = ProviderID.dexcomV3
    }

    func run(_ arguments: [String]) async -> ExitCode {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            io.writeStandardError("error: \(error.message)\n" + CommandLineTool.usage)
            return .usage
        }
        let outcome: SandboxPipeline.Outcome
        do {
            outcome = try await SandboxPipeline(user: options.user, days: options.days, provider: options.provider).run()
        } catch {
            io.writeErrorLine("the sandbox pipeline failed: \(error)")
            return .unavailable
        }
        let unit = options.unit ?? options.user.preferredUnit
        let batch = outcome.batch
        var lines: [String] = []
        lines.append("CGMKit demo · simulated user '\(options.user.name)' (\(options.user.summary))")
        lines.append("Fetched offline through the real \(options.provider) adapter: \(outcome.requestCount) requests, "
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
        let start = outcome.now.adding(milliseconds: -Int64(options.provider == .dexcomShare ? 1 : options.days) * 86_400_000)
        let summary = GlucoseSummary(readings: batch.readings, from: start, to: outcome.now)
        lines += SummaryTable(summary: summary, unit: unit).render()
        if let path = options.svgPath {
            let svg = AGPReport(readings: batch.readings, from: start, to: outcome.now, unit: unit,
                                title: "Ambulatory glucose profile · simulated user \(options.user.name)").percentileChartSVG()
            do {
                try io.writeFile(at: path, bytes: Array(svg.utf8))
                lines.append("")
                lines.append("Wrote the AGP daily profile to \(path).")
            } catch {
                io.writeErrorLine("could not write the SVG file")
                return .cannotCreate
            }
        }
        lines.append("")
        lines.append("Simulated data, not medical advice. Try --user g6|g7|receiver|mmol, --days 14, --unit mmol/L, --svg agp.svg.")
        io.writeStandardOutput(Array((lines.joined(separator: "\n") + "\n").utf8))
        return .success
    }

    private func latestLine(_ reading: GlucoseReading, now: CGMInstant, unit: GlucoseUnit) -> String {
        let age = (now.millisecondsSince1970 - reading.time.instant.millisecondsSince1970) / 60_000
        let value: String
        switch reading.status {
        case .belowRange: value = "LOW (below \(TextFormat.glucose(40, unit)))"
        case .aboveRange: value = "HIGH (above \(TextFormat.glucose(400, unit)))"
        case .unavailable: value = "no value"
        case .ok: value = reading.glucose.map { TextFormat.glucose($0.milligramsPerDeciliter, unit) } ?? "no value"
        }
        let clock = reading.time.displayTime.map { " at " + TextFormat.clock($0) } ?? ""
        let ageText = age < 60 ? "\(age) min ago" : TextFormat.duration(seconds: age * 60) + " ago"
        return "Latest: \(value) \(unit.rawValue) \(reading.trend.arrow) \(reading.trend.rawValue)\(clock), \(ageText)"
    }

    private func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var reader = ArgumentReader(arguments)
        while let (argument, flag, inline) = reader.next() {
            switch flag {
            case "--user":
                options.user = try ArgumentReader.sandboxUser(try reader.value(for: flag, inline: inline))
            case "--days":
                options.days = try ArgumentReader.count(try reader.value(for: flag, inline: inline), flag: flag, in: 1...90)
            case "--unit":
                options.unit = try ArgumentReader.unit(try reader.value(for: flag, inline: inline))
            case "--svg":
                options.svgPath = try reader.value(for: flag, inline: inline)
            case "--provider":
                options.provider = try ArgumentReader.sandboxProvider(try reader.value(for: flag, inline: inline))
            default:
                throw UsageError(message: "unknown option '\(argument)'")
            }
        }
        return options
    }
}
