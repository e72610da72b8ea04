/// Receives structured events from adapters, when the host wants them.
///
/// CGMKit logs nothing by default. A host that passes a sink gets typed events with
/// no free text: an event name, the provider, and at most an HTTP status, an
/// allow-listed vendor code and a count. Events never carry glucose values, times,
/// tokens, passwords, session or account ids, so a sink can forward them to any log.
///
/// ```swift
/// struct PrintSink: CGMLogSink {
///     func record(_ event: CGMLogEvent) { print(event) }
/// }
/// ```
public protocol CGMLogSink: Sendable {
    /// Records one event. Called on the adapter's executor; keep it fast.
    func record(_ event: CGMLogEvent)
}
