/*
 * Gate-state telemetry: for the frames of the chunk the network just decoded, per layer and
 * direction, the mean input, forget and output gate, the fraction of saturated gates (< 0.05 or
 * > 0.95) and the mean and max absolute cell state; plus per-frame traces of configured cells.
 * Reads the forward pass's own buffers (Pass.gates / Pass.cells), so it costs one sweep over them.
 */
package inkstream.stream;

import inkstream.decode.LineRecognizer;
import inkstream.nn.ModelConfig;
import inkstream.nn.Pass;
import inkstream.proto.v1.CellTrace;
import inkstream.proto.v1.GateSummary;
import inkstream.proto.v1.GateTelemetry;
import inkstream.proto.v1.SessionState;
import java.util.List;

public final class Telemetry {
  private final int interval; // chunks between records; 0 = off
  private final int[][] cells; // {layer, direction, cell}

  public Telemetry(int interval, List<String> traceCells, ModelConfig config) {
    this.interval = interval;
    this.cells = new int[traceCells.size()][];
    for (int i = 0; i < traceCells.size(); i++) {
      String[] p = traceCells.get(i).trim().split(":");
      if (p.length != 3) throw new IllegalArgumentException("telemetry.trace.cells entry not layer:direction:cell: " + traceCells.get(i));
      int[] c = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
      if (c[0] < 0 || c[0] >= config.layers() || c[1] < 0 || c[1] >= config.directions() || c[2] < 0 || c[2] >= config.hiddenSize()) {
        throw new IllegalArgumentException("telemetry.trace.cells entry outside the model (" + config.layers() + " layers, "
            + config.directions() + " directions, " + config.hiddenSize() + " cells): " + traceCells.get(i));
      }
      cells[i] = c;
    }
  }

  /** Counts a decoded chunk; true when this one is to be reported. */
  boolean due(SessionState.Builder s) {
    if (interval <= 0) return false;
    int n = s.getChunksSinceTelemetry() + 1;
    if (n >= interval) {
      s.setChunksSinceTelemetry(0);
      return true;
    }
    s.setChunksSinceTelemetry(n);
    return false;
  }

  GateTelemetry summarize(String session, int line, LineRecognizer r) {
    Pass pass = r.network().lastPass();
    ModelConfig c = pass.config();
    int T = r.network().lastChunkFrames(), H = c.hiddenSize();
    GateTelemetry.Builder out = GateTelemetry.newBuilder().setSessionId(session).setLine(line).setFirstFrame(Math.max(0, r.frames() - T)).setFrames(T);
    if (c.cell() != ModelConfig.Cell.LSTM) return out.build();
    for (int l = 0; l < c.layers(); l++) {
      for (int d = 0; d < c.directions(); d++) {
        float[] g = pass.gates(l, d), cs = pass.cells(l, d);
        double si = 0, sf = 0, so = 0, cellSum = 0, cellMax = 0;
        long saturated = 0;
        for (int t = 0; t < T; t++) {
          for (int j = 0; j < H; j++) {
            float ig = g[t * 4 * H + j], fg = g[t * 4 * H + H + j], og = g[t * 4 * H + 3 * H + j];
            si += ig;
            sf += fg;
            so += og;
            saturated += sat(ig) + sat(fg) + sat(og);
            double a = Math.abs(cs[t * H + j]);
            cellSum += a;
            cellMax = Math.max(cellMax, a);
          }
        }
        double n = Math.max(1, (double) T * H);
        out.addSummaries(GateSummary.newBuilder().setLayer(l).setDirection(d).setInputGateMean((float) (si / n)).setForgetGateMean((float) (sf / n))
            .setOutputGateMean((float) (so / n)).setSaturatedFraction((float) (saturated / (3 * n))).setCellAbsMean((float) (cellSum / n))
            .setCellAbsMax((float) cellMax));
      }
    }
    for (int[] cell : cells) {
      float[] g = pass.gates(cell[0], cell[1]), cs = pass.cells(cell[0], cell[1]);
      CellTrace.Builder tr = CellTrace.newBuilder().setLayer(cell[0]).setDirection(cell[1]).setCell(cell[2]);
      for (int t = 0; t < T; t++) {
        tr.addCellState(cs[t * H + cell[2]]).addInputGate(g[t * 4 * H + cell[2]]).addForgetGate(g[t * 4 * H + H + cell[2]])
            .addOutputGate(g[t * 4 * H + 3 * H + cell[2]]);
      }
      out.addTraces(tr);
    }
    return out.build();
  }

  private static int sat(float v) {
    return v < 0.05f || v > 0.95f ? 1 : 0;
  }
}
