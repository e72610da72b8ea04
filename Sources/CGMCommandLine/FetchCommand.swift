import CGMKit
import CGMKitDexcom
import CGMKitLibre

/// `cgm fetch --provider dexcom`: the latest Share readings as one batch;
/// `--provider librelinkup`: the LibreLinkUp graph (or logbook) as one batch
/// (`LibreLinkUpFetch`).
struct FetchCommand {
    let io: any CommandIO

    static let usernameVariable = "DEXCOM_USERNAME"
    static let accountIDVariable = "DEXCOM_ACCOUNT_ID"
    static let passwordVariable = "DEXCOM_PASSWORD"

    static let spec = CommandSpec(
        name: "fetch",
        summary:
            "Logs in to Dexcom Share or Abbott LibreLinkUp and prints the latest readings as one cgmkit.batch.v1 batch.",
        options: [
            .value(
                "--provider", "dexcom|librelinkup", required: true,
                help: "The service: dexcom (Dexcom Share) or librelinkup (Abbott LibreLinkUp, a follower account)."),
            .value(
                "--region", "REGION", required: true,
                help: "The account's region: us|ous|jp for dexcom; "
                    + LibreLinkUpRegion.all.map(\.name).joined(separator: "|")
                    + " for librelinkup. Never guessed: a login in the wrong region counts toward the lockout "
                    + "(LibreLinkUp's own redirect is followed once)."),
            .value("--minutes", "N", help: "How far back, 0 to \(DexcomShareClient.maximumMinutes) (default: all)."),
            .value(
                "--max-count", "N", help: "At most N readings, 0 to \(DexcomShareClient.maximumCount) (default: all)."),
            .value("--unit", OptionValues.unitPlaceholder, help: "Unit of the values written (default mg/dL)."),
            .flag("--compact", help: "One line of JSON instead of the indented form."),
            .flag(
                "--logbook", help: "librelinkup: the 14-day logbook (alarms, looked-at readings) instead of the graph."),
            .value(
                "--connection", "N",
                help: "librelinkup: which followed patient to read, 0-based, when the account follows several."),
        ],
        operand: nil,
        discussion: """
            Credentials come from the environment, never from arguments (arguments end
            up in shell history and process lists): \(usernameVariable) (or
            \(accountIDVariable)) and \(passwordVariable) for dexcom;
            \(LibreLinkUpFetch.emailVariable) and \(LibreLinkUpFetch.passwordVariable) for librelinkup
            (optionally \(LibreLinkUpFetch.patientVariable), the patientId to read, and
            \(LibreLinkUpFetch.versionVariable), the app version sent, default \(LibreLinkUpClient.defaultVersion)).
            exit status: 0 ok; 64 bad usage; 69 the service failed; 77 credentials
            rejected or account locked.
            """)

    struct Options {
        var region: DexcomShareRegion?
        var libreRegion: LibreLinkUpRegion?
        var logbook = false
        var connection: Int?
        var minutes = DexcomShareClient.maximumMinutes
        var maxCount = DexcomShareClient.maximumCount
        var unit: GlucoseUnit = .milligramsPerDeciliter
        var layout: JSONWriter.Layout = .pretty
    }

    func run(_ arguments: [String]) async -> ExitCode {
        let names = arguments.map {
            String($0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
        }
        if let credential = names.first(where: Self.credentialOptions.contains) {
            io.reportUsageError(
                UsageError(
                    message: "\(credential): credentials are never read from arguments (they end up in shell "
                        + "history and process lists); set \(Self.usernameVariable) and \(Self.passwordVariable)"),
                command: Self.spec.name)
            return .usage
        }
        let options: Options
        switch Self.spec.parse(arguments, io: io, Self.options(from:)) {
        case .exit(let status): return status
        case .run(let parsed): options = parsed
        }
        let environment = io.environment
        if let libreRegion = options.libreRegion {
            return await LibreLinkUpFetch(io: io).run(options, region: libreRegion)
        }
        guard let region = options.region else { return .usage }
        let name = environment[Self.usernameVariable].flatMap { $0.isEmpty ? nil : $0 }
        let accountID = environment[Self.accountIDVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let password = environment[Self.passwordVariable], !password.isEmpty, name != nil || accountID != nil
        else {
            io.reportUsageError(
                UsageError(
                    message:
                        "set \(Self.usernameVariable) (or \(Self.accountIDVariable)) and \(Self.passwordVariable) in the environment"
                ),
                command: Self.spec.name)
            return .usage
        }

        let client = DexcomShareClient(
            region: region,
            credentials: DexcomShareCredentials(accountName: name, accountID: accountID, password: password),
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
            io.writeErrorLine("the fetch failed")
            return .unavailable
        }
    }

    /// Spellings of credential options people try; refused with the reason, not as unknown.
    static let credentialOptions: Set<String> = ["--password", "--username", "--user", "-p", "-u"]

    static func options(from parsed: ParsedArguments) throws(UsageError) -> Options {
        let provider = try OptionValues.choice(
            parsed.value("--provider") ?? "", option: "--provider", in: ["dexcom", "librelinkup"])
        if provider == "librelinkup" { return try LibreLinkUpFetch.options(from: parsed) }
        for option in ["--logbook", "--connection"] where parsed.has(option) || parsed.value(option) != nil {
            throw UsageError(message: "\(option) is for --provider librelinkup")
        }
        let regions = DexcomShareRegion.all.map(\.name)
        let regionName = try OptionValues.choice(parsed.value("--region") ?? "", option: "--region", in: regions)
        guard let region = DexcomShareRegion.all.first(where: { $0.name == regionName }) else {
            throw .invalidValue("--region", allowed: regions.joined(separator: ", "))
        }
        var options = Options(region: region, libreRegion: nil)
        if let minutes = parsed.value("--minutes") {
            options.minutes = try OptionValues.count(
                minutes, option: "--minutes", in: 0...DexcomShareClient.maximumMinutes)
        }
        if let count = parsed.value("--max-count") {
            options.maxCount = try OptionValues.count(
                count, option: "--max-count", in: 0...DexcomShareClient.maximumCount)
        }
        if let unit = parsed.value("--unit") { options.unit = try OptionValues.unit(unit) }
        if parsed.has("--compact") { options.layout = .compact }
        return options
    }
}
