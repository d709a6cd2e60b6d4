// swift-tools-version:6.0
import PackageDescription

// Language mode 5: ncurses' C globals and GRDB's closures are easier to use without Swift 6's
// strict-concurrency errors; the code is single-threaded apart from the database pool.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "idm",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "idm", targets: ["idm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "IDMDomain", swiftSettings: v5),
        .target(
            name: "IDMStore",
            dependencies: [
                "IDMDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: v5
        ),
        .target(name: "IDMTerminal", dependencies: ["CNCursesW"], swiftSettings: v5),
        .target(name: "IDMConsole", dependencies: ["IDMDomain", "IDMStore", "IDMTerminal"], swiftSettings: v5),
        .executableTarget(
            name: "idm",
            dependencies: [
                "IDMDomain", "IDMStore", "IDMConsole", "IDMTerminal",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: v5
        ),
        .testTarget(name: "IDMDomainTests", dependencies: ["IDMDomain"], swiftSettings: v5),
        .testTarget(name: "IDMStoreTests", dependencies: ["IDMStore", "IDMDomain", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: v5),
        .testTarget(name: "IDMTerminalTests", dependencies: ["IDMTerminal"], swiftSettings: v5),
        .testTarget(name: "IDMConsoleTests", dependencies: ["IDMConsole", "IDMTerminal", "IDMStore", "IDMDomain"], swiftSettings: v5),
        .testTarget(name: "idmTests", dependencies: ["IDMStore", "IDMDomain", "IDMTerminal", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: v5),
    ]
)
