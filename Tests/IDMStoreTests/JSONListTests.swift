import Foundation
import XCTest
@testable import IDMStore

/// The stored lists (a client's IP allowlist and notification emails) read back as written:
/// the quick split of an unescaped list and JSONDecoder agree on every list `encode` writes.
final class JSONListTests: XCTestCase {
    func testEveryEncodedListDecodesToItself() {
        let lists: [[String]] = [
            [], [""], ["", ""], ["a"], ["10.0.0.0/8", "192.168.1.1/32", "2001:db8::/32"], ["a,b", "c\",\"d"], ["quote\"d"],
            ["back\\slash"], ["\u{1B}[31m", "\u{202E}x"], ["é", "日本", "😀"], ["\",\""], ["x\"", "\"y"], ["a@x.example", "b@y.example"],
        ]
        for list in lists {
            let text = JSONList.encode(list)
            XCTAssertEqual(JSONList.decode(text), list, text)
            XCTAssertEqual(JSONList.decode(text), (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? [], text)
        }
        // What encode never writes still reads as JSON says, or as nothing.
        XCTAssertEqual(JSONList.decode(#"[ "a" , "b" ]"#), ["a", "b"])
        XCTAssertEqual(JSONList.decode(#"["]"#), [])
        XCTAssertEqual(JSONList.decode(nil), [])
        XCTAssertEqual(JSONList.decode("not json"), [])
    }
}
