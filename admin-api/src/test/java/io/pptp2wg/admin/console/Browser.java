package io.pptp2wg.admin.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver through Selenium (tools/setup.d/40-browser.sh
 * installs both). Started and ended by the test; every wait has a deadline.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);

    final WebDriver driver;
    private final Path screenshots;
    private final List<String> consoleMessages = new ArrayList<>();

    /** Whether the browser is there; as root (CI, after tools/setup.sh) its absence is an error, else a skip. */
    static boolean available() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return true;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(CHROMIUM + " or " + CHROMEDRIVER
                    + " missing: tools/setup.sh (tools/setup.d/40-browser.sh) installs chromium and chromium-driver");
        }
        return false;
    }

    Browser(Path screenshots) {
        this.screenshots = screenshots;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--force-device-scale-factor=1", "--hide-scrollbars",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebElement find(String css) {
        return until(d -> displayed(d, css), "element " + css);
    }

    /** The first element matching {@code css} if it is displayed, else null (an {@link #until} condition's "not yet"). */
    private static WebElement displayed(WebDriver d, String css) {
        var found = d.findElements(By.cssSelector(css));
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    <T> T until(ExpectedCondition<T> condition, String what) {
        // the console re-renders a table on every poll: an element read mid-render is read again
        return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Finds and clicks in one attempt, retried: a row of a table that re-renders on its poll can go stale between
     * the find and the click (StaleElementReferenceException, ignored by {@link #until}); a stale element was not
     * clicked, so a retry never clicks twice.
     */
    void click(String css) {
        until(d -> {
            WebElement e = displayed(d, css);
            if (e == null) {
                return null;
            }
            e.click();
            return true;
        }, "click " + css);
    }

    /** Picks an option of a select as a user does (the change event follows). */
    void select(String css, String value) {
        new Select(find(css)).selectByValue(value);
    }

    /** Confirms the action dialog (every console action asks first). */
    void confirm() {
        click("dialog#confirm[open] #confirm-ok");
        until(d -> !Boolean.TRUE.equals(js("return document.getElementById('confirm').open")), "dialog closed");
    }

    void cancel() {
        click("dialog#confirm[open] #confirm-cancel");
        until(d -> !Boolean.TRUE.equals(js("return document.getElementById('confirm').open")), "dialog closed");
    }

    Path screenshot(String name) {
        try {
            Path file = screenshots.resolve(name + ".png");
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser's console so far (CSP violations are reported there). */
    List<String> consoleMessages() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            consoleMessages.add(e.getLevel() + " " + e.getMessage());
        }
        return List.copyOf(consoleMessages);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
