import COpenBLAS
import Foundation
import Intelligence

/// What `make bench` reports about the encoder: sequences per second for 128-token inputs at
/// batch 1 and 32, the floating-point rate that implies, and OpenBLAS's own single-core sgemm
/// rate measured in the same run, for comparison. All on one thread.
public enum EncoderBenchmark {
    public struct Figures: Sendable, Codable {
        public let sgemmGFLOPS: Double
        public let batch1SequencesPerSecond: Double
        public let batch32SequencesPerSecond: Double
        public let batch1GFLOPS: Double
        public let batch32GFLOPS: Double
    }

    /// Multiply-adds ×2 of one forward pass over `length` tokens: the six layers' dense
    /// products and attention (pooling and element-wise work are not counted).
    public static func flops(length: Int) -> Double {
        let d = Double(MiniLMEncoder.dimensions), n = Double(length), ff = Double(MiniLMEncoder.intermediate)
        let dense = 2 * n * d * d * 4 + 2 * n * d * ff * 2
        let attention = 2 * n * n * d * 2
        return Double(MiniLMEncoder.layers) * (dense + attention)
    }

    /// Single-threaded sgemm on shapes like the encoder's largest product: the best of 15, so
    /// that a noisy machine does not flatter the ratio.
    public static func sgemmGFLOPS(rows: Int = 4_096, inner: Int = 384, columns: Int = 1_536, repeats: Int = 15) -> Double {
        let a = [Float](repeating: 0.5, count: rows * inner)
        let b = [Float](repeating: 0.25, count: inner * columns)
        var c = [Float](repeating: 0, count: rows * columns)
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(columns), Int32(inner), 1, a, Int32(inner), b, Int32(inner), 0, &c, Int32(columns))
            best = min(best, seconds(ContinuousClock.now - start))
        }
        return 2 * Double(rows) * Double(inner) * Double(columns) / best / 1e9
    }

    public static func run(_ encoder: MiniLMEncoder, seconds budget: Double = 3) -> Figures {
        MiniLMEncoder.setBLASThreads(1)
        let sgemm = sgemmGFLOPS()
        let sequence = [encoder.tokenizer.classifier] + [Int32](repeating: 2_000, count: 126) + [encoder.tokenizer.separator]
        /// The median rate over at least five runs (and the budget's half), after one to warm up.
        func rate(batch: Int) -> Double {
            let input = [[Int32]](repeating: sequence, count: batch)
            _ = encoder.encode(ids: input)
            var rates: [Double] = []
            let start = ContinuousClock.now
            while seconds(ContinuousClock.now - start) < budget / 2 || rates.count < 5 {
                let run = ContinuousClock.now
                _ = encoder.encode(ids: input)
                rates.append(Double(batch) / seconds(ContinuousClock.now - run))
            }
            return rates.sorted()[rates.count / 2]
        }
        let one = rate(batch: 1)
        let many = rate(batch: 32)
        let perSequence = flops(length: 128) / 1e9
        return Figures(sgemmGFLOPS: sgemm, batch1SequencesPerSecond: one, batch32SequencesPerSecond: many,
                       batch1GFLOPS: one * perSequence, batch32GFLOPS: many * perSequence)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
