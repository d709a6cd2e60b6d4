/// Every screen's key table, for the README: made from the same tables as dispatch, the hint
/// bar and `?`, so the README cannot drift from what the keys do.
public enum Bindings {
    public static func markdownKeyList() -> String {
        [ManageScreen.keys.markdown, DetailPageScreen.keys.markdown, ClientPageScreen.keys.markdown,
         WizardScreen.groupsTable.markdown, WizardScreen.apisTable.markdown, WizardScreen.detailsTable.markdown, WizardScreen.reviewTable.markdown,
         CredentialScreen.keys.markdown, AuditScreen.keys.markdown, MigrationReportScreen.keys.markdown,
         FormScreen.keys.markdown, ConfirmScreen.keys.markdown, UserPickerScreen.keys.markdown,
         DraftResumeScreen.keys.markdown, SecretLostScreen.keys.markdown,
         "**Everywhere**\n\n| key | action |\n|---|---|\n| `?/F1` | This help: the keys of the screen on top, each unavailable one with its reason |\n| `L` | The audit log: who changed what, newest first |\n| `^C` | Quit idm |"]
            .joined(separator: "\n\n") + "\n"
    }
}
