/// `sin` and `exp` from basic arithmetic only. libm's results may differ in the last
/// bit between platforms; these do not, which keeps sandbox payloads byte-identical
/// on Linux and Apple platforms.
enum SandboxMath {
    /// sin(x), by range reduction to [−π, π] and an odd Taylor series (error < 1e-9).
    static func sin(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        var y = x - (x / twoPi).rounded(.down) * twoPi
        if y > Double.pi { y -= twoPi }
        var term = y
        var sum = y
        for n in 1...12 {
            term *= -y * y / Double((2 * n) * (2 * n + 1))
            sum += term
        }
        return sum
    }

    /// exp(x) for x ≤ 0, by halving until small, a Taylor series, then squaring.
    static func exp(_ x: Double) -> Double {
        guard x > -40 else { return 0 }
        var reduced = x
        var squarings = 0
        while reduced < -0.5 {
            reduced /= 2
            squarings += 1
        }
        var term = 1.0
        var sum = 1.0
        for n in 1...16 {
            term *= reduced / Double(n)
            sum += term
        }
        for _ in 0..<squarings { sum *= sum }
        return sum
    }
}
