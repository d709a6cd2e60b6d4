import Foundation

/// Work started on another thread while its caller goes on; `get` waits for its result.
///
/// Unchecked for Sendable: whoever starts it promises that what the work touches is not used
/// elsewhere until `get` (or `wait`) returns. `ListStream.pages` keeps that promise by having
/// one page read in flight at a time, and by waiting for it before it returns.
final class InFlight<Value>: @unchecked Sendable {
    /// Dropped as soon as it has run, before `get` returns: a closure borrowed with
    /// `withoutActuallyEscaping` must not outlive its borrow, even inside a finishing thread.
    private var work: (() throws -> Value)?
    private var result: Result<Value, Error>?
    private let finished = DispatchGroup()

    init(_ work: @escaping () throws -> Value) {
        self.work = work
        finished.enter()
        DispatchQueue.global().async {
            self.run()
            self.finished.leave()
        }
    }

    private func run() {
        let work = self.work!
        self.work = nil
        result = Result(catching: work)
    }

    /// Waits until the work is done; any number of times.
    func wait() { finished.wait() }

    /// The work's value, or what it threw, once it is done.
    func get() throws -> Value {
        finished.wait()
        return try result!.get()
    }
}
