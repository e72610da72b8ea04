import CGMKit

/// Exit statuses, from BSD `sysexits.h`.
public enum ExitCode: Int32, Sendable {
    /// Success.
    case success = 0
    /// The command was used incorrectly (`EX_USAGE`).
    case usage = 64
    /// The input is not what the command reads (`EX_DATAERR`).
    case dataError = 65
    /// An input file could not be opened (`EX_NOINPUT`).
    case noInput = 66
    /// The service failed or could not be reached (`EX_UNAVAILABLE`).
    case unavailable = 69
    /// An output file could not be written (`EX_CANTCREAT`).
    case cannotCreate = 73
    /// The service rejected the credentials or locked the account (`EX_NOPERM`).
    case noPermission = 77
}
