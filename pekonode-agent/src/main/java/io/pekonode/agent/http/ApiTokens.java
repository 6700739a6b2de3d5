package io.pekonode.agent.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens of {@code --api-token-file}: one a line as {@code read TOKEN} or {@code write TOKEN};
 * blank lines and {@code #} comments are ignored. Tokens are kept as SHA-256 digests and compared in
 * constant time, so neither memory dumps of the map nor response timing give them away.
 */
public final class ApiTokens {

    /** Shorter tokens are guessable; {@code pekonode keygen} makes 32 random bytes. */
    static final int MIN_TOKEN_LENGTH = 16;

    private record Entry(byte[] digest, Scope scope) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException naming the line (never the token) when a line is malformed,
     *                                  a token is too short or the file holds none
     */
    public static ApiTokens parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            int lineNo = i + 1;
            if (parts.length != 2) {
                throw new IllegalArgumentException("line " + lineNo + ": expected 'read TOKEN' or 'write TOKEN'");
            }
            Scope scope = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "read" -> Scope.READ;
                case "write" -> Scope.WRITE;
                default -> throw new IllegalArgumentException("line " + lineNo + ": scope must be read or write, not '"
                        + parts[0] + "'");
            };
            if (parts[1].length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("line " + lineNo + ": token shorter than " + MIN_TOKEN_LENGTH
                        + " characters (make one with `pekonode keygen`)");
            }
            entries.add(new Entry(digest(parts[1]), scope));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no token in the file");
        }
        return new ApiTokens(entries);
    }

    /** The scope of {@code token}, if it is one of the file's. */
    public Optional<Scope> scopeOf(String token) {
        byte[] presented = digest(token);
        Scope found = null;
        // Every entry is compared, so the time taken does not tell which one matched.
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), presented) && (found == null || e.scope() == Scope.WRITE)) {
                found = e.scope();
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return entries.size();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
