import Foundation
import GRDB
import IDMDomain
#if canImport(Glibc)
import Glibc
#endif

extension DirectoryService {
    /// The console idle timeout policy (minutes without a key before a console closes), a
    /// setting of the whole directory like the real product's session timeout. Set by the
    /// database file's owner, as break glass is: it bounds every admin's session, so no idm
    /// user's role is enough. `idm open --idle-timeout` can only make it shorter.
    public func setConsoleIdleTimeout(minutes: Int, osUser: String, callerUID: uid_t) throws {
        guard (1...1440).contains(minutes) else {
            throw IDMError.invalid(ValidationError(field: "minutes", message: "The idle timeout is 1 to 1440 minutes."))
        }
        let owner = try databaseOwner()
        guard owner == callerUID else {
            throw IDMError.denied("Only the owner of \(store.path) can set the console idle timeout; you are \(osUser).")
        }
        try store.write { db in
            let key = DirectoryReader.idleTimeoutSetting
            let before = try Q.setting(db, key)
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, String(minutes)])
            try Audit.append(db, time: now, actor: Self.systemActor, origin: Origin(osUser: osUser), account: nil, action: "setting.change",
                             targetType: "setting", targetID: key, targetName: key,
                             before: before.map { ["value": $0] } ?? [:], after: ["value": String(minutes)])
        }
    }
}
