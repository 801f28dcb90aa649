package inkstream.ink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeaturizerTest {

  /** A wavy random line: strokes of smooth random walks moving rightwards. */
  static Ink randomLine(long seed, int strokes) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Ink.Stroke> out = new ArrayList<>();
    double x = 100, y = 500;
    for (int s = 0; s < strokes; s++) {
      int n = 2 + r.nextInt(40);
      float[] xs = new float[n], ys = new float[n];
      double[] ts = new double[n];
      double a = r.nextDouble(0, 2 * Math.PI);
      for (int i = 0; i < n; i++) {
        a += r.nextDouble(-0.6, 0.6);
        x += 6 * Math.cos(a) + 1.5;
        y += 6 * Math.sin(a);
        xs[i] = (float) Math.rint(x);
        ys[i] = (float) Math.rint(y);
        ts[i] = i * 10;
      }
      out.add(new Ink.Stroke(xs, ys, ts));
      x += r.nextDouble(0, 30);
    }
    return new Ink("r" + seed, null, out);
  }

  private static Frames concat(List<Frames> parts) {
    int n = parts.stream().mapToInt(Frames::count).sum();
    float[] v = new float[n * FeatureRecipe.SIZE];
    int[] st = new int[n], sa = new int[n];
    int o = 0;
    for (Frames f : parts) {
      System.arraycopy(f.values(), 0, v, o * FeatureRecipe.SIZE, f.count() * FeatureRecipe.SIZE);
      System.arraycopy(f.strokes(), 0, st, o, f.count());
      System.arraycopy(f.samples(), 0, sa, o, f.count());
      o += f.count();
    }
    return new Frames(n, v, st, sa);
  }

  @Test
  void shouldEqualOfflineFramesWhenFedIncrementallyInRandomPieces() {
    for (long seed = 1; seed <= 20; seed++) {
      Ink ink = randomLine(seed, 1 + (int) (seed % 9));
      Frames offline = ink.features(FeatureRecipe.DEFAULT);
      SplittableRandom r = new SplittableRandom(seed * 7);
      Featurizer f = new Featurizer(FeatureRecipe.DEFAULT);
      List<Frames> parts = new ArrayList<>();
      for (Ink.Stroke s : ink.strokes()) {
        for (int i = 0; i < s.size(); i++) {
          f.addPoint(s.x()[i], s.y()[i]);
          if (r.nextInt(5) == 0) parts.add(f.takeFrames());
        }
        f.penUp();
        if (r.nextBoolean()) parts.add(f.takeFrames());
      }
      f.finish();
      parts.add(f.takeFrames());
      Frames streamed = concat(parts);
      assertTrue(offline.count() > 0);
      assertArrayEquals(offline.values(), streamed.values(), "seed " + seed);
      assertArrayEquals(offline.strokes(), streamed.strokes());
      assertArrayEquals(offline.samples(), streamed.samples());
    }
  }

  @Test
  void shouldNotChangeEmittedFramesWhenLaterInkDiffers() {
    // Two lines share a prefix; every frame emitted while only the prefix was known must be equal.
    Ink a = randomLine(5, 8);
    Ink b = randomLine(6, 8);
    List<Ink.Stroke> mixed = new ArrayList<>(a.strokes().subList(0, 4));
    mixed.addAll(b.strokes().subList(4, 8));
    Featurizer fa = new Featurizer(FeatureRecipe.DEFAULT);
    Featurizer fm = new Featurizer(FeatureRecipe.DEFAULT);
    for (Ink.Stroke s : a.strokes().subList(0, 4)) {
      for (int i = 0; i < s.size(); i++) {
        fa.addPoint(s.x()[i], s.y()[i]);
        fm.addPoint(s.x()[i], s.y()[i]);
      }
      fa.penUp();
      fm.penUp();
    }
    Frames prefix = fa.takeFrames();
    assertTrue(prefix.count() > 20, "frames emitted before the line ends: " + prefix.count());
    fm.takeFrames();
    Frames fullA = a.features(FeatureRecipe.DEFAULT);
    Frames fullM = new Ink("m", null, mixed).features(FeatureRecipe.DEFAULT);
    for (int i = 0; i < prefix.count() * FeatureRecipe.SIZE; i++) {
      assertEquals(fullA.values()[i], fullM.values()[i], "feature " + i);
    }
  }

  @Test
  void shouldHoldBackOnlyBoundedInkWhenStreaming() {
    Ink ink = randomLine(9, 12);
    Featurizer f = new Featurizer(FeatureRecipe.DEFAULT);
    int emitted = 0;
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) f.addPoint(s.x()[i], s.y()[i]);
      f.penUp();
      emitted += f.takeFrames().count();
    }
    int total = ink.features(FeatureRecipe.DEFAULT).count();
    // after each pen-up everything but the warm-up-free tail is out: at most one frame waits
    assertTrue(total - emitted <= 1, "held back at end: " + (total - emitted) + " of " + total);
  }

  @Test
  void shouldGiveSameFeaturesWhenInkIsTranslatedAndScaled() {
    Ink ink = randomLine(3, 6);
    List<Ink.Stroke> moved = new ArrayList<>();
    for (Ink.Stroke s : ink.strokes()) {
      float[] x = s.x().clone(), y = s.y().clone();
      for (int i = 0; i < x.length; i++) {
        x[i] = x[i] * 4 + 1000;
        y[i] = y[i] * 4 - 300;
      }
      moved.add(new Ink.Stroke(x, y, s.t()));
    }
    Frames a = ink.features(FeatureRecipe.DEFAULT);
    Frames b = new Ink("m", null, moved).features(FeatureRecipe.DEFAULT);
    assertEquals(a.count(), b.count());
    for (int i = 0; i < a.values().length; i++) assertEquals(a.values()[i], b.values()[i], 1e-3, "feature " + i);
  }

  @Test
  void shouldProduceBoundedUnitFeaturesAndStrokeFlags() {
    Ink ink = randomLine(4, 7);
    Frames f = ink.features(FeatureRecipe.DEFAULT);
    int starts = 0, ends = 0;
    for (int t = 0; t < f.count(); t++) {
      double dir = Math.hypot(f.get(t, 0), f.get(t, 1));
      assertTrue(dir == 0 || Math.abs(dir - 1) < 1e-5, "direction not unit: " + dir);
      assertTrue(Math.abs(f.get(t, 4)) <= 10 && Math.abs(f.get(t, 5)) <= 10 && Math.abs(f.get(t, 6)) <= 5);
      starts += (int) f.get(t, 7);
      ends += (int) f.get(t, 8);
    }
    assertEquals(7, starts);
    assertEquals(7, ends);
  }

  @Test
  void shouldDropRepeatedSamplesAndRejectNonFiniteOnes() {
    Featurizer f = new Featurizer(FeatureRecipe.DEFAULT);
    Featurizer g = new Featurizer(FeatureRecipe.DEFAULT);
    for (int i = 0; i < 30; i++) {
      f.addPoint(i, i % 7);
      g.addPoint(i, i % 7);
      g.addPoint(i, i % 7);
    }
    f.finish();
    g.finish();
    assertArrayEquals(f.takeFrames().values(), g.takeFrames().values());
    Featurizer h = new Featurizer(FeatureRecipe.DEFAULT);
    assertEquals("non-finite coordinate: (NaN, 1.0)", assertThrows(IllegalArgumentException.class, () -> h.addPoint(Float.NaN, 1)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> h.addPoint(1, Float.POSITIVE_INFINITY));
  }

  @Test
  void shouldEmitOneFrameWhenStrokeIsADot() {
    Featurizer f = new Featurizer(FeatureRecipe.DEFAULT);
    f.addPoint(5, 5);
    f.finish();
    Frames fr = f.takeFrames();
    assertEquals(1, fr.count());
    assertEquals(1f, fr.get(0, 7));
    assertEquals(1f, fr.get(0, 8));
  }
}
