import Foundation
import Synchronization

/// Admits at most `capacity` streamed exports at once. A slot is given back when the export
/// ends; one never given back (a response body Hummingbird never started writing) expires
/// after `lifetime`, so a slot cannot leak for good.
final class ExportGate: Sendable {
    private let capacity: Int
    private let lifetime: Duration
    private let slots = Mutex<[UUID: ContinuousClock.Instant]>([:])

    init(capacity: Int, lifetime: Duration) {
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// A slot, or nil when every slot is taken.
    func enter() -> UUID? {
        let now = ContinuousClock.now
        return slots.withLock { slots in
            slots = slots.filter { now - $0.value < lifetime }
            guard slots.count < capacity else { return nil }
            let slot = UUID()
            slots[slot] = now
            return slot
        }
    }

    func leave(_ slot: UUID) {
        _ = slots.withLock { $0.removeValue(forKey: slot) }
    }
}
