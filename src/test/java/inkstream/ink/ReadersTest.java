package inkstream.ink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures");

  @Test
  void shouldSplitStrokesAtLiftsWhenReadingJsonl() throws Exception {
    List<Ink> inks = InkJsonl.read(FIXTURES.resolve("sample.jsonl"));
    assertEquals(2, inks.size());
    Ink a = inks.get(0);
    assertEquals("a", a.id());
    assertEquals("ok", a.text());
    assertEquals(2, a.strokes().size());
    assertArrayEquals(new float[] {0, 1}, a.strokes().get(0).x());
    assertArrayEquals(new float[] {0, 2}, a.strokes().get(0).y());
    assertEquals(10.0, a.strokes().get(0).t()[1]);
    assertTrue(Double.isNaN(a.strokes().get(1).t()[0]));
    Ink b = inks.get(1);
    assertNull(b.text());
    assertEquals(1, b.strokes().size());
    assertArrayEquals(new float[] {1.5f, 3}, b.strokes().get(0).x());
  }

  @Test
  void shouldRoundTripWhenWritingJsonl(@TempDir Path dir) throws Exception {
    List<Ink> inks = InkJsonl.read(FIXTURES.resolve("sample.jsonl"));
    Path out = dir.resolve("out.jsonl");
    InkJsonl.write(out, inks);
    List<Ink> again = InkJsonl.read(out);
    assertEquals(inks.size(), again.size());
    for (int i = 0; i < inks.size(); i++) {
      assertEquals(inks.get(i).text(), again.get(i).text());
      assertEquals(inks.get(i).strokes().size(), again.get(i).strokes().size());
      for (int s = 0; s < inks.get(i).strokes().size(); s++) {
        assertArrayEquals(inks.get(i).strokes().get(s).x(), again.get(i).strokes().get(s).x());
        assertArrayEquals(inks.get(i).strokes().get(s).y(), again.get(i).strokes().get(s).y());
      }
    }
  }

  @Test
  void shouldNameRecordAndFieldWhenJsonlIsBad() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InkJsonl.parseLine("{\"points\": [", "f:3")).getMessage()
        .startsWith("f:3: not valid JSON: Unexpected end-of-input"));
    assertEquals("f:1: points[1].y is not a number",
        assertThrows(IllegalArgumentException.class, () -> InkJsonl.parseLine("{\"points\": [[1,2],[3,\"a\"]]}", "f:1")).getMessage());
    assertEquals("f:1: points[0].x out of range: 1.0E9",
        assertThrows(IllegalArgumentException.class, () -> InkJsonl.parseLine("{\"points\": [[1e9,2]]}", "f:1")).getMessage());
    assertEquals("f:1: missing \"points\" array",
        assertThrows(IllegalArgumentException.class, () -> InkJsonl.parseLine("{\"id\": \"x\"}", "f:1")).getMessage());
    assertEquals("f:2: \"char_end_ms\" must be an array with one entry per character of \"text\"",
        assertThrows(IllegalArgumentException.class,
            () -> InkJsonl.parseLine("{\"text\": \"ab\", \"points\": [[1,2]], \"char_end_ms\": [5]}", "f:2")).getMessage());
    assertEquals("f:2: \"char_end_ms\" must be an array with one entry per character of \"text\"",
        assertThrows(IllegalArgumentException.class, () -> InkJsonl.parseLine("{\"points\": [[1,2]], \"char_end_ms\": [5]}", "f:2")).getMessage());
    assertArrayEquals(new double[] {5, Double.NaN},
        InkJsonl.parseLine("{\"text\": \"a \", \"points\": [[1,2]], \"char_end_ms\": [5, null]}", "f:2").charEndMs());
  }

  @Test
  void shouldReadStrokesAndCsrLineWhenReadingIamOnDb() throws Exception {
    Path root = FIXTURES.resolve("iamondb");
    List<Ink> inks = IamOnDb.readCorpus(root.resolve("lineStrokes"), root.resolve("ascii"));
    assertEquals(1, inks.size());
    Ink ink = inks.get(0);
    assertEquals("a01-000u-02", ink.id());
    assertEquals("nominating any more Labour", ink.text());
    assertEquals(2, ink.strokes().size());
    assertArrayEquals(new float[] {1073, 1072, 1070}, ink.strokes().get(0).x());
    assertEquals(769_080.0, ink.strokes().get(0).t()[2], 1e-6);
  }

  @Test
  void shouldNameFileAndFieldWhenIamOnDbPointIsBad(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("a01-000u-01.xml");
    Files.writeString(xml, "<WhiteboardCaptureSession><StrokeSet><Stroke><Point x=\"1\" y=\"2\" time=\"soon\"/></Stroke></StrokeSet></WhiteboardCaptureSession>");
    assertEquals(xml + ": time is not a number: 'soon'", assertThrows(IllegalArgumentException.class, () -> IamOnDb.readStrokes(xml, null)).getMessage());
    Files.writeString(xml, "<WhiteboardCaptureSession><StrokeSet><Stroke><Point x=\"NaN\" y=\"2\"/></Stroke></StrokeSet></WhiteboardCaptureSession>");
    assertEquals(xml + ": x is not a number: 'NaN'", assertThrows(IllegalArgumentException.class, () -> IamOnDb.readStrokes(xml, null)).getMessage());
  }

  @Test
  void shouldReadTracesAndTruthWhenReadingInkMl() throws Exception {
    Ink ink = InkMl.read(FIXTURES.resolve("sample.inkml"));
    assertEquals("hi", ink.text());
    assertEquals(3, ink.strokes().size());
    assertArrayEquals(new float[] {10, 10, 10.5f}, ink.strokes().get(0).x());
    assertArrayEquals(new float[] {20, 40, 60}, ink.strokes().get(0).y());
    assertEquals(110.0, ink.strokes().get(1).t()[1]);
    assertEquals(1, ink.strokes().get(2).size());
  }

  @Test
  void shouldRejectWhenInkMlIsDifferenceEncodedOrHasEntities(@TempDir Path dir) throws Exception {
    Path diff = dir.resolve("d.inkml");
    Files.writeString(diff, "<ink xmlns=\"http://www.w3.org/2003/InkML\"><trace>10 20, '1 2</trace></ink>");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InkMl.read(diff)).getMessage().contains("difference encoding"));
    Path xxe = dir.resolve("x.inkml");
    Files.writeString(xxe, "<?xml version=\"1.0\"?><!DOCTYPE ink [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ink><trace>&e;</trace></ink>");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InkMl.read(xxe)).getMessage().contains("not well-formed XML"));
  }
}
