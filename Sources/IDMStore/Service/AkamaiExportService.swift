import Foundation
import GRDB
import IDMDomain

extension DirectoryService {
    /// The actor's account in v3 shape (`AkamaiExport`), read in one snapshot; an Admin of the
    /// account (or a reseller browsing it) only (`Policy.exportAkamai`). Writes nothing.
    public func exportAkamai(_ actor: ActorRef) throws -> AkamaiExport {
        try store.read { db in
            let ctx = try Self.context(db, actor)
            try Decide.enforce(db, ctx, .exportAkamai)
            let account = ctx.account.id
            return AkamaiExport.build(AkamaiExport.Source(
                directory: try Q.akamaiDirectory(db, account: ctx.account), credentials: try Q.credentialsByClient(db, account: account),
                accessTokens: try Q.accessTokens(db, account: account), history: try Q.akamaiHistory(db, account: account),
                hostSuffix: try Q.setting(db, "host_suffix") ?? "api.idm.invalid", now: now))
        }
    }
}
