/*
 * Pen samples to feature frames, incrementally. The offline path (Ink.features) is this same code
 * fed a whole line, so the two cannot disagree; FeaturizerTest proves any split gives equal frames.
 *
 * Pipeline (recipe "inkstream-v1"), each step causal with a bounded lookahead:
 *  1. clean: non-finite coordinates are rejected; exact repeats of the previous sample are dropped
 *     (tablets repeat samples when the pen rests).
 *  2. smooth: triangular moving average of radius r within a stroke (lookahead r samples).
 *  3. estimate, from all smoothed samples seen so far: the writing scale (standard deviation of y),
 *     the baseline (least-squares line of y on x, slope clipped to +-20 degrees) and the slant
 *     (length-weighted mean of -dx/dy over near-vertical segments, clipped to +-45 degrees). The
 *     first warmupPoints samples are held back so early frames see a settled estimate (Graves 2009
 *     normalized whole lines; a stream cannot, so we use running estimates with a short warm-up).
 *  4. resample each stroke at equal arc-length steps of resampleStep * scale (as the reference
 *     recipe and Graves 2009 do), keeping stroke starts and ends.
 *  5. features per resampled point (9), in the baseline/slant-normalized frame:
 *     0-1 writing direction (unit vector of the move from the previous frame; Graves 2009),
 *     2-3 curvature (cos, sin of the turn from the previous direction; Graves 2009),
 *     4-5 the pen-up jump into a stroke's first point, in scale units clipped to +-10 (Carbune 2020
 *         and the reference recipe encode the pen-up move instead of dropping it),
 *     6   height above the estimated baseline, in scale units clipped to +-5,
 *     7-8 stroke-start and stroke-end flags (pen state).
 *     A frame is emitted once the next resampled point (or the pen-up) is known: lookahead 1 frame.
 */
package inkstream.ink;

import java.util.Arrays;

public final class Featurizer {
  private static final int F = FeatureRecipe.SIZE;
  private static final double MAX_BASELINE = Math.tan(Math.toRadians(20));
  private static final double MAX_SLANT = 1.0; // tan(45 degrees)
  private static final int MAX_FRAMES_PER_SEGMENT = 256; // guard against a degenerate scale

  private final FeatureRecipe recipe;
  private boolean finished;

  // current stroke's raw samples, for smoothing
  private float[] rx = new float[64], ry = new float[64];
  private int[] rIdx = new int[64]; // line-level raw sample index of each kept sample
  private int rawTotal; // raw samples received in this line, repeats included
  private int rawInStroke; // raw samples of the current stroke
  private int smoothedInStroke; // of them, how many have been smoothed and consumed
  private int strokeIndex = -1; // index of the current (or last) stroke
  private boolean inStroke;

  // running estimates over smoothed samples
  private long n;
  private double meanX, meanY, m2x, m2y, cxy; // Welford moments
  private double slantWeight, slantSum;
  private double lastSx, lastSy; // previous smoothed sample in this stroke
  private boolean haveLastS;

  // smoothed samples waiting for the warm-up: (x, y, flags, stroke, sample)
  private double[] pending = new double[0];
  private int pendingCount;
  private static final int PEND = 5;

  // resampler
  private boolean rsHavePrev; // a smoothed point of this stroke has been resampled
  private double rsPx, rsPy; // last smoothed point seen by the resampler
  private double rsAcc; // arc length since the last resampled point
  private int rsStroke, rsSample; // stroke and raw sample of (rsPx, rsPy)
  private boolean held; // a resampled point waits for its end-of-stroke flag
  private double hx, hy;
  private boolean hStart;
  private int hStroke, hSample;
  private boolean haveEmitted; // a frame of this stroke was emitted (ex, ey valid)
  private double ex, ey;
  private boolean havePrevDir;
  private double pdx, pdy;
  private boolean haveStrokeEnd; // a previous stroke ended at (sx, sy)
  private double sx, sy;

  // output
  private float[] out = new float[64 * F];
  private int[] outStroke = new int[64], outSample = new int[64];
  private int outCount;

  public Featurizer(FeatureRecipe recipe) {
    this.recipe = recipe;
  }

  /** A pen-down sample. Throws IllegalArgumentException for non-finite coordinates. */
  public void addPoint(float x, float y) {
    if (finished) throw new IllegalStateException("addPoint after finish");
    if (!Float.isFinite(x) || !Float.isFinite(y)) throw new IllegalArgumentException("non-finite coordinate: (" + x + ", " + y + ")");
    int sample = rawTotal++;
    if (!inStroke) {
      inStroke = true;
      strokeIndex++;
      rawInStroke = 0;
      smoothedInStroke = 0;
      haveLastS = false;
    } else if (rx[rawInStroke - 1] == x && ry[rawInStroke - 1] == y) {
      return; // a repeated sample: it keeps its place in the sample count, contributes nothing
    }
    if (rawInStroke == rx.length) {
      rx = Arrays.copyOf(rx, rx.length * 2);
      ry = Arrays.copyOf(ry, ry.length * 2);
      rIdx = Arrays.copyOf(rIdx, rIdx.length * 2);
    }
    rIdx[rawInStroke] = sample;
    rx[rawInStroke] = x;
    ry[rawInStroke] = y;
    rawInStroke++;
    smoothAvailable(false);
  }

  /** Ends the current stroke (no-op when the pen is already up). */
  public void penUp() {
    if (finished) throw new IllegalStateException("penUp after finish");
    if (!inStroke) return;
    smoothAvailable(true);
    enqueue(Double.NaN, Double.NaN, END, strokeIndex, 0);
    inStroke = false;
  }

  /** Ends the line: flushes every held-back sample and frame. */
  public void finish() {
    if (finished) return;
    penUp();
    finished = true;
    drainPending();
  }

  /** Frames emitted since the last call. */
  public Frames takeFrames() {
    Frames f = new Frames(outCount, Arrays.copyOf(out, outCount * F), Arrays.copyOf(outStroke, outCount), Arrays.copyOf(outSample, outCount));
    outCount = 0;
    return f;
  }

  /** Frames waiting in takeFrames(). */
  public int available() {
    return outCount;
  }

  // ---- step 2: smoothing ----

  private void smoothAvailable(boolean strokeEnded) {
    int r = recipe.smoothingRadius();
    while (smoothedInStroke < rawInStroke && (strokeEnded || smoothedInStroke + r < rawInStroke)) {
      int k = smoothedInStroke;
      double wsum = 0, xs = 0, ys = 0;
      for (int j = Math.max(0, k - r); j <= Math.min(rawInStroke - 1, k + r); j++) {
        double w = r + 1 - Math.abs(j - k);
        wsum += w;
        xs += w * rx[j];
        ys += w * ry[j];
      }
      smoothedInStroke++;
      consumeSmoothed(xs / wsum, ys / wsum, k == 0, rIdx[k]);
    }
  }

  // ---- step 3: running estimates ----

  private void consumeSmoothed(double x, double y, boolean strokeStart, int sample) {
    n++;
    double dx = x - meanX, dy = y - meanY;
    meanX += dx / n;
    meanY += dy / n;
    m2x += dx * (x - meanX);
    m2y += dy * (y - meanY);
    cxy += dx * (y - meanY);
    if (haveLastS) {
      double sdx = x - lastSx, sdy = y - lastSy;
      double len = Math.hypot(sdx, sdy);
      if (Math.abs(sdx) < 0.84 * Math.abs(sdy)) { // within 40 degrees of vertical
        slantWeight += len;
        slantSum += len * (-sdx / sdy);
      }
    }
    lastSx = x;
    lastSy = y;
    haveLastS = true;
    enqueue(x, y, strokeStart ? START : 0, strokeIndex, sample);
  }

  private double scale() {
    double sdY = n > 1 ? Math.sqrt(m2y / n) : 0;
    double sdX = n > 1 ? Math.sqrt(m2x / n) : 0;
    return Math.max(Math.max(sdY, sdX / 8), 1e-6);
  }

  private double baselineSlope() {
    if (m2x <= 0) return 0;
    return Math.max(-MAX_BASELINE, Math.min(MAX_BASELINE, cxy / m2x));
  }

  private double slant() {
    if (slantWeight <= 0) return 0;
    return Math.max(-MAX_SLANT, Math.min(MAX_SLANT, slantSum / slantWeight));
  }

  // ---- warm-up queue ----

  private static final int START = 1, END = 2;

  private void enqueue(double x, double y, int flags, int stroke, int sample) {
    if ((pendingCount + 1) * PEND > pending.length) pending = Arrays.copyOf(pending, Math.max(64, pending.length * 2));
    int o = pendingCount * PEND;
    pending[o] = x;
    pending[o + 1] = y;
    pending[o + 2] = flags;
    pending[o + 3] = stroke;
    pending[o + 4] = sample;
    pendingCount++;
    if (n >= recipe.warmupPoints()) drainPending();
  }

  private void drainPending() {
    for (int i = 0; i < pendingCount; i++) {
      int o = i * PEND;
      int flags = (int) pending[o + 2];
      if (flags == END) {
        endStroke();
      } else {
        resample(pending[o], pending[o + 1], flags == START, (int) pending[o + 3], (int) pending[o + 4]);
      }
    }
    pendingCount = 0;
  }

  // ---- step 4: resampling ----

  private void resample(double x, double y, boolean strokeStart, int stroke, int sample) {
    if (strokeStart || !rsHavePrev) {
      rsHavePrev = true;
      rsPx = x;
      rsPy = y;
      rsAcc = 0;
      rsStroke = stroke;
      rsSample = sample;
      hold(x, y, true, stroke, sample);
      return;
    }
    double step = recipe.resampleStep() * scale();
    double segX = x - rsPx, segY = y - rsPy;
    double len = Math.hypot(segX, segY);
    double pos = 0; // distance already walked along this segment
    int made = 0;
    while (rsAcc + (len - pos) >= step && made < MAX_FRAMES_PER_SEGMENT) {
      pos += step - rsAcc;
      rsAcc = 0;
      hold(rsPx + segX * pos / len, rsPy + segY * pos / len, false, stroke, sample);
      made++;
    }
    rsAcc += len - pos;
    rsPx = x;
    rsPy = y;
    rsSample = sample;
  }

  private void endStroke() {
    if (!rsHavePrev) return;
    double step = recipe.resampleStep() * scale();
    // keep the stroke's last point unless a resampled point already lies (almost) on it
    if (rsAcc > 0.25 * step) hold(rsPx, rsPy, false, rsStroke, rsSample);
    if (held) emit(true);
    held = false;
    rsHavePrev = false;
    haveEmitted = false;
    havePrevDir = false;
  }

  private void hold(double x, double y, boolean start, int stroke, int sample) {
    if (held) emit(false);
    held = true;
    hx = x;
    hy = y;
    hStart = start;
    hStroke = stroke;
    hSample = sample;
  }

  // ---- step 5: features ----

  private void emit(boolean strokeEnd) {
    double scale = scale();
    double slope = baselineSlope();
    double cos = 1 / Math.sqrt(1 + slope * slope), sin = slope * cos;
    double k = slant();
    float dirX = 0, dirY = 0, curvC = 0, curvS = 0, jumpX = 0, jumpY = 0;
    if (hStart) {
      if (haveStrokeEnd) {
        double[] v = normalize(hx - sx, hy - sy, cos, sin, k);
        jumpX = (float) clip(v[0] / scale, 10);
        jumpY = (float) clip(v[1] / scale, 10);
      }
    } else if (haveEmitted) {
      double[] v = normalize(hx - ex, hy - ey, cos, sin, k);
      double len = Math.hypot(v[0], v[1]);
      if (len > 0) {
        double ux = v[0] / len, uy = v[1] / len;
        dirX = (float) ux;
        dirY = (float) uy;
        if (havePrevDir) {
          curvC = (float) (pdx * ux + pdy * uy);
          curvS = (float) (pdx * uy - pdy * ux);
        }
        havePrevDir = true;
        pdx = ux;
        pdy = uy;
      }
    }
    double baseline = meanY + slope * (hx - meanX);
    float height = (float) clip((baseline - hy) / scale, 5);
    append(new float[] {dirX, dirY, curvC, curvS, jumpX, jumpY, height, hStart ? 1f : 0f, strokeEnd ? 1f : 0f}, hStroke, hSample);
    haveEmitted = true;
    ex = hx;
    ey = hy;
    if (strokeEnd) {
      haveStrokeEnd = true;
      sx = hx;
      sy = hy;
    }
  }

  /** Rotates a move into the baseline frame, then removes the slant. */
  private static double[] normalize(double dx, double dy, double cos, double sin, double slant) {
    double rx = dx * cos + dy * sin;
    double ry = -dx * sin + dy * cos;
    return new double[] {rx + ry * slant, ry};
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  private void append(float[] frame, int stroke, int sample) {
    if (outCount == outStroke.length) {
      out = Arrays.copyOf(out, out.length * 2);
      outStroke = Arrays.copyOf(outStroke, outStroke.length * 2);
      outSample = Arrays.copyOf(outSample, outSample.length * 2);
    }
    System.arraycopy(frame, 0, out, outCount * F, F);
    outStroke[outCount] = stroke;
    outSample[outCount] = sample;
    outCount++;
  }
}
