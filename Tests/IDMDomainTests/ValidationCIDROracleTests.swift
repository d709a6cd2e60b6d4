#if canImport(Glibc)
import Glibc
import XCTest
@testable import IDMDomain

/// The hand-written parser and formatter against glibc's inet_pton / inet_ntop on many random
/// strings. The library code must not use them (it stays pure and portable), but they are a
/// good independent oracle: glibc also refuses IPv4 leading zeros and follows RFC 5952.
final class ValidationCIDROracleTests: XCTestCase {
    private func glibcParse(_ text: String, family: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 16)
        let ok = text.withCString { inet_pton(family, $0, &buffer) }
        guard ok == 1 else { return nil }
        return Array(buffer.prefix(family == AF_INET ? 4 : 16))
    }

    private func glibcFormat6(_ bytes: [UInt8]) -> String {
        var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &out, socklen_t(out.count)) }
        return String(cString: out)
    }

    /// Random strings built from address-like pieces, so that many are nearly valid.
    private func randomAddressText(_ rng: inout ValidationTestRNG) -> String {
        let pieces = ["0", "1", "00", "01", "10", "255", "256", "ab", "FFFF", "0db8", "12345", "g",
                      ":", ":", ":", "::", ".", ".", "1.2.3.4", "192.0.2.1", "010", "%1", "ffff:"]
        let count = Int(rng.next() % 14)
        return (0..<count).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    func testParserAgreesWithInetPton() {
        var rng = ValidationTestRNG(seed: 7)
        var accepted = 0
        for _ in 0..<50_000 {
            let text = randomAddressText(&rng)
            let family = text.contains(":") ? AF_INET6 : AF_INET
            let expected = glibcParse(text, family: family)
            let ours = CIDR(parsing: text)
            XCTAssertEqual(ours?.address, expected, "input \(text.debugDescription)")
            if ours != nil { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 1000, "the generator should produce enough valid addresses")
    }

    func testFormatterAgreesWithInetNtop() {
        var rng = ValidationTestRNG(seed: 11)
        for _ in 0..<20_000 {
            var bytes = [UInt8](repeating: 0, count: 16)
            for group in 0..<8 where rng.next() % 2 == 0 {
                bytes[2 * group] = UInt8(truncatingIfNeeded: rng.next() % 3 == 0 ? rng.next() : 0)
                bytes[2 * group + 1] = UInt8(truncatingIfNeeded: rng.next())
            }
            if rng.next() % 8 == 0 { bytes[0..<10] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0][...]; bytes[10] = 0xFF; bytes[11] = 0xFF }
            // glibc also writes the deprecated IPv4-compatible form (::a.b.c.d) dotted; RFC 5952
            // does not, so those are left out.
            if bytes[0..<12].allSatisfy({ $0 == 0 }) { continue }
            let ours = CIDR(family: .ipv6, address: bytes, prefix: 128)
            XCTAssertEqual(ours.description, glibcFormat6(bytes) + "/128")
        }
    }
}
#endif
