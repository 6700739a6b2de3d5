package io.pekonode.engine.security;

import java.util.ArrayList;
import java.util.List;
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
}
