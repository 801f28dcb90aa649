/*
 * Draws a training curve as a PNG: training loss per character (left axis) and validation CER
 * (right axis, percent) against steps, from a checkpoint's recorded curve.
 */
package inkstream.train;

import inkstream.proto.v1.CurvePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

public final class CurvePlot {
  private CurvePlot() {}

  public static void plot(List<CurvePoint> curve, String title, Path out) throws IOException {
    if (curve.isEmpty()) throw new IllegalArgumentException("the checkpoint has no recorded curve");
    System.setProperty("java.awt.headless", "true");
    int W = 900, H = 500, left = 70, right = 70, top = 40, bottom = 50;
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    long maxStep = curve.get(curve.size() - 1).getStep();
    double maxLoss = 0;
    for (CurvePoint p : curve) maxLoss = Math.max(maxLoss, p.getTrainLoss());
    maxLoss = Math.ceil(maxLoss);
    int pw = W - left - right, ph = H - top - bottom;
    g.setColor(Color.LIGHT_GRAY);
    for (int i = 0; i <= 10; i++) g.drawLine(left, top + ph * i / 10, left + pw, top + ph * i / 10);
    g.setColor(Color.BLACK);
    g.drawRect(left, top, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      g.drawString(String.format(Locale.ROOT, "%.1f", maxLoss * (5 - i) / 5), 30, top + ph * i / 5 + 4);
      g.drawString((100 * (5 - i) / 5) + "%", left + pw + 8, top + ph * i / 5 + 4);
      g.drawString(Long.toString(maxStep * i / 5), left + pw * i / 5 - 10, top + ph + 18);
    }
    g.drawString("steps", left + pw / 2 - 15, H - 12);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, left, 25);
    g.setStroke(new BasicStroke(2f));
    int px = -1, py = -1;
    g.setColor(new Color(0, 90, 200));
    for (CurvePoint p : curve) {
      int x = left + (int) (pw * p.getStep() / (double) maxStep), y = top + (int) (ph * (1 - p.getTrainLoss() / maxLoss));
      if (px >= 0) g.drawLine(px, py, x, y);
      px = x;
      py = y;
    }
    g.setColor(new Color(210, 60, 30));
    px = -1;
    for (CurvePoint p : curve) {
      if (p.getValCer() < 0) continue;
      int x = left + (int) (pw * p.getStep() / (double) maxStep), y = top + (int) (ph * (1 - Math.min(1, p.getValCer())));
      if (px >= 0) g.drawLine(px, py, x, y);
      g.fillOval(x - 3, y - 3, 6, 6);
      px = x;
      py = y;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0, 90, 200));
    g.drawString("training loss per character (left)", left + 10, top + 16);
    g.setColor(new Color(210, 60, 30));
    g.drawString("validation CER (right)", left + 10, top + 32);
    g.dispose();
    ImageIO.write(img, "png", out.toFile());
  }
}
