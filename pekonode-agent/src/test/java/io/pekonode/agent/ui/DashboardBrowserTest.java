package io.pekonode.agent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.cli.ExitCodes;
import io.pekonode.agent.cli.TestAgents;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.api.MemberState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real headless Chromium against five real agents on 127.0.0.1 with API tokens.
 * The browser reaches agent a through a relay whose connections the stream-break scenario cuts. Each
 * scenario leaves a screenshot under the test output folder; the member failure runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final String READER = "dashboard-reader-0123456789";
    private static final String WRITER = "dashboard-writer-0123456789";
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(300);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(150);
    private static final int SUSPICION_MULTIPLIER = 2;
    /** Lifeguard's default: a fresh suspicion waits this many times the minimum suspicion timeout. */
    private static final int SUSPICION_MAX_MULTIPLIER = 6;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** Contains markup that would run if a page inserted it as HTML. */
    private static final String XSS_KEY = "<img src=x onerror=\"window.pwned='key'\">";
    private static final String XSS_VALUE = "<script>window.pwned='value'</script><b>bold?</b>";

    private final TestAgents agents = new TestAgents();
    private final Map<String, AgentNode> byName = new java.util.LinkedHashMap<>();
    private Path tokens;
    private Path writerTokenFile;
    private Path handled;
    private CuttableProxy proxy;
    private ChromeDriver driver;
    private String base;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        driver = Browser.start(); // first: without a browser there is nothing to start agents for
        tokens = Files.writeString(dir.resolve("tokens"), "read " + READER + "\nwrite " + WRITER + "\n");
        writerTokenFile = Files.writeString(dir.resolve("writer-token"), WRITER + "\n");
        handled = dir.resolve("handled-events");
        AgentNode first = null;
        for (String name : NAMES) {
            List<String> flags = new ArrayList<>(List.of("--name", name, "--api-token-file", tokens.toString(),
                    "--probe-interval", PROBE_INTERVAL.toMillis() + "ms", "--probe-timeout", PROBE_TIMEOUT.toMillis() + "ms",
                    "--suspicion-multiplier", Integer.toString(SUSPICION_MULTIPLIER),
                    "--query-handler", "whoami=printf 'answer from " + name + "'"));
            if (name.equals("b")) {
                flags.addAll(List.of("--event-handler", "user:deploy=cat >> " + handled));
            }
            if (first != null) {
                flags.addAll(List.of("--join", TestAgents.gossip(first)));
            }
            // The browser's agent sends a heartbeat every second, so a stalled stream is noticed in seconds.
            AgentNode agent = first == null
                    ? agents.start(h -> h.withStream(HEARTBEAT, h.streamBacklog()), Map.of(), flags.toArray(String[]::new))
                    : agents.start(flags.toArray(String[]::new));
            byName.put(name, agent);
            if (first == null) {
                first = agent;
            }
        }
        for (AgentNode agent : byName.values()) {
            io.pekonode.agent.testing.Await.until("every agent to see all five", WAIT,
                    () -> agent.cluster().liveMembers().size() == NAMES.size());
        }
        proxy = new CuttableProxy(new InetSocketAddress("127.0.0.1", first.httpAddress().port()));
        base = "http://" + proxy.address();
    }

    @AfterAll
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (proxy != null) {
            proxy.close();
        }
        agents.close();
    }

    @Test
    @Order(1)
    void withoutAValidTokenThePageShowsARefusalAndNoData() {
        openWithout();
        eventually("the refusal", () -> shown("refusal"));
        assertTrue(text("refusal").contains("missing token"), text("refusal"));
        assertFalse(shown("dashboard"), "no data panels without a token");
        assertEquals(List.of(), memberRows(), "no member rows without a token");
        assertEquals("refused", state());

        login("not-the-right-token-123456");
        eventually("the refusal of a wrong token", () -> text("refusal").contains("invalid token"));
        assertFalse(shown("dashboard"));
        assertEquals(List.of(), memberRows());
        Browser.screenshot(driver, "01-refused-without-token");
    }

    @Test
    @Order(2)
    void withTheTokenTheTableListsEveryMember() {
        openAs(READER);
        eventually("all five members alive", () -> memberRows().equals(
                NAMES.stream().map(n -> n + "=ALIVE").toList()), () -> memberRows().toString());
        eventually("the summary's count", () -> text("count-alive").equals("5"), () -> text("count-alive"));
        assertEquals("live", state());
        // Filter by name, then sort by name descending with the keyboard.
        driver.findElement(By.id("filter-name")).sendKeys("c");
        eventually("the name filter", () -> memberRows().equals(List.of("c=ALIVE")), () -> memberRows().toString());
        driver.findElement(By.id("filter-name")).clear();
        driver.executeScript("document.getElementById('filter-name').dispatchEvent(new Event('input'))");
        WebElement sortByName = driver.findElement(By.cssSelector("#members th button[data-sort=name]"));
        sortByName.sendKeys(org.openqa.selenium.Keys.ENTER);
        eventually("descending names", () -> memberRows().equals(
                reversed(NAMES).stream().map(n -> n + "=ALIVE").toList()), () -> memberRows().toString());
        sortByName.sendKeys(org.openqa.selenium.Keys.ENTER);
        eventually("the rates from the metrics", () -> !text("rate-probes").equals("–"));
        Browser.screenshot(driver, "02-members");
    }

    @Test
    @Order(3)
    void keysPutFromTheCliAppearAsTextAndTheWriteScopeIsNeededToChangeThem() {
        openAs(READER);
        cli("kv", "put", "deploy/version", "42", "--http", http("c"));
        cli("kv", "put", XSS_KEY, XSS_VALUE, "--http", http("d"));
        eventually("both keys in the metadata view", () -> kvCell(XSS_KEY, 1).isPresent() && kvCell("deploy/version", 1).isPresent(),
                () -> kvKeys().toString());
        assertEquals("42", kvCell("deploy/version", 1).orElseThrow());
        assertEquals(XSS_VALUE, kvCell(XSS_KEY, 1).orElseThrow(), "markup in a value shows as text");
        assertMarkupShownAsText("#kv tbody tr td.key");
        assertMarkupShownAsText("#kv tbody tr td.value");
        assertEquals("d", kvCell(XSS_KEY, 3).orElseThrow(), "the writer is the agent the CLI talked to");
        assertTrue(kvCell(XSS_KEY, 2).orElseThrow().contains("@"), "a version: " + kvCell(XSS_KEY, 2));

        putFromForm("from-the-page", "hello");
        eventually("the read token's put refused", () -> text("kv-status").contains("write token"), () -> text("kv-status"));
        assertTrue(byName.get("b").cluster().read("from-the-page").isEmpty());
        Browser.screenshot(driver, "03-metadata-read-token");

        openAs(WRITER);
        eventually("the keys again", () -> kvCell("deploy/version", 1).isPresent(), () -> kvKeys().toString());
        assertEquals(Optional.of("c"), kvCell("deploy/version", 3), "a reloaded page still knows the writer");
        putFromForm("from-the-page", "hello");
        io.pekonode.agent.testing.Await.until("the page's put to reach agent b", WAIT,
                () -> byName.get("b").cluster().read("from-the-page").map(v -> new String(v, StandardCharsets.UTF_8))
                        .equals(Optional.of("hello")));
        eventually("the new key in the view", () -> kvCell("from-the-page", 1).equals(Optional.of("hello")),
                () -> kvKeys().toString());
        driver.findElement(By.id("kv-hex")).click();
        eventually("hex values", () -> kvCell("from-the-page", 1).equals(Optional.of("68 65 6c 6c 6f")),
                () -> String.valueOf(kvCell("from-the-page", 1)));
        driver.findElement(By.id("kv-hex")).click();
        Browser.screenshot(driver, "03-metadata");
        driver.findElement(By.cssSelector("#kv tbody tr[data-key='deploy/version'] button")).click();
        io.pekonode.agent.testing.Await.until("the page's delete to reach agent b", WAIT,
                () -> byName.get("b").cluster().read("deploy/version").isEmpty());
        eventually("the deleted key gone from the view", () -> kvCell("deploy/version", 1).isEmpty(), () -> kvKeys().toString());
        assertNoScriptRan();
    }

    @Test
    @Order(4)
    void anEventSentFromTheFormReachesAnotherAgentsHandlerAndEventsShowLive() throws IOException {
        openAs(WRITER);
        type("event-name", "deploy");
        type("event-payload", "release 7");
        driver.findElement(By.id("event-send")).click();
        eventually("agent b's handler to run with the payload", () -> handledText().contains("release 7"), this::handledText);
        eventually("the send confirmed", () -> text("event-status").startsWith("sent deploy"), () -> text("event-status"));

        cli("event", "notice", XSS_VALUE, "--http", http("c"));
        eventually("the event from c in the live list", () -> !driver.findElements(
                By.cssSelector("#events-list li[data-name=notice]")).isEmpty());
        WebElement payload = driver.findElement(By.cssSelector("#events-list li[data-name=notice] .payload"));
        assertEquals(XSS_VALUE, payload.getDomProperty("textContent"), "markup in a payload shows as text");
        assertMarkupShownAsText("#events-list li .payload");
        assertNoScriptRan();
        Browser.screenshot(driver, "04-events");
    }

    @Test
    @Order(5)
    void aQueryFromTheFormShowsEveryResponse() {
        openAs(WRITER);
        type("query-name", "whoami");
        type("query-timeout", "3s");
        driver.findElement(By.id("query-run")).click();
        eventually("a response from each of the five", () -> queryResponses().keySet().equals(
                new java.util.TreeSet<>(NAMES)), () -> queryResponses().toString());
        queryResponses().forEach((name, payload) -> assertEquals("answer from " + name, payload));
        eventually("the query to finish", () -> text("query-summary").startsWith("done:"), () -> text("query-summary"));
        assertTrue(text("query-summary").contains("5 responses"), text("query-summary"));
        assertEquals(5, driver.findElements(By.cssSelector("#query-results li.ack")).size(), "an ack from each member");
        Browser.screenshot(driver, "05-query");
    }

    @Test
    @Order(6)
    void aBrokenStreamShowsReconnectingAndRecoversByItself() {
        openAs(WRITER);
        eventually("the stream live", () -> state().equals("live"));
        proxy.cut();
        try {
            eventually("the reconnecting state", () -> state().equals("reconnecting"), this::state);
            assertTrue(text("conn-state").startsWith("Reconnecting"), text("conn-state"));
            Browser.screenshot(driver, "06-reconnecting");
        } finally {
            proxy.restore();
        }
        eventually("the stream live again", () -> state().equals("live"), () -> text("conn-state"));
        cli("kv", "put", "after-the-break", "still live", "--http", http("e"));
        eventually("a change made after the break to arrive", () -> kvCell("after-the-break", 1).equals(Optional.of("still live")),
                () -> kvKeys().toString());
        Browser.screenshot(driver, "06-recovered");
    }

    @Test
    @Order(7)
    void aStalledStreamShowsReconnectingAndRecoversByItself() {
        openAs(WRITER);
        eventually("the stream live", () -> state().equals("live"));
        proxy.stall(); // connections stay open, nothing arrives: not even the heartbeat
        long stalled = System.nanoTime();
        try {
            eventually("the reconnecting state after the silence", () -> state().equals("reconnecting"), this::state);
            Duration noticed = Duration.ofNanos(System.nanoTime() - stalled);
            assertTrue(noticed.compareTo(HEARTBEAT) > 0, "not before a heartbeat could have come: " + noticed.toMillis() + " ms");
            Browser.screenshot(driver, "07-stalled");
        } finally {
            proxy.restore();
        }
        eventually("the stream live again", () -> state().equals("live"), () -> text("conn-state"));
        cli("kv", "put", "after-the-stall", "flowing", "--http", http("d"));
        eventually("a change made after the stall to arrive", () -> kvCell("after-the-stall", 1).equals(Optional.of("flowing")),
                () -> kvKeys().toString());
    }

    @Test
    @Order(8)
    void aKilledAgentTurnsDeadWithinTheDetectionTime() {
        openAs(WRITER);
        eventually("all five alive", () -> memberRows().stream().filter(r -> r.endsWith("=ALIVE")).count() == 5,
                () -> memberRows().toString());
        int n = NAMES.size();
        long suspicionMax = SUSPICION_MULTIPLIER * PROBE_INTERVAL.toMillis() * SUSPICION_MAX_MULTIPLIER; // log10(5) < 1
        // Someone probes e within a round, waits the probe timeout, then the suspicion runs out.
        Duration detection = Duration.ofMillis(n * PROBE_INTERVAL.toMillis() + PROBE_TIMEOUT.toMillis() + suspicionMax);
        Duration allowance = detection.plusSeconds(3); // gossip to a, the stream, the page
        long killed = System.nanoTime();
        byName.get("e").cluster().stop(); // e stops answering, as after a crash
        eventually("e's row dead", () -> memberRows().contains("e=DEAD"), allowance.plusSeconds(10), () -> memberRows().toString());
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        assertTrue(driver.findElement(By.cssSelector("#members tbody tr[data-name=e]")).getDomAttribute("class")
                .contains("changed"), "the dead member is highlighted");
        assertEquals("1", text("count-dead"));
        assertTrue(Integer.parseInt(attribute("timeline", "data-points")) >= 1, "e's failure on the timeline");
        // The newest points sit at the right edge: hovering there names the member and what happened.
        WebElement plot = driver.findElement(By.cssSelector("#timeline .u-over"));
        new Actions(driver).moveToElement(plot, plot.getSize().getWidth() / 2 - 2, 0).perform();
        eventually("the hovered point's details", () -> text("timeline-tip").matches(".*: e (failed|suspect) .*"),
                () -> text("timeline-tip"));
        eventually("a few probe round trips charted", () -> Integer.parseInt(attribute("chart-rtt", "data-points")) >= 4);
        Browser.screenshot(driver, "08-member-dead");
        assertTrue(took.compareTo(allowance) <= 0, "e shown dead after " + took.toMillis() + " ms; detection time "
                + detection.toMillis() + " ms + 3 s to spread and show");
        assertEquals(MemberState.DEAD, byName.get("a").cluster().members().stream()
                .filter(m -> m.name().equals("e")).findFirst().orElseThrow().state());
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    // --- page helpers ---

    /** Opens the page in a tab that holds no token: cleared on a file of the same origin that runs no script. */
    private void openWithout() {
        driver.get(base + "/ui/dashboard.css");
        driver.executeScript("sessionStorage.clear()");
        driver.get(base + "/ui/");
    }

    private void openAs(String token) {
        openWithout();
        eventually("the token form", () -> shown("token"));
        login(token);
        eventually("the dashboard", () -> shown("dashboard"), () -> text("refusal"));
        eventually("the member table", () -> memberRows().size() >= NAMES.size(), () -> memberRows().toString());
    }

    private void login(String token) {
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.id("connect")).click();
    }

    private void putFromForm(String key, String value) {
        type("kv-key", key);
        type("kv-value", value);
        driver.findElement(By.id("kv-put")).click();
    }

    private void type(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private boolean shown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    private String text(String id) {
        Object value = driver.executeScript("return document.getElementById(arguments[0]).textContent", id);
        return value == null ? "" : value.toString().strip();
    }

    private String attribute(String id, String name) {
        String value = driver.findElement(By.id(id)).getDomAttribute(name);
        return value == null ? "0" : value;
    }

    private String state() {
        return String.valueOf(driver.findElement(By.id("conn-state")).getDomAttribute("data-state"));
    }

    @SuppressWarnings("unchecked")
    private List<String> memberRows() {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll('#members tbody tr'))"
                + ".map(r => r.dataset.name + '=' + r.dataset.state)");
    }

    @SuppressWarnings("unchecked")
    private List<String> kvKeys() {
        return (List<String>) driver.executeScript(
                "return Array.from(document.querySelectorAll('#kv tbody tr')).map(r => r.dataset.key)");
    }

    /** The text of column {@code column} in the metadata row of {@code key}. */
    private Optional<String> kvCell(String key, int column) {
        Object value = driver.executeScript("const row = Array.from(document.querySelectorAll('#kv tbody tr'))"
                + ".find(r => r.dataset.key === arguments[0]); return row ? row.cells[arguments[1]].textContent : null;",
                key, column);
        return Optional.ofNullable((String) value);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> queryResponses() {
        List<List<String>> rows = (List<List<String>>) driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#query-results li.response')).map(li => [li.dataset.member, li.querySelector('.payload').textContent])");
        return rows.stream().collect(Collectors.toMap(r -> r.get(0), r -> r.get(1), (x, y) -> x + " AND " + y,
                java.util.TreeMap::new));
    }

    /** Cells that hold user text hold text nodes only: markup in it would have become elements. */
    private void assertMarkupShownAsText(String cells) {
        Long elements = (Long) driver.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".reduce((n, c) => n + c.querySelectorAll('*').length, 0)", cells);
        assertEquals(0L, elements, "no element was made from user text in " + cells);
    }

    private void assertNoScriptRan() {
        assertEquals(null, driver.executeScript("return window.pwned === undefined ? null : window.pwned"),
                "markup from keys, values or payloads must never run");
    }

    private String handledText() {
        try {
            return Files.exists(handled) ? Files.readString(handled) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String http(String name) {
        return TestAgents.http(byName.get(name));
    }

    private void cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--token-file", writerTokenFile.toString()));
        CliRun.Result result = CliRun.run(all.toArray(String[]::new));
        assertEquals(ExitCodes.OK, result.code(), result.toString());
    }

    private void eventually(String what, Supplier<Boolean> condition) {
        eventually(what, condition, () -> "");
    }

    private void eventually(String what, Supplier<Boolean> condition, Supplier<String> state) {
        eventually(what, condition, WAIT, state);
    }

    /** Polls the page until {@code condition} holds; a page that is still changing is polled again. */
    private void eventually(String what, Supplier<Boolean> condition, Duration timeout, Supplier<String> state) {
        io.pekonode.agent.testing.Await.until(what, timeout, () -> {
            try {
                return condition.get();
            } catch (WebDriverException e) {
                return false;
            }
        }, () -> {
            Browser.screenshot(driver, "failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            return state.get();
        });
    }
}
