import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import IDMStore
import XCTest

/// Saving a new API client's credential as an `.edgerc` section.
final class EdgercTests: XCTestCase {
    let secret = "s3cr3t+SECRET/value="
    lazy var credential = EdgercCredential(host: "akab-host.luna.akamaiapis.net", clientToken: "akab-client-token",
                                           clientSecret: secret, accessToken: "akab-access-token")
    var dir = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("edgerc-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func block(_ name: String, _ c: EdgercCredential? = nil) -> String {
        let c = c ?? credential
        return "[\(name)]\nclient_secret = \(c.clientSecret)\nhost = \(c.host)\naccess_token = \(c.accessToken)\nclient_token = \(c.clientToken)\n"
    }

    func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(chmod(path, mode), 0)
    }

    func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        return st.st_mode & 0o7777
    }

    func entries(_ directory: String? = nil) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory ?? dir).sorted()
    }

    // MARK: - New file

    func testNewFileInMissingDirectoryIsPrivateWithExactContents() throws {
        let path = dir + "/conf/akamai/.edgerc"
        let warnings = try Edgerc.save(credential, section: "default", to: path)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(try contents(path), block("default"))
        XCTAssertEqual(mode(path), 0o600)
        XCTAssertEqual(mode(dir + "/conf"), 0o700)
        XCTAssertEqual(mode(dir + "/conf/akamai"), 0o700)
        XCTAssertEqual(try entries(dir + "/conf/akamai"), [".edgerc"])
    }

    func testNewFileIsPrivateEvenWithAPermissiveUmask() throws {
        let old = umask(0)
        defer { umask(old) }
        let path = dir + "/.edgerc"
        try Edgerc.save(credential, section: "default", to: path)
        XCTAssertEqual(mode(path), 0o600)
    }

    // MARK: - Appending

    func testAppendKeepsOtherSectionsAndCommentsByteForByte() throws {
        let path = dir + "/.edgerc"
        let original = "; Akamai credentials\n[default]\nclient_secret = old\nhost = h.example\n# inline note\naccess_token = a\nclient_token = c\n\n  [ ccu ]  \nhost=x\tmax_body = 131072\n; trailing comment"
        try write(original, to: path)
        XCTAssertEqual(try Edgerc.save(credential, section: "new-client", to: path), [])
        XCTAssertEqual(try contents(path), original + "\n\n" + block("new-client"))
        XCTAssertEqual(try Edgerc.sections(in: path), ["default", "ccu", "new-client"])
    }

    func testAppendAddsExactlyOneBlankLine() throws {
        let path = dir + "/.edgerc"
        try write("[a]\nhost = x\n", to: path)
        try Edgerc.save(credential, section: "b", to: path)
        XCTAssertEqual(try contents(path), "[a]\nhost = x\n\n" + block("b"))

        // Already ends with a blank line: none added, and the existing ones are kept as they are.
        try write("[a]\nhost = x\n\n\n", to: path)
        try Edgerc.save(credential, section: "b", to: path)
        XCTAssertEqual(try contents(path), "[a]\nhost = x\n\n\n" + block("b"))

        // An empty existing file gets just the section.
        try write("", to: path)
        try Edgerc.save(credential, section: "b", to: path)
        XCTAssertEqual(try contents(path), block("b"))
    }

    func testAppendToCRLFFileUsesCRLF() throws {
        let path = dir + "/.edgerc"
        try write("[a]\r\nhost = x\r\n", to: path)
        try Edgerc.save(credential, section: "b", to: path)
        XCTAssertEqual(try contents(path), "[a]\r\nhost = x\r\n\r\n" + block("b").replacingOccurrences(of: "\n", with: "\r\n"))
    }

    // MARK: - Existing sections

    func testExistingSectionIsRefusedAndFileUnchanged() throws {
        let path = dir + "/.edgerc"
        let original = "[other]\nhost = o\n\n[ default ]\nclient_secret = keep-me\n"
        try write(original, to: path)
        XCTAssertThrowsError(try Edgerc.save(credential, section: "default", to: path)) { error in
            XCTAssertEqual(error as? EdgercError, .sectionExists(section: "default", path: path))
            XCTAssertEqual("\(error)", "Section [default] already exists in \(path); choose another name or allow replacing it.")
            XCTAssertFalse("\(error)".contains(self.secret))
        }
        XCTAssertEqual(try contents(path), original)
        XCTAssertEqual(try entries(), [".edgerc"])
    }

    func testReplaceReplacesOnlyThatSection() throws {
        let path = dir + "/.edgerc"
        let before = "; top\n[a]\nclient_secret = sa\nhost = ha\n\n"
        let old = "[b]\nclient_secret = old-secret\n; about b's host\nhost = hb\naccess_token = ab\nclient_token = cb\n"
        let after = "\n; the c section, for purging\n[c]\nhost = hc\n"
        try write(before + old + after, to: path, mode: 0o640)
        let fresh = EdgercCredential(host: "new-host", clientToken: "new-ct", clientSecret: "new-cs", accessToken: "new-at")
        XCTAssertEqual(try Edgerc.save(fresh, section: "b", to: path, replace: true),
                       ["\(path) was readable by others (mode 0640); idm made it 0600 before writing the secret"])
        XCTAssertEqual(try contents(path), before + block("b", fresh) + after)
        XCTAssertEqual(mode(path), 0o600)
        XCTAssertEqual(try entries(), [".edgerc"])
    }

    func testReplaceAtEndOfFileAndDropsLaterDuplicates() throws {
        let path = dir + "/.edgerc"
        try write("[b]\nhost = one\n\n[a]\nhost = a\n\n[b]\nhost = two", to: path)
        try Edgerc.save(credential, section: "b", to: path, replace: true)
        XCTAssertEqual(try contents(path), block("b") + "\n[a]\nhost = a\n\n")
        XCTAssertEqual(try Edgerc.sections(in: path), ["b", "a"])
    }

    func testReplaceOfAMissingSectionAppends() throws {
        let path = dir + "/.edgerc"
        try write("[a]\nhost = a\n", to: path)
        try Edgerc.save(credential, section: "b", to: path, replace: true)
        XCTAssertEqual(try contents(path), "[a]\nhost = a\n\n" + block("b"))
    }

    // MARK: - Refusals

    func testInvalidSectionNamesAreRefused() throws {
        let path = dir + "/.edgerc"
        for name in ["", "a b", "x]", "[x", "naïve", "a\nb", "a;b", String(repeating: "a", count: 65)] {
            XCTAssertThrowsError(try Edgerc.save(credential, section: name, to: path), name.debugDescription) { error in
                XCTAssertEqual(error as? EdgercError, .invalidSectionName(name))
                XCTAssertTrue("\(error)".contains("1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'"), "\(error)")
            }
        }
        XCTAssertEqual(try entries(), [])
        try Edgerc.save(credential, section: String(repeating: "a", count: 64), to: path)
        try Edgerc.save(credential, section: "Prod_2.ccu-purge", to: path)
        XCTAssertEqual(try Edgerc.sections(in: path), [String(repeating: "a", count: 64), "Prod_2.ccu-purge"])
    }

    func testValuesThatWouldBreakTheFileAreRefusedWithoutShowingThem() throws {
        let path = dir + "/.edgerc"
        var bad = credential
        bad.clientSecret = secret + "\n[evil]"
        XCTAssertThrowsError(try Edgerc.save(bad, section: "x", to: path)) { error in
            XCTAssertEqual(error as? EdgercError, .invalidValue(field: "client_secret"))
            XCTAssertFalse("\(error)".contains(self.secret))
        }
        bad = credential
        bad.host = ""
        XCTAssertThrowsError(try Edgerc.save(bad, section: "x", to: path)) { error in
            XCTAssertEqual(error as? EdgercError, .invalidValue(field: "host"))
        }
        XCTAssertEqual(try entries(), [])
    }

    func testDirectoryAndFIFOAreRefused() throws {
        XCTAssertThrowsError(try Edgerc.save(credential, section: "x", to: dir)) { error in
            XCTAssertEqual(error as? EdgercError, .notARegularFile(dir))
        }
        XCTAssertThrowsError(try Edgerc.sections(in: dir)) { error in
            XCTAssertEqual(error as? EdgercError, .notARegularFile(dir))
        }
        let fifo = dir + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertThrowsError(try Edgerc.save(credential, section: "x", to: fifo)) { error in
            XCTAssertEqual(error as? EdgercError, .notARegularFile(fifo))
        }
        XCTAssertThrowsError(try Edgerc.sections(in: fifo)) { error in
            XCTAssertEqual(error as? EdgercError, .notARegularFile(fifo))
        }
        XCTAssertEqual(try entries(), ["fifo"])
    }

    func testSymlinkIsFollowedToARegularFileOnly() throws {
        try FileManager.default.createDirectory(atPath: dir + "/dotfiles", withIntermediateDirectories: false)
        let real = dir + "/dotfiles/edgerc"
        try write("[a]\nhost = a\n", to: real)
        let link = dir + "/.edgerc"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "dotfiles/edgerc")
        try Edgerc.save(credential, section: "b", to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "dotfiles/edgerc", "the link stays a link")
        XCTAssertEqual(try contents(real), "[a]\nhost = a\n\n" + block("b"))
        XCTAssertEqual(try entries(dir + "/dotfiles"), ["edgerc"])

        let toDir = dir + "/to-dir"
        try FileManager.default.createSymbolicLink(atPath: toDir, withDestinationPath: "dotfiles")
        XCTAssertThrowsError(try Edgerc.save(credential, section: "x", to: toDir)) { error in
            XCTAssertEqual(error as? EdgercError, .notARegularFile(toDir))
        }
        let dangling = dir + "/dangling"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "nowhere/edgerc")
        XCTAssertThrowsError(try Edgerc.save(credential, section: "x", to: dangling)) { error in
            XCTAssertEqual(error as? EdgercError, .notARegularFile(dangling))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/nowhere"))
    }

    // MARK: - Permissions

    func testWorldReadableFileIsNarrowedTo0600BeforeTheSecretIsWritten() throws {
        let path = dir + "/.edgerc"
        try write("[a]\nhost = a\n", to: path, mode: 0o644)
        let warnings = try Edgerc.save(credential, section: "b", to: path)
        XCTAssertEqual(warnings, ["\(path) was readable by others (mode 0644); idm made it 0600 before writing the secret"])
        XCTAssertEqual(mode(path), 0o600, "a secret is never written into a file others can read")
        XCTAssertFalse(warnings.joined().contains(secret))
    }

    func testPrivateFileKeepsItsNarrowerMode() throws {
        let path = dir + "/.edgerc"
        try write("[a]\nhost = a\n", to: path, mode: 0o400)
        // 0400 is read-only; root may write anyway (tests run as root in CI), so check the mode
        // only when the save went through.
        if (try? Edgerc.save(credential, section: "b", to: path)) != nil {
            XCTAssertEqual(mode(path), 0o400)
        }
        try write("[a]\nhost = a\n", to: path, mode: 0o600)
        XCTAssertEqual(try Edgerc.save(credential, section: "b", to: path), [])
        XCTAssertEqual(mode(path), 0o600)
    }

    // MARK: - Paths and reading

    func testTildeExpansion() throws {
        let oldHome = getenv("HOME").map { String(cString: $0) }
        defer { if let oldHome { setenv("HOME", oldHome, 1) } else { unsetenv("HOME") } }
        setenv("HOME", dir, 1)
        XCTAssertEqual(Edgerc.expand("~/.edgerc"), dir + "/.edgerc")
        XCTAssertEqual(Edgerc.expand("~"), dir)
        XCTAssertEqual(Edgerc.expand("/etc/~/x"), "/etc/~/x")
        XCTAssertEqual(Edgerc.expand("~other/.edgerc"), "~other/.edgerc")
        XCTAssertEqual(Edgerc.expand("relative/.edgerc"), "relative/.edgerc")
        try Edgerc.save(credential, section: "default", to: Edgerc.defaultPath)
        XCTAssertEqual(try contents(dir + "/.edgerc"), block("default"))
        XCTAssertEqual(try Edgerc.sections(in: "~/.edgerc"), ["default"])
    }

    func testNoTempFileLeftAfterSuccessOrFailure() throws {
        let path = dir + "/.edgerc"
        try Edgerc.save(credential, section: "a", to: path)
        try Edgerc.save(credential, section: "b", to: path)
        try Edgerc.save(credential, section: "a", to: path, replace: true)
        XCTAssertEqual(try entries(), [".edgerc"])
        XCTAssertThrowsError(try Edgerc.save(credential, section: "a", to: path))
        XCTAssertEqual(try entries(), [".edgerc"])

        // A write that really fails half way (file size limit): the temp file is removed, the
        // original is untouched, and the message has the path and the reason but no secret.
        let original = try contents(path)
        var old = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old), 0)
        let oldSignal = signal(SIGXFSZ, SIG_IGN)
        var small = old
        small.rlim_cur = rlim_t(original.utf8.count + 10)
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small), 0)
        var thrown: Error?
        do { try Edgerc.save(credential, section: "c", to: path) } catch { thrown = error }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        signal(SIGXFSZ, oldSignal)
        let error = try XCTUnwrap(thrown)
        guard case .io(let message) = error as? EdgercError else { return XCTFail("\(error)") }
        XCTAssertTrue(message.contains(path) && message.contains(String(cString: strerror(EFBIG))), message)
        XCTAssertFalse(message.contains(secret))
        XCTAssertEqual(try entries(), [".edgerc"])
        XCTAssertEqual(try contents(path), original)
    }

    func testSectionsParsesNamesAndIgnoresComments() throws {
        let path = dir + "/.edgerc"
        XCTAssertEqual(try Edgerc.sections(in: path), [], "a missing file has no sections")
        try write("""
        ; [commented-out]
        # [hash-comment]
        [default]
        client_secret = x
          [  spaced  ]\t
        host = [not-a-section]
        [tabbed]\r
        []
        [ ccu ] ; inline remark
        """, to: path)
        XCTAssertEqual(try Edgerc.sections(in: path), ["default", "spaced", "tabbed", "ccu"])
    }
}
