/*
 * The writing styles the generator knows: single-line fonts bundled in the jar (Hershey from
 * Debian's hershey-fonts-data, EMS fonts from npm hersheytext) and SVG fonts from a directory
 * given at run time (--fonts DIR, e.g. the 21 EMS styles in shared/fonts/ems). Every font has a
 * design name: fonts that are the same design under two names share it, and data splits go by
 * design, never by file.
 */
package inkstream.synth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

public final class FontCatalog {
  private static final String BASE = "/inkstream/synth/fonts/";

  /** Bundled fonts: resource, name, design. */
  private static final String[][] BUNDLED = {
      {"hershey/scripts.jhf", "HersheyScript", "hershey-script"},
      {"hershey/rowmans.jhf", "HersheyRoman", "hershey-roman"},
      {"hersheytext/EMSAllure.svg", "EMSAllure", "allura"},
      {"hersheytext/EMSElfin.svg", "EMSElfin", "elfin"},
      {"hersheytext/EMSFelix.svg", "EMSFelix", "felix"},
      {"hersheytext/EMSNixish.svg", "EMSNixish", "nixish"},
      {"hersheytext/EMSNixishItalic.svg", "EMSNixishItalic", "nixish"},
      {"hersheytext/EMSOsmotron.svg", "EMSOsmotron", "osmotron"},
      {"hersheytext/EMSReadability.svg", "EMSReadability", "readability"},
      {"hersheytext/EMSReadabilityItalic.svg", "EMSReadabilityItalic", "readability"},
      {"hersheytext/EMSTech.svg", "EMSTech", "architects-daughter"},
  };

  /** Designs known to be one design under two names (beyond the bundled table). */
  private static final Map<String, String> SAME_DESIGN = Map.of(
      "EMSBirdSwashCaps", "EMSBird", "EMSDelightSwashCaps", "EMSDelight");

  private FontCatalog() {}

  /**
   * Data splits by design; "excluded" holds decorative designs whose lower case is capitals; "school" the school
   * handwriting models (Playwrite, Edu), trained on only when asked for (synth --split train,school): as uniformly drawn
   * training styles they cost the held-out styles (README, stages 41-44).
   */
  public enum Split { train, school, val, test, test_outline, excluded, all }

  /**
   * Held-out designs, chosen by looking at the specimens to be unlike each other and the training
   * styles: validation (model selection) and test (reported); never trained on.
   */
  static final java.util.Set<String> VAL = java.util.Set.of("elfin", "emsinvite");
  static final java.util.Set<String> TEST = java.util.Set.of("emssociety", "emspepita", "emscasualhand", "emsneato");
  /**
   * Held-out outline (skeletonized) designs, by other designers than the EMS family: print,
   * marker and cursive hands, a second test set less like the single-line training fonts.
   */
  static final java.util.Set<String> TEST_OUTLINE = java.util.Set.of("caveat", "gloria-hallelujah", "nanum-pen-script", "dancing-script", "cookie");
  static final java.util.Set<String> EXCLUDED = java.util.Set.of("emsmistynight", "emsspacerocks");

  public static Split splitOf(Font f) {
    if (VAL.contains(f.design())) return Split.val;
    if (TEST.contains(f.design())) return Split.test;
    if (TEST_OUTLINE.contains(f.design())) return Split.test_outline;
    if (EXCLUDED.contains(f.design())) return Split.excluded;
    if (f.design().startsWith("playwrite-") || f.design().startsWith("edu-")) return Split.school;
    return Split.train;
  }

  public static List<Font> select(List<Font> fonts, Split split) {
    return select(fonts, List.of(split));
  }

  /** The fonts of any of the splits, in the order of the list given ("all": every one not excluded). */
  public static List<Font> select(List<Font> fonts, java.util.Collection<Split> splits) {
    return fonts.stream().filter(f -> splits.contains(splitOf(f)) || splits.contains(Split.all) && splitOf(f) != Split.excluded).toList();
  }

  public static List<Font> bundled() throws IOException {
    List<Font> out = new ArrayList<>();
    for (String[] b : BUNDLED) {
      try (InputStream in = FontCatalog.class.getResourceAsStream(BASE + b[0])) {
        if (in == null) throw new IllegalStateException("missing bundled font " + b[0]);
        Font f = b[0].endsWith(".jhf") ? FontLoader.hershey(in, b[1], b[2], false) : FontLoader.svg(in, b[1], b[2], false);
        out.add(withCursive(f));
      }
    }
    return out;
  }

  /**
   * Outline handwriting fonts (npm @fontsource packages, WOFF, OFL or Apache 2.0; list in
   * outline/FONTS.tsv: directory, family, licence, version, design) turned into pen paths by
   * Skeletonizer. Loaded once per process. Fonts whose lower case is capitals or whose glyphs
   * thin into scribbles (ornate swash capitals, hollow or doubled strokes) were left out when
   * they were chosen; the fifth column names the design (Shadows Into Light Two is Shadows
   * Into Light).
   */
  public static synchronized List<Font> outline() throws IOException {
    if (outlineCache == null) {
      List<Font> out = new ArrayList<>();
      String index;
      try (InputStream in = FontCatalog.class.getResourceAsStream(BASE + "outline/FONTS.tsv")) {
        if (in == null) throw new IllegalStateException("missing bundled outline font index");
        index = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      for (String line : index.split("\n")) {
        if (line.isBlank()) continue;
        String[] f = line.split("\t");
        String resource = BASE + "outline/" + f[0] + "/" + f[0] + "-latin-400-normal.woff";
        try (InputStream in = FontCatalog.class.getResourceAsStream(resource)) {
          if (in == null) throw new IllegalStateException("missing bundled font " + resource);
          out.add(skeletonized(in.readAllBytes(), true, f[1].replace(" ", ""), f[4]));
        }
      }
      outlineCache = List.copyOf(out);
    }
    return outlineCache;
  }

  private static List<Font> outlineCache;

  /**
   * Every font in a directory: single-line SVG fonts (*.svg) as they are, outline fonts (*.woff,
   * *.ttf, *.otf) skeletonized into pen paths as the bundled outline fonts are. The design is
   * the file name without SwashCaps/Italic variants (for outline files also without the
   * fontsource suffix "-latin-400-normal"), so a design's variants fall in one split. An outline
   * file that cannot be read as a font is refused naming it (IllegalArgumentException).
   */
  public static List<Font> directory(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".svg") || isOutline(p)).sorted().toList();
    }
    List<Font> out = new ArrayList<>();
    for (Path p : files) {
      String name = p.getFileName().toString().replaceFirst("\\.[a-z]+$", "");
      if (isOutline(p)) {
        String design = name.replaceFirst("-latin-400-normal$", "").toLowerCase();
        try {
          out.add(skeletonized(Files.readAllBytes(p), p.toString().endsWith(".woff"), familyName(design), design));
        } catch (IOException e) { // a file of the user's: say which, as a bad argument
          throw new IllegalArgumentException(p + ": " + e.getMessage(), e);
        }
        continue;
      }
      String design = SAME_DESIGN.getOrDefault(name, name.replaceFirst("Italic$", "")).toLowerCase();
      try (InputStream in = Files.newInputStream(p)) {
        out.add(withCursive(FontLoader.svg(in, name, design, false)));
      }
    }
    return out;
  }

  /** An outline font's bytes (WOFF, or a plain TrueType/OpenType file) skeletonized into pen paths. */
  private static Font skeletonized(byte[] bytes, boolean woff, String name, String design) throws IOException {
    return withCursive(Skeletonizer.fromSfnt(woff ? Woff.toSfnt(bytes) : bytes, name, design));
  }

  private static boolean isOutline(Path p) {
    String n = p.toString();
    return n.endsWith(".woff") || n.endsWith(".ttf") || n.endsWith(".otf");
  }

  /** "homemade-apple" -> "HomemadeApple", the style name the bundled outline fonts get. */
  static String familyName(String design) {
    StringBuilder b = new StringBuilder();
    for (String w : design.split("[-_ ]+")) {
      if (!w.isEmpty()) b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return b.toString();
  }

  /** All bundled single-line fonts, the skeletonized outline fonts, and those of an optional directory. */
  public static List<Font> all(Path extraDir) throws IOException {
    List<Font> out = new ArrayList<>(bundled());
    out.addAll(outline());
    if (extraDir != null) out.addAll(directory(extraDir));
    return out;
  }

  /**
   * A font is cursive when most lower-case letters, laid side by side, touch their neighbour: some
   * stroke end of one lies within 0.15 x-heights of some stroke end of the next.
   */
  static Font withCursive(Font f) {
    String probe = "minimumcanoe";
    int touching = 0;
    double pen = 0;
    List<double[]> prevEnds = null;
    for (char ch : probe.toCharArray()) {
      Font.Glyph g = f.glyph(ch);
      if (g == null || g.strokes().isEmpty()) return f;
      List<double[]> ends = new ArrayList<>();
      for (double[] s : g.strokes()) {
        ends.add(new double[] {pen + s[0], s[1]});
        ends.add(new double[] {pen + s[s.length - 2], s[s.length - 1]});
      }
      if (prevEnds != null) {
        double best = Double.MAX_VALUE;
        for (double[] a : prevEnds) for (double[] b : ends) best = Math.min(best, Math.hypot(a[0] - b[0], a[1] - b[1]));
        if (best < 0.15) touching++;
      }
      prevEnds = ends;
      pen += g.advance();
    }
    return new Font(f.name(), f.design(), touching * 2 > probe.length() - 1, f.glyphs());
  }
}
