package io.pekonode.agent.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files, read from this module's own resources. Only plain relative names made of
 * letters, digits, dots, dashes and slashes are looked up, so no request can climb out of the
 * dashboard's folder; unknown extensions are not served at all.
 */
public final class DashboardAssets {

    /** The page served for the folder itself ({@code /ui/}). */
    public static final String INDEX = "index.html";
    private static final String ROOT = "web/";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*(?:/[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    /** One file: its media type and bytes. */
    public record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** The file at {@code name} (relative to the dashboard's folder; empty means the index), if there is one. */
    public Optional<Asset> find(String name) {
        String file = name.isEmpty() ? INDEX : name;
        if (!SAFE_NAME.matcher(file).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(extension(file));
        if (type == null) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(file, f -> load(f, type));
    }

    private static Optional<Asset> load(String file, String type) {
        // Class.getResourceAsStream reads this module's resources even though their folder is not opened.
        try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + file)) {
            return in == null ? Optional.empty() : Optional.of(new Asset(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + file, e);
        }
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
