/*
 * WOFF 1.0 (the web font container the npm @fontsource packages ship) back to the plain sfnt
 * (TrueType/OpenType) bytes java.awt.Font reads: each table is zlib-compressed unless its
 * compressed length equals its original length. Layout per the W3C WOFF 1.0 recommendation:
 * a 44-byte header, a 20-byte directory entry per table (tag, offset, compLength, origLength,
 * origChecksum); the sfnt gets a 12-byte offset table, 16-byte table records and 4-byte
 * aligned tables.
 */
package inkstream.synth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

final class Woff {
  private Woff() {}

  static byte[] toSfnt(byte[] woff) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(woff);
    if (woff.length < 44 || in.getInt(0) != 0x774F4646) throw new IOException("not a WOFF file (no 'wOFF' signature)");
    int flavor = in.getInt(4);
    int numTables = Short.toUnsignedInt(in.getShort(12));
    if (44 + 20L * numTables > woff.length) throw new IOException("WOFF table directory is truncated");
    byte[][] tables = new byte[numTables][];
    int[] tags = new int[numTables], checksums = new int[numTables];
    int total = 12 + 16 * numTables;
    for (int t = 0; t < numTables; t++) {
      int e = 44 + 20 * t;
      tags[t] = in.getInt(e);
      int offset = in.getInt(e + 4), compLength = in.getInt(e + 8), origLength = in.getInt(e + 12);
      checksums[t] = in.getInt(e + 16);
      if (offset < 0 || compLength < 0 || origLength < 0 || (long) offset + compLength > woff.length) {
        throw new IOException("WOFF table " + t + " lies outside the file");
      }
      if (compLength == origLength) {
        tables[t] = java.util.Arrays.copyOfRange(woff, offset, offset + compLength);
      } else {
        Inflater inf = new Inflater();
        inf.setInput(woff, offset, compLength);
        byte[] out = new byte[origLength];
        try {
          int n = 0;
          while (n < origLength && !inf.finished()) {
            int k = inf.inflate(out, n, origLength - n);
            if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
            n += k;
          }
          if (n != origLength) throw new IOException("WOFF table " + t + " inflates to " + n + " bytes, expected " + origLength);
        } catch (DataFormatException ex) {
          throw new IOException("WOFF table " + t + " is not valid zlib data: " + ex.getMessage(), ex);
        } finally {
          inf.end();
        }
        tables[t] = out;
      }
      total += (tables[t].length + 3) & ~3;
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    int entrySelector = 31 - Integer.numberOfLeadingZeros(Math.max(1, numTables));
    int searchRange = 16 << entrySelector;
    out.putInt(flavor).putShort((short) numTables).putShort((short) searchRange)
        .putShort((short) entrySelector).putShort((short) (numTables * 16 - searchRange));
    int offset = 12 + 16 * numTables;
    for (int t = 0; t < numTables; t++) {
      out.putInt(tags[t]).putInt(checksums[t]).putInt(offset).putInt(tables[t].length);
      offset += (tables[t].length + 3) & ~3;
    }
    for (byte[] table : tables) {
      out.put(table);
      for (int pad = table.length; (pad & 3) != 0; pad++) out.put((byte) 0);
    }
    return out.array();
  }
}
