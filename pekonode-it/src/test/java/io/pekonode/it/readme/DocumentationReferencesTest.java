package io.pekonode.it.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documents true to the code, so a renamed class, a moved file or a renamed section shows up
 * as a failing build rather than as a stale page:
 * <ul>
 *   <li>every {@code import} in the Java examples of README.md names a class on the class path;</li>
 *   <li>every fully qualified {@code io.pekonode...} name in README.md, BENCHMARKS.md and docs/ names
 *       a class or a package that exists;</li>
 *   <li>every repository path in a code span of those documents (under {@code bench/}, {@code docs/},
 *       {@code .ci/} or a module's {@code src/}) exists;</li>
 *   <li>every relative link in those documents and in bench/results/ points at a file of the
 *       repository, and every {@code #anchor} at a heading of its target.</li>
 * </ul>
 * Each failure names the document and the line.
 */
class DocumentationReferencesTest {

    private static final Pattern FENCE = Pattern.compile("^\\s*```");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\s*;");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\bio\\.pekonode(?:\\.[A-Za-z_]\\w*)+(?![\\w-])");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("^(?:bench/|docs/|\\.ci/|pekonode-[a-z-]+/src/)\\S*");

    @Test
    void theReadmeExamplesImportClassesThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        Document readme = Document.read(root().resolve("README.md"));
        for (Line line : readme.codeLines("java")) {
            Matcher m = IMPORT.matcher(line.text().strip());
            if (!m.find()) {
                continue;
            }
            String name = m.group(2);
            String className = m.group(1) != null ? name.substring(0, name.lastIndexOf('.')) : name;
            if (!classExists(className)) {
                problems.add(line.where() + " imports " + name + ", which does not exist");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(readme.codeLines("java").stream().anyMatch(l -> IMPORT.matcher(l.text().strip()).find()),
                "README.md shows no imports at all: the check would pass on nothing");
    }

    @Test
    void qualifiedNamesNameClassesOrPackagesThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Document doc : currentDocuments()) {
            for (Line line : doc.allLines()) {
                Matcher m = QUALIFIED_NAME.matcher(line.text());
                while (m.find()) {
                    String name = m.group();
                    if (!classExists(name) && !inSources(name)) {
                        problems.add(line.where() + " names " + name + ", neither a class nor a package");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void repositoryPathsInCodeSpansExist() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Document doc : currentDocuments()) {
            for (Line line : doc.proseLines()) {
                Matcher span = CODE_SPAN.matcher(line.text());
                while (span.find()) {
                    String first = span.group(1).strip().split("\\s+")[0];
                    Matcher path = REPOSITORY_PATH.matcher(first);
                    if (!path.matches() || first.matches(".*[*<>{}$].*") || first.contains("/target")) {
                        continue;
                    }
                    String cleaned = first.replaceAll("[#:].*$", "");
                    if (!Files.exists(root().resolve(cleaned))) {
                        problems.add(line.where() + " names " + cleaned + ", which is not in the repository");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void linksPointAtFilesAndHeadingsThatExist() throws IOException {
        List<Document> documents = new ArrayList<>(currentDocuments());
        try (Stream<Path> results = Files.list(root().resolve("bench/results"))) {
            for (Path p : results.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                documents.add(Document.read(p));
            }
        }
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Document doc : documents) {
            for (Line line : doc.proseLines()) {
                Matcher m = LINK.matcher(line.text());
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // http:, https:, mailto:
                    }
                    links++;
                    int hash = target.indexOf('#');
                    String file = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = file.isEmpty() ? doc.path() : doc.path().getParent().resolve(file).normalize();
                    if (!resolved.startsWith(root()) || !Files.exists(resolved)) {
                        problems.add(line.where() + " links to " + target + ": no such file in the repository");
                        continue;
                    }
                    if (hash >= 0 && resolved.toString().endsWith(".md")) {
                        String anchor = target.substring(hash + 1);
                        Set<String> known = anchors.computeIfAbsent(resolved, p -> Document.readUnchecked(p).anchors());
                        if (!known.contains(anchor)) {
                            problems.add(line.where() + " links to " + target + ": no heading with that anchor");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(links > 10, "found only " + links + " links: the check would pass on nothing");
    }

    @Test
    void headingAnchorsFollowGitHubsRules() {
        assertEquals(Set.of("one-publish", "4-messages-the-json-codec", "secure-a-cluster", "limits", "limits-1"),
                new Document(Path.of("x.md"), List.of("## One `publish`", "## 4. Messages: the json codec",
                        "## Secure a cluster", "# Limits", "### Limits")).anchors());
    }

    private static List<Document> currentDocuments() throws IOException {
        List<Document> docs = new ArrayList<>();
        docs.add(Document.read(root().resolve("README.md")));
        docs.add(Document.read(root().resolve("BENCHMARKS.md")));
        try (Stream<Path> files = Files.list(root().resolve("docs"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                docs.add(Document.read(p));
            }
        }
        return docs;
    }

    private static boolean classExists(String name) {
        // A nested class is written with dots in documents: try each split between outer and nested.
        String candidate = name;
        while (true) {
            try {
                Class.forName(candidate, false, DocumentationReferencesTest.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0 || !Character.isUpperCase(candidate.charAt(candidate.lastIndexOf('.', dot - 1) + 1))) {
                    return false;
                }
                candidate = candidate.substring(0, dot) + '$' + candidate.substring(dot + 1);
            }
        }
    }

    /**
     * A package of some module's main or test sources, or a class of its test sources (tools such as
     * the simulator benchmark are test classes, not on this module's class path).
     */
    private static boolean inSources(String name) throws IOException {
        String relative = name.replace('.', '/');
        try (Stream<Path> modules = Files.list(root())) {
            return modules.anyMatch(m -> Stream.of("src/main/java", "src/test/java").map(m::resolve)
                    .anyMatch(src -> Files.isDirectory(src.resolve(relative))
                            || Files.isRegularFile(src.resolve(relative + ".java"))));
        }
    }

    /** The repository root: surefire runs this module's tests in pekonode-it. */
    private static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("README.md"))) {
            throw new IllegalStateException("run from pekonode-it inside the repository; no README.md above "
                    + Path.of("").toAbsolutePath());
        }
        return root;
    }

    /** One line of a document, with where it is for messages. */
    private record Line(String where, String text, boolean inCode, String fenceLanguage) {
    }

    /** A markdown document split into lines that know whether they are inside a code fence. */
    private record Document(Path path, List<String> lines) {

        static Document read(Path path) throws IOException {
            return new Document(path, Files.readAllLines(path, StandardCharsets.UTF_8));
        }

        static Document readUnchecked(Path path) {
            try {
                return read(path);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + path, e);
            }
        }

        List<Line> allLines() {
            List<Line> out = new ArrayList<>();
            boolean inCode = false;
            String language = "";
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i);
                if (FENCE.matcher(text).find()) {
                    inCode = !inCode;
                    language = inCode ? text.strip().substring(3).strip() : "";
                    continue;
                }
                out.add(new Line(path.getFileName() + ":" + (i + 1), text, inCode, language));
            }
            return out;
        }

        List<Line> proseLines() {
            return allLines().stream().filter(l -> !l.inCode()).toList();
        }

        List<Line> codeLines(String language) {
            return allLines().stream().filter(l -> l.inCode() && l.fenceLanguage().equals(language)).toList();
        }

        /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
        Set<String> anchors() {
            Set<String> out = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (Line line : proseLines()) {
                Matcher m = HEADING.matcher(line.text());
                if (!m.matches()) {
                    continue;
                }
                String slug = m.group(2).toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                out.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
            return new TreeSet<>(out);
        }
    }
}
