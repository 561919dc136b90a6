/// Whether the statements of the running task may be read from the replica: the HTTP layer
/// allows it around an anonymous public read (nobody's own writes to miss there); every
/// other request, command and worker reads the primary. ``Database`` consults it per
/// statement, and only when a replica is configured and in time (``ReplicaPool``).
public enum ReplicaReads {
    @TaskLocal public static var allowed = false
}
