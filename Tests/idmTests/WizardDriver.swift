import Foundation
import XCTest

extension Tmux {
    /// Opens the demo console as `login` and takes the New API Client wizard through: step 1 as
    /// it opens (every group of the owner checked, `groups` its summary), `o` for one client per
    /// contract, the API found by filtering and picked with Space, the name and then each of
    /// `fields` (description, emails, CIDRs) a Tab apart, Review, Create. It ends on the new
    /// credentials ("Save these now").
    func createClientInWizard(as login: String, roles: String, groups: String, perContract: Bool = false,
                              api: String = "papi", named name: String, fields: [String] = []) throws {
        try run("\(CLI.binary) demo --as \(login)")
        try waitFor("\(login) · \(roles)")
        try press("2", "n")
        try waitFor("1 Groups")
        try waitFor(groups)
        try press("Enter")
        try waitFor("Property Manager API (papi)")
        if perContract {
            try press("o")
            try waitFor("one client per contract (")
        }
        try press("/")
        try typeText(api)
        try press("Enter", "Space")
        try waitFor("[x] ")
        try press("Enter")
        try waitFor("Notification emails")
        try typeText(name)
        for field in fields {
            try press("Tab")
            try typeText(field)
        }
        try press("Enter")
        try waitFor("Create makes the client")
        try press("Enter")
        try waitFor("Save these now")
    }
}
