/// The named text fields: each is `Validate.text` with its label and limit, so every name
/// follows the same trimming, character and length rules.
extension Validate {
    public static func groupName(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "name", label: "Group name", limits: FieldLimits.groupName)
    }

    public static func roleName(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "name", label: "Role name", limits: FieldLimits.roleName)
    }

    public static func roleDescription(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "description", label: "Role description", limits: FieldLimits.roleDescription)
    }

    public static func clientName(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "name", label: "Client name", limits: FieldLimits.clientName)
    }

    public static func clientDescription(_ s: String) -> Result<String, ValidationError> {
        text(s, field: "description", label: "Client description", limits: FieldLimits.clientDescription)
    }
}
