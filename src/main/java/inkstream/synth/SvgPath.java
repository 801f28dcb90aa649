/*
 * SVG path data to polylines: M L H V C S Q T Z, absolute and relative; curves flattened into
 * eight segments. Each subpath (M ...) becomes one pen-down stroke of x, y pairs.
 */
package inkstream.synth;

import java.util.ArrayList;
import java.util.List;

final class SvgPath {
  private static final int CURVE_STEPS = 8;

  private SvgPath() {}

  static List<double[]> parse(String d) {
    List<double[]> strokes = new ArrayList<>();
    List<Double> cur = new ArrayList<>();
    Tokens t = new Tokens(d);
    double x = 0, y = 0, sx = 0, sy = 0, cx = 0, cy = 0; // current, subpath start, last control point
    char cmd = 0, prev = 0;
    while (t.more()) {
      if (t.peekCommand()) cmd = t.command();
      else if (cmd == 0) throw new IllegalArgumentException("path data does not start with a command: " + d);
      boolean rel = Character.isLowerCase(cmd);
      double ox = rel ? x : 0, oy = rel ? y : 0;
      switch (Character.toUpperCase(cmd)) {
        case 'M' -> {
          flush(cur, strokes);
          x = ox + t.num();
          y = oy + t.num();
          sx = x;
          sy = y;
          add(cur, x, y);
          cmd = rel ? 'l' : 'L'; // further pairs are line-tos
        }
        case 'L' -> {
          x = ox + t.num();
          y = oy + t.num();
          add(cur, x, y);
        }
        case 'H' -> {
          x = ox + t.num();
          add(cur, x, y);
        }
        case 'V' -> {
          y = oy + t.num();
          add(cur, x, y);
        }
        case 'C', 'S' -> {
          double x1, y1;
          if (Character.toUpperCase(cmd) == 'C') {
            x1 = ox + t.num();
            y1 = oy + t.num();
          } else {
            boolean smooth = "CScs".indexOf(prev) >= 0;
            x1 = smooth ? 2 * x - cx : x;
            y1 = smooth ? 2 * y - cy : y;
          }
          double x2 = ox + t.num(), y2 = oy + t.num(), x3 = ox + t.num(), y3 = oy + t.num();
          for (int k = 1; k <= CURVE_STEPS; k++) {
            double u = (double) k / CURVE_STEPS, v = 1 - u;
            add(cur, v * v * v * x + 3 * v * v * u * x1 + 3 * v * u * u * x2 + u * u * u * x3,
                v * v * v * y + 3 * v * v * u * y1 + 3 * v * u * u * y2 + u * u * u * y3);
          }
          cx = x2;
          cy = y2;
          x = x3;
          y = y3;
        }
        case 'Q', 'T' -> {
          double x1, y1;
          if (Character.toUpperCase(cmd) == 'Q') {
            x1 = ox + t.num();
            y1 = oy + t.num();
          } else {
            boolean smooth = "QTqt".indexOf(prev) >= 0;
            x1 = smooth ? 2 * x - cx : x;
            y1 = smooth ? 2 * y - cy : y;
          }
          double x2 = ox + t.num(), y2 = oy + t.num();
          for (int k = 1; k <= CURVE_STEPS; k++) {
            double u = (double) k / CURVE_STEPS, v = 1 - u;
            add(cur, v * v * x + 2 * v * u * x1 + u * u * x2, v * v * y + 2 * v * u * y1 + u * u * y2);
          }
          cx = x1;
          cy = y1;
          x = x2;
          y = y2;
        }
        case 'Z' -> {
          x = sx;
          y = sy;
          add(cur, x, y);
        }
        default -> throw new IllegalArgumentException("unsupported path command '" + cmd + "'");
      }
      prev = cmd;
    }
    flush(cur, strokes);
    return strokes;
  }

  private static void add(List<Double> cur, double x, double y) {
    int n = cur.size();
    if (n >= 2 && cur.get(n - 2) == x && cur.get(n - 1) == y) return;
    cur.add(x);
    cur.add(y);
  }

  private static void flush(List<Double> cur, List<double[]> strokes) {
    if (!cur.isEmpty()) {
      double[] s = new double[cur.size()];
      for (int i = 0; i < s.length; i++) s[i] = cur.get(i);
      strokes.add(s);
    }
    cur.clear();
  }

  private static final class Tokens {
    private final String s;
    private int i;

    Tokens(String s) {
      this.s = s;
    }

    private void skip() {
      while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) i++;
    }

    boolean more() {
      skip();
      return i < s.length();
    }

    boolean peekCommand() {
      skip();
      char c = s.charAt(i);
      return Character.isLetter(c) && c != 'e' && c != 'E';
    }

    char command() {
      return s.charAt(i++);
    }

    double num() {
      skip();
      int start = i;
      if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
      boolean dot = false;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isDigit(c)) i++;
        else if (c == '.' && !dot) {
          dot = true;
          i++;
        } else if ((c == 'e' || c == 'E') && i > start) {
          i++;
          if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
        } else break;
      }
      if (start == i) throw new IllegalArgumentException("expected a number at " + start + " in path data");
      return Double.parseDouble(s.substring(start, i));
    }
  }
}
