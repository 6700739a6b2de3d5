package io.pekonode.consensus.store;

import io.pekonode.consensus.DamagedLogException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing shared by every file of the store: a header ({@code PKRS}, format version), then records
 * of {@code [length u32][crc32c u32][payload]}.
 */
final class RecordFile {

    static final byte[] HEADER = {'P', 'K', 'R', 'S', 1};
    static final int MAX_RECORD = 64 * 1024 * 1024;

    private RecordFile() {
    }

    static byte[] frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(payload.length);
        b.putInt(crc(payload));
        b.put(payload);
        return b.array();
    }

    static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** What reading a record file found. */
    record Contents(List<byte[]> records, long validLength, boolean tornTail) {
    }

    /**
     * Reads every record. A bad record is a torn tail (cut off, as a crash mid-append leaves it) only
     * when nothing but it, or zeros, follows; anything else is damage.
     *
     * @throws DamagedLogException for a bad header, a bad record in the middle, or an oversized length
     */
    static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < HEADER.length) {
            // A crash while creating the file: nothing was ever flushed into it.
            return new Contents(List.of(), 0, all.length > 0);
        }
        for (int i = 0; i < HEADER.length; i++) {
            if (all[i] != HEADER[i]) {
                throw new DamagedLogException(file, "bad header: not a consensus store file of a known version");
            }
        }
        List<byte[]> records = new ArrayList<>();
        int pos = HEADER.length;
        while (pos < all.length) {
            int start = pos;
            if (all.length - pos < 8) {
                return torn(file, all, start, records);
            }
            int length = ByteBuffer.wrap(all, pos, 4).getInt();
            int crc = ByteBuffer.wrap(all, pos + 4, 4).getInt();
            if (length < 0 || length > MAX_RECORD || (long) pos + 8 + length > all.length) {
                return torn(file, all, start, records);
            }
            byte[] payload = new byte[length];
            System.arraycopy(all, pos + 8, payload, 0, length);
            if (length == 0 || crc(payload) != crc) {
                return torn(file, all, start, records);
            }
            records.add(payload);
            pos += 8 + length;
        }
        return new Contents(records, pos, false);
    }

    private static Contents torn(Path file, byte[] all, int start, List<byte[]> records) throws DamagedLogException {
        // A torn append: the bad record runs to the end of the file, or only zeros follow its header.
        if (!validRecordFollows(all, start)) {
            return new Contents(records, start, true);
        }
        throw new DamagedLogException(file, "record at byte " + start + " fails its checksum and valid records follow it");
    }

    private static boolean validRecordFollows(byte[] all, int start) {
        for (int pos = start + 1; pos + 8 <= all.length; pos++) {
            int length = ByteBuffer.wrap(all, pos, 4).getInt();
            if (length <= 0 || length > all.length - pos - 8) {
                continue;
            }
            CRC32C crc = new CRC32C();
            crc.update(all, pos + 8, length);
            if ((int) crc.getValue() == ByteBuffer.wrap(all, pos + 4, 4).getInt()) {
                return true;
            }
        }
        return false;
    }

    /** Replaces {@code file} with a header and {@code records} atomically: temp file, fsync, rename, fsync directory. */
    static void writeAtomically(Path file, List<byte[]> records, boolean sync) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(HEADER));
            for (byte[] record : records) {
                writeFully(ch, ByteBuffer.wrap(frame(record)));
            }
            if (sync) {
                ch.force(true);
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (sync) {
            syncDirectory(file.getParent());
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }

    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for sync; the rename is still ordered after the data.
        }
    }
}
