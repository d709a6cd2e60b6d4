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

/// SplitMix64: deterministic, for demo data and tests only; never for real credentials.
public final class SeededEntropy: Entropy {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z) { out.append(contentsOf: $0.prefix(count - out.count)) }
        }
        return out
    }
}
