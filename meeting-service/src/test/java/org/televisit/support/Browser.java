package org.televisit.support;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's browser: Debian's headless Chromium driven through its own chromedriver (no driver
 * or browser is downloaded). Each instance is a separate browser profile, so doctor, agency and
 * patient never share storage. Where Chromium is missing the browser tests are skipped, unless
 * {@code TELEVISIT_BROWSER_TESTS=required} (CI sets it), where they fail.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Where screenshots go: target/screenshots, so a test run leaves the checkout as it was; with
     * {@code TELEVISIT_SCREENSHOTS=docs}, docs/screenshots, the pictures README shows.
     */
    private static final Path SCREENSHOTS = "docs".equals(System.getenv("TELEVISIT_SCREENSHOTS"))
            ? Path.of("..", "docs", "screenshots") : Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(int width, int height, boolean recordingRequests) {
        try {
            profile = Files.createTempDirectory("televisit-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-GB");
        if (recordingRequests) {
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Skips (or, where required, fails) the calling test when this machine has no Chromium. */
    public static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "required".equals(System.getenv("TELEVISIT_BROWSER_TESTS"))) {
            Assertions.fail("Chromium is required here: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver: browser tests skipped");
    }

    public static Browser desktop() {
        return new Browser(1280, 900, false);
    }

    public static Browser phone() {
        return new Browser(390, 844, false);
    }

    /** A desktop browser that keeps Chromium's network log, for {@link #requestedUrls()}. */
    public static Browser recordingRequests() {
        return new Browser(1280, 900, true);
    }

    /**
     * The URL of every request the browser has sent since the last call, as its network log has it
     * (a {@link #recordingRequests()} browser only).
     */
    @SuppressWarnings("unchecked")
    public List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                Map<String, Object> message = (Map<String, Object>) JSONObjectUtils.parse(entry.getMessage()).get("message");
                if ("Network.requestWillBeSent".equals(message.get("method"))) {
                    Map<String, Object> params = (Map<String, Object>) message.get("params");
                    urls.add((String) ((Map<String, Object>) params.get("request")).get("url"));
                }
            } catch (ParseException e) {
                throw new IllegalStateException("Chromium's network log has an entry that is not JSON", e);
            }
        }
        return urls;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    public void click(String id) {
        waitUntil(ExpectedConditions.elementToBeClickable(By.id(id))).click();
    }

    /** Waits until the text of the element (an id, or {@code css:} and a selector) contains {@code text}. */
    public void waitForText(String element, String text) {
        By locator = element.startsWith("css:") ? By.cssSelector(element.substring(4)) : By.id(element);
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    public String window() {
        return driver.getWindowHandle();
    }

    public int windowCount() {
        return driver.getWindowHandles().size();
    }

    /** Switches to the window that is not the current one (a call opened in a new window). */
    public void switchToOtherWindow() {
        String current = driver.getWindowHandle();
        waitUntil(d -> d.getWindowHandles().size() > 1);
        driver.switchTo().window(driver.getWindowHandles().stream().filter(handle -> !handle.equals(current)).findFirst().orElseThrow());
    }

    public void switchTo(String window) {
        driver.switchTo().window(window);
    }

    /**
     * Presses Tab, as a keyboard user does, until the element with this id has the focus; fails when
     * forty presses never reach it.
     */
    public void tabTo(String id) {
        script("document.activeElement && document.activeElement.blur()");
        for (int press = 0; press < 40; press++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            if (id.equals(script("return document.activeElement && document.activeElement.id"))) {
                return;
            }
        }
        Assertions.fail("#" + id + " is never reached by Tab");
    }

    /**
     * Runs the script in every page this browser opens from now on, before the page's own scripts
     * (Chromium's Page.addScriptToEvaluateOnNewDocument).
     */
    public void beforeEveryPage(String javascript) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", javascript));
    }

    /**
     * Headless Chromium shows no notifications and has no hidden tabs: from now on the browser's pages
     * get a stand-in {@code Notification} that records each one shown ({@code window.notificationStandIn.shown})
     * and how often permission was asked ({@code .asked}; the answer is "granted"), and a tab that is
     * hidden while {@code window.notificationStandIn.hidden} is true.
     */
    public void standInNotifications() {
        beforeEveryPage("""
                (() => {
                  const standIn = { shown: [], asked: 0, hidden: false, permission: 'default' };
                  window.notificationStandIn = standIn;
                  window.Notification = class {
                    constructor(title, options) { standIn.shown.push({ title, body: (options && options.body) || '' }); }
                    close() {}
                    static get permission() { return standIn.permission; }
                    static requestPermission() { standIn.asked += 1; standIn.permission = 'granted'; return Promise.resolve('granted'); }
                  };
                  Object.defineProperty(document, 'visibilityState', { get: () => (standIn.hidden ? 'hidden' : 'visible') });
                })();
                """);
    }

    /** Scrolls the element with this id into view (for a screenshot of it). */
    public void scrollTo(String id) {
        script("document.getElementById('" + id + "').scrollIntoView({ block: 'center' })");
    }

    /** The id of the element that has the keyboard focus ("" for none). */
    public String focused() {
        return String.valueOf(script("return document.activeElement ? document.activeElement.id : ''"));
    }

    public WebElement waitFor(String cssSelector) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
    }

    public void waitUntilGone(String cssSelector) {
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(cssSelector)));
    }

    public <T> T waitUntil(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(20)).until(condition);
    }

    public List<WebElement> all(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    public Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    /** Saves what the page shows now as {name}.png (see {@link #SCREENSHOTS}). */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
