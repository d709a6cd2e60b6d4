import IDMDomain

/// The products and API services every directory starts with. Short names follow the public
/// API families they are modelled on; the console is offline and calls none of them.
public enum Catalogue {
    public static let propertyManager = "property-manager"
    public static let fastPurge = "fast-purge"
    public static let reporting = "reporting"
    public static let edgeDNS = "edge-dns"
    public static let identity = "identity"
    public static let diagnostics = "diagnostics"

    public static let products: [Product] = [
        Product(id: propertyManager, name: "Property Manager"),
        Product(id: fastPurge, name: "Fast Purge"),
        Product(id: reporting, name: "Reporting"),
        Product(id: edgeDNS, name: "Edge DNS"),
        Product(id: identity, name: "Identity & Access Management"),
        Product(id: diagnostics, name: "Edge Diagnostics"),
    ]

    public static let services: [APIService] = [
        APIService(id: "papi", name: "Property Manager API", scope: .singleContract, requiredProduct: propertyManager),
        APIService(id: "hapi", name: "Edge Hostnames API", scope: .singleContract, requiredProduct: propertyManager),
        APIService(id: "cprg", name: "CP Codes & Reporting Groups API", scope: .singleContract, requiredProduct: propertyManager),
        APIService(id: "ccu", name: "Fast Purge API", scope: .accountWide, requiredProduct: fastPurge),
        APIService(id: "reporting", name: "Reporting API", scope: .accountWide, requiredProduct: reporting),
        APIService(id: "identity-management", name: "Identity Management API", scope: .accountWide, requiredProduct: identity),
        APIService(id: "config-dns", name: "Edge DNS API", scope: .accountWide, requiredProduct: edgeDNS),
        APIService(id: "edge-diagnostics", name: "Edge Diagnostics API", scope: .accountWide, requiredProduct: diagnostics),
    ]

    /// Defines the catalogue and the host suffix in a new directory.
    public static func install(_ service: DirectoryService, hostSuffix: String = "api.idm.invalid") throws {
        for product in products { try service.defineProduct(product) }
        for api in services { try service.defineService(api) }
        try service.setHostSuffix(hostSuffix)
    }
}
