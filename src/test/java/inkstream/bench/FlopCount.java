/*
 * FLOPs of the network's matrix products for a sequence (multiply-add = 2), so benchmark times
 * convert to GFLOP/s. Elementwise gate work is not counted.
 */
package inkstream.bench;

import inkstream.nn.ModelConfig;

final class FlopCount {
  private FlopCount() {}

  static long forward(ModelConfig c, int frames) {
    long G = 4L * c.hiddenSize();
    long macs = 0;
    for (int l = 0; l < c.layers(); l++) {
      macs += c.directions() * (long) frames * (c.layerInputSize(l) + c.hiddenSize()) * G;
    }
    macs += (long) frames * c.layerOutputSize() * c.classes();
    return 2 * macs;
  }

  static void print(ModelConfig c, int frames) {
    long f = forward(c, frames);
    System.out.printf("%n# flops: frames=%d forward=%d (%.3f MFLOP/frame); forward+backward ~ 3x%n", frames, f, f / 1e6 / frames);
  }
}
