/// IP allowlist entries: one network, or a pasted list of them, returned in canonical text.
extension Validate {
    /// One address or CIDR block in canonical form, prefix always shown ("192.0.2.1/32",
    /// "2001:db8::/32"), so a list reads uniformly. Host bits set past the prefix are refused
    /// with the network form suggested.
    public static func cidr(_ s: String) -> Result<String, ValidationError> {
        CIDRParser.parse(s).map(\.description)
    }

    /// A pasted allowlist separated by commas, semicolons, spaces or newlines; empty entries
    /// skipped, each entry canonical, duplicates (same network, any spelling) dropped, first
    /// position kept. An entry inside another (10.1.0.0/16 with 10.0.0.0/8) is kept: removing it
    /// is the person's call, not a validator's. The error names the first bad entry.
    public static func cidrList(_ s: String) -> Result<[String], ValidationError> {
        var result: [String] = []
        var seen: Set<CIDR> = []
        for entry in TextScan.splitList(s, separators: [",", ";"]) {
            switch CIDRParser.parse(entry) {
            case .failure(let error):
                return .failure(ValidationError(field: "ipAllowlist", message: error.message))
            case .success(let cidr):
                if seen.insert(cidr).inserted { result.append(cidr.description) }
            }
        }
        return .success(result)
    }
}
