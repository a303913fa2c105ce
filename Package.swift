// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "ledger",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ledger", targets: ["ledger"]),
    .executable(name: "ledger-bench", targets: ["ledger-bench"]),
    .library(name: "EdgarOwnership", targets: ["EdgarOwnership"]),
    .library(name: "LedgerCore", targets: ["LedgerCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", exact: "1.19.7"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.26.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    // Without its default traits: reading configuration through swift-configuration is not used.
    .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
  ],
  targets: [
    .target(name: "CLedgerSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
    // Event payloads are stored compressed with zstd (Debian's libzstd-dev).
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    // Reading Forms 3, 4 and 5: the domain values, the XML, submission, JSON and data-set
    // readers, and what the filings mean (vesting, grants). No SQLite.
    .target(
      name: "EdgarOwnership",
      dependencies: [
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "HeapModule", package: "swift-collections"),
      ],
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    // The ledger: event log, projections, amendments, reports, the store.
    .target(
      name: "LedgerCore",
      dependencies: [
        "EdgarOwnership",
        "CLedgerSQLite",
        "CZstd",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "DequeModule", package: "swift-collections"),
      ],
      // Release builds do not check exclusive access at run time (debug builds, which the
      // tests run, still do): the checks were about 3% of an append's instructions, on the
      // class properties its writer and parsers use at every filing.
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
    // Getting filings from EDGAR: polite, cached, resumable downloads. No SQLite.
    .target(
      name: "EdgarFetch",
      dependencies: [
        "EdgarOwnership",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
    // `ledger serve`: the read-only web view and JSON API, on Hummingbird.
    .target(
      name: "LedgerWeb",
      dependencies: [
        "LedgerCore",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    .executableTarget(
      name: "ledger",
      dependencies: [
        "LedgerCore",
        "LedgerWeb",
        "EdgarFetch",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The seeded filing generator and data-set writer the benchmark and the tests use.
    .target(name: "LedgerGenerator", dependencies: ["EdgarOwnership", "LedgerCore"]),
    .executableTarget(
      name: "ledger-bench",
      dependencies: [
        "LedgerCore",
        "LedgerGenerator",
        "LedgerWeb",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "LedgerTests",
      dependencies: [
        "EdgarOwnership",
        "EdgarFetch",
        "LedgerCore",
        "LedgerWeb",
        "LedgerGenerator",
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),
  ]
)
