/*
 * A simulated tablet: publishes a line of ink as pen events (down, moves, up per stroke, then end
 * of line) at real pen speed or as fast as possible. Used by `inkstream tablet` and the demo.
 */
package inkstream.cli;

import inkstream.ink.Ink;
import inkstream.proto.v1.Control;
import inkstream.proto.v1.ControlType;
import inkstream.proto.v1.PenEvent;
import inkstream.proto.v1.PenPhase;
import inkstream.proto.v1.PenSample;
import java.util.function.Consumer;

final class Tablet {
  private final String session;
  private final double speed; // 1 = real time, 0 = as fast as possible
  private final Consumer<PenEvent> out;
  private long sequence;

  Tablet(String session, double speed, Consumer<PenEvent> out) {
    this.session = session;
    this.speed = speed;
    this.out = out;
  }

  /** Writes one line and ends it; client times follow the ink's own timing. */
  void write(Ink ink) throws InterruptedException {
    long start = System.currentTimeMillis();
    double t0 = ink.strokes().isEmpty() ? 0 : firstTime(ink);
    lineOffset = start - t0;
    long[] times = ink.relativeTimesMs();
    int point = 0;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i <= s.size(); i++) {
        int k = Math.min(i, s.size() - 1);
        long t = times[point + k];
        if (speed > 0) {
          long wait = start + (long) (t / speed) - System.currentTimeMillis();
          if (wait > 0) Thread.sleep(wait);
        }
        PenPhase phase = i == 0 ? PenPhase.PEN_PHASE_DOWN : i == s.size() ? PenPhase.PEN_PHASE_UP : PenPhase.PEN_PHASE_MOVE;
        lastTime = start + t;
        out.accept(PenEvent.newBuilder().setSessionId(session).setSequence(sequence++).setClientTimeMs(lastTime)
            .setSample(PenSample.newBuilder().setPhase(phase).setX(s.x()[k]).setY(s.y()[k])).build());
      }
      point += s.size();
    }
    control(ControlType.CONTROL_TYPE_END_OF_LINE);
  }

  private long lastTime = -1; // client time of the last sample sent
  private double lineOffset; // client time minus ink time for the line written last

  /** Client time minus the ink's own time for the line written last (ink time t was sent as t + offset). */
  double lineOffset() {
    return lineOffset;
  }

  /** A control event, stamped with the time of the last sample (the pen time at which the writer ended the line). */
  void control(ControlType type) {
    out.accept(PenEvent.newBuilder().setSessionId(session).setSequence(sequence++).setClientTimeMs(lastTime >= 0 ? lastTime : System.currentTimeMillis())
        .setControl(Control.newBuilder().setType(type)).build());
  }

  private static double firstTime(Ink ink) {
    double t = ink.strokes().get(0).t()[0];
    return Double.isNaN(t) ? 0 : t;
  }
}
