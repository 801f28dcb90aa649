/*
 * Sizes the topology produces, for the README's numbers and for operators: bytes of session state
 * written to the stores (each put of a session's state or of a full block of its line's inputs;
 * one changelog record each before caching), and bytes of gate telemetry and hypotheses emitted.
 * Thread-safe; one instance per topology.
 */
package inkstream.stream;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

public final class StreamStats {
  private final LongAdder statePuts = new LongAdder(), stateBytes = new LongAdder();
  private final LongAccumulator maxStateBytes = new LongAccumulator(Math::max, 0);
  private final LongAdder telemetryRecords = new LongAdder(), telemetryBytes = new LongAdder();
  private final LongAdder hypothesisRecords = new LongAdder(), hypothesisBytes = new LongAdder();

  /** What was measured so far. */
  public record Snapshot(long statePuts, long stateBytes, long maxStateBytes, long telemetryRecords, long telemetryBytes,
      long hypothesisRecords, long hypothesisBytes) {
    public double meanStateBytes() {
      return statePuts == 0 ? 0 : (double) stateBytes / statePuts;
    }
  }

  void state(int bytes) {
    statePuts.increment();
    stateBytes.add(bytes);
    maxStateBytes.accumulate(bytes);
  }

  void telemetry(int bytes) {
    telemetryRecords.increment();
    telemetryBytes.add(bytes);
  }

  void hypothesis(int bytes) {
    hypothesisRecords.increment();
    hypothesisBytes.add(bytes);
  }

  public Snapshot snapshot() {
    return new Snapshot(statePuts.sum(), stateBytes.sum(), maxStateBytes.get(), telemetryRecords.sum(), telemetryBytes.sum(),
        hypothesisRecords.sum(), hypothesisBytes.sum());
  }
}
