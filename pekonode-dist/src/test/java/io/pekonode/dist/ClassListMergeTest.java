package io.pekonode.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassListMergeTest {

    @TempDir
    Path temp;

    @Test
    void eachClassOnceWithOneNumberingWhereTheJdkNumbersEntries() throws Exception {
        Path agent = Files.write(temp.resolve("agent"), List.of("# header", "java/lang/Object id: 0",
                "java/time/chrono/ChronoPeriod id: 1", "app/Main id: 2"));
        Path client = Files.write(temp.resolve("client"), List.of("# header", "java/lang/Object id: 0",
                "java/net/http/HttpClient id: 1", "java/time/chrono/ChronoPeriod id: 2",
                "custom/Thing id: 3 super: 0 interfaces: 1 2 source: x.jar", "@lambda-proxy a b"));
        Path merged = temp.resolve("merged");
        ClassListTraining.merge(List.of(agent, client), merged);
        assertEquals(List.of("# header", "java/lang/Object id: 0", "java/time/chrono/ChronoPeriod id: 1", "app/Main id: 2",
                "java/net/http/HttpClient id: 3", "custom/Thing id: 4 super: 0 interfaces: 3 1 source: x.jar",
                "@lambda-proxy a b"), Files.readAllLines(merged));
    }

    @Test
    void listsWithoutNumbersKeepTheirLines() throws Exception {
        Path a = Files.write(temp.resolve("a"), List.of("# h", "java/lang/Object", "app/Main"));
        Path b = Files.write(temp.resolve("b"), List.of("# h", "java/lang/Object", "app/Client"));
        Path merged = temp.resolve("merged");
        ClassListTraining.merge(List.of(a, b), merged);
        assertEquals(List.of("# h", "java/lang/Object", "app/Main", "app/Client"), Files.readAllLines(merged));
    }
}
