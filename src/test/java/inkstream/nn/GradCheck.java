/*
 * Central-difference gradient checking shared by the nn tests: perturbs a sample of coordinates and
 * compares with the analytic gradient, reporting the worst coordinate.
 */
package inkstream.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

final class GradCheck {
  private GradCheck() {}

  /**
   * @param values   the array being perturbed in place (restored afterwards)
   * @param analytic the analytic gradient for values
   * @param loss     recomputes the loss from the current values
   */
  static void check(String what, float[] values, float[] analytic, DoubleSupplier loss, int samples, float eps, double tol, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double worst = 0;
    String worstAt = "";
    for (int n = 0; n < samples; n++) {
      int i = rng.nextInt(values.length);
      float v = values[i];
      values[i] = v + eps;
      double lp = loss.getAsDouble();
      values[i] = v - eps;
      double lm = loss.getAsDouble();
      values[i] = v;
      double numeric = (lp - lm) / (2 * eps);
      double err = Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i]));
      if (err > worst) {
        worst = err;
        worstAt = "index " + i + ": analytic " + analytic[i] + ", numeric " + numeric;
      }
    }
    assertTrue(worst < tol, what + ": largest relative difference " + worst + " at " + worstAt);
  }

  static float[] randomArray(int n, double scale, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) rng.nextDouble(-scale, scale);
    return a;
  }
}
