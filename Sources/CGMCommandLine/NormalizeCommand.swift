import CGMKit

/// `cgm normalize`: one raw payload in, one unified batch out (SPEC §5).
struct NormalizeCommand {
    let io: any CommandIO

    struct Options {
        var provider: String?
        var unit: GlucoseUnit = .milligramsPerDeciliter
        var conversion: GlucoseConversion = .standard
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
        guard let providerName = options.provider else {
            io.writeStandardError("error: --provider is required\n" + CommandLineTool.usage)
            return .usage
        }
        guard let normalizer = ProviderRegistry.normalizer(named: providerName) else {
            io.writeStandardError(
                "error: unknown provider '\(providerName)' (available: \(ProviderRegistry.names.joined(separator: ", ")))\n")
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
        guard let payload = input else {
            io.writeStandardError("error: input is larger than the \(limit / (1024 * 1024)) MiB limit\n")
            return .dataError
        }

        do {
            let batch = try normalizer.normalize(payload)
            let encoder = BatchEncoder(unit: options.unit, conversion: options.conversion, layout: options.layout)
            // Streamed in 64 KiB chunks: the whole text is never held (Docs/Performance.md).
            encoder.encode(batch) { chunk in io.writeStandardOutput(chunk) }
            return .success
        } catch let error as CGMError {
            io.writeErrorLine(error.message)
            return .dataError
        } catch {
            io.writeStandardError("error: the payload could not be normalized\n")
            return .dataError
        }
    }

    func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var reader = ArgumentReader(arguments)
        while let (argument, flag, inline) = reader.next() {
            switch flag {
            case "--provider":
                options.provider = try reader.value(for: flag, inline: inline)
            case "--unit":
                options.unit = try ArgumentReader.unit(try reader.value(for: flag, inline: inline))
            case "--conversion":
                switch try reader.value(for: flag, inline: inline) {
                case "standard": options.conversion = .standard
                case "divide-by-18": options.conversion = .divideBy18
                default: throw UsageError(message: "--conversion must be standard or divide-by-18")
                }
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
