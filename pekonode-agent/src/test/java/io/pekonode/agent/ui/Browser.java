package io.pekonode.agent.ui;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through Debian's chromedriver. Without them the browser tests fail in
 * CI ({@code CI=true}), which must run them, and are skipped elsewhere with the command that installs them.
 */
final class Browser {

    static final Path CHROMIUM = Path.of(System.getProperty("pekonode.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("pekonode.chromedriver", "/usr/bin/chromedriver"));
    static final String HOW_TO_INSTALL = "Debian: apt-get install -y chromium chromium-driver "
            + "(or set -Dpekonode.chromium=PATH -Dpekonode.chromedriver=PATH)";

    /** A laptop screen's width. */
    private static final int WIDTH = 1366;

    private Browser() {
    }

    static ChromeDriver start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "no Chromium at " + CHROMIUM + " or no chromedriver at " + CHROMEDRIVER + ". " + HOW_TO_INSTALL;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true requires the browser tests to run, but there is " + missing);
            }
            abort("browser tests skipped: " + missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + ",1600", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** Saves the whole page as {@code NAME.png} under the test output folder. */
    static Path screenshot(ChromeDriver driver, String name) {
        // The window grows to the page's height, so one image holds every panel.
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(WIDTH, Math.min(4000, height.intValue() + 140)));
        Path dir = Path.of(System.getProperty("pekonode.screenshots", "target/dashboard-screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
