/// `idm --version`. Raised by hand with each release; the database's own schema version is a
/// separate number (`PRAGMA user_version`, checked at open).
enum IDMVersion {
    static let current = "0.15.0"
}
