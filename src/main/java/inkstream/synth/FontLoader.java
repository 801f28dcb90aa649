/*
 * Readers for single-line fonts: Hershey .jhf (Debian hershey-fonts-data) and SVG fonts
 * (npm hersheytext and the EMS collection: <glyph unicode d="M L C ...">, y up). Both are
 * normalized by Normalizer into Font's frame.
 */
package inkstream.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class FontLoader {
  private FontLoader() {}

  /** Hershey .jhf: one glyph per line for ASCII 32.., coordinates as characters offset from 'R', " R" lifts the pen. */
  public static Font hershey(InputStream in, String name, String design, boolean cursive) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    Map<Integer, double[][]> bounds = new HashMap<>();
    Map<Integer, List<double[]>> raw = new HashMap<>();
    int cp = 32;
    for (String line : text.split("\n")) {
      if (line.length() < 10) continue;
      int pairs = Integer.parseInt(line.substring(5, 8).trim());
      String body = line.substring(8);
      if (body.length() < 2 * pairs) throw new IllegalArgumentException(name + ": glyph " + cp + " is truncated");
      double left = body.charAt(0) - 'R', right = body.charAt(1) - 'R';
      List<double[]> strokes = new ArrayList<>();
      List<Double> cur = new ArrayList<>();
      for (int k = 1; k < pairs; k++) {
        char a = body.charAt(2 * k), b = body.charAt(2 * k + 1);
        if (a == ' ' && b == 'R') {
          flush(cur, strokes);
          continue;
        }
        cur.add((double) (a - 'R') - left);
        cur.add((double) (b - 'R'));
      }
      flush(cur, strokes);
      bounds.put(cp, new double[][] {{right - left}});
      raw.put(cp, strokes);
      cp++;
    }
    Map<Integer, Font.Glyph> glyphs = new HashMap<>();
    for (var e : raw.entrySet()) glyphs.put(e.getKey(), new Font.Glyph(bounds.get(e.getKey())[0][0], e.getValue()));
    return Normalizer.normalize(name, design, cursive, glyphs);
  }

  private static final Pattern GLYPH = Pattern.compile("<glyph\\b([^>]*)/?>", Pattern.DOTALL);
  private static final Pattern ATTR = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");
  private static final Pattern DEFAULT_ADV = Pattern.compile("<font\\b[^>]*horiz-adv-x=\"([^\"]+)\"");

  /** SVG font with single-line glyph paths, y up. */
  public static Font svg(InputStream in, String name, String design, boolean cursive) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    Matcher dm = DEFAULT_ADV.matcher(text);
    double defaultAdvance = dm.find() ? Double.parseDouble(dm.group(1)) : 500;
    Map<Integer, Font.Glyph> glyphs = new HashMap<>();
    Matcher m = GLYPH.matcher(text);
    while (m.find()) {
      Map<String, String> attrs = new HashMap<>();
      Matcher a = ATTR.matcher(m.group(1));
      while (a.find()) attrs.put(a.group(1), a.group(2));
      String unicode = unescape(attrs.getOrDefault("unicode", ""));
      if (unicode.codePointCount(0, unicode.length()) != 1) continue;
      int cp = unicode.codePointAt(0);
      if (cp < 32 || cp > 126) continue;
      double adv = attrs.containsKey("horiz-adv-x") ? Double.parseDouble(attrs.get("horiz-adv-x")) : defaultAdvance;
      List<double[]> strokes = SvgPath.parse(attrs.getOrDefault("d", ""));
      for (double[] s : strokes) {
        for (int i = 1; i < s.length; i += 2) s[i] = -s[i]; // y up -> y down
      }
      glyphs.put(cp, new Font.Glyph(adv, strokes));
    }
    if (glyphs.isEmpty()) throw new IllegalArgumentException(name + ": no glyphs found");
    return Normalizer.normalize(name, design, cursive, glyphs);
  }

  private static String unescape(String s) {
    Matcher m = Pattern.compile("&#x([0-9a-fA-F]+);|&#(\\d+);|&(amp|lt|gt|quot|apos);").matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String rep;
      if (m.group(1) != null) rep = new String(Character.toChars(Integer.parseInt(m.group(1), 16)));
      else if (m.group(2) != null) rep = new String(Character.toChars(Integer.parseInt(m.group(2))));
      else rep = switch (m.group(3)) {
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "quot" -> "\"";
        default -> "'";
      };
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static void flush(List<Double> cur, List<double[]> strokes) {
    if (cur.size() >= 2) {
      double[] s = new double[cur.size()];
      for (int i = 0; i < s.length; i++) s[i] = cur.get(i);
      strokes.add(s);
    }
    cur.clear();
  }
}
