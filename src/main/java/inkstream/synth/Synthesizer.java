/*
 * Synthetic handwriting: text in a single-line font, written by a sampled hand (HandStyle).
 *
 * 1. layout: glyphs placed along the line with per-letter size and baseline jitter, horizontal
 *    stretch, letter and word spacing;
 * 2. pen behaviour per word: optionally a writer's own stroke order (pen lifted at sharp
 *    corners, a letter's first stroke written last, horizontal lines left to right, some strokes
 *    reversed); optionally letters begun at their top (fonts draw s, 9, 3 upwards from the
 *    bottom, people do not); vertical lines drawn top-down (fonts often draw them bottom-up),
 *    touching strokes joined (cursive), joins added between print letters or dropped inside
 *    cursive ones, dots and bars (i, j, t, x, f crossings) delayed to the end of the word, hooks
 *    at pen-down and pen-up;
 * 3. shape of the whole line: slant, rotation, baseline drift, a smooth elastic displacement
 *    field, corner cutting (fonts have corners where pens have curves);
 * 4. timing: a speed profile (slow at stroke ends and in curves), sampling at a fixed rate,
 *    dropped and repeated samples, jitter, rounding to the device grid, pen-up transit times;
 *    optionally the pen's inertia (lag: loops shrink and corners round with speed, as a fast
 *    writer's do).
 * Deterministic for a given random generator state.
 */
package inkstream.synth;

import inkstream.ink.Ink;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

public final class Synthesizer {
  private Synthesizer() {}

  /**
   * A stroke under construction: points {x, y, index of their character in the text} in x-height
   * units (joins and delays mix characters within a stroke), and the letter it belongs to.
   */
  private static final class Path {
    final List<double[]> pts = new ArrayList<>();
    int letter; // index of the letter within the word (of its first point)
    boolean delayable;
    boolean lifted; // the pen was lifted on purpose before this stroke: never rejoined to the previous one

    Path(int letter) {
      this.letter = letter;
    }

    double[] first() {
      return pts.get(0);
    }

    double[] last() {
      return pts.get(pts.size() - 1);
    }
  }

  /** Writes text in a font with a freshly sampled hand (see HandStyle.Options). */
  public static Ink write(String id, String text, Font font, SplittableRandom r, HandStyle.Options options) {
    return write(id, text, font, r, options, 0);
  }

  /**
   * The same with the pen lagging the path it is aimed along by a time constant of lagMs
   * milliseconds (see lag; 0: none, the same ink as without it, and no extra random draw).
   */
  public static Ink write(String id, String text, Font font, SplittableRandom r, HandStyle.Options options, double lagMs) {
    return write(id, text, font, HandStyle.sample(r, options), r, options.digitForms(), lagMs);
  }

  /** Writes text with a given hand; a hand with digit forms writes both the 1 and the 7 in them. */
  public static Ink write(String id, String text, Font font, HandStyle st, SplittableRandom r) {
    return write(id, text, font, st, r, "17");
  }

  /** forms: the digits (of "17") the hand writes in its own forms when st.digitFormProbability() > 0. */
  static Ink write(String id, String text, Font font, HandStyle st, SplittableRandom r, String forms) {
    return write(id, text, font, st, r, forms, 0);
  }

  static Ink write(String id, String text, Font font, HandStyle st, SplittableRandom r, String forms, double lagMs) {
    if (!(lagMs >= 0 && lagMs <= MAX_LAG_MS)) throw new IllegalArgumentException("pen lag must be in [0, " + MAX_LAG_MS + "] ms: " + lagMs);
    if (!font.covers(text)) throw new IllegalArgumentException(font.name() + " has no glyph for some character of \"" + text + "\"");
    List<Path> paths = new ArrayList<>();
    double pen = 0;
    Font.Glyph space = font.glyph(' ');
    double spaceWidth = space != null && space.advance() > 0.1 ? space.advance() : 0.6;
    int at = 0; // index in text of the current character
    for (String word : text.split(" ", -1)) {
      if (!word.isEmpty()) {
        List<Path> wordPaths = new ArrayList<>();
        int li = 0;
        for (int cp : word.codePoints().toArray()) {
          Font.Glyph g = font.glyph(cp);
          double size = 1 + r.nextDouble(-st.sizeJitter(), st.sizeJitter() + 1e-12);
          double base = r.nextDouble(-st.baselineJitter(), st.baselineJitter() + 1e-12);
          List<Path> letter = new ArrayList<>();
          List<double[]> glyphStrokes = st.digitFormProbability() > 0 && (cp == '1' || cp == '7') ? digitForm(cp, g.strokes(), st, r, forms.indexOf(cp) >= 0) : g.strokes();
          for (double[] s : glyphStrokes) {
            Path p = new Path(li);
            for (int i = 0; i < s.length; i += 2) p.pts.add(new double[] {pen + s[i] * size * st.stretch(), s[i + 1] * size + base, at});
            letter.add(p);
          }
          markDelayable(letter, cp);
          wordPaths.addAll(letter);
          pen += g.advance() * size * st.stretch() + st.letterSpacing();
          li++;
          at += Character.charCount(cp);
        }
        paths.addAll(penBehaviour(wordPaths, text, font.cursive(), st, r));
      }
      pen += spaceWidth * st.wordSpacing() * st.stretch();
      at++; // the space
    }
    return toInk(id, text, shape(paths, st, r), st, r, lagMs);
  }

  /**
   * A writer's own 1 or 7, with the hand's probability (glyph coordinates: x-heights, y down). The
   * 1: one stroke from a long flag (0.3-0.6 of the height, rising 25-60 degrees from the lower left)
   * up to the top of the font's 1 and down to its bottom, in 40% of them on into a foot to the
   * right. The 7: the font's strokes and then a bar across the stem at 45-60% of the height, left
   * to right, 0.3-0.5 of the height long. Every draw is made whether or not the form is used, and
   * whether or not this digit's form is allowed, so a data set with the forms of one digit only
   * is the data set with both where the other digit keeps the font's form.
   */
  static List<double[]> digitForm(int cp, List<double[]> strokes, HandStyle st, SplittableRandom r, boolean allowed) {
    boolean use = r.nextDouble() < st.digitFormProbability();
    double a = r.nextDouble(0.3, 0.6), b = Math.toRadians(r.nextDouble(25, 60)), c = r.nextDouble(), d = r.nextDouble(0.2, 0.4);
    if (!use || !allowed) return strokes;
    double top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE, topX = 0, bottomX = 0, left = Double.MAX_VALUE;
    for (double[] s : strokes) {
      for (int i = 0; i < s.length; i += 2) {
        if (s[i + 1] < top) {
          top = s[i + 1];
          topX = s[i];
        }
        if (s[i + 1] > bottom) {
          bottom = s[i + 1];
          bottomX = s[i];
        }
        left = Math.min(left, s[i]);
      }
    }
    double h = bottom - top;
    if (!(h > 0.2)) return strokes;
    if (cp == '1') {
      double fx = topX - a * h * Math.cos(b), fy = top + a * h * Math.sin(b);
      double s = Math.max(0, left - fx); // shifted right so the flag stays within the glyph's left edge
      double[] one = {fx + s, fy, topX + s, top, bottomX + s, bottom, bottomX + d * h + s, bottom};
      return List.of(c < 0.4 ? one : java.util.Arrays.copyOf(one, 6)); // 40% with a foot
    }
    double y = top + (0.45 + 0.15 * c) * h, x = Double.NaN;
    for (double[] s : strokes) { // the first segment of the stem crossing that height
      for (int i = 0; i + 3 < s.length && Double.isNaN(x); i += 2) {
        double y0 = s[i + 1], y1 = s[i + 3];
        if ((y0 - y) * (y1 - y) <= 0 && y0 != y1) x = s[i] + (y - y0) / (y1 - y0) * (s[i + 2] - s[i]);
      }
    }
    if (Double.isNaN(x)) return strokes;
    double w = (0.3 + 0.5 * (d - 0.2)) * h;
    List<double[]> out = new ArrayList<>(strokes);
    out.add(new double[] {x - w / 2, y + 0.05 * w, x + w / 2, y - 0.05 * w});
    return out;
  }

  /** Dots and crossing bars: a letter's later strokes that are tiny or straight horizontal lines. */
  private static void markDelayable(List<Path> letter, int cp) {
    if (letter.size() < 2 || "ijtxfTJ".indexOf(cp) < 0) return;
    for (int k = 1; k < letter.size(); k++) {
      Path p = letter.get(k);
      double[] box = box(p.pts);
      double w = box[2] - box[0], h = box[3] - box[1];
      boolean dot = Math.max(w, h) < 0.35;
      boolean bar = w > 2.5 * h;
      boolean cross = cp == 'x';
      p.delayable = dot || bar || cross;
    }
  }

  private static List<Path> penBehaviour(List<Path> in, String text, boolean cursive, HandStyle st, SplittableRandom r) {
    if (st.variesStrokeOrder()) in = strokeOrder(in, st, r);
    if (st.topStartProbability() > 0) in = topStart(in, st, r);
    // top-down vertical lines
    for (Path p : in) {
      double dx = p.last()[0] - p.first()[0], dy = p.last()[1] - p.first()[1];
      if (dy < 0 && Math.abs(dy) > 2 * Math.abs(dx) && straight(p) && r.nextDouble() < st.downstrokeProbability()) {
        java.util.Collections.reverse(p.pts);
      }
    }
    // delayed strokes go after the word
    List<Path> main = new ArrayList<>(), delayed = new ArrayList<>();
    for (Path p : in) {
      if (p.delayable && r.nextDouble() < st.delayProbability()) delayed.add(p);
      else main.add(p);
    }
    // joins: touching ends (cursive) unless dropped; or added between letters
    List<Path> out = new ArrayList<>();
    for (Path p : main) {
      if (!out.isEmpty()) {
        Path prev = out.get(out.size() - 1);
        double gap = dist(prev.last(), p.first());
        boolean touching = gap < 0.15;
        boolean nextLetter = p.letter == prev.letter + 1 || p.letter > prev.letter && touching;
        boolean join = !p.lifted && (touching ? r.nextDouble() >= st.dropJoinProbability() || !nextLetter
            : !cursive && nextLetter && gap < 1.2 && r.nextDouble() < st.addJoinProbability());
        if (join) {
          prev.pts.addAll(touching ? p.pts.subList(1, p.pts.size()) : p.pts);
          continue;
        }
      }
      out.add(p);
    }
    if (st.entryExitProbability() > 0 && !out.isEmpty()) entryExit(out, text, st, r);
    out.addAll(delayed);
    // hooks at pen-down and pen-up
    for (Path p : out) {
      if (r.nextDouble() < st.hookProbability()) p.pts.add(0, hook(p.first(), st, r));
      if (r.nextDouble() < st.hookProbability()) p.pts.add(hook(p.last(), st, r));
    }
    return out;
  }

  /**
   * Entry and exit strokes, each with the hand's probability per word: a word whose first letter
   * starts in the upper part of the x-height near its left edge (i, m, n, r, u, v, w, y, p) begins
   * with a curved upstroke from about the baseline, 0.2-0.5 x-heights to the left (a rising line
   * or an arch, as cursive writers lead into a letter); a word whose last letter ends near the
   * baseline at its right ends with a rising tail. Both belong to their letter's ink.
   */
  private static void entryExit(List<Path> word, String text, HandStyle st, SplittableRandom r) {
    // every draw made whether or not the stroke is added, so the rest of the line does not depend on it
    boolean enter = r.nextDouble() < st.entryExitProbability(), exit = r.nextDouble() < st.entryExitProbability();
    double ew = r.nextDouble(0.2, 0.5), ey = r.nextDouble(-0.15, 0.05), ea = r.nextDouble(0.2, 0.8), eb = r.nextDouble(0, 1);
    double xw = r.nextDouble(0.15, 0.45), xh = r.nextDouble(0.2, 0.6), xa = r.nextDouble(0.3, 0.8);
    Path first = word.get(0);
    double[] s = first.first();
    int c = (int) s[2];
    if (enter && Character.isLowerCase(text.charAt(c))) {
      double[] box = charBox(word, c);
      if (s[1] > -1.25 && s[1] < -0.45 && s[0] < box[0] + 0.35 * (box[2] - box[0])) {
        double[] from = {s[0] - ew, ey, c};
        double[] ctrl = {from[0] + ea * ew, from[1] + eb * (s[1] - 0.15 - from[1]), c};
        first.pts.addAll(0, curve(from, ctrl, s, 8).subList(0, 8));
      }
    }
    Path last = word.get(word.size() - 1);
    double[] e = last.last();
    int d = (int) e[2];
    if (exit && Character.isLowerCase(text.charAt(d))) {
      double[] box = charBox(word, d);
      if (e[1] > -0.35 && e[1] < 0.1 && e[0] > box[0] + 0.5 * (box[2] - box[0])) {
        double[] to = {e[0] + xw, e[1] - xh, d};
        double[] ctrl = {e[0] + xa * xw, e[1], d};
        List<double[]> tail = curve(e, ctrl, to, 6);
        last.pts.addAll(tail.subList(1, tail.size()));
      }
    }
  }

  /** Box {minX, minY, maxX, maxY} of the points of character c in the word's strokes. */
  private static double[] charBox(List<Path> word, int c) {
    List<double[]> pts = new ArrayList<>();
    for (Path p : word) for (double[] q : p.pts) if ((int) q[2] == c) pts.add(q);
    return box(pts);
  }

  /** A quadratic Bezier curve from a through control b to c: n + 1 points, ends included. */
  private static List<double[]> curve(double[] a, double[] b, double[] c, int n) {
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i <= n; i++) {
      double t = (double) i / n, u = 1 - t;
      out.add(new double[] {u * u * a[0] + 2 * u * t * b[0] + t * t * c[0], u * u * a[1] + 2 * u * t * b[1] + t * t * c[1], a[2]});
    }
    return out;
  }

  /**
   * A writer's stroke order: the pen lifted at sharp corners (turns over 110 degrees, both pieces
   * at least 0.15 x-heights long), a letter's first stroke moved after its others, straight
   * horizontal lines drawn left to right, and strokes reversed at random.
   */
  private static List<Path> strokeOrder(List<Path> in, HandStyle st, SplittableRandom r) {
    List<Path> split = new ArrayList<>();
    for (Path p : in) {
      double[] cum = arcLengths(p.pts);
      int from = 0;
      for (int i = 1; i + 1 < cum.length; i++) {
        if (turn(p.pts, i - 1) > 0.67 && cum[i] - cum[from] >= 0.15 && cum[cum.length - 1] - cum[i] >= 0.15
            && r.nextDouble() < st.cornerLiftProbability()) {
          split.add(piece(p, from, i, from > 0 || p.lifted));
          from = i;
        }
      }
      split.add(from == 0 ? p : piece(p, from, cum.length - 1, true));
    }
    List<Path> out = new ArrayList<>();
    for (List<Path> letter : byLetter(split)) {
      if (letter.size() >= 2 && r.nextDouble() < st.reorderProbability()) {
        letter.add(letter.remove(0));
        for (Path p : letter) p.lifted = true;
      }
      out.addAll(letter);
    }
    for (Path p : out) {
      double dx = p.last()[0] - p.first()[0], dy = p.last()[1] - p.first()[1];
      boolean leftward = dx < 0 && Math.abs(dx) > 2 * Math.abs(dy) && straight(p);
      if (leftward && r.nextDouble() < st.downstrokeProbability() || r.nextDouble() < st.reverseProbability()) {
        java.util.Collections.reverse(p.pts);
        p.lifted = true;
      }
    }
    return out;
  }

  /**
   * Writers begin a letter at its top (y grows downwards). A stroke starting in the lower half of
   * its letter is changed: drawn from the lower 40% up into the upper half, it is drawn the other
   * way; a closed loop starts at its top; drawn straight up a stem first (n, m, p in some fonts),
   * the pen starts at the top of the stem, goes down and back up. Then a letter whose first stroke
   * still starts below its middle begins with the stroke that starts highest instead. Strokes
   * joined to another letter (cursive entries and exits) keep their direction. Per letter, with
   * the hand's probability.
   */
  private static List<Path> topStart(List<Path> in, HandStyle st, SplittableRandom r) {
    List<Path> out = new ArrayList<>();
    List<List<Path>> letters = byLetter(in); // in the input's order: neighbours are looked up here
    for (int n = 0; n < letters.size(); n++) {
      List<Path> letter = new ArrayList<>(letters.get(n)); // may be reordered below
      List<Path> before = n > 0 ? letters.get(n - 1) : null, after = n + 1 < letters.size() ? letters.get(n + 1) : null;
      boolean joinedBefore = before != null && dist(before.get(before.size() - 1).last(), letter.get(0).first()) < 0.15;
      boolean joinedAfter = after != null && dist(letter.get(letter.size() - 1).last(), after.get(0).first()) < 0.15;
      if (r.nextDouble() >= st.topStartProbability()) {
        out.addAll(letter);
        continue;
      }
      double top = Double.MAX_VALUE, bottom = -Double.MAX_VALUE;
      for (Path p : letter) {
        for (double[] q : p.pts) {
          top = Math.min(top, q[1]);
          bottom = Math.max(bottom, q[1]);
        }
      }
      double h = bottom - top;
      for (int k = 0; k < letter.size(); k++) {
        Path p = letter.get(k);
        boolean free = !(k == 0 && joinedBefore) && !(k == letter.size() - 1 && joinedAfter);
        if (!free || p.first()[1] <= top + 0.5 * h) continue;
        if (p.first()[1] > bottom - 0.4 * h && p.last()[1] < top + 0.7 * h && p.first()[1] - p.last()[1] > 0.3) {
          java.util.Collections.reverse(p.pts); // drawn upwards: the other way
          p.lifted = true;
        } else if (dist(p.first(), p.last()) < 0.15 && p.pts.size() > 3) {
          startLoopAtTop(p.pts); // a closed loop (o, 0): from its top
          p.lifted = true;
        } else if (p.first()[1] > bottom - 0.4 * h) {
          int peak = 0; // the top of the stroke's first rise
          while (peak + 1 < p.pts.size() && p.pts.get(peak + 1)[1] <= p.pts.get(peak)[1]) peak++;
          double[] a = p.first(), b = p.pts.get(peak);
          if (b[1] < top + 0.4 * h && a[1] - b[1] > 2 * Math.abs(b[0] - a[0]) && straight(p.pts.subList(0, peak + 1))) {
            // drawn up its first stem (n, m, p, r): down the stem from its top and back up, as pens do
            List<double[]> down = new ArrayList<>();
            for (int m = peak; m > 0; m--) down.add(p.pts.get(m).clone());
            p.pts.addAll(0, down);
            p.lifted = true;
          }
        }
      }
      int highest = 0;
      for (int k = 1; k < letter.size(); k++) if (letter.get(k).first()[1] < letter.get(highest).first()[1]) highest = k;
      if (!joinedBefore && letter.get(0).first()[1] > top + 0.5 * h && letter.get(highest).first()[1] < top + 0.4 * h) {
        letter.add(0, letter.remove(highest));
        for (Path p : letter) p.lifted = true;
      }
      out.addAll(letter);
    }
    return out;
  }

  /** Consecutive strokes of the same letter, each group a list of its own, in order. */
  private static List<List<Path>> byLetter(List<Path> in) {
    List<List<Path>> letters = new ArrayList<>();
    for (int i = 0; i < in.size();) {
      int j = i;
      while (j < in.size() && in.get(j).letter == in.get(i).letter) j++;
      letters.add(new ArrayList<>(in.subList(i, j)));
      i = j;
    }
    return letters;
  }

  /** A closed stroke (first point = last point) rotated to start and end at its top-most point, same direction. */
  private static void startLoopAtTop(List<double[]> pts) {
    List<double[]> ring = new ArrayList<>(pts.subList(0, pts.size() - 1));
    int m = 0;
    for (int i = 1; i < ring.size(); i++) if (ring.get(i)[1] < ring.get(m)[1]) m = i;
    pts.clear();
    for (int i = 0; i <= ring.size(); i++) pts.add(ring.get((m + i) % ring.size()).clone());
  }

  /** Points from..to (inclusive) of p as a stroke of its own. */
  private static Path piece(Path p, int from, int to, boolean lifted) {
    Path q = new Path(p.letter);
    q.delayable = p.delayable;
    q.lifted = lifted;
    for (int i = from; i <= to; i++) q.pts.add(p.pts.get(i).clone());
    return q;
  }

  private static double[] hook(double[] at, HandStyle st, SplittableRandom r) {
    double a = r.nextDouble(0, 2 * Math.PI);
    return new double[] {at[0] + st.hookSize() * Math.cos(a), at[1] + st.hookSize() * Math.sin(a), at[2]};
  }

  private static boolean straight(Path p) {
    return straight(p.pts);
  }

  /** A polyline hardly longer than the line between its ends. */
  private static boolean straight(List<double[]> pts) {
    double[] cum = arcLengths(pts);
    return cum[cum.length - 1] < 1.15 * dist(pts.get(0), pts.get(pts.size() - 1));
  }

  /** Slant, rotation, drift and elastic distortion of the whole line, then corner cutting. */
  private static List<Path> shape(List<Path> paths, HandStyle st, SplittableRandom r) {
    double driftPhase = r.nextDouble(0, 2 * Math.PI);
    int waves = 3;
    double[] wx = new double[waves], wy = new double[waves], wp = new double[waves], ax = new double[waves], ay = new double[waves];
    for (int k = 0; k < waves; k++) {
      double ang = r.nextDouble(0, 2 * Math.PI), len = r.nextDouble(1.5, 5);
      wx[k] = 2 * Math.PI * Math.cos(ang) / len;
      wy[k] = 2 * Math.PI * Math.sin(ang) / len;
      wp[k] = r.nextDouble(0, 2 * Math.PI);
      ax[k] = st.elastic() * r.nextDouble(-1, 1) / Math.sqrt(waves);
      ay[k] = st.elastic() * r.nextDouble(-1, 1) / Math.sqrt(waves);
    }
    double cos = Math.cos(st.rotation()), sin = Math.sin(st.rotation());
    for (Path p : paths) {
      for (double[] q : p.pts) {
        double x = q[0], y = q[1];
        double ex = 0, ey = 0;
        for (int k = 0; k < waves; k++) {
          double s = Math.sin(wx[k] * x + wy[k] * y + wp[k]);
          ex += ax[k] * s;
          ey += ay[k] * s;
        }
        x += ex;
        y += ey + st.driftAmplitude() * Math.sin(2 * Math.PI * x / st.driftWavelength() + driftPhase);
        x -= st.slant() * y;
        q[0] = x * cos - y * sin;
        q[1] = x * sin + y * cos;
      }
      for (int it = 0; it < st.smoothing(); it++) chaikin(p.pts);
    }
    return paths;
  }

  /** Chaikin corner cutting, keeping both end points. */
  private static void chaikin(List<double[]> pts) {
    if (pts.size() < 3) return;
    List<double[]> out = new ArrayList<>();
    out.add(pts.get(0));
    for (int i = 0; i + 1 < pts.size(); i++) {
      double[] a = pts.get(i), b = pts.get(i + 1);
      if (i > 0) out.add(new double[] {0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1], a[2]});
      if (i + 2 < pts.size()) out.add(new double[] {0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1], b[2]});
    }
    out.add(pts.get(pts.size() - 1));
    pts.clear();
    pts.addAll(out);
  }

  /** Samples the paths in time and in device units. */
  private static Ink toInk(String id, String text, List<Path> paths, HandStyle st, SplittableRandom r, double lagMs) {
    double x0 = r.nextDouble(50, 400), y0 = r.nextDouble(100, 600);
    double dt = 1000 / st.sampleRate(); // ms
    double t = 0;
    double[] prevEnd = null;
    List<Ink.Stroke> strokes = new ArrayList<>();
    double[] charEnd = new double[text.length()];
    java.util.Arrays.fill(charEnd, Double.NaN);
    for (Path p : paths) {
      if (prevEnd != null) t += 40 + 1000 * dist(prevEnd, p.first()) / st.speed() + r.nextDouble(0, 100); // pen-up transit
      t = Math.ceil(t / dt) * dt;
      List<double[]> samples = sampleAlong(p.pts, st, dt);
      if (lagMs > 0) lag(samples, lagMs);
      List<double[]> kept = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        boolean end = i == 0 || i == samples.size() - 1;
        if (!end && r.nextDouble() < st.dropProbability()) continue;
        kept.add(samples.get(i));
        if (r.nextDouble() < st.repeatProbability()) kept.add(samples.get(i));
      }
      float[] xs = new float[kept.size()], ys = new float[kept.size()];
      double[] ts = new double[kept.size()];
      for (int i = 0; i < kept.size(); i++) {
        double[] q = kept.get(i);
        xs[i] = (float) Math.rint(x0 + q[0] * st.xHeight() + r.nextDouble(-st.jitter(), st.jitter() + 1e-12));
        ys[i] = (float) Math.rint(y0 + q[1] * st.xHeight() + r.nextDouble(-st.jitter(), st.jitter() + 1e-12));
        ts[i] = Math.rint(t + q[2]);
        int c = (int) q[3];
        if (!(charEnd[c] >= ts[i])) charEnd[c] = ts[i];
      }
      strokes.add(new Ink.Stroke(xs, ys, ts));
      t += samples.get(samples.size() - 1)[2] + dt;
      prevEnd = p.last();
    }
    return new Ink(id, text, strokes, charEnd);
  }

  /**
   * Points every dt milliseconds along a polyline at a speed that ramps up from and down to 30% at
   * the ends and slows in sharp turns. Returns {x, y, time offset, character index} rows (the
   * character of the nearer polyline vertex).
   */
  private static List<double[]> sampleAlong(List<double[]> pts, HandStyle st, double dt) {
    int n = pts.size();
    double[] cum = arcLengths(pts);
    double total = cum[n - 1];
    List<double[]> out = new ArrayList<>();
    out.add(new double[] {pts.get(0)[0], pts.get(0)[1], 0, pts.get(0)[2]});
    if (total <= 1e-9) return out;
    double ramp = Math.min(0.5, total / 3);
    double s = 0, time = 0;
    int seg = 0;
    while (true) {
      while (seg < n - 2 && cum[seg + 1] <= s) seg++;
      double edge = Math.min(s, total - s);
      double v = st.speed() * (0.3 + 0.7 * Math.min(1, edge / ramp)) * (1 - 0.5 * turn(pts, seg)) / 1000; // x-heights per ms
      s += Math.max(v, 1e-4) * dt;
      time += dt;
      if (s >= total) break;
      while (seg < n - 2 && cum[seg + 1] <= s) seg++;
      double f = (s - cum[seg]) / Math.max(1e-12, cum[seg + 1] - cum[seg]);
      double[] a = pts.get(seg), b = pts.get(seg + 1);
      out.add(new double[] {a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), time, f < 0.5 ? a[2] : b[2]});
    }
    double[] end = pts.get(n - 1);
    out.add(new double[] {end[0], end[1], time, end[2]});
    return out;
  }

  /** The largest pen lag accepted, ms. */
  public static final double MAX_LAG_MS = 50;

  /**
   * The pen's inertia (rows {x, y, time ms, ...}, changed in place): the hand aims along the path,
   * the pen follows as a critically damped second-order system, two first-order lags of time
   * constant tau ms in series (exact for an aim held between samples), starting at rest on the
   * stroke's first point. Loops shrink, corners round and retraced stems fall short in proportion
   * to speed x tau, as a fast writer's do; each point is a convex combination of the aimed points
   * so far, so the ink stays inside the path's hull and keeps its samples and times.
   */
  static void lag(List<double[]> samples, double tau) {
    double[] s0 = samples.get(0);
    double x1 = s0[0], y1 = s0[1], x2 = x1, y2 = y1, t = s0[2];
    for (int i = 1; i < samples.size(); i++) {
      double[] q = samples.get(i);
      double a = 1 - Math.exp(-(q[2] - t) / tau);
      t = q[2];
      x1 += a * (q[0] - x1);
      y1 += a * (q[1] - y1);
      x2 += a * (x1 - x2);
      y2 += a * (y1 - y2);
      q[0] = x2;
      q[1] = y2;
    }
  }

  /** 0 for straight, 1 for a full reversal, at the vertex after segment seg. */
  private static double turn(List<double[]> pts, int seg) {
    if (seg + 2 >= pts.size()) return 0;
    double[] a = pts.get(seg), b = pts.get(seg + 1), c = pts.get(seg + 2);
    double ux = b[0] - a[0], uy = b[1] - a[1], vx = c[0] - b[0], vy = c[1] - b[1];
    double nu = Math.hypot(ux, uy), nv = Math.hypot(vx, vy);
    if (nu < 1e-12 || nv < 1e-12) return 0;
    return (1 - (ux * vx + uy * vy) / (nu * nv)) / 2;
  }

  /** (n) arc length from the first point to each point of a polyline. */
  private static double[] arcLengths(List<double[]> pts) {
    double[] cum = new double[pts.size()];
    for (int i = 1; i < cum.length; i++) cum[i] = cum[i - 1] + dist(pts.get(i - 1), pts.get(i));
    return cum;
  }

  private static double dist(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  private static double[] box(List<double[]> pts) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] q : pts) {
      b[0] = Math.min(b[0], q[0]);
      b[1] = Math.min(b[1], q[1]);
      b[2] = Math.max(b[2], q[0]);
      b[3] = Math.max(b[3], q[1]);
    }
    return b;
  }
}
