package io.pekonode.it.layers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Java source file as the layering rules see it: the types it imports, the types it names with
 * their package in the code, and the code itself with comments, strings and character literals
 * blanked out (line breaks kept), so that Javadoc links and log texts never count as dependencies.
 */
final class JavaSource {

    /** A type the file depends on, and the line that says so. */
    record Reference(int line, String name, boolean imported) {
        String describe() {
            return (imported ? "imports " : "names ") + name;
        }
    }

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;",
            Pattern.MULTILINE);
    /** A package-qualified name in the code: lower-case segments from a known root, then a type. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jdk|com|org|io|sun)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z]\\w*)");
    private static final Pattern HEADER_LINE = Pattern.compile("^\\s*(?:package|import)\\s[^;]*;", Pattern.MULTILINE);

    private final Path path;
    private final String code;

    private JavaSource(Path path, String code) {
        this.path = path;
        this.code = code;
    }

    static JavaSource read(Path path) throws IOException {
        return new JavaSource(path, blankCommentsAndLiterals(Files.readString(path, StandardCharsets.UTF_8)));
    }

    Path path() {
        return path;
    }

    /** What the file imports, then the qualified names in its code (outside package and import lines). */
    List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        Matcher imports = IMPORT.matcher(code);
        while (imports.find()) {
            references.add(new Reference(lineOf(imports.start(1)), imports.group(1), true));
        }
        String body = blank(code, HEADER_LINE);
        Matcher qualified = QUALIFIED.matcher(body);
        while (qualified.find()) {
            references.add(new Reference(lineOf(qualified.start(1)), qualified.group(1), false));
        }
        return references;
    }

    /** Lines of code (not comments or literals) where {@code pattern} occurs, with the match. */
    List<Reference> occurrences(Pattern pattern) {
        List<Reference> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(code);
        while (matcher.find()) {
            found.add(new Reference(lineOf(matcher.start()), matcher.group().trim(), false));
        }
        return found;
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String blank(String text, Pattern pattern) {
        StringBuilder out = new StringBuilder(text);
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            for (int i = matcher.start(); i < matcher.end(); i++) {
                if (out.charAt(i) != '\n') {
                    out.setCharAt(i, ' ');
                }
            }
        }
        return out.toString();
    }

    /** Replaces comments and the contents of string, text-block and character literals with spaces. */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                i = blankUntil(source, out, i, end);
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                i = blankUntil(source, out, i, end);
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && source.charAt(end) != c && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                i = blankUntil(source, out, i, Math.min(n, end + 1));
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int blankUntil(String source, StringBuilder out, int from, int to) {
        for (int i = from; i < to; i++) {
            out.append(source.charAt(i) == '\n' ? '\n' : ' ');
        }
        return to;
    }
}
