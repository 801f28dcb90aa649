/*
 * Reader for InkML (W3C): each <trace> is a stroke of comma-separated points whose first channels
 * are X Y and optionally T; the transcript is the document's <annotation type="truth"> (or
 * "transcription"). Difference-encoded traces ('!', '\'', '"' prefixes) are rejected with a message.
 */
package inkstream.ink;

import java.io.IOException;
import java.nio.file.Path;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

public final class InkMl {
  private InkMl() {}

  public static Ink read(Path path) throws IOException {
    Document doc = Xml.parse(path);
    Element root = doc.getDocumentElement();
    if (!"ink".equals(root.getLocalName())) throw new IllegalArgumentException(path + ": root element is <" + root.getLocalName() + ">, not <ink>");
    String text = null;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && "annotation".equals(e.getLocalName())) {
        String type = e.getAttribute("type");
        if (type.equals("truth") || type.equals("transcription")) text = e.getTextContent().trim();
      }
    }
    InkJsonl.StrokeBuilder b = new InkJsonl.StrokeBuilder();
    NodeList traces = doc.getElementsByTagNameNS("*", "trace");
    for (int s = 0; s < traces.getLength(); s++) {
      String body = traces.item(s).getTextContent();
      if (body.indexOf('!') >= 0 || body.indexOf('\'') >= 0 || body.indexOf('"') >= 0) {
        throw new IllegalArgumentException(path + ": trace " + s + " uses difference encoding, which is not supported");
      }
      for (String point : body.split(",")) {
        String[] ch = point.trim().split("\\s+");
        if (ch.length == 1 && ch[0].isEmpty()) continue;
        if (ch.length < 2) throw new IllegalArgumentException(path + ": trace " + s + " has a point with fewer than 2 channels: '" + point.trim() + "'");
        try {
          float x = Float.parseFloat(ch[0]);
          float y = Float.parseFloat(ch[1]);
          if (!Float.isFinite(x) || !Float.isFinite(y)) throw new NumberFormatException("not finite");
          b.add(x, y, ch.length >= 3 ? Double.parseDouble(ch[2]) : Double.NaN);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(path + ": trace " + s + " has a non-numeric point: '" + point.trim() + "'");
        }
      }
      b.lift();
    }
    String id = path.getFileName().toString().replaceFirst("\\.inkml$", "");
    return new Ink(id, text, b.build());
  }
}
