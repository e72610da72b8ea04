import CGMKit
import CGMKitLibre

/// `cgm fetch --provider librelinkup --region REGION`: logs in to Abbott LibreLinkUp with
/// a follower account from the environment and prints the graph (current reading plus
/// about 12 hours) or, with `--logbook`, the logbook, as one batch.
struct LibreLinkUpFetch {
    let io: any CommandIO

    static let emailVariable = "LIBRELINKUP_EMAIL"
    static let passwordVariable = "LIBRELINKUP_PASSWORD"
    static let patientVariable = "LIBRELINKUP_PATIENT_ID"
    static let versionVariable = "LIBRELINKUP_VERSION"

    func run(_ options: FetchCommand.Options, region: LibreLinkUpRegion) async -> ExitCode {
        let environment = io.environment
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let email = variable(Self.emailVariable), let password = variable(Self.passwordVariable) else {
            io.reportUsageError(
                UsageError(message: "set \(Self.emailVariable) and \(Self.passwordVariable) in the environment"),
                command: FetchCommand.spec.name)
            return .usage
        }
        let configuration = LibreLinkUpClient.Configuration(
            version: variable(Self.versionVariable) ?? LibreLinkUpClient.defaultVersion,
            patientID: variable(Self.patientVariable), connectionIndex: options.connection)
        let client = LibreLinkUpClient(
            region: region, credentials: LibreLinkUpCredentials(email: email, password: password),
            transport: io.makeTransport(), configuration: configuration)
        do {
            let batch = try await options.logbook ? client.logbook() : client.graph()
            io.writeStandardOutput(BatchEncoder(unit: options.unit, layout: options.layout).encode(batch))
            return .success
        } catch let error as CGMError {
            io.writeErrorLine(error.description + Self.hint(error))
            if [.credentialsRejected, .accountLocked, .authorizationDenied].contains(error.code) {
                return .noPermission
            }
            return error.code == .invalidArgument ? .usage : .unavailable
        } catch {
            io.writeErrorLine("the fetch failed")
            return .unavailable
        }
    }

    /// What the person at the terminal can do about a LibreLinkUp failure.
    static func hint(_ error: CGMError) -> String {
        switch error.libreLinkUpFailure {
        case .appVersionRejected(let minimum?)?: " (set \(versionVariable)=\(minimum))"
        case .appVersionRejected(nil)?: " (set \(versionVariable) to the current LibreLinkUp app version)"
        case .accountActionRequired(let step)?: " (pending step: \(step))"
        default: ""
        }
    }

    static func options(from parsed: ParsedArguments) throws(UsageError) -> FetchCommand.Options {
        for option in ["--minutes", "--max-count"] where parsed.value(option) != nil {
            throw UsageError(message: "\(option) is for --provider dexcom (LibreLinkUp serves a fixed 12-hour graph)")
        }
        let names = LibreLinkUpRegion.all.map(\.name)
        let name = try OptionValues.choice(parsed.value("--region") ?? "", option: "--region", in: names)
        var options = FetchCommand.Options(region: nil, libreRegion: LibreLinkUpRegion.named(name))
        options.logbook = parsed.has("--logbook")
        if let connection = parsed.value("--connection") {
            options.connection = try OptionValues.count(connection, option: "--connection", in: 0...999)
        }
        if let unit = parsed.value("--unit") { options.unit = try OptionValues.unit(unit) }
        if parsed.has("--compact") { options.layout = .compact }
        return options
    }
}
