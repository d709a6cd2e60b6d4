import Foundation
import IDMDomain

/// The files an `import akamai` names: each file given, and every regular file directly in a
/// directory given (in name order, hidden files left out), each parsed by its shape.
public enum AkamaiFiles {
    /// A file that is not JSON is malformed (`AkamaiParseError`: nothing is imported) when it was
    /// named or is called *.json; another file of a directory that is not JSON is skipped.
    public static func read(_ paths: [String]) throws -> [AkamaiFile] {
        var files: [AkamaiFile] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw AkamaiParseError(file: path, message: "cannot be read: no such file or directory.")
            }
            guard isDirectory.boolValue else {
                files.append(try parse(path, named: (path as NSString).lastPathComponent, strict: true))
                continue
            }
            let names: [String]
            do {
                names = try fm.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
            } catch {
                throw AkamaiParseError(file: path, message: "cannot be read: \((error as NSError).localizedDescription)")
            }
            for name in names {
                let full = (path as NSString).appendingPathComponent(name)
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue else { continue }
                files.append(try parse(full, named: name, strict: name.lowercased().hasSuffix(".json")))
            }
        }
        return files
    }

    static func parse(_ path: String, named name: String, strict: Bool) throws -> AkamaiFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AkamaiParseError(file: name, message: "cannot be read.")
        }
        do {
            return try AkamaiParser.parse(data, file: name)
        } catch is AkamaiParseError where !strict && (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil {
            return AkamaiFile(name: name, content: nil, skipped: "not JSON")
        }
    }
}
