/// Ceilings on the numbers participants and staff send, so that every sum and product the
/// rules compute stays inside `Int64` (a trap there would end the process for everyone).
/// Each is far above anything a city's consultation needs; past one, the request is a 422
/// naming the field.
public enum InputCeilings {
    /// The highest cost of a proposal or budget of an area, in cents: 10 billion euros.
    /// A sum of 900,000 such amounts still fits in `Int64`; the database enforces it too
    /// (Schema 0009).
    public static let maximumCents: Int64 = 1_000_000_000_000

    /// The most points one voter distributes on a cumulative ballot, and so the most one
    /// choice can carry.
    public static let maximumPoints = 1_000_000

    /// The most choices one ballot may list.
    public static let maximumChoices = 1_000

    /// The highest per-participant quota a campaign may set (supports, choices).
    public static let maximumQuota = 100_000
}
