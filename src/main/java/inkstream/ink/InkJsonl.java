/*
 * Ink JSONL, the project's interchange format: one JSON object per line,
 *   {"id": "...", "text": "...", "points": [[x, y, t, pen_down], ...]}
 * y grows downward; t in milliseconds (null or absent: row order is the event order); pen_down 1 is
 * a sample on the surface, a row with pen_down 0 marks the lift that ends the current stroke.
 * Rows of two or three numbers are pen-down samples. Optional "char_end_ms": one time (or null)
 * per character of text, when that character's ink was finished (written by synth, used by eval
 * --kafka to measure commit latency from the true end of each character). Other fields are ignored.
 */
package inkstream.ink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class InkJsonl {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InkJsonl() {}

  public static List<Ink> read(Path path) throws IOException {
    List<Ink> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) continue;
        out.add(parseLine(line, path.getFileName() + ":" + no));
      }
    }
    return out;
  }

  /** Parses one JSONL record; errors name the record ("where") and the offending field. */
  public static Ink parseLine(String line, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
    String id = root.hasNonNull("id") ? root.get("id").asText() : where;
    String text = root.hasNonNull("text") ? root.get("text").asText() : null;
    JsonNode points = root.get("points");
    if (points == null || !points.isArray()) throw new IllegalArgumentException(where + ": missing \"points\" array");
    StrokeBuilder b = new StrokeBuilder();
    for (int i = 0; i < points.size(); i++) {
      JsonNode row = points.get(i);
      if (!row.isArray() || row.size() < 2 || row.size() > 4) {
        throw new IllegalArgumentException(where + ": points[" + i + "] is not [x, y, t, pen_down]");
      }
      boolean down = row.size() < 4 || row.get(3).asInt(1) != 0;
      if (!down) {
        b.lift();
        continue;
      }
      double x = number(row.get(0), where, i, "x");
      double y = number(row.get(1), where, i, "y");
      double t = row.size() >= 3 && row.get(2).isNumber() ? row.get(2).asDouble() : Double.NaN;
      b.add((float) x, (float) y, t);
    }
    double[] charEnd = null;
    JsonNode ends = root.get("char_end_ms");
    if (ends != null && !ends.isNull()) {
      if (!ends.isArray() || text == null || ends.size() != text.length()) {
        throw new IllegalArgumentException(where + ": \"char_end_ms\" must be an array with one entry per character of \"text\"");
      }
      charEnd = new double[ends.size()];
      for (int i = 0; i < charEnd.length; i++) charEnd[i] = ends.get(i).isNumber() ? ends.get(i).asDouble() : Double.NaN;
    }
    return new Ink(id, text, b.build(), charEnd);
  }

  private static double number(JsonNode n, String where, int i, String name) {
    if (n == null || !n.isNumber()) throw new IllegalArgumentException(where + ": points[" + i + "]." + name + " is not a number");
    double v = n.asDouble();
    if (!Double.isFinite(v) || Math.abs(v) > 1e7) throw new IllegalArgumentException(where + ": points[" + i + "]." + name + " out of range: " + v);
    return v;
  }

  public static void write(Path path, List<Ink> inks) throws IOException {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      for (Ink ink : inks) {
        w.write(toLine(ink));
        w.write('\n');
      }
    }
  }

  public static String toLine(Ink ink) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", ink.id());
    if (ink.text() != null) o.put("text", ink.text());
    ArrayNode pts = o.putArray("points");
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) {
        ArrayNode row = pts.addArray().add(s.x()[i]).add(s.y()[i]);
        if (Double.isNaN(s.t()[i])) row.addNull(); else row.add(s.t()[i]);
        row.add(1);
      }
      int last = s.size() - 1;
      ArrayNode lift = pts.addArray().add(s.x()[last]).add(s.y()[last]);
      if (Double.isNaN(s.t()[last])) lift.addNull(); else lift.add(s.t()[last]);
      lift.add(0);
    }
    if (ink.charEndMs() != null) {
      ArrayNode ends = o.putArray("char_end_ms");
      for (double t : ink.charEndMs()) {
        if (Double.isNaN(t)) ends.addNull(); else ends.add(t);
      }
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Collects samples into strokes. */
  static final class StrokeBuilder {
    private final List<Ink.Stroke> strokes = new ArrayList<>();
    private float[] x = new float[32], y = new float[32];
    private double[] t = new double[32];
    private int n;

    void add(float px, float py, double pt) {
      if (n == x.length) {
        x = java.util.Arrays.copyOf(x, n * 2);
        y = java.util.Arrays.copyOf(y, n * 2);
        t = java.util.Arrays.copyOf(t, n * 2);
      }
      x[n] = px;
      y[n] = py;
      t[n] = pt;
      n++;
    }

    void lift() {
      if (n == 0) return;
      strokes.add(new Ink.Stroke(java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n), java.util.Arrays.copyOf(t, n)));
      n = 0;
    }

    List<Ink.Stroke> build() {
      lift();
      return strokes;
    }
  }
}
