import Foundation

/// Nelder–Mead's downhill simplex: minimises a function of a few unbounded variables using
/// values only, no gradients. Bounds belong in the caller's change of variables.
///
/// Uses the dimension-dependent coefficients of Gao and Han (2012), which keep the simplex from
/// collapsing in ten or more dimensions. It is robust far from a minimum and slow near one, so
/// the fit uses it with a loose tolerance to get close, and Levenberg–Marquardt to finish.
struct NelderMead: Sendable {
    /// Stop when the values across the simplex agree to this relative tolerance.
    var tolerance = 1e-8
    var maxEvaluations = 20_000

    struct Result {
        var point: [Double]
        var value: Double
        var evaluations: Int
    }

    /// Minimises `f` from `start`; `steps` sets the initial simplex's size along each axis.
    func minimize(_ f: ([Double]) -> Double, from start: [Double], steps: [Double]) -> Result {
        let n = start.count
        let dimension = Double(n)
        let (reflection, expansion) = (1.0, 1 + 2 / dimension)
        let (contraction, shrink) = (0.75 - 1 / (2 * dimension), 1 - 1 / dimension)

        var simplex = [start]
        for axis in 0..<n {
            var vertex = start
            vertex[axis] += steps[axis]
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        var evaluations = simplex.count

        func blend(_ centroid: [Double], _ worst: [Double], _ t: Double) -> [Double] {
            (0..<n).map { centroid[$0] + t * (centroid[$0] - worst[$0]) }
        }

        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = values[n] - values[0]
            if !(spread > tolerance * (abs(values[0]) + 1e-300)) && values[n].isFinite { break }

            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex.dropLast() {
                for i in 0..<n { centroid[i] += vertex[i] / dimension }
            }
            let reflected = blend(centroid, simplex[n], reflection)
            let reflectedValue = f(reflected)
            evaluations += 1

            if reflectedValue < values[0] {
                let expanded = blend(centroid, simplex[n], reflection * expansion)
                let expandedValue = f(expanded)
                evaluations += 1
                (simplex[n], values[n]) = expandedValue < reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue < values[n - 1] {
                (simplex[n], values[n]) = (reflected, reflectedValue)
            } else {
                let outside = reflectedValue < values[n]
                let contracted = blend(centroid, simplex[n], outside ? reflection * contraction : -contraction)
                let contractedValue = f(contracted)
                evaluations += 1
                if contractedValue < min(reflectedValue, values[n]) {
                    (simplex[n], values[n]) = (contracted, contractedValue)
                } else {
                    for k in 1...n {
                        simplex[k] = (0..<n).map { simplex[0][$0] + shrink * (simplex[k][$0] - simplex[0][$0]) }
                        values[k] = f(simplex[k])
                    }
                    evaluations += n
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] } ?? 0
        return Result(point: simplex[bestIndex], value: values[bestIndex], evaluations: evaluations)
    }
}
