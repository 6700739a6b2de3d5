package io.pekonode.codec.json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/** The tests' own zlib, independent of the codec's: to see the JSON inside a frame and to forge frames. */
public final class Zlib {

    private Zlib() {
    }

    /** Whether an encoding is the compressed form (a zlib header) rather than plain JSON. */
    public static boolean isCompressed(byte[] encoded) {
        return encoded.length > 0 && encoded[0] == 0x78;
    }

    /** The JSON of an encoding: inflated when it is compressed, else the bytes themselves. */
    public static byte[] json(byte[] encoded) {
        if (!isCompressed(encoded)) {
            return encoded;
        }
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(encoded))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code data} deflated in zlib format at the default level. */
    public static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater();
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
            stream.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
