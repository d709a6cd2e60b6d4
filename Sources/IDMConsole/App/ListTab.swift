import IDMDomain
import IDMStore

/// One tab's list: its SQL window, the selection, and the rows currently on screen.
struct ListTab {
    private(set) var window: ListWindow
    private(set) var count = 0
    var selected = 0
    var top = 0
    /// The rows from `top` that fit on screen, loaded after every change.
    private(set) var visible: [ListRow] = []

    init(store: Store, spec: ListSpec) throws {
        window = ListWindow(store: store, spec: spec)
        count = try window.count()
    }

    var spec: ListSpec { window.spec }
    var list: DirectoryList { spec.list }

    var selectedRow: ListRow? {
        let i = selected - top
        return visible.indices.contains(i) ? visible[i] : nil
    }

    /// A new filter or sort: a new window, the selection kept on the same row when it is still there.
    mutating func respec(_ spec: ListSpec, store: Store) throws {
        let keep = selectedRow?.id
        window = ListWindow(store: store, spec: spec)
        count = try window.count()
        selected = 0
        top = 0
        if let keep, let offset = try window.offset(ofID: keep) { selected = offset }
    }

    mutating func reload(store: Store) throws {
        try respec(spec, store: store)
    }

    mutating func move(by delta: Int) { select(selected + delta) }

    mutating func select(_ index: Int) {
        selected = max(0, min(count - 1, index))
        if count == 0 { selected = 0 }
    }

    /// Keeps the selection on screen, then loads exactly the rows shown.
    mutating func loadVisible(height: Int) throws {
        guard height > 0 else { visible = []; return }
        if selected < top { top = selected }
        if selected >= top + height { top = selected - height + 1 }
        top = max(0, min(top, max(0, count - height)))
        visible = try window.rows(offset: top, limit: height)
    }
}
