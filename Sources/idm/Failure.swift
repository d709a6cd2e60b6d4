/// A one-line failure of a command: printed as "Error: <message>", exit status 1, no usage text.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
