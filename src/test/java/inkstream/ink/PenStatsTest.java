package inkstream.ink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PenStatsTest {
  private static Ink.Stroke stroke(float... xy) {
    float[] x = new float[xy.length / 2], y = new float[xy.length / 2];
    double[] t = new double[xy.length / 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = xy[2 * i];
      y[i] = xy[2 * i + 1];
      t[i] = 10 * i;
    }
    return new Ink.Stroke(x, y, t);
  }

  @Test
  void shouldCountWhereSingleCharactersStartTheirStrokesAndPaths() {
    // y grows downwards: an 'l' drawn top-down (path 10, height 10), one drawn bottom-up, and a
    // two-stroke 't' (path 10 + 6 over height 10); the two-character line is not counted
    List<Ink> inks = List.of(
        new Ink("a", "l", List.of(stroke(0, 0, 0, 10))),
        new Ink("b", "l", List.of(stroke(0, 10, 0, 5, 0, 0))),
        new Ink("c", "t", List.of(stroke(3, 0, 3, 10), stroke(0, 3, 6, 3))),
        new Ink("d", "lt", List.of(stroke(0, 10, 0, 0))));
    Map<String, PenStats.Row> s = PenStats.of(inks);
    assertEquals(2, s.size());
    assertEquals(new PenStats.Row(2, 0.5, 1.0, 1.0), s.get("l"));
    assertEquals(new PenStats.Row(1, 1.0, 2.0, 1.6), s.get("t"));
    Map<String, PenStats.Row> other = Map.of("l", new PenStats.Row(5, 1.0, 1.0, 1.0), "x", new PenStats.Row(5, 0.0, 2.0, 2.0));
    assertEquals(0.5, PenStats.startTopGap(s, other), 1e-12);
    assertTrue(Double.isNaN(PenStats.startTopGap(s, Map.of())));
  }

  @Test
  void shouldMeasureInkPerCharacterOfWholeLinesInUnitsOfTheirSpread() {
    // ten characters as two parallel lines 2 apart, 10 long (11 points each): spread about the
    // least-squares line 1, path 20; tilted by a slope of 0.5 the vertical spread stays 1
    float[] top = new float[22], bottom = new float[22], topT = new float[22], bottomT = new float[22];
    for (int i = 0; i <= 10; i++) {
      top[2 * i] = i;
      bottom[2 * i] = i;
      bottom[2 * i + 1] = 2;
      topT[2 * i] = i;
      topT[2 * i + 1] = 0.5f * i;
      bottomT[2 * i] = i;
      bottomT[2 * i + 1] = 0.5f * i + 2;
    }
    List<Ink> inks = List.of(
        new Ink("a", "abcde fghij", List.of(stroke(top), stroke(bottom))),
        new Ink("b", "abcdefghij", List.of(stroke(topT), stroke(bottomT))),
        new Ink("c", "abcdefghi", List.of(stroke(top), stroke(bottom)))); // 9 characters: skipped
    PenStats.LineRow r = PenStats.lines(inks, 10);
    assertEquals(2, r.lines());
    assertEquals(2.2, r.pointsPerChar(), 1e-9);
    assertEquals(0.2, r.strokesPerChar(), 1e-9);
    assertEquals((2.0 + 2 * Math.hypot(10, 5) / 10) / 2, r.pathPerChar(), 1e-6); // the median of two: their mean
    assertEquals(null, PenStats.lines(inks.subList(2, 3), 10));
  }
}
