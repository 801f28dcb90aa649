/*
 * How one synthetic writer writes one line: layout, shape, pen behaviour and timing parameters,
 * each drawn uniformly from a bounded range. "Hard" widens the ranges (strong distortion, unusual
 * slant, fast sloppy timing) for the hard evaluation set. SynthTest checks every bound.
 */
package inkstream.synth;

import java.util.SplittableRandom;

public record HandStyle(
    double xHeight, // device units per x-height
    double slant, // shear, x += -slant * y (positive leans right)
    double rotation, // radians, whole line
    double driftAmplitude, // baseline wave, x-heights
    double driftWavelength, // x-heights
    double stretch, // horizontal scale
    double letterSpacing, // extra advance per letter, x-heights
    double wordSpacing, // factor on the font's space width
    double sizeJitter, // relative per-letter size change (uniform +-)
    double baselineJitter, // per-letter baseline shift, x-heights (uniform +-)
    double elastic, // amplitude of the smooth displacement field, x-heights
    double delayProbability, // probability of writing a dot or bar after its word
    double addJoinProbability, // probability of connecting two letters (print styles)
    double dropJoinProbability, // probability of lifting the pen inside a cursive join
    double hookProbability, // probability of a hook at a pen-down or pen-up
    double hookSize, // x-heights
    double downstrokeProbability, // probability of drawing an upward vertical line top-down instead
    double speed, // pen speed, x-heights per second
    double sampleRate, // Hz
    double dropProbability, // per sample
    double repeatProbability, // per sample
    double jitter, // device units (uniform +-)
    int smoothing, // corner-cutting passes
    // writer stroke order (synth --stroke-order; all 0 without it): fonts draw each glyph one way,
    // people lift the pen at corners (5, 7, E), reorder a letter's strokes (+, x, 5 with its flag
    // last) and reverse some
    double cornerLiftProbability, // probability of lifting the pen at a sharp corner (turn > 110 degrees)
    double reorderProbability, // probability of writing a letter's first stroke last
    double reverseProbability, // probability of drawing a stroke backwards
    // writers begin letters at the top (synth --top-start; 0 without it): fonts draw many letters
    // upwards from their bottom (s, 9, 3 and the skeletons of outline fonts), people almost never do
    double topStartProbability, // probability, per letter, of starting it at the top
    // entry and exit strokes (synth --entry-exit; 0 without it): cursive writers often begin a word
    // with an upstroke from the baseline into its first letter and end it with a rising tail
    double entryExitProbability, // probability, per word, of an entry stroke, and independently of an exit stroke
    // writers' digit forms (synth --digit-forms; 0 without it): many people, across continental
    // Europe and beyond, write a 1 as a long upstroke into the stem (often with a foot) and cross the 7
    double digitFormProbability // probability, per 1 or 7, of the writer's form instead of the font's
) {
  /** A hand without entry and exit strokes or digit forms (every hand made before --entry-exit). */
  public HandStyle(double xHeight, double slant, double rotation, double driftAmplitude, double driftWavelength, double stretch,
      double letterSpacing, double wordSpacing, double sizeJitter, double baselineJitter, double elastic, double delayProbability,
      double addJoinProbability, double dropJoinProbability, double hookProbability, double hookSize, double downstrokeProbability,
      double speed, double sampleRate, double dropProbability, double repeatProbability, double jitter, int smoothing,
      double cornerLiftProbability, double reorderProbability, double reverseProbability, double topStartProbability) {
    this(xHeight, slant, rotation, driftAmplitude, driftWavelength, stretch, letterSpacing, wordSpacing, sizeJitter, baselineJitter,
        elastic, delayProbability, addJoinProbability, dropJoinProbability, hookProbability, hookSize, downstrokeProbability, speed,
        sampleRate, dropProbability, repeatProbability, jitter, smoothing, cornerLiftProbability, reorderProbability,
        reverseProbability, topStartProbability, 0, 0);
  }

  /** Parameters drawn for every line; the stroke-order ones follow only with strokeOrder, then top start, entry and exit, digit forms. */
  private static final int BASE = 23, STROKE_ORDER = 3, TOP_START = BASE + STROKE_ORDER;

  /** The ranges: {min, max} per parameter, in record order (smoothing included). */
  public static double[][] ranges(boolean hard) {
    return new double[][] {
        {18, 60}, // xHeight
        hard ? new double[] {-0.5, 0.8} : new double[] {-0.2, 0.45}, // slant
        hard ? new double[] {-0.12, 0.12} : new double[] {-0.05, 0.05}, // rotation
        hard ? new double[] {0, 0.5} : new double[] {0, 0.2}, // driftAmplitude
        {8, 30}, // driftWavelength
        hard ? new double[] {0.7, 1.4} : new double[] {0.85, 1.2}, // stretch
        hard ? new double[] {-0.15, 0.4} : new double[] {-0.05, 0.25}, // letterSpacing
        hard ? new double[] {0.5, 1.8} : new double[] {0.7, 1.4}, // wordSpacing
        hard ? new double[] {0, 0.2} : new double[] {0, 0.08}, // sizeJitter
        hard ? new double[] {0, 0.2} : new double[] {0, 0.08}, // baselineJitter
        hard ? new double[] {0, 0.15} : new double[] {0, 0.06}, // elastic
        {0, 0.8}, // delayProbability
        {0, 0.4}, // addJoinProbability
        {0, 0.15}, // dropJoinProbability
        hard ? new double[] {0, 0.6} : new double[] {0, 0.3}, // hookProbability
        {0.02, 0.12}, // hookSize
        {0.6, 1.0}, // downstrokeProbability
        hard ? new double[] {18, 40} : new double[] {12, 28}, // speed
        {60, 200}, // sampleRate
        hard ? new double[] {0, 0.08} : new double[] {0, 0.03}, // dropProbability
        hard ? new double[] {0, 0.08} : new double[] {0, 0.03}, // repeatProbability
        hard ? new double[] {0, 1.0} : new double[] {0, 0.4}, // jitter
        {1, 2}, // smoothing
        {0, 0.5}, // cornerLiftProbability
        {0, 0.5}, // reorderProbability
        {0, 0.1}, // reverseProbability
        {0.8, 1.0}, // topStartProbability
        {0.1, 0.7}, // entryExitProbability
        {0, 1}, // digitFormProbability
    };
  }

  /**
   * What a sampled hand does beyond the base habits (each a synth option): hard (wider ranges),
   * strokeOrder (writers' stroke order), topStart (letters begun at the top), entryExit (entry and
   * exit strokes), digitForms (the hand's own 1 and 7, or one of them). Each option's parameters are drawn after
   * the base ones and after those of the options before it, and are drawn only when it is on, so
   * every data set made before an option existed regenerates bit for bit.
   */
  public record Options(boolean hard, boolean strokeOrder, boolean topStart, boolean entryExit, String digitForms) {
    /** The fonts' own stroke order and forms, the base ranges. */
    public static final Options PLAIN = new Options(false, false, false, false, "");

    /** digitForms: the digits written in the writers' own forms, of "17" ("" = none, the fonts' forms). */
    public Options {
      digitForms = digitForms == null ? "" : digitForms;
      if (!digitForms.chars().allMatch(c -> c == '1' || c == '7'))
        throw new IllegalArgumentException("digit forms exist for 1 and 7 only: \"" + digitForms + "\"");
    }

    public Options withHard(boolean on) {
      return new Options(on, strokeOrder, topStart, entryExit, digitForms);
    }

    public Options withStrokeOrder(boolean on) {
      return new Options(hard, on, topStart, entryExit, digitForms);
    }
  }

  /** A hand with the given options (see Options). */
  public static HandStyle sample(SplittableRandom r, Options o) {
    double[][] g = ranges(o.hard());
    double[] v = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      boolean drawn = i < BASE
          || (i < TOP_START ? o.strokeOrder() : i == TOP_START ? o.topStart() : i == TOP_START + 1 ? o.entryExit() : !o.digitForms().isEmpty());
      if (drawn) v[i] = g[i][0] == g[i][1] ? g[i][0] : r.nextDouble(g[i][0], g[i][1]);
    }
    return new HandStyle(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16],
        v[17], v[18], v[19], v[20], v[21], (int) Math.round(v[22]), v[23], v[24], v[25], v[26], v[27], v[28]);
  }

  /** Whether this hand varies the fonts' stroke order. */
  public boolean variesStrokeOrder() {
    return cornerLiftProbability > 0 || reorderProbability > 0 || reverseProbability > 0;
  }

  /** The parameters in record order, for checking against ranges(). */
  public double[] values() {
    return new double[] {xHeight, slant, rotation, driftAmplitude, driftWavelength, stretch, letterSpacing, wordSpacing, sizeJitter,
        baselineJitter, elastic, delayProbability, addJoinProbability, dropJoinProbability, hookProbability, hookSize,
        downstrokeProbability, speed, sampleRate, dropProbability, repeatProbability, jitter, smoothing, cornerLiftProbability,
        reorderProbability, reverseProbability, topStartProbability, entryExitProbability, digitFormProbability};
  }
}
