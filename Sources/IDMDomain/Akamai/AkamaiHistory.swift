import Foundation

/// Who made an entity and when, and who changed it last and when (the audit log's first and
/// last event about it): the `createdBy`/`modifiedDate` fields an export writes.
public struct AkamaiHistory: Equatable, Sendable {
    public let createdBy: String
    public let createdAt: Date
    public let modifiedBy: String
    public let modifiedAt: Date

    public init(createdBy: String, createdAt: Date, modifiedBy: String, modifiedAt: Date) {
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.modifiedBy = modifiedBy
        self.modifiedAt = modifiedAt
    }
}
