import Engine
import Foundation
import KVBase
import KVCore

extension SpreadFit.Result {
    /// The fit as `compare --fit-spread` prints it: every sigma tried with its Max-row shares
    /// and error, then the winner.
    public var text: String {
        var lines = ["length spread fitted to Fig. 2's Max row (paper: 20.4 / 13.3 / 57.3 / 8.9 %), "
                        + "Max baseline serving \(ByteCount.grouped(requests)) requests at each sigma:",
                     "  sigma   tokens  reserved  internal  external   RMS error (points)"]
        for row in tried {
            lines.append(String(format: "  %5.2f   %6.1f    %6.1f    %6.1f    %6.1f   %6.2f%@", row.sigma,
                                row.shares.tokenStates * 100, row.shares.reserved * 100,
                                row.shares.internalFragmentation * 100, row.shares.externalFragmentation * 100,
                                row.error, row.sigma == sigma ? "  <- fitted" : ""))
        }
        lines.append(String(format: "fitted sigma = %.2f (the shipped sharegpt preset uses %.2f)", sigma,
                            WorkloadSpec.sharegptSigma))
        return lines.joined(separator: "\n") + "\n"
    }
}
