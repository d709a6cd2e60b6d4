/// Where random bytes come from. Production uses the system's cryptographic generator
/// (`getrandom` on Linux); the demo and the golden screens use a seeded one so that what they
/// show is the same on every machine.
public protocol Entropy: AnyObject {
    func bytes(_ count: Int) -> [UInt8]
}

public final class SystemEntropy: Entropy {
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Deterministic bytes for demo data and tests only; never for real credentials.
public final class SeededEntropy: Entropy {
    private var random: SeedRandom
    public init(seed: UInt64) { random = SeedRandom(seed: seed) }
    public func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            let word = random.next()
            withUnsafeBytes(of: word) { out.append(contentsOf: $0.prefix(count - out.count)) }
        }
        return out
    }
}
