/// What this build is: `mitreden --version`, `mitreden_build_info` on `/metrics`, and the
/// software named in exports.
public enum BuildInfo {
    /// Semantic version of the release; raised by whoever tags one.
    public static let version = "0.1.0"
}
