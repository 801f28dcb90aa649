/*
 * Draws ink as a PNG: strokes coloured by time (blue early, red late), optionally with a caption
 * per line, so people can look at what the generator makes and what the recognizer read.
 */
package inkstream.synth;

import inkstream.ink.Ink;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

public final class InkRenderer {
  private InkRenderer() {}

  /** Renders lines one under another, each scaled into a band of the given height, with captions. */
  public static void render(List<Ink> lines, List<String> captions, int width, int band, Path out) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int captionHeight = 18;
    int height = lines.size() * (band + captionHeight) + 10;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int top = 5;
    for (int li = 0; li < lines.size(); li++) {
      Ink ink = lines.get(li);
      double[] b = bounds(ink);
      double scale = Math.min((width - 20) / Math.max(1e-9, b[2] - b[0]), (band - 10) / Math.max(1e-9, b[3] - b[1]));
      double tMin = Double.MAX_VALUE, tMax = -Double.MAX_VALUE;
      int n = 0;
      for (Ink.Stroke s : ink.strokes()) {
        for (int i = 0; i < s.size(); i++, n++) {
          double t = Double.isNaN(s.t()[i]) ? n : s.t()[i];
          tMin = Math.min(tMin, t);
          tMax = Math.max(tMax, t);
        }
      }
      g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      n = 0;
      for (Ink.Stroke s : ink.strokes()) {
        for (int i = 0; i < s.size(); i++, n++) {
          double t = Double.isNaN(s.t()[i]) ? n : s.t()[i];
          float f = (float) ((t - tMin) / Math.max(1e-9, tMax - tMin));
          g.setColor(Color.getHSBColor(0.66f * (1 - f), 0.9f, 0.8f));
          int x1 = (int) Math.round(10 + (s.x()[i] - b[0]) * scale), y1 = (int) Math.round(top + 5 + (s.y()[i] - b[1]) * scale);
          int j = Math.min(i + 1, s.size() - 1);
          int x2 = (int) Math.round(10 + (s.x()[j] - b[0]) * scale), y2 = (int) Math.round(top + 5 + (s.y()[j] - b[1]) * scale);
          g.drawLine(x1, y1, x2, y2);
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
      if (captions != null && li < captions.size()) g.drawString(captions.get(li), 10, top + band + 13);
      top += band + captionHeight;
    }
    g.dispose();
    ImageIO.write(img, "png", out.toFile());
  }

  private static double[] bounds(Ink ink) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (Ink.Stroke s : ink.strokes()) {
      for (int i = 0; i < s.size(); i++) {
        b[0] = Math.min(b[0], s.x()[i]);
        b[1] = Math.min(b[1], s.y()[i]);
        b[2] = Math.max(b[2], s.x()[i]);
        b[3] = Math.max(b[3], s.y()[i]);
      }
    }
    return b;
  }
}
