import Foundation

// The list rows as `PrettyJSON` writes them: each object's keys in the order JSONEncoder's
// `.sortedKeys` puts them (`HostileOutputTests` and `StreamingListTests` hold the two to the
// same bytes).

extension UserRow: PrettyJSONWritable {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.field("email", email)
        json.field("grants", grants)
        json.field("jobTitle", jobTitle)
        json.field("locked", locked)
        json.field("login", login)
        json.field("name", name)
        json.endObject()
    }
}

extension GrantRow: PrettyJSONWritable {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.field("group", group)
        json.field("role", role)
        json.endObject()
    }
}

extension ClientRow: PrettyJSONWritable {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.field("apis", apis)
        json.field("clientKey", clientKey)
        json.field("creator", creator)
        json.field("credentials", credentials)
        json.field("description", description)
        json.field("groups", groups)
        json.field("id", id)
        json.field("ipAllowlist", ipAllowlist)
        json.field("locked", locked)
        json.field("name", name)
        json.field("noAccess", noAccess)
        json.field("notificationEmails", notificationEmails)
        json.field("owner", owner)
        json.field("type", type)
        json.field("version", version)
        json.endObject()
    }
}

extension ClientRow.API: PrettyJSONWritable {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.field("level", level)
        json.field("name", name)
        json.field("service", service)
        json.endObject()
    }
}

extension ClientRow.Cred: PrettyJSONWritable {
    func write(to json: inout PrettyJSON) {
        json.beginObject()
        json.field("createdAt", createdAt)
        json.field("description", description)
        json.field("expiresAt", expiresAt)
        json.field("id", id)
        json.field("secretLast4", secretLast4)
        json.field("status", status)
        json.field("tokenPrefix", tokenPrefix)
        json.field("version", version)
        json.endObject()
    }
}
