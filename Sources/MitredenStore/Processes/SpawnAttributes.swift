#if canImport(Glibc)
import Glibc
#endif

/// Attributes for `posix_spawn` under which a child starts as if from a shell: no signal
/// blocked and every catchable signal at its default action.
///
/// Without them a child inherits the signal mask of whichever thread spawned it. The
/// threads of the server and of the test runner block SIGTERM, SIGINT and others, so a
/// program spawned from one of them never saw the SIGTERM meant to stop it: a PgBouncer
/// started by a test ran on after its test and the run hung waiting for it, on some runs
/// and not others (it depended on the thread).
public enum SpawnAttributes {
    /// Sets up `attributes` (already initialised) with `extraFlags` (e.g. `POSIX_SPAWN_SETPGROUP`)
    /// besides the signal reset.
    public static func resetSignals(_ attributes: inout posix_spawnattr_t, extraFlags: Int32 = 0) {
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF) | extraFlags))
    }
}
