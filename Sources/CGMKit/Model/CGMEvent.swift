/// A user-logged event: carbs, insulin, exercise, health, a blood glucose meter
/// value or a note (SPEC §2.3).
public struct CGMEvent: TimedRecord, PHIRedacting {
    /// What kind of event it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Carbohydrates eaten.
        case carbs
        /// Insulin taken.
        case insulin
        /// Exercise done.
        case exercise
        /// A health note such as illness or stress.
        case health
        /// A blood glucose meter value.
        case bloodGlucose
        /// A free-text note.
        case note
        /// A sensor value the user looked at (a LibreView scan, record type 1): a spot
        /// glucose value kept out of readings, so summaries stay on the regular series
        /// (SPEC §9).
        case sensorScan
        /// A blood ketone (β-hydroxybutyrate) strip value, in mmol/L, never converted
        /// (LibreView record type 3, SPEC §9).
        case ketone
        /// Anything else.
        case unknown

        /// Whether the event's value is glucose (``bloodGlucose``, ``sensorScan``): stored
        /// in mg/dL in ``CGMEvent/glucose`` and written in the batch's unit.
        public var carriesGlucose: Bool { self == .bloodGlucose || self == .sensorScan }
    }

    /// The unit of an event's value.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Grams (carbs).
        case grams = "g"
        /// Insulin units.
        case insulinUnits = "U"
        /// Minutes (exercise).
        case minutes = "min"
        /// mg/dL (blood glucose).
        case milligramsPerDeciliter = "mg/dL"
        /// mmol/L (blood glucose).
        case millimolesPerLiter = "mmol/L"
    }

    /// Whether the vendor reports the event as new, edited or deleted.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// A new entry.
        case created
        /// An edited entry.
        case updated
        /// An entry the user deleted.
        case deleted
    }

    /// `"<provider>:<native id>"`.
    public var id: RecordID
    /// The adapter that produced the record.
    public var provider: ProviderID
    /// When the event happened.
    public var time: RecordTime
    /// The kind of event.
    public var kind: Kind
    /// The vendor's subtype (`fastActing`, `light`, `illness`, …), as sent.
    public var subtype: String?
    /// The amount, in ``unit``. For ``Kind/bloodGlucose`` and ``Kind/sensorScan`` see ``glucose``.
    public var value: Double?
    /// The unit of ``value``.
    public var unit: Unit?
    /// A blood glucose or sensor scan event's value, stored in mg/dL so it converts with the batch.
    public var glucose: GlucoseValue?
    /// The text of a note.
    public var text: String?
    /// Created, updated or deleted.
    public var status: Status
    /// The device the event was logged on.
    public var device: DeviceInfo?

    /// Creates an event.
    public init(
        id: RecordID, provider: ProviderID, time: RecordTime, kind: Kind, subtype: String? = nil,
        value: Double? = nil, unit: Unit? = nil, glucose: GlucoseValue? = nil, text: String? = nil,
        status: Status = .created, device: DeviceInfo? = nil
    ) {
        self.id = id
        self.provider = provider
        self.time = time
        self.kind = kind
        self.subtype = subtype
        self.value = value
        self.unit = unit
        self.glucose = glucose
        self.text = text
        self.status = status
        self.device = device
    }
}
