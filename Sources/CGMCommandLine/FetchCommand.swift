import CGMKit
import CGMKitDexcom

/// `cgm fetch --provider dexcom`: the latest Share readings as one batch.
struct FetchCommand {
    let io: any CommandIO

    static let usernameVariable = "DEXCOM_USERNAME"
    static let accountIDVariable = "DEXCOM_ACCOUNT_ID"
    static let passwordVariable = "DEXCOM_PASSWORD"

    struct Options {
        var provider: String?
        var region: DexcomShareRegion?
        var minutes = DexcomShareClient.maximumMinutes
        var maxCount = DexcomShareClient.maximumCount
        var unit: GlucoseUnit = .milligramsPerDeciliter
        var layout: JSONWriter.Layout = .pretty
    }

    func run(_ arguments: [String]) async -> ExitCode {
        let options: Options
        do {
            options = try parse(arguments)
        } catch {
            io.writeStandardError("error: \(error.message)\n" + CommandLineTool.usage)
            return .usage
        }
        guard options.provider == "dexcom" else {
            io.writeStandardError("error: fetch supports --provider dexcom (Dexcom Share)\n")
            return .usage
        }
        guard let region = options.region else {
            io.writeStandardError("error: --region us, ous or jp is required (Share never guesses the region)\n")
            return .usage
        }
        let environment = io.environment
        let name = environment[Self.usernameVariable].flatMap { $0.isEmpty ? nil : $0 }
        let accountID = environment[Self.accountIDVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let password = environment[Self.passwordVariable], !password.isEmpty, name != nil || accountID != nil else {
            io.writeStandardError("error: set \(Self.usernameVariable) (or \(Self.accountIDVariable)) and \(Self.passwordVariable) in the environment\n")
            return .usage
        }

        let client = DexcomShareClient(
            region: region, credentials: DexcomShareCredentials(accountName: name, accountID: accountID, password: password),
            transport: io.makeTransport())
        do {
            let batch = try await client.latestReadings(minutes: options.minutes, maxCount: options.maxCount)
            io.writeStandardOutput(BatchEncoder(unit: options.unit, layout: options.layout).encode(batch))
            return .success
        } catch let error as CGMError {
            io.writeErrorLine(error.description)
            if error.code == .credentialsRejected || error.code == .accountLocked { return .noPermission }
            return error.code == .invalidArgument ? .usage : .unavailable
        } catch {
            io.writeStandardError("error: the fetch failed\n")
            return .unavailable
        }
    }

    func parse(_ arguments: [String]) throws(UsageError) -> Options {
        var options = Options()
        var reader = ArgumentReader(arguments)
        func integer(_ flag: String, _ text: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
            guard let number = Int(text), range.contains(number) else {
                throw UsageError(message: "\(flag) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        while let (_, flag, inline) = reader.next() {
            switch flag {
            case "--provider": options.provider = try reader.value(for: flag, inline: inline)
            case "--region":
                let name = try reader.value(for: flag, inline: inline)
                guard let region = DexcomShareRegion.all.first(where: { $0.name == name }) else {
                    throw UsageError(message: "--region must be us, ous or jp")
                }
                options.region = region
            case "--minutes":
                options.minutes = try integer(flag, try reader.value(for: flag, inline: inline),
                                              0...DexcomShareClient.maximumMinutes)
            case "--max-count":
                options.maxCount = try integer(flag, try reader.value(for: flag, inline: inline),
                                               0...DexcomShareClient.maximumCount)
            case "--unit": options.unit = try ArgumentReader.unit(try reader.value(for: flag, inline: inline))
            case "--compact": options.layout = .compact
            case "--password", "--username", "--user", "-p", "-u":
                throw UsageError(message: "credentials are never read from arguments (they end up in shell history and process lists); set \(Self.usernameVariable) and \(Self.passwordVariable)")
            default:
                throw UsageError(message: "unknown argument '\(flag)'")
            }
        }
        return options
    }
}
