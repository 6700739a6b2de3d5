package io.pekonode.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeModulesTest {

    @TempDir
    Path temp;

    /** A jar with one class, compiled now; with a module-info when {@code moduleInfo} is given. */
    private Path jar(String name, String className, String source, String moduleInfo) throws Exception {
        Path src = Files.createDirectories(temp.resolve(name + "-src"));
        Path classes = Files.createDirectories(temp.resolve(name + "-classes"));
        Path file = src.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        List<String> args = new java.util.ArrayList<>(List.of("-d", classes.toString(), file.toString()));
        if (moduleInfo != null) {
            Files.writeString(src.resolve("module-info.java"), moduleInfo);
            args.add(src.resolve("module-info.java").toString());
        }
        assertEquals(0, ToolProvider.findFirst("javac").orElseThrow().run(System.out, System.err, args.toArray(String[]::new)));
        Path jar = Files.createDirectories(temp.resolve("lib")).resolve(name + ".jar");
        assertEquals(0, ToolProvider.findFirst("jar").orElseThrow()
                .run(System.out, System.err, "--create", "--file", jar.toString(), "-C", classes.toString(), "."));
        return jar;
    }

    @Test
    void explicitModulesBringWhatTheyRequireAndAutomaticOnesWhatTheirClassesUse() throws Exception {
        jar("app", "app.Main", "package app; public class Main { java.net.http.HttpClient c; }",
                "module app { requires java.net.http; }");
        // No descriptor: only its bytecode says it uses java.sql.
        jar("legacy", "legacy.Db", "package legacy; public class Db { java.sql.Connection c; }", null);
        Set<String> modules = RuntimeModules.forModulePath(temp.resolve("lib"));
        assertTrue(modules.containsAll(Set.of("java.base", "java.net.http", "java.sql")), modules.toString());
        assertTrue(modules.containsAll(RuntimeModules.OPTIONAL), modules.toString());
        assertTrue(!modules.contains("java.desktop"), "nothing asked for java.desktop: " + modules);
    }
}
