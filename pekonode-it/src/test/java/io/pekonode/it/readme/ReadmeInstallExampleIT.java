package io.pekonode.it.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.it.image.ImageSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's Install section, followed as a new user would: its module-info and Main are written to the
 * files their first lines name, {@code lib/} gets exactly the jars the section lists (taken from the
 * build's distribution), and its javac and java commands run as written. A missing jar, import or
 * flag fails here.
 */
class ReadmeInstallExampleIT {

    private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path project;

    @Test
    void theModularApplicationCompilesAndRunsWithTheListedJars() throws Exception {
        String install = installSection();
        List<String> java = new ArrayList<>();
        String commands = null;
        Matcher blocks = CODE_BLOCK.matcher(install);
        while (blocks.find()) {
            if (blocks.group(1).equals("java") && blocks.group(2).contains("com.example.hello")) {
                java.add(blocks.group(2));
            } else if (blocks.group(1).equals("bash") && blocks.group(2).contains("# lib/:")) {
                commands = blocks.group(2);
            }
        }
        assertEquals(2, java.size(), "module-info.java and Main.java in the Install section");
        assertTrue(commands != null, "the block with the lib/ listing and the commands");
        for (String source : java) {
            String first = source.lines().findFirst().orElseThrow();
            assertTrue(first.startsWith("// "), "each file's first line names it: " + first);
            Path file = project.resolve(first.substring(3).strip());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
        }

        List<String> jars = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String line : commands.lines().toList()) {
            if (line.startsWith("#")) {
                String names = line.replaceFirst("^#\\s*(lib/:)?", "");
                for (String name : names.trim().split("\\s+")) {
                    if (!name.isBlank()) {
                        jars.add(name);
                    }
                }
            } else if (!line.isBlank()) {
                run.add(line);
            }
        }
        Path lib = Files.createDirectories(project.resolve("lib"));
        Path distLib = ImageSettings.fromSystemProperties().distHome().resolve("lib");
        for (String name : jars) {
            Path jar = find(distLib, name);
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }

        assertEquals(2, run.size(), "a javac and a java command: " + run);
        String javaHome = System.getProperty("java.home");
        String out = "";
        for (String command : run) {
            List<String> argv = new ArrayList<>(List.of(command.trim().split("\\s+")));
            argv.set(0, Path.of(javaHome, "bin", argv.get(0)).toString());
            out = exec(argv);
        }
        assertTrue(out.contains("seed ALIVE") && out.contains("joiner ALIVE"), out);
        assertTrue(out.contains("joiner reads: hello"), out);
    }

    private static String installSection() throws IOException {
        Path readme = Path.of(System.getProperty("pekonode.it.repositoryRoot", "..")).resolve("README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Install\n");
        int end = text.indexOf("\n## ", start + 1);
        assertTrue(start >= 0 && end > start, "README has an Install section");
        return text.substring(start, end);
    }

    /** The jar of artifact {@code name} in {@code dir}: {@code name-VERSION.jar}. */
    private static Path find(Path dir, String name) throws IOException {
        Pattern jar = Pattern.compile(Pattern.quote(name) + "-\\d[^/]*\\.jar");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(f -> jar.matcher(f.getFileName().toString()).matches()).toList();
            assertEquals(1, found.size(), "one " + name + " jar in " + dir + ": " + found);
            return found.get(0);
        }
    }

    private String exec(List<String> argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).directory(project.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + argv);
        assertEquals(0, process.exitValue(), String.join(" ", argv) + "\n" + output);
        return output;
    }
}
