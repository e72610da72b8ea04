/// One person's readings from several sources, combined by ``SourcePriority``.
public struct CombinedReadings: Sendable, Hashable, PHIRedacting {
    /// The readings kept, sorted by time, then id; each keeps its own `provider`.
    public let readings: [GlucoseReading]
    /// Readings dropped as the same measurement as a higher-priority source's, per provider.
    public let droppedByProvider: [ProviderID: Int]

    /// Readings dropped in all.
    public var droppedCount: Int { droppedByProvider.values.reduce(0, +) }
}
