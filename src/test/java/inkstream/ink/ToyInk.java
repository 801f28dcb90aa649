/*
 * A deliberately simple ink generator for engine tests: six letters drawn from fixed polylines
 * with per-line jitter, slant and size, at a tablet-like sampling density. Not the synthetic
 * handwriting of the synth package; just enough for a small model to learn in seconds.
 */
package inkstream.ink;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

public final class ToyInk {
  public static final String LETTERS = "cilovx";

  private ToyInk() {}

  /** Strokes of a letter in a unit cell, y down, baseline at 0, x-height 1. */
  private static double[][][] glyph(char ch) {
    return switch (ch) {
      case 'l' -> new double[][][] {{{0.3, -2.0}, {0.3, 0.0}}};
      case 'i' -> new double[][][] {{{0.3, -1.0}, {0.3, 0.0}}, {{0.3, -1.5}}};
      case 'v' -> new double[][][] {{{0.0, -1.0}, {0.4, 0.0}, {0.8, -1.0}}};
      case 'x' -> new double[][][] {{{0.0, -1.0}, {0.8, 0.0}}, {{0.8, -1.0}, {0.0, 0.0}}};
      case 'o' -> new double[][][] {arc(0.4, -0.5, 0.45, 0.5, 0, 360)};
      case 'c' -> new double[][][] {arc(0.4, -0.5, 0.45, 0.5, 40, 320)};
      default -> throw new IllegalArgumentException("no toy glyph for '" + ch + "'");
    };
  }

  private static double[][] arc(double cx, double cy, double rx, double ry, double from, double to) {
    int n = 12;
    double[][] p = new double[n + 1][];
    for (int i = 0; i <= n; i++) {
      double a = Math.toRadians(from + (to - from) * i / n);
      p[i] = new double[] {cx + rx * Math.cos(a), cy - ry * Math.sin(a)};
    }
    return p;
  }

  /** A random line of 2-6 letters (with an occasional space) and its ink. */
  public static Ink line(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 2 + r.nextInt(5);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0 && i < n - 1 && r.nextInt(6) == 0 && text.charAt(text.length() - 1) != ' ') text.append(' ');
      text.append(LETTERS.charAt(r.nextInt(LETTERS.length())));
    }
    return draw("toy" + seed, text.toString(), r);
  }

  public static Ink draw(String id, String text, SplittableRandom r) {
    double size = r.nextDouble(20, 60);
    double slant = r.nextDouble(-0.3, 0.3);
    double x0 = r.nextDouble(0, 500), y0 = r.nextDouble(200, 800);
    List<Ink.Stroke> strokes = new ArrayList<>();
    double pen = 0;
    double t = 0;
    double[] charEnd = new double[text.length()];
    java.util.Arrays.fill(charEnd, Double.NaN);
    for (int c = 0; c < text.length(); c++) {
      char ch = text.charAt(c);
      if (ch == ' ') {
        pen += 0.8;
        continue;
      }
      for (double[][] poly : glyph(ch)) {
        List<double[]> pts = new ArrayList<>();
        for (int k = 0; k < poly.length; k++) {
          double[] a = poly[k];
          if (poly.length == 1) {
            pts.add(a);
            break;
          }
          if (k == poly.length - 1) {
            pts.add(a);
            break;
          }
          double[] b = poly[k + 1];
          int steps = Math.max(2, (int) (Math.hypot(b[0] - a[0], b[1] - a[1]) * 8));
          for (int s = 0; s < steps; s++) pts.add(new double[] {a[0] + (b[0] - a[0]) * s / steps, a[1] + (b[1] - a[1]) * s / steps});
        }
        float[] xs = new float[pts.size()], ys = new float[pts.size()];
        double[] ts = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
          double gx = pts.get(i)[0] + r.nextDouble(-0.02, 0.02), gy = pts.get(i)[1] + r.nextDouble(-0.02, 0.02);
          xs[i] = (float) Math.rint(x0 + size * (pen + gx - slant * gy));
          ys[i] = (float) Math.rint(y0 + size * gy);
          ts[i] = t;
          t += 10;
        }
        strokes.add(new Ink.Stroke(xs, ys, ts));
        charEnd[c] = ts[ts.length - 1];
        t += 60;
      }
      pen += 1.0 + r.nextDouble(0, 0.2);
    }
    return new Ink(id, text, strokes, charEnd);
  }

  public static List<Ink> lines(long seed, int count) {
    List<Ink> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(line(seed * 100_003L + i));
    return out;
  }
}
