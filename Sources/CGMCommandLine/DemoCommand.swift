/// `cgm demo`: the whole pipeline offline. The sandbox simulator that feeds it is
/// the next milestone; until then the command says so and succeeds.
struct DemoCommand {
    let io: any CommandIO

    func run(_ arguments: [String]) -> ExitCode {
        let text = """
            cgm demo: coming soon.

            The offline sandbox provider (simulated G6, G7, receiver and mmol/L users)
            is not built yet. Meanwhile, normalize a recorded Dexcom v3 payload:

              swift run cgm normalize --provider dexcom_v3 Tests/CGMKitDexcomTests/Fixtures/dexcom_v3/egvs-g7-ios.json

            """
        io.writeStandardOutput(Array(text.utf8))
        return .success
    }
}
