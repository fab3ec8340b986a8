import Foundation

/// Levenberg–Marquardt for a sum of squares: Gauss–Newton steps from a finite-difference
/// Jacobian, damped towards gradient descent whenever a step fails to lower the sum.
///
/// Near a minimum it converges in tens of iterations where Nelder–Mead would need thousands of
/// evaluations, so it finishes what a coarse Nelder–Mead search starts.
struct LevenbergMarquardt: Sendable {
    /// Stop when two accepted steps in a row each lower the sum by less than this, relatively.
    /// (One is not enough: in a curved valley small and large gains alternate.)
    var tolerance = 1e-10
    var maxIterations = 50

    struct Result {
        var point: [Double]
        var value: Double
        var evaluations: Int
    }

    /// Minimises the sum of squares of the `count` residuals that `residuals` writes for a
    /// point, or returns false for a point outside the domain. `scales` are the typical sizes
    /// of the variables, which set the finite-difference steps.
    func minimize(_ residuals: ([Double], inout [Double]) -> Bool, count: Int, from start: [Double], scales: [Double]) -> Result {
        let n = start.count
        var point = start
        var current = [Double](repeating: 0, count: count), trial = current
        guard residuals(point, &current) else { return Result(point: start, value: .infinity, evaluations: 1) }
        var value = sumOfSquares(current)
        var evaluations = 1
        var damping = 1e-3
        var jacobian = [[Double]](repeating: current, count: n)
        var smallSteps = 0

        for _ in 0..<maxIterations {
            for j in 0..<n {
                let step = 1e-7 * max(abs(point[j]), scales[j])
                var shifted = point
                shifted[j] += step
                evaluations += 1
                guard residuals(shifted, &trial) else { jacobian[j] = [Double](repeating: 0, count: count); continue }
                for i in 0..<count { jacobian[j][i] = (trial[i] - current[i]) / step }
            }
            var normal = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            var gradient = [Double](repeating: 0, count: n)
            for a in 0..<n {
                gradient[a] = dot(jacobian[a], current)
                for b in a..<n {
                    normal[a][b] = dot(jacobian[a], jacobian[b])
                    normal[b][a] = normal[a][b]
                }
            }
            var keepGoing = false
            while damping < 1e12 {
                var damped = normal
                for a in 0..<n { damped[a][a] += damping * max(normal[a][a], 1e-12) }
                guard let delta = solveCholesky(damped, gradient.map { -$0 }) else { damping *= 10; continue }
                let candidate = zip(point, delta).map { $0 + $1 }
                evaluations += 1
                if residuals(candidate, &trial), case let newValue = sumOfSquares(trial), newValue < value {
                    let gain = value - newValue
                    (point, value, current) = (candidate, newValue, trial)
                    damping = max(damping / 3, 1e-12)
                    smallSteps = gain > tolerance * value ? 0 : smallSteps + 1
                    keepGoing = smallSteps < 2
                    break
                }
                damping *= 4
            }
            if !keepGoing { break }
        }
        return Result(point: point, value: value, evaluations: evaluations)
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

private func sumOfSquares(_ values: [Double]) -> Double {
    let sum = dot(values, values)
    return sum.isFinite ? sum : .infinity
}

/// Solves `matrix · x = rhs` for a symmetric positive definite matrix; nil if it is not one.
private func solveCholesky(_ matrix: [[Double]], _ rhs: [Double]) -> [Double]? {
    let n = rhs.count
    var lower = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in 0...i {
            var sum = matrix[i][j]
            for k in 0..<j { sum -= lower[i][k] * lower[j][k] }
            if i == j {
                guard sum > 0 else { return nil }
                lower[i][i] = sum.squareRoot()
            } else {
                lower[i][j] = sum / lower[j][j]
            }
        }
    }
    var y = rhs
    for i in 0..<n {
        for k in 0..<i { y[i] -= lower[i][k] * y[k] }
        y[i] /= lower[i][i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<n { y[i] -= lower[k][i] * y[k] }
        y[i] /= lower[i][i]
    }
    return y
}
