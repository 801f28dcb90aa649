/*
 * Reader for IAM-OnDB: lineStrokes XML (StrokeSet/Stroke/Point with x, y and time in seconds) and
 * the ascii transcription files, whose "CSR:" section holds one text line per line file
 * (a01-000u-03.xml is line 3 of a01-000u.txt).
 */
package inkstream.ink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public final class IamOnDb {
  private static final Pattern LINE_FILE = Pattern.compile("(.+)-(\\d+)\\.xml");

  private IamOnDb() {}

  /** Reads one line of strokes; text may be null (unlabeled). */
  public static Ink readStrokes(Path xml, String text) throws IOException {
    Document doc = Xml.parse(xml);
    NodeList strokes = doc.getElementsByTagName("Stroke");
    InkJsonl.StrokeBuilder b = new InkJsonl.StrokeBuilder();
    for (int s = 0; s < strokes.getLength(); s++) {
      NodeList points = ((Element) strokes.item(s)).getElementsByTagName("Point");
      for (int i = 0; i < points.getLength(); i++) {
        Element p = (Element) points.item(i);
        float x = (float) parse(p.getAttribute("x"), xml, "x");
        float y = (float) parse(p.getAttribute("y"), xml, "y");
        String time = p.getAttribute("time");
        b.add(x, y, time.isEmpty() ? Double.NaN : parse(time, xml, "time") * 1000.0);
      }
      b.lift();
    }
    String id = xml.getFileName().toString().replaceFirst("\\.xml$", "");
    return new Ink(id, text, b.build());
  }

  /** The CSR lines of a transcription file, in order. */
  public static List<String> readTranscription(Path txt) throws IOException {
    List<String> lines = Files.readAllLines(txt, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    boolean csr = false;
    for (String line : lines) {
      if (line.trim().equals("CSR:")) {
        csr = true;
        continue;
      }
      if (csr && !line.isBlank()) out.add(line.trim());
    }
    if (!csr) throw new IllegalArgumentException(txt + ": no \"CSR:\" section");
    return out;
  }

  /**
   * Reads every line file under lineStrokesDir, labelled from the transcription under asciiDir at the
   * same relative folder (a01/a01-000/a01-000u-01.xml takes line 1 of a01/a01-000/a01-000u.txt).
   */
  public static List<Ink> readCorpus(Path lineStrokesDir, Path asciiDir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(lineStrokesDir)) {
      files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
    List<Ink> out = new ArrayList<>();
    for (Path xml : files) {
      Matcher m = LINE_FILE.matcher(xml.getFileName().toString());
      if (!m.matches()) throw new IllegalArgumentException(xml + ": not a line file name like a01-000u-01.xml");
      Path rel = lineStrokesDir.relativize(xml.getParent());
      Path txt = asciiDir.resolve(rel).resolve(m.group(1) + ".txt");
      List<String> csr = readTranscription(txt);
      int line = Integer.parseInt(m.group(2));
      if (line < 1 || line > csr.size()) throw new IllegalArgumentException(xml + ": line " + line + " but " + txt + " has " + csr.size());
      out.add(readStrokes(xml, csr.get(line - 1)));
    }
    return out;
  }

  private static double parse(String v, Path file, String what) {
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) throw new NumberFormatException("not finite");
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + what + " is not a number: '" + v + "'");
    }
  }
}
