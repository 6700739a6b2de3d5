package io.pekonode.engine.security;

import io.pekonode.engine.persistence.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The key file format (the agent's {@code --secret-file}): one key per line, the first is the
 * primary. A line is either base64 of 16, 24 or 32 bytes, or {@code passphrase:<text>} for a key
 * derived with {@link ClusterKey#fromPassphrase} (the text after the colon, without surrounding
 * blanks). Blank lines and lines starting with {@code #} are ignored.
 *
 * <pre>
 * # rotated 2026-11-01
 * 2Pm3Jb0DqS0KxKkz8m3x5xUj3mN4m0p4Zq7hJZbKx1E=
 * passphrase:the old Go SecretKey string
 * </pre>
 *
 * Errors name the line number, never its content, so a mistake does not print a key into a log.
 *
 * <p>{@link #write} saves a changed keyring back in this format (the agent does so after every
 * install, use or remove over HTTP, so a restart keeps the rotation).
 */
public final class KeyFile {

    /** Prefix of a passphrase line. */
    public static final String PASSPHRASE_PREFIX = "passphrase:";

    private KeyFile() {
    }

    /**
     * Parses a key file's text.
     *
     * @throws IllegalArgumentException for a malformed line, a wrong key size or a file without keys
     */
    public static Keyring parse(String content) {
        Objects.requireNonNull(content, "content");
        List<ClusterKey> keys = new ArrayList<>();
        String[] lines = content.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                keys.add(line.regionMatches(true, 0, PASSPHRASE_PREFIX, 0, PASSPHRASE_PREFIX.length())
                        ? ClusterKey.fromPassphrase(line.substring(PASSPHRASE_PREFIX.length()).strip())
                        : ClusterKey.fromBase64(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage()
                        + " (expected base64 of 16, 24 or 32 bytes, or " + PASSPHRASE_PREFIX + "<text>)");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key found (only blank lines and # comments)");
        }
        return Keyring.of(keys);
    }

    /**
     * The text of a key file holding {@code keyring}, primary first. A key that {@code previous} (the
     * file's current text, may be empty) already held keeps its line as written there, so a
     * {@code passphrase:} line stays one; a new key is written in base64. The comment lines of
     * {@code previous} are kept at the top.
     */
    public static String format(Keyring keyring, String previous) {
        Objects.requireNonNull(keyring, "keyring");
        StringBuilder out = new StringBuilder();
        Map<ClusterKey, String> kept = new HashMap<>();
        for (String raw : Objects.requireNonNullElse(previous, "").split("\\R", -1)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                out.append(line).append('\n');
            } else if (!line.isEmpty()) {
                try {
                    kept.putIfAbsent(parse(line).primary(), line); // parsed once: passphrase lines cost a PBKDF2 run
                } catch (IllegalArgumentException unreadable) {
                    // a line the old file could not have held either; it is not kept
                }
            }
        }
        for (ClusterKey key : keyring.keys()) {
            out.append(kept.getOrDefault(key, key.toBase64())).append('\n');
        }
        return out.toString();
    }

    /**
     * Replaces {@code file} with {@code keyring} in this format (see {@link #format}): written to a
     * new owner-only temp file beside it, forced to disk, then renamed over it, so a crash leaves the
     * old file or the new one, never a mix.
     *
     * @throws IOException when the file cannot be read or written; it is then unchanged
     */
    public static void write(Path file, Keyring keyring) throws IOException {
        String previous = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        AtomicFiles.write(file, format(keyring, previous).getBytes(StandardCharsets.UTF_8));
    }
}
