package io.pekonode.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a directory as a {@code .tar.gz} that is the same bytes for the same files: entries sorted
 * by name, one fixed modification time, owner 0:0 without names, modes normalised to 0755 (directories
 * and executables) or 0644, and a gzip header without a time stamp. Symbolic links stay links.
 * POSIX ustar format: paths up to 255 bytes, files under 8 GiB, which a distribution never reaches.
 */
final class TarGz {

    private static final int BLOCK = 512;

    private TarGz() {
    }

    /**
     * @param dir    the directory to pack; it appears in the archive as {@code topName/}
     * @param skip   paths (relative to {@code dir}, with '/') to leave out
     */
    static void write(Path dir, String topName, Instant mtime, Predicate<String> skip, Path archive) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.filter(p -> !p.equals(dir))
                    .filter(p -> !skip.test(relative(dir, p)))
                    .sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b)))
                    .toList();
        }
        Files.createDirectories(archive.getParent());
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        try (OutputStream file = Files.newOutputStream(partial);
             GZIPOutputStream gzip = new GZIPOutputStream(file, 64 * 1024)) {
            long seconds = mtime.getEpochSecond();
            writeHeader(gzip, topName + "/", '5', 0755, 0, seconds, "");
            for (Path p : entries) {
                String name = topName + "/" + relative(dir, p);
                if (Files.isSymbolicLink(p)) {
                    writeHeader(gzip, name, '2', 0777, 0, seconds, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    writeHeader(gzip, name + "/", '5', 0755, 0, seconds, "");
                } else {
                    long size = Files.size(p);
                    writeHeader(gzip, name, '0', Files.isExecutable(p) ? 0755 : 0644, size, seconds, "");
                    Files.copy(p, gzip);
                    pad(gzip, size);
                }
            }
            gzip.write(new byte[2 * BLOCK]); // end-of-archive marker: two zero blocks
        }
        Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static void writeHeader(OutputStream out, String path, char type, int mode, long size, long mtime,
                                    String linkTarget) throws IOException {
        byte[] header = new byte[BLOCK];
        byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
        String name = path;
        String prefix = "";
        if (pathBytes.length > 100) {
            // ustar: split at a '/' into prefix (<= 155 bytes) and name (<= 100 bytes).
            int cut = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
            while (cut > 0 && (path.substring(0, cut).getBytes(StandardCharsets.UTF_8).length > 155
                    || path.substring(cut + 1).getBytes(StandardCharsets.UTF_8).length > 100)) {
                cut = path.lastIndexOf('/', cut - 1);
            }
            if (cut <= 0) {
                throw new IOException("path too long for a ustar archive: " + path);
            }
            prefix = path.substring(0, cut);
            name = path.substring(cut + 1);
        }
        put(header, 0, 100, name);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, mtime);
        header[156] = (byte) type;
        put(header, 157, 100, linkTarget);
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        put(header, 345, 155, prefix);
        // The checksum is computed with its own field taken as eight spaces.
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        String checksum = String.format("%06o", sum);
        put(header, 148, 6, checksum);
        header[154] = 0;
        header[155] = ' ';
        out.write(header);
    }

    private static void put(byte[] header, int offset, int length, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > length) {
            throw new IOException("'" + text + "' does not fit a " + length + "-byte tar header field");
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static void octal(byte[] header, int offset, int length, long value) throws IOException {
        String digits = Long.toOctalString(value);
        if (digits.length() > length - 1) {
            throw new IOException("value " + value + " does not fit a " + length + "-byte tar header field");
        }
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        put(header, offset, length - 1, padded);
        header[offset + length - 1] = 0;
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }
}
